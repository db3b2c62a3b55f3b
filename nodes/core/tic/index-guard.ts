// Plausibility of energy indexes on top of the 6-bit checksum, which lets transposed digits
// and bit-6 flips through: an index never goes backwards and never rises faster than the
// meter's maximum power allows for the time elapsed. A value that keeps being "implausible"
// but agrees with itself over several frames is the truth (a meter swap, a first value
// that was itself corrupted): the guard then re-anchors on it.
import type { RejectReason } from './types';

interface Anchor {
  value: number;
  atMs: number;
}
interface Pending {
  value: number;
  atMs: number;
  agreeing: number;
}

const REANCHOR_AFTER = 3;
/** Rounding and timing slack: a register may step by a few Wh between two close frames. */
const SLACK_WH = 10;

export class IndexGuard {
  private readonly anchors = new Map<string, Anchor>();
  private readonly pending = new Map<string, Pending>();

  /**
   * Returns null when the value is accepted (and becomes the new anchor), else the reason.
   * maxPowerW bounds the rise; pass the meter's physical maximum, not the subscription alone.
   */
  check(label: string, value: number, nowMs: number, maxPowerW: number): RejectReason | null {
    const a = this.anchors.get(label);
    if (a === undefined) {
      this.anchors.set(label, { value, atMs: nowMs });
      return null;
    }
    const reason = this.judge(a, value, nowMs, maxPowerW);
    if (reason === null) {
      a.value = value;
      a.atMs = nowMs;
      this.pending.delete(label);
      return null;
    }
    const p = this.pending.get(label);
    if (p !== undefined && this.judge(p, value, nowMs, maxPowerW) === null) {
      p.agreeing++;
      p.value = value;
      p.atMs = nowMs;
      if (p.agreeing >= REANCHOR_AFTER) {
        this.anchors.set(label, { value, atMs: nowMs });
        this.pending.delete(label);
        return null;
      }
    } else {
      this.pending.set(label, { value, atMs: nowMs, agreeing: 1 });
    }
    return reason;
  }

  reset(): void {
    this.anchors.clear();
    this.pending.clear();
  }

  private judge(a: Anchor, value: number, nowMs: number, maxPowerW: number): RejectReason | null {
    if (value < a.value) return 'backwards';
    const hours = Math.max(0, nowMs - a.atMs) / 3600_000;
    if (value - a.value > maxPowerW * hours + SLACK_WH) return 'jump';
    return null;
  }
}
