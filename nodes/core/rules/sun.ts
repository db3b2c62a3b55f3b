// Sunrise and sunset by the NOAA solar calculator equations (the spreadsheet's algorithm:
// fractional year → equation of time and declination → hour angle at the standard -0.833°
// altitude that accounts for refraction and the sun's radius). Accurate to about a minute
// between ±66° latitude, which is all a heater or shutter rule needs.

const DEG = Math.PI / 180;

export interface SunTimes {
  /** UTC ms, or null when the sun does not rise / set that day (polar day or night). */
  sunriseMs: number | null;
  sunsetMs: number | null;
}

/** Sun times of the UTC calendar day `dayNumber` (days since 1970-01-01) at lat/lon (east positive). */
export function sunTimes(dayNumber: number, latitude: number, longitude: number): SunTimes {
  const dayStart = dayNumber * 86_400_000;
  const year = new Date(dayStart).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const doy = Math.round((dayStart - jan1) / 86_400_000) + 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInYear = leap ? 366 : 365;
  const compute = (kind: 'rise' | 'set', hourGuess: number): number | null => {
    const g = ((2 * Math.PI) / daysInYear) * (doy - 1 + (hourGuess - 12) / 24);
    const eqTime =
      229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g) - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
    const decl =
      0.006918 -
      0.399912 * Math.cos(g) +
      0.070257 * Math.sin(g) -
      0.006758 * Math.cos(2 * g) +
      0.000907 * Math.sin(2 * g) -
      0.002697 * Math.cos(3 * g) +
      0.00148 * Math.sin(3 * g);
    const lat = latitude * DEG;
    const cosHa = Math.cos(90.833 * DEG) / (Math.cos(lat) * Math.cos(decl)) - Math.tan(lat) * Math.tan(decl);
    if (cosHa > 1 || cosHa < -1) return null;
    const ha = Math.acos(cosHa) / DEG;
    const minutes = 720 - 4 * (longitude + (kind === 'rise' ? ha : -ha)) - eqTime;
    return minutes;
  };
  // Two passes: the second evaluates the sun's position at the first estimate's time of day.
  const refine = (kind: 'rise' | 'set'): number | null => {
    const first = compute(kind, kind === 'rise' ? 6 : 18);
    if (first === null) return null;
    const second = compute(kind, first / 60);
    return second === null ? null : dayStart + Math.round(second * 60_000);
  };
  return { sunriseMs: refine('rise'), sunsetMs: refine('set') };
}
