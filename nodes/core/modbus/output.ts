// When wes-modbus sends a poll's values: every poll, only when a value changed, or at most
// every N seconds (the latest values win and go out when their time comes), as wes-tic-in.
export type OutputMode = 'every' | 'change' | 'interval';

export class ValuesPolicy<T> {
  private lastSentMs: number | undefined;
  private lastKey: string | undefined;
  private pending: T | undefined;

  constructor(
    private readonly mode: OutputMode,
    private readonly intervalMs: number,
    /** What counts as a change: the values, not the time they were read. */
    private readonly keyOf: (v: T) => string,
  ) {}

  offer(v: T, nowMs: number): T | null {
    if (this.mode === 'every') return v;
    if (this.mode === 'change') {
      const key = this.keyOf(v);
      if (key === this.lastKey) return null;
      this.lastKey = key;
      return v;
    }
    if (this.lastSentMs === undefined || nowMs - this.lastSentMs >= this.intervalMs) {
      this.lastSentMs = nowMs;
      this.pending = undefined;
      return v;
    }
    this.pending = v;
    return null;
  }

  due(nowMs: number): T | null {
    if (this.mode !== 'interval' || this.pending === undefined || this.lastSentMs === undefined) return null;
    if (nowMs - this.lastSentMs < this.intervalMs) return null;
    const v = this.pending;
    this.pending = undefined;
    this.lastSentMs = nowMs;
    return v;
  }
}
