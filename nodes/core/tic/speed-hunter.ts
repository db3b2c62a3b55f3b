// Finds the line speed of a TIC input by trying speeds until groups check out: a modem
// may re-time the stream, and PME-PMI meters are set anywhere from 1200 to 19200 bd, so
// the configured mode never proves the speed. Silence proves nothing either: the hunter
// only moves on while bytes arrive and none of them form a valid group.

/** Linky and older meters: historique and standard. */
export const TIC_SPEEDS: readonly number[] = [1200, 9600];
/** PME-PMI meters may be set to any of these by the DSO. */
export const PME_SPEEDS: readonly number[] = [...TIC_SPEEDS, 2400, 4800, 19200];

export class SpeedHunter {
  private index = 0;
  private enteredMs: number | undefined;
  private bytesSinceEnter = 0;
  private lastValidMs: number | undefined;
  private locked = false;

  constructor(
    private readonly speeds: readonly number[] = TIC_SPEEDS,
    /** Time at one speed with bytes but no valid group before trying the next. */
    private readonly hopAfterMs = 6_000,
    /** Time without a valid group, bytes still arriving, before a locked speed is doubted. */
    private readonly relockAfterMs = 20_000,
  ) {}

  get speed(): number {
    return this.speeds[this.index];
  }
  get isLocked(): boolean {
    return this.locked;
  }

  bytes(count: number, nowMs: number): void {
    this.enteredMs ??= nowMs;
    this.bytesSinceEnter += count;
  }

  validGroup(nowMs: number): void {
    this.lastValidMs = nowMs;
    this.locked = true;
    // only bytes that follow the last valid group can doubt the speed: after a silence the
    // first bytes of the next frame are judged from their own first byte, not from the lock
    this.enteredMs = undefined;
    this.bytesSinceEnter = 0;
  }

  /** Bytes have kept arriving for a hop's time and none formed a valid group. */
  doubtful(nowMs: number): boolean {
    return this.enteredMs !== undefined && this.bytesSinceEnter > 0 && nowMs - this.enteredMs >= this.hopAfterMs;
  }

  /** Returns the speed to switch to, or null to stay. */
  tick(nowMs: number): number | null {
    if (this.enteredMs === undefined || this.bytesSinceEnter === 0 || this.speeds.length < 2) return null;
    if (this.locked) {
      if (this.lastValidMs !== undefined && nowMs - this.lastValidMs < this.relockAfterMs) return null;
      this.locked = false;
    } else if (this.lastValidMs !== undefined && this.lastValidMs >= this.enteredMs) {
      return null;
    }
    if (nowMs - this.enteredMs < this.hopAfterMs) return null;
    this.index = (this.index + 1) % this.speeds.length;
    // the clock at the new speed starts with its first byte, not now: a silent line proves nothing
    this.enteredMs = undefined;
    this.bytesSinceEnter = 0;
    return this.speed;
  }
}
