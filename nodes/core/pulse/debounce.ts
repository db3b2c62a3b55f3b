// Pulses are recognised from timestamped edges (kernel timestamps when the backend has them),
// never from when JavaScript got round to reading the line: a pulse counts when the line stayed
// active for at least minActiveMs. Contact bounce makes short active slivers that never qualify,
// while an S0 pulse (>= 30 ms) always does, so the default 20 ms sits between the two (emonLibCM's
// choice). The pulse is dated at the leading edge of the qualifying active period.

export type Level = 0 | 1;

export interface DebounceOptions {
  /** Minimum time the line must stay active for the period to count as a pulse (ms). 0 = every active period counts. */
  minActiveMs: number;
  /** Level that means "pulse active": 0 for an optocoupler or contact pulling a pulled-up line low. */
  activeLevel: Level;
}

export class PulseDebouncer {
  private activeSinceMs: number | null = null;

  constructor(private readonly options: DebounceOptions) {
    if (!(options.minActiveMs >= 0)) throw new RangeError('minActiveMs must be >= 0');
  }

  /**
   * Feed one edge (the level the line has just taken, and when). Returns the time of the
   * pulse's leading edge when this edge completes a valid pulse, otherwise null.
   */
  feed(level: Level, tMs: number): number | null {
    if (level === this.options.activeLevel) {
      // A repeated active edge (a lost inactive edge in between) keeps the earlier start:
      // the line has been active at least since then.
      if (this.activeSinceMs === null) this.activeSinceMs = tMs;
      return null;
    }
    const since = this.activeSinceMs;
    this.activeSinceMs = null;
    if (since === null) return null;
    return tMs - since >= this.options.minActiveMs ? since : null;
  }

  /** True while the line is active (a pulse may be in progress). */
  get active(): boolean {
    return this.activeSinceMs !== null;
  }
}
