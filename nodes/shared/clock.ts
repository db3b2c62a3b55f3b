// The two clocks a node reads. NTP steps the wall clock (a Raspberry Pi has no real-time clock,
// so it starts at the last shutdown's time and jumps when the network comes up); the monotonic
// clock only moves forward at the rate of time. Durations, timeouts, throttles and rates are
// measured on the monotonic one; the wall clock answers calendar questions only (which day,
// which tariff window) and timestamps what leaves the node.
export interface Clocks {
  /** Epoch-aligned at process start, then monotonic: performance.timeOrigin + performance.now(). */
  monoMs(): number;
  /** Date.now(): may step. */
  wallMs(): number;
}

export const systemClocks: Clocks = {
  monoMs: () => performance.timeOrigin + performance.now(),
  wallMs: () => Date.now(),
};

/** The wall-clock time of a monotonic instant, for display and calendar keys. */
export function wallOf(monoMs: number, clocks: Clocks = systemClocks): number {
  return monoMs + (clocks.wallMs() - clocks.monoMs());
}

/** The monotonic instant of a wall-clock time (a deadline written as an ISO date), for timers. */
export function monoOf(wallMs: number, clocks: Clocks = systemClocks): number {
  return wallMs - (clocks.wallMs() - clocks.monoMs());
}
