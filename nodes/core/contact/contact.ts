// A contact input (reed switch, float, rain sensor). A new level is accepted only once the line
// stayed there for debounceMs, so bounce never reaches the output. Working from timestamped edges
// plus a deadline (nextDeadlineMs) keeps this pure: the adapter sets one timer and calls settle().

import type { Level } from '../pulse/debounce';

export interface ContactOptions {
  debounceMs: number;
  /** Level that means "closed": 0 with the usual pull-up and a contact to ground. */
  closedLevel: Level;
}

export interface ContactEvent {
  closed: boolean;
  tMs: number;
}

export interface ContactCounts {
  openings: number;
  closings: number;
}

export class ContactInput {
  private stable: boolean | null = null;
  private candidate: { closed: boolean; sinceMs: number } | null = null;
  counts: ContactCounts;

  constructor(
    private readonly options: ContactOptions,
    counts?: ContactCounts,
  ) {
    this.counts = counts ?? { openings: 0, closings: 0 };
  }

  /** The level read at start: it sets the state without counting an opening or closing. */
  initial(level: Level): void {
    this.stable = level === this.options.closedLevel;
    this.candidate = null;
  }

  edge(level: Level, tMs: number): ContactEvent | null {
    const closed = level === this.options.closedLevel;
    if (closed === this.stable) {
      this.candidate = null;
      return null;
    }
    if (!this.candidate || this.candidate.closed !== closed) this.candidate = { closed, sinceMs: tMs };
    return this.settle(tMs);
  }

  /** Commit a candidate level that has lasted debounceMs by tMs. */
  settle(tMs: number): ContactEvent | null {
    const c = this.candidate;
    if (!c || tMs - c.sinceMs < this.options.debounceMs) return null;
    this.candidate = null;
    const first = this.stable === null;
    this.stable = c.closed;
    if (!first) {
      if (c.closed) this.counts = { ...this.counts, closings: this.counts.closings + 1 };
      else this.counts = { ...this.counts, openings: this.counts.openings + 1 };
    }
    return { closed: c.closed, tMs: c.sinceMs };
  }

  nextDeadlineMs(): number | null {
    return this.candidate ? this.candidate.sinceMs + this.options.debounceMs : null;
  }

  get closed(): boolean | null {
    return this.stable;
  }
}
