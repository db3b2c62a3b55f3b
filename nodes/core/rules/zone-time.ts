// Wall time in a named zone and back. Europe/Paris goes through the shared Paris clock (cached per
// UTC hour); other zones use Intl. Turning a wall time into an instant has two DST traps: in spring
// a wall time does not exist (02:30 on the last Sunday of March) and in autumn one happens twice
// (02:30 on the last Sunday of October). Rules want "when the clock shows it": a missing time is
// taken as the first instant after the gap (03:00), a doubled time as its first occurrence.
import { parisOffsetMinutes } from '../time/paris-clock';
import { problem, type Problem } from '../problem';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The config problem of a time zone Intl does not know, or null when it is a real zone. */
export function zoneError(timeZone: string): Problem | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return problem('time.zone', { zone: timeZone });
  }
}

/** Local minus UTC, minutes, at this instant. */
function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  if (timeZone === 'Europe/Paris') return parisOffsetMinutes(utcMs);
  // Zones change offset on whole quarter hours; cache per quarter hour.
  const q = Math.floor(utcMs / (15 * MINUTE_MS));
  const key = `${timeZone}|${q}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const at = q * 15 * MINUTE_MS;
  const parts = f.formatToParts(new Date(at));
  const get = (t: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const off = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at) / MINUTE_MS);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, off);
  return off;
}

/** A local calendar date as a day number (days since 1970-01-01), weekday 0 = Sunday. */
export interface LocalDay {
  dayNumber: number;
  year: number;
  month: number;
  day: number;
  weekday: number;
  /** YYYY-MM-DD */
  key: string;
}

export function localDayOfNumber(dayNumber: number): LocalDay {
  const d = new Date(dayNumber * DAY_MS);
  return {
    dayNumber,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    key: d.toISOString().slice(0, 10),
  };
}

export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The local day containing an instant, and the minutes since local midnight (wall clock). */
export function localDayAt(utcMs: number, timeZone: string): { day: LocalDay; minuteOfDay: number } {
  const wall = utcMs + zoneOffsetMinutes(utcMs, timeZone) * MINUTE_MS;
  const dayNumber = Math.floor(wall / DAY_MS);
  return { day: localDayOfNumber(dayNumber), minuteOfDay: (wall - dayNumber * DAY_MS) / MINUTE_MS };
}

/**
 * The instant the wall clock of `timeZone` shows `minuteOfDay` on local day `dayNumber`
 * (minuteOfDay may be ≥ 1440 or < 0: it rolls into the next / previous day).
 */
export function utcOfWall(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  const wall = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  // Offsets around the instant: try the earlier one (summer in autumn) first, so a doubled time is its first occurrence.
  const offA = zoneOffsetMinutes(wall - 14 * HOUR_MS, timeZone);
  const offB = zoneOffsetMinutes(wall + 14 * HOUR_MS, timeZone);
  const candidates = [...new Set([Math.max(offA, offB), Math.min(offA, offB)])];
  for (const off of candidates) {
    const utc = wall - off * MINUTE_MS;
    if (zoneOffsetMinutes(utc, timeZone) === off) return utc;
  }
  // In the spring gap: the first instant after it is where the later offset starts.
  const utcEarly = wall - Math.max(offA, offB) * MINUTE_MS;
  const utcLate = wall - Math.min(offA, offB) * MINUTE_MS;
  let lo = Math.min(utcEarly, utcLate);
  let hi = Math.max(utcEarly, utcLate);
  const offLo = zoneOffsetMinutes(lo, timeZone);
  while (hi - lo > MINUTE_MS) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zoneOffsetMinutes(mid, timeZone) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "HH:MM" → minutes, or null. */
export function parseHhMm(text: string): number | null {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}
