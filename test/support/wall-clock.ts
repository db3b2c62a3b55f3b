// Steps the process's wall clock as NTP does on a Raspberry Pi without a real-time clock:
// Date.now() jumps, performance.now() (the monotonic clock) and the timers do not.
const realNow = Date.now.bind(Date);
let offsetMs = 0;

/** Moves Date.now() by `ms` (negative = back) from where it is. */
export function stepWallClock(ms: number): void {
  offsetMs += ms;
  Date.now = () => realNow() + offsetMs;
}

/** Sets Date.now() to `wallMs` (the clock then runs on from there). */
export function setWallClock(wallMs: number): void {
  stepWallClock(wallMs - Date.now());
}

export function restoreWallClock(): void {
  offsetMs = 0;
  Date.now = realNow;
}

/** The next UTC midnight after `ms`. */
export function nextUtcMidnight(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}
