// The lines waiting for the database: bounded, so a database down for a day cannot fill the
// box's memory. The newest `bound` lines are kept (they are what a user looks at when the
// database returns); the older ones go and are counted, so the node can say how many were lost.
// A line of the batch being written that is pushed out counts as lost only if that write fails.
export class PointBuffer {
  private lines: string[] = [];
  /** How many lines at the front belong to the batch being written. */
  private inFlight = 0;
  /** Lines of that batch pushed out meanwhile: lost if the write fails. */
  private evicted = 0;
  dropped = 0;

  constructor(readonly bound: number) {}

  get size(): number {
    return this.lines.length;
  }

  push(lines: readonly string[]): void {
    this.lines.push(...lines);
    const over = this.lines.length - this.bound;
    if (over <= 0) return;
    this.lines.splice(0, over);
    const fromBatch = Math.min(over, this.inFlight);
    this.inFlight -= fromBatch;
    this.evicted += fromBatch;
    this.dropped += over - fromBatch;
  }

  /** The oldest lines, at most n, kept until `settled` (they are not taken twice meanwhile). */
  next(n: number): readonly string[] | null {
    if (this.inFlight > 0 || this.evicted > 0 || this.lines.length === 0) return null;
    this.inFlight = Math.min(n, this.lines.length);
    return this.lines.slice(0, this.inFlight);
  }

  /** The batch from next() reached the database (ok) or not (what is left of it is retried first). */
  settled(ok: boolean): void {
    if (ok) this.lines.splice(0, this.inFlight);
    else this.dropped += this.evicted;
    this.inFlight = 0;
    this.evicted = 0;
  }
}
