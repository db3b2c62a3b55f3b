// Photovoltaic output of a simulated producer: a bell between sunrise and sunset of the date
// (day length and height of the sun follow the season, at the latitude and longitude of
// central France), scaled by how cloudy the day is and by passing clouds.
import { hashUnit, smoothNoise } from './prng';
import { parisWallTime } from '../time/paris-clock';
import { dayNumber } from './tariff-calendar';

/** Solar noon in UTC hours for France (≈ 2.3° E): 12:00 UTC minus 2.3°/15° h, ignoring the equation of time. */
const SOLAR_NOON_UTC_H = 12 - 2.3 / 15;

/** Output of the installation, W (0 at night). */
export function solarPowerW(seed: number, peakW: number, utcMs: number): number {
  const w = parisWallTime(utcMs);
  const day = dayNumber(w.year, w.month, w.day);
  const doy = day - dayNumber(w.year, 1, 1);
  const seasonal = Math.sin((2 * Math.PI * (doy - 80)) / 365.25); // +1 at the June solstice
  const dayLengthH = 12.2 + 3.9 * seasonal;
  const utcH = (((utcMs / 3_600_000) % 24) + 24) % 24;
  const x = (utcH - (SOLAR_NOON_UTC_H - dayLengthH / 2)) / dayLengthH;
  if (x <= 0 || x >= 1) return 0;
  const height = Math.pow(Math.sin(Math.PI * x), 1.4);
  const amplitude = 0.6 + 0.4 * seasonal; // low winter sun
  // each day is clear, hazy or overcast; clouds pass every few minutes on the hazy days
  const clearness = 0.25 + 0.75 * Math.pow(hashUnit(seed, 0x5013, day), 0.6);
  const passing = 0.5 + 0.5 * smoothNoise(utcMs / 240_000, seed, 0xc10d);
  const clouds = clearness + (1 - clearness) * 0.6 * passing;
  return Math.max(0, peakW * amplitude * height * Math.min(1, clouds) * 0.92);
}
