// The lines waiting for the database: bounded, so a database down for a day cannot fill the
// box's memory. Beyond the bound the oldest lines go first (the newest are what a user looks at
// when the database returns) and are counted, so the node can say how many were lost.
export class PointBuffer {
  private lines: string[] = [];
  private inFlight = 0;
  dropped = 0;

  constructor(readonly bound: number) {}

  get size(): number {
    return this.lines.length;
  }

  push(lines: readonly string[]): void {
    this.lines.push(...lines);
    const over = this.lines.length - this.bound;
    if (over > 0) {
      // A batch being written stays (it is at the front); the oldest waiting lines after it go.
      const from = Math.min(this.inFlight, this.lines.length);
      const cut = Math.min(over, this.lines.length - from);
      this.lines.splice(from, cut);
      this.dropped += cut;
    }
  }

  /** The oldest lines, at most n, kept until `written` (they are not taken twice meanwhile). */
  next(n: number): readonly string[] | null {
    if (this.inFlight > 0 || this.lines.length === 0) return null;
    this.inFlight = Math.min(n, this.lines.length);
    return this.lines.slice(0, this.inFlight);
  }

  /** The batch from next() reached the database (ok) or not (kept, retried first). */
  settled(ok: boolean): void {
    if (ok) this.lines.splice(0, this.inFlight);
    this.inFlight = 0;
  }
}
