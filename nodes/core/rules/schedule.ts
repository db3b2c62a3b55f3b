// Weekly time windows, the WES "programmation" as text a user reads in the editor:
//
//   Mon-Fri 06:30-08:00, 17:00-22:30
//   Sat,Sun 08:00-23:00
//   holiday 08:00-23:00            (French public holidays; without this line they follow holidayMode)
//   2026-12-24 07:00-01:00         (a date exception replaces that day's windows)
//   2026-08-01..2026-08-15 off     (away: nothing on those days)
//   all sunset-15-23:30            (sun-relative edges: sunrise, sunset, ±minutes)
//
// A window whose end is not after its start runs past midnight and belongs to the day it starts.
// Wall times go through zone-time, so a window edge inside the spring DST gap happens at 03:00 and
// one in the doubled autumn hour happens the first time the clock shows it.
import { holidayOn } from './holidays';
import { sunTimes } from './sun';
import { localDayAt, localDayOfNumber, parseHhMm, utcOfWall, type LocalDay } from './zone-time';
import { problem, type Problem } from '../problem';

export type TimeRef = { kind: 'time'; minutes: number } | { kind: 'sunrise' | 'sunset'; offsetMin: number };

export interface TimeWindow {
  start: TimeRef;
  end: TimeRef;
}

export interface WeeklySchedule {
  /** Windows per weekday, index 0 = Sunday. */
  weekdays: TimeWindow[][];
  /** Windows for public holidays, when the text has a `holiday` line. */
  holiday: TimeWindow[] | null;
  /** Date exceptions by YYYY-MM-DD. */
  dates: Record<string, TimeWindow[]>;
}

export interface ScheduleContext {
  timeZone: string;
  latitude: number;
  longitude: number;
  /** Holidays without a `holiday` line: like a Sunday, or like their weekday. */
  holidayMode: 'sunday' | 'weekday';
  alsaceMoselle?: boolean;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: Problem };

const DAY_NAMES: Record<string, number> = {
  sun: 0,
  sunday: 0,
  dim: 0,
  dimanche: 0,
  mon: 1,
  monday: 1,
  lun: 1,
  lundi: 1,
  tue: 2,
  tuesday: 2,
  mar: 2,
  mardi: 2,
  wed: 3,
  wednesday: 3,
  mer: 3,
  mercredi: 3,
  thu: 4,
  thursday: 4,
  jeu: 4,
  jeudi: 4,
  fri: 5,
  friday: 5,
  ven: 5,
  vendredi: 5,
  sat: 6,
  saturday: 6,
  sam: 6,
  samedi: 6,
};

function parseDays(text: string): number[] | null {
  const t = text.toLowerCase();
  if (t === 'all' || t === 'tous' || t === 'daily' || t === '*') return [0, 1, 2, 3, 4, 5, 6];
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const range = part.split('-');
    if (range.length === 1) {
      const d = DAY_NAMES[range[0]];
      if (d === undefined) return null;
      out.add(d);
    } else if (range.length === 2) {
      const a = DAY_NAMES[range[0]];
      const b = DAY_NAMES[range[1]];
      if (a === undefined || b === undefined) return null;
      // Mon-Fri, and Fri-Mon wrapping over the weekend.
      for (let d = a; ; d = (d + 1) % 7) {
        out.add(d);
        if (d === b) break;
      }
    } else return null;
  }
  return [...out].sort();
}

function parseRef(text: string): TimeRef | null {
  const sun = /^(sunrise|sunset|lever|coucher)([+-]\d{1,3})?$/i.exec(text);
  if (sun) {
    const k = sun[1].toLowerCase();
    return { kind: k === 'sunrise' || k === 'lever' ? 'sunrise' : 'sunset', offsetMin: sun[2] ? Number(sun[2]) : 0 };
  }
  const m = parseHhMm(text);
  return m === null ? null : { kind: 'time', minutes: m };
}

/** "06:30-08:00" or "sunset-30-23:00" or "sunrise+10-sunset". */
function parseWindow(text: string): TimeWindow | null {
  const t = text.trim();
  // Split on the dash that separates two refs: try every dash and keep the split where both sides parse.
  for (let i = t.indexOf('-'); i > 0; i = t.indexOf('-', i + 1)) {
    const a = parseRef(t.slice(0, i).trim());
    const b = parseRef(t.slice(i + 1).trim());
    if (a && b) return { start: a, end: b };
  }
  return null;
}

function parseWindows(text: string): TimeWindow[] | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none' || t === 'arret' || t === 'arrêt') return [];
  const out: TimeWindow[] = [];
  for (const part of t.split(',')) {
    const w = parseWindow(part);
    if (!w) return null;
    out.push(w);
  }
  return out;
}

