// A bounded, time-ordered store of (time, value) points for one chart series.
// Typed arrays in a ring keep a day of 1-second points (86 400 × 16 bytes ≈ 1.4 MB) without
// one object per point, so memory stays flat and the garbage collector has nothing to chase.

export class SeriesBuffer {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0; // ring index of the oldest point
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the newest point, or -Infinity when empty. */
  get lastTime(): number {
    return this.count ? this.timeAt(this.count - 1) : -Infinity;
  }

  /** Time of the oldest point, or +Infinity when empty. */
  get firstTime(): number {
    return this.count ? this.timeAt(0) : Infinity;
  }

  timeAt(i: number): number {
    return this.times[(this.start + i) % this.capacity];
  }
  valueAt(i: number): number {
    return this.values[(this.start + i) % this.capacity];
  }

  /**
   * Appends a point. A point older than the newest one is refused (returns false): charts are
   * drawn left to right, and a late point would need an insertion the ring cannot do cheaply.
   * A point at the same time as the newest replaces its value. When full, the oldest goes.
   */
  push(time: number, value: number): boolean {
    if (!Number.isFinite(time) || !Number.isFinite(value)) return false;
    if (this.count > 0) {
      const last = this.lastTime;
      if (time < last) return false;
      if (time === last) {
        this.values[(this.start + this.count - 1) % this.capacity] = value;
        return true;
      }
    }
    if (this.count === this.capacity) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
    const at = (this.start + this.count) % this.capacity;
    this.times[at] = time;
    this.values[at] = value;
    this.count++;
    return true;
  }

  /** Drops every point older than `time`. */
  dropBefore(time: number): void {
    const keepFrom = this.lowerBound(time);
    this.start = (this.start + keepFrom) % this.capacity;
    this.count -= keepFrom;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  /** Index of the first point whose time is >= `time` (size when none). */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
