// Calendar arithmetic in the process's local time zone. This is not "the clock": every function
// takes the instant as a number of ms; the zone comes from the environment (TZ) exactly as the
// user's Excel expects to read it, which is why file names and timestamps use local time.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Offset of local time from UTC at that instant, in minutes (Paris winter = +60). */
function utcOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

/** ISO-8601 in local time with its offset, ms only when non-zero: 2026-11-24T10:00:00+01:00. */
export function formatLocalIso(ms: number): string {
  const d = new Date(ms);
  const off = utcOffsetMinutes(ms);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const millis = d.getMilliseconds();
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    (millis ? `.${pad(millis, 3)}` : '') +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** "2026-11-24 10:00:00": the form Excel (French or not) recognises as a date-time by itself. */
export function formatExcelDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

function localDay(ms: number): LocalDay {
  const d = new Date(ms);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** "2026-11-24" for the local day of that instant. */
export function dayKey(ms: number): string {
  const { year, month, day } = localDay(ms);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Local midnight starting the day that contains ms. */
export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Local midnight ending the day that contains ms (23 or 25 h later on DST days). */
export function endOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** Local midnight of a "YYYY-MM-DD" key, or NaN when the key is not a real date. */
export function parseDayKey(key: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return NaN;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  const t = new Date(y, mo - 1, d);
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d) return NaN;
  return t.getTime();
}

/** Start of the local bucket of `sizeMs` (≤ 1 h) containing ms; a repeated DST hour gets its own buckets. */
export function floorLocal(ms: number, sizeMs: number): number {
  const off = utcOffsetMinutes(ms) * 60000;
  const local = ms + off;
  return local - (((local % sizeMs) + sizeMs) % sizeMs) - off;
}