function dateKeysOf(text: string): string[] | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (!m) return null;
  const a = Date.parse(`${m[1]}T00:00:00Z`);
  const b = Date.parse(`${m[2] ?? m[1]}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || b - a > 366 * 86_400_000) return null;
  if (new Date(a).toISOString().slice(0, 10) !== m[1]) return null; // 2026-02-30
  const keys: string[] = [];
  for (let d = a; d <= b; d += 86_400_000) keys.push(new Date(d).toISOString().slice(0, 10));
  return keys;
}

export function parseSchedule(text: string): ParseResult<WeeklySchedule> {
  const s: WeeklySchedule = { weekdays: [[], [], [], [], [], [], []], holiday: null, dates: {} };
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/#.*$/, '').trim();
    if (!line) continue;
    const sp = line.search(/\s/);
    if (sp < 0) return { ok: false, error: problem('schedule.noWindows', { line: n + 1, text: line }) };
    const head = line.slice(0, sp);
    const windows = parseWindows(line.slice(sp + 1).replace(/\s+/g, ''));
    if (!windows) return { ok: false, error: problem('schedule.windows', { line: n + 1, text: line.slice(sp + 1).trim() }) };
    if (/^(holiday|holidays|ferie|férié|feries|fériés)$/i.test(head)) {
      s.holiday = [...(s.holiday ?? []), ...windows];
      continue;
    }
    const dates = dateKeysOf(head);
    if (dates) {
      for (const k of dates) s.dates[k] = [...(s.dates[k] ?? []), ...windows];
      continue;
    }
    const days = parseDays(head);
    if (!days) return { ok: false, error: problem('schedule.days', { line: n + 1, text: head }) };
    for (const d of days) s.weekdays[d].push(...windows);
  }
  return { ok: true, value: s };
}

/** What applies on a local day, and why (for the status and the Rules page). */
export function windowsOfDay(s: WeeklySchedule, day: LocalDay, ctx: ScheduleContext): { windows: TimeWindow[]; because: string } {
  const exception = s.dates[day.key];
  if (exception) return { windows: exception, because: `exception ${day.key}` };
  const holiday = holidayOn(day.key, ctx.alsaceMoselle);
  if (holiday) {
    if (s.holiday) return { windows: s.holiday, because: holiday };
    if (ctx.holidayMode === 'sunday') return { windows: s.weekdays[0], because: `${holiday} (as Sunday)` };
  }
  return { windows: s.weekdays[day.weekday], because: 'weekly' };
}

function refInstant(ref: TimeRef, dayNumber: number, ctx: ScheduleContext): number | null {
  if (ref.kind === 'time') return utcOfWall(dayNumber, ref.minutes, ctx.timeZone);
  const sun = sunTimes(dayNumber, ctx.latitude, ctx.longitude);
  const at = ref.kind === 'sunrise' ? sun.sunriseMs : sun.sunsetMs;
  return at === null ? null : at + ref.offsetMin * 60_000;
}

export interface WindowInstance {
  startMs: number;
  endMs: number;
}

/** The window instances that start on local day `dayNumber`. */
function instancesOfDay(s: WeeklySchedule, dayNumber: number, ctx: ScheduleContext): WindowInstance[] {
  const out: WindowInstance[] = [];
  for (const w of windowsOfDay(s, localDayOfNumber(dayNumber), ctx).windows) {
    const start = refInstant(w.start, dayNumber, ctx);
    let end = refInstant(w.end, dayNumber, ctx);
    if (start === null || end === null) continue;
    if (end <= start) {
      end = refInstant(w.end, dayNumber + 1, ctx);
      if (end === null || end <= start) continue;
    }
    out.push({ startMs: start, endMs: end });
  }
  return out;
}

export function scheduleActive(s: WeeklySchedule, tMs: number, ctx: ScheduleContext): boolean {
  const today = localDayAt(tMs, ctx.timeZone).day.dayNumber;
  for (const d of [today - 1, today]) {
    for (const w of instancesOfDay(s, d, ctx)) if (tMs >= w.startMs && tMs < w.endMs) return true;
  }
  return false;
}

/** Every window edge in (tMs, tMs + days], sorted. */
export function edgesAfter(s: WeeklySchedule, tMs: number, ctx: ScheduleContext, days = 8): number[] {
  const today = localDayAt(tMs, ctx.timeZone).day.dayNumber;
  const limit = tMs + days * 86_400_000;
  const set = new Set<number>();
  for (let d = today - 1; d <= today + days; d++) {
    for (const w of instancesOfDay(s, d, ctx)) {
      if (w.startMs > tMs && w.startMs <= limit) set.add(w.startMs);
      if (w.endMs > tMs && w.endMs <= limit) set.add(w.endMs);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** The next instant where `active` changes its answer, looking at the schedule's edges (null: none within `days`). */
export function nextChange(tMs: number, edges: number[], active: (t: number) => boolean): { atMs: number; on: boolean } | null {
  const now = active(tMs);
  for (const e of edges) {
    const v = active(e);
    if (v !== now) return { atMs: e, on: v };
  }
  return null;
}
