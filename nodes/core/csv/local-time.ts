// Calendar arithmetic in the logger's time zone: Europe/Paris unless WES_TZ names another IANA zone
// (a French overseas department, a test). This is not "the clock": every function takes the instant
// as a number of ms. The zone used to be the process's (TZ), which on a Raspberry Pi image or a
// container is UTC, so the files' days and times were an hour or two off what the user's Excel and
// meter show; the product's users read French wall time, whatever the box's setting.
import { parisOffsetMinutes } from '../time/paris-clock';

const HOUR_MS = 3_600_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

let offsetOf: (ms: number) => number = parisOffsetMinutes;

/** Offsets of any IANA zone, cached per half hour of UTC (zones change offset on whole or half hours). */
function zoneOffsets(name: string): (ms: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const cache = new Map<number, number>();
  return (ms) => {
    const slot = Math.floor(ms / (HOUR_MS / 2));
    const known = cache.get(slot);
    if (known !== undefined) return known;
    const at = slot * (HOUR_MS / 2);
    const parts = fmt.formatToParts(new Date(at));
    const get = (t: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const off = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at) / 60_000);
    if (cache.size >= 200_000) cache.clear();
    cache.set(slot, off);
    return off;
  };
}

/** The zone of files and timestamps; an unknown name is refused and the zone stays as it was. */
function setLogTimeZone(name: string): boolean {
  if (name === 'Europe/Paris') {
    offsetOf = parisOffsetMinutes;
    return true;
  }
  try {
    offsetOf = zoneOffsets(name);
    return true;
  } catch {
    return false;
  }
}

const fromEnv = typeof process !== 'undefined' ? process.env.WES_TZ : undefined;
if (fromEnv) setLogTimeZone(fromEnv);

/** Wall-clock fields of an instant, read with the UTC getters of a shifted Date. */
function wall(ms: number): Date {
  return new Date(ms + offsetOf(ms) * 60_000);
}

/** ISO-8601 in local time with its offset, ms only when non-zero: 2026-11-24T10:00:00+01:00. */
export function formatLocalIso(ms: number): string {
  const d = wall(ms);
  const off = offsetOf(ms);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const millis = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (millis ? `.${pad(millis, 3)}` : '') +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** "2026-11-24 10:00:00": the form Excel (French or not) recognises as a date-time by itself. */
export function formatExcelDateTime(ms: number): string {
  const d = wall(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

function localDay(ms: number): LocalDay {
  const d = wall(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The local year of an instant (aggregate files are one per local year). */
export function localYear(ms: number): number {
  return wall(ms).getUTCFullYear();
}

/** "2026-11-24" for the local day of that instant. */
export function dayKey(ms: number): string {
  const { year, month, day } = localDay(ms);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The instant of a local wall time (midnight is never skipped by a DST change in Europe). */
function fromWall(year: number, monthIndex: number, day: number): number {
  const asUtc = Date.UTC(year, monthIndex, day);
  let t = asUtc - offsetOf(asUtc) * 60_000;
  t = asUtc - offsetOf(t) * 60_000;
  return t;
}

/** Local midnight starting the day that contains ms. */
export function startOfLocalDay(ms: number): number {
  const { year, month, day } = localDay(ms);
  return fromWall(year, month - 1, day);
}

/** Local midnight ending the day that contains ms (23 or 25 h later on DST days). */
export function endOfLocalDay(ms: number): number {
  const { year, month, day } = localDay(ms);
  return fromWall(year, month - 1, day + 1);
}

/** Local midnight of a "YYYY-MM-DD" key, or NaN when the key is not a real date. */
export function parseDayKey(key: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return NaN;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return NaN;
  return fromWall(y, mo - 1, d);
}

/** Start of the local bucket of `sizeMs` (≤ 1 h) containing ms; a repeated DST hour gets its own buckets. */
export function floorLocal(ms: number, sizeMs: number): number {
  const off = offsetOf(ms) * 60000;
  const local = ms + off;
  return local - (((local % sizeMs) + sizeMs) % sizeMs) - off;
}
