// Standard-mode horodate `SAAMMJJhhmmss`: French local time whose season letter gives the
// offset (H = winter UTC+1, E = summer UTC+2), lowercase when the meter's clock is degraded,
// space when not applicable (DPM/FPM). The letter, not a timezone database, settles the
// repeated hour of the autumn night, exactly as the meter meant it.

export interface Horodate {
  /** UTC instant, ms since the epoch. */
  utcMs: number;
  season: 'winter' | 'summer' | 'unknown';
  /** Lowercase season letter: the meter's clock has lost its synchronisation. */
  degraded: boolean;
}

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/**
 * Parses a horodate; `fallbackSeason` is used for the space season (DPM/FPM), normally the
 * season of the same frame's DATE. Returns null when the text is not a valid date.
 */
export function parseHorodate(text: string, fallbackSeason: 'winter' | 'summer' = 'winter'): Horodate | null {
  if (text.length !== 13) return null;
  const s = text[0];
  let season: Horodate['season'];
  let offsetH: number;
  let degraded = false;
  switch (s) {
    case 'H':
      season = 'winter';
      offsetH = 1;
      break;
    case 'E':
      season = 'summer';
      offsetH = 2;
      break;
    case 'h':
      season = 'winter';
      offsetH = 1;
      degraded = true;
      break;
    case 'e':
      season = 'summer';
      offsetH = 2;
      degraded = true;
      break;
    case ' ':
      season = 'unknown';
      offsetH = fallbackSeason === 'summer' ? 2 : 1;
      break;
    default:
      return null;
  }
  const yy = twoDigits(text, 1);
  const mo = twoDigits(text, 3);
  const dd = twoDigits(text, 5);
  const hh = twoDigits(text, 7);
  const mi = twoDigits(text, 9);
  const ss = twoDigits(text, 11);
  if (yy < 0 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return null;
  const local = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
  // Date.UTC rolls 31/04 over to 01/05: such a day does not exist
  if (new Date(local).getUTCDate() !== dd) return null;
  return { utcMs: local - offsetH * 3600_000, season, degraded };
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `new Date(utcMs).toISOString()`, by arithmetic: the Date round trip was the dearest step of a
 * standard frame, whose DATE changes every time.
 */
export function isoOfUtcMs(utcMs: number): string {
  const days = Math.floor(utcMs / 86_400_000);
  const msOfDay = utcMs - days * 86_400_000;
  // days → civil date (H. Hinnant's algorithm, proleptic Gregorian, as Date)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!(y >= 1000 && y <= 9999) || !Number.isInteger(utcMs)) return new Date(utcMs).toISOString();
  const s = Math.floor(msOfDay / 1000);
  const ms = msOfDay - s * 1000;
  const msText = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
  return `${y}-${TWO[m]}-${TWO[d]}T${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}.${msText}Z`;
}
