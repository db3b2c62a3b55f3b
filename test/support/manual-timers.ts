// A clock that only moves when the test says so, implementing the sources' SourceTimers.
import type { SourceTimers } from '../../nodes/io/serial/byte-source';

interface Pending {
  id: number;
  at: number;
  fn: () => void;
  every?: number;
}

export class ManualTimers implements SourceTimers {
  private t: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const p = { id: this.nextId++, at: this.t + ms, fn };
    this.pending.push(p);
    return p.id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }
  setInterval(fn: () => void, ms: number): unknown {
    const p = { id: this.nextId++, at: this.t + ms, fn, every: ms };
    this.pending.push(p);
    return p.id;
  }
  clearInterval(handle: unknown): void {
    this.clearTimeout(handle);
  }
  /** Delays of the timeouts currently scheduled, relative to now. */
  scheduledDelays(): number[] {
    return this.pending.filter((p) => p.every === undefined).map((p) => p.at - this.t);
  }
  /** Move time forward without firing anything, as when the event loop was blocked; timers due meanwhile fire once at the next advance. */
  jump(ms: number): void {
    this.t += ms;
    for (const p of this.pending) if (p.every !== undefined && p.at < this.t) p.at = this.t;
  }
  /** Move time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.t = due.at;
      if (due.every !== undefined) due.at += due.every;
      else this.pending = this.pending.filter((p) => p !== due);
      due.fn();
    }
    this.t = end;
  }
}
