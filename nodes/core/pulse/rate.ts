// Instantaneous flow or power from the interval between the last two pulses: far finer at low
// rates than counting pulses per window. When pulses stop, the true rate can be at most one
// pulse's worth over the time elapsed, so the estimate decays as weight/elapsed once elapsed
// exceeds the last interval, and reads 0 after the timeout (sensing.md §2.3, ESPHome pulse_meter).

export interface RateOptions {
  /** Quantity per pulse, in the meter's unit (L, m³, Wh, kWh). */
  weight: number;
  /** No pulse for this long => rate 0 (ms). */
  timeoutMs: number;
}

export class RateEstimator {
  private lastPulseMs: number | null = null;
  private lastIntervalMs: number | null = null;

  constructor(private readonly options: RateOptions) {}

  onPulse(tMs: number): void {
    if (this.lastPulseMs !== null && tMs > this.lastPulseMs) this.lastIntervalMs = tMs - this.lastPulseMs;
    this.lastPulseMs = tMs;
  }

  /** Rate in unit per hour at time tMs (0 before two pulses or after the timeout). */
  perHour(tMs: number): number {
    if (this.lastPulseMs === null || this.lastIntervalMs === null) return 0;
    const elapsed = tMs - this.lastPulseMs;
    if (elapsed >= this.options.timeoutMs) return 0;
    const interval = Math.max(this.lastIntervalMs, elapsed);
    return (this.options.weight * 3_600_000) / interval;
  }

  /** When the rate will next change without a new pulse (decay start or timeout), or null. */
  nextChangeMs(tMs: number): number | null {
    if (this.lastPulseMs === null || this.lastIntervalMs === null) return null;
    const timeoutAt = this.lastPulseMs + this.options.timeoutMs;
    if (tMs >= timeoutAt) return null;
    return timeoutAt;
  }

  get lastPulse(): number | null {
    return this.lastPulseMs;
  }
}

export type PulseUnit = 'L' | 'm3' | 'Wh' | 'kWh';

/** Express a per-hour rate in the unit people read for that quantity: W for energy, L/min for litres, m³/h for m³. */
export function displayRate(perHour: number, unit: PulseUnit): { value: number; unit: string } {
  switch (unit) {
    case 'Wh':
      return { value: perHour, unit: 'W' };
    case 'kWh':
      return { value: perHour * 1000, unit: 'W' };
    case 'L':
      return { value: perHour / 60, unit: 'L/min' };
    case 'm3':
      return { value: perHour, unit: 'm³/h' };
  }
}
