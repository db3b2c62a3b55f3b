// Server-side downsampling: a window of raw points becomes at most ~maxPoints chart points.
//
// Min/max buckets: the window is cut into maxPoints/2 buckets of equal duration, aligned on
// multiples of the bucket duration since the epoch (so a bucket's content does not shift
// between two refreshes and the curve does not shimmer), and each bucket keeps its lowest
// and its highest point, in time order. Unlike averaging, a 3-second kettle peak at 6 kVA
// stays visible on a day-long curve: for power curves the extremes are the information.
import type { SeriesBuffer } from './series-buffer';

export interface TimePoint {
  x: number;
  y: number;
}

/** Bucket duration (ms) for a window and a point budget: 2 points per bucket, at least 1 ms. */
export function bucketDuration(windowMs: number, maxPoints: number): number {
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  return Math.max(1, Math.ceil(windowMs / buckets));
}

/**
 * Points of `buffer` in [now - windowMs, now], reduced to at most 2 per bucket.
 * The first bucket is the one containing now - windowMs, cut at the window's start: a point
 * before the window must not take the place of the window's own extreme in that bucket. The
 * window spans at most maxPoints/2 + 1 aligned buckets, so the result holds at most
 * maxPoints + 2 points.
 */
export function minMaxDownsample(buffer: SeriesBuffer, now: number, windowMs: number, maxPoints: number): TimePoint[] {
  const bucketMs = bucketDuration(windowMs, maxPoints);
  const out: TimePoint[] = [];
  let i = buffer.lowerBound(now - windowMs);
  const n = buffer.size;
  while (i < n) {
    const t0 = buffer.timeAt(i);
    if (t0 > now) break;
    const bucketEnd = (Math.floor(t0 / bucketMs) + 1) * bucketMs;
    let minI = i;
    let maxI = i;
    let j = i + 1;
    for (; j < n; j++) {
      const t = buffer.timeAt(j);
      if (t >= bucketEnd || t > now) break;
      const v = buffer.valueAt(j);
      if (v < buffer.valueAt(minI)) minI = j;
      if (v > buffer.valueAt(maxI)) maxI = j;
    }
    const first = Math.min(minI, maxI);
    const second = Math.max(minI, maxI);
    out.push({ x: buffer.timeAt(first), y: buffer.valueAt(first) });
    if (second !== first) out.push({ x: buffer.timeAt(second), y: buffer.valueAt(second) });
    i = j;
  }
  return out;
}
