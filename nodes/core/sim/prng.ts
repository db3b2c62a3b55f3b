// Seeded randomness for the simulators. Everything random in a simulation comes from here
// (never Math.random) so a seed replays the same meter. Most draws are *hashed* from
// (seed, what, when) rather than taken from a running sequence: the value at an instant then
// does not depend on how often the simulation was sampled before it.

/** 32-bit integer hash of any number of integers (murmur3-style finaliser per step). */
export function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    // fold doubles (ms timestamps exceed 2^32) into two 32-bit words
    const lo = v | 0;
    const hi = Math.floor(v / 4_294_967_296) | 0;
    for (const w of [lo, hi]) {
      h ^= w;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from a hash of the values. */
export function hashUnit(...values: number[]): number {
  return hash32(...values) / 4_294_967_296;
}

/**
 * Smooth noise in [-1, 1]: values hashed at integer points of x, interpolated with a
 * cosine so that it wanders instead of jumping (voltages, clouds).
 */
export function smoothNoise(x: number, ...key: number[]): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hashUnit(...key, i) * 2 - 1;
  const b = hashUnit(...key, i + 1) * 2 - 1;
  const t = (1 - Math.cos(f * Math.PI)) / 2;
  return a + (b - a) * t;
}

/** Sequential generator (mulberry32) for draws that belong together, e.g. one day's events. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** [min, max) */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** Integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
