// When wes-tic-in sends a decoded frame: every frame, only when something changed, or at
// most every N seconds (the latest state wins, and it is sent when its time comes even if
// no new frame arrives then).
import type { MeterState } from './meter-state';

export type OutputMode = 'every' | 'change' | 'interval';

/** The meter's clock changes every frame; it alone is not a change worth a message. */
function changeKey(state: MeterState): string {
  let key = '';
  for (const label in state.labels) {
    if (label === 'DATE') continue;
    key += `${label}=${state.labels[label].raw};`;
  }
  return key;
}

export class OutputPolicy {
  private lastSentMs: number | undefined;
  private lastKey: string | undefined;
  private pending: MeterState | undefined;

  constructor(
    private readonly mode: OutputMode,
    private readonly intervalMs = 0,
  ) {}

  /** A new state; returns it if it must be sent now. */
  offer(state: MeterState, nowMs: number): MeterState | null {
    switch (this.mode) {
      case 'every':
        return state;
      case 'change': {
        const key = changeKey(state);
        if (key === this.lastKey) return null;
        this.lastKey = key;
        return state;
      }
      case 'interval':
        if (this.lastSentMs === undefined || nowMs - this.lastSentMs >= this.intervalMs) {
          this.lastSentMs = nowMs;
          this.pending = undefined;
          return state;
        }
        this.pending = state;
        return null;
    }
  }

  /** Periodic: the held state, once its interval has passed. */
  due(nowMs: number): MeterState | null {
    if (this.mode !== 'interval' || this.pending === undefined || this.lastSentMs === undefined) return null;
    if (nowMs - this.lastSentMs < this.intervalMs) return null;
    const s = this.pending;
    this.pending = undefined;
    this.lastSentMs = nowMs;
    return s;
  }
}
