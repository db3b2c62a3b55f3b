// Link state per the Enedis receiver rule (54E annex A): no CORRECT frame for 10 s ± 1 s
// means the TIC is lost; a frame holding only the address is the meter's "veille"
// (standby) output. Decisions are taken at the end of each frame and on a periodic tick.

export type LinkState = 'waiting' | 'ok' | 'standby' | 'lost';

export interface LinkTransition {
  from: LinkState;
  to: LinkState;
  atMs: number;
  sinceLastCorrectMs?: number;
}

export class LinkSupervisor {
  private state: LinkState = 'waiting';
  private lastCorrectMs: number | undefined;
  private startedMs: number | undefined;

  constructor(private readonly lostAfterMs = 10_000) {}

  get current(): LinkState {
    return this.state;
  }
  get lastCorrectFrameMs(): number | undefined {
    return this.lastCorrectMs;
  }

  /** A frame ended; `correct` = complete with every group valid. */
  frame(correct: boolean, standby: boolean, nowMs: number): LinkTransition | null {
    this.startedMs ??= nowMs;
    if (!correct) return this.tick(nowMs);
    const since = this.lastCorrectMs === undefined ? undefined : nowMs - this.lastCorrectMs;
    this.lastCorrectMs = nowMs;
    return this.move(standby ? 'standby' : 'ok', nowMs, since);
  }

  /** Periodic check: declares the link lost when no correct frame came for too long. */
  tick(nowMs: number): LinkTransition | null {
    this.startedMs ??= nowMs;
    const ref = this.lastCorrectMs ?? this.startedMs;
    if (this.state !== 'lost' && nowMs - ref >= this.lostAfterMs) {
      return this.move('lost', nowMs, this.lastCorrectMs === undefined ? undefined : nowMs - this.lastCorrectMs);
    }
    return null;
  }

  private move(to: LinkState, atMs: number, since: number | undefined): LinkTransition | null {
    if (to === this.state) return null;
    const t: LinkTransition = { from: this.state, to, atMs };
    if (since !== undefined) t.sinceLastCorrectMs = since;
    this.state = to;
    return t;
  }
}
