// The simulated 1-Wire bus's climate as a pure function of the instant: an outdoor probe that
// follows the day (coldest near 06:00, warmest near 15:00, Paris time), a heated living room
// with a night set-back, a water tank heated during the off-peak night hours and drawn in the
// morning and evening, and the living room's relative humidity. Smooth noise keeps the curves
// alive without the jumps the plausibility rule would refuse.
import { smoothNoise } from './prng';
import { parisWallTime } from '../time/paris-clock';

export type SimulatedPlace = 'outdoor' | 'living' | 'tank' | 'humidity';

function hourOfDay(tMs: number): number {
  const w = parisWallTime(tMs);
  return w.hour + w.minute / 60 + w.second / 3600;
}

/** °C for the three probes, %RH for 'humidity'. */
export function simulatedClimate(place: SimulatedPlace, tMs: number): number {
  const h = hourOfDay(tMs);
  const noise = smoothNoise(tMs / 600_000, place.length);
  switch (place) {
    case 'outdoor':
      return 8 + 5 * Math.sin(((h - 9) / 24) * 2 * Math.PI) + 0.6 * noise;
    case 'living': {
      const comfort = h >= 6.5 && h < 22.5;
      return (comfort ? 20.5 : 18) + 0.4 * noise;
    }
    case 'tank': {
      // Heated from 22:00 to 06:00, then drawn down through the day.
      const sinceHeat = (h + 2) % 24; // 0 at 22:00
      const t = sinceHeat < 8 ? 48 + (sinceHeat / 8) * 12 : 60 - ((sinceHeat - 8) / 16) * 12;
      return t + 0.2 * noise;
    }
    case 'humidity':
      return 50 + 8 * Math.sin(((h - 3) / 24) * 2 * Math.PI) + 2 * noise;
  }
}
