// French legal time (Europe/Paris) from a UTC instant, and the TIC horodate built from it.
// Linky stamps everything in local wall time with a season letter that disambiguates the
// autumn hour that happens twice, so the simulator must produce exactly that.

export type ParisSeason = 'H' | 'E';

export interface ParisWallTime {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday (local date). */
  weekday: number;
  /** 'H' winter (UTC+1), 'E' summer (UTC+2). */
  season: ParisSeason;
  /** Local minus UTC, minutes (60 or 120). */
  offsetMinutes: number;
}

const HOUR_MS = 3_600_000;

// Creating an Intl formatter is costly; one is enough for the whole process.
let formatter: Intl.DateTimeFormat | undefined;
function parisFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return formatter;
}

// European DST switches happen on whole UTC hours (01:00 UTC), so the offset is constant
// within a UTC hour: remember it per hour, the simulator asks for millions of instants.
const offsetByHour = new Map<number, number>();

/** Paris offset from UTC at this instant, in minutes. */
export function parisOffsetMinutes(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const parts = parisFormatter().formatToParts(new Date(hour * HOUR_MS));
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const p = parts.find((x) => x.type === type);
    return p === undefined ? 0 : Number(p.value);
  };
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((asUtc - hour * HOUR_MS) / 60_000);
  if (offsetByHour.size >= 100_000) offsetByHour.clear(); // ~11 years of hours
  offsetByHour.set(hour, offset);
  return offset;
}

/** Local wall-clock parts in Paris for a UTC instant. */
export function parisWallTime(utcMs: number): ParisWallTime {
  const offsetMinutes = parisOffsetMinutes(utcMs);
  const d = new Date(utcMs + offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    season: offsetMinutes >= 120 ? 'E' : 'H',
    offsetMinutes,
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n % 100).padStart(2, '0');
}

/** `YYMMDDhhmmss` of a wall time (no season letter). */
function wallDigits(w: Pick<ParisWallTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>): string {
  return `${two(w.year % 100)}${two(w.month)}${two(w.day)}${two(w.hour)}${two(w.minute)}${two(w.second)}`;
}

/**
 * TIC horodate `SAAMMJJhhmmss` of a UTC instant. `season` overrides the letter: the mobile-peak
 * labels (DPM/FPM) carry a space there ("non applicable").
 */
export function ticHorodate(utcMs: number, season?: ParisSeason | ' '): string {
  const w = parisWallTime(utcMs);
  return `${season ?? w.season}${wallDigits(w)}`;
}
