// The whole TIC decoding pipeline for one meter input: bytes → frames → typed meter state,
// plus link supervision and the events a user acts on (TIC lost, overload, tariff change,
// Tempo colour announced, EJP notice). Time is always passed in.
import { TicFramer, type FramerCounters } from './framer';
import { LinkSupervisor, type LinkState } from './link-supervisor';
import type { MeterState } from './meter-state';
import { MeterDecoder } from './meter-decoder';
import type { RejectReason, TicMode, TicRawFrame } from './types';

export type TicEventName =
  'tic-lost' | 'tic-recovered' | 'standby' | 'overload' | 'overload-end' | 'tariff-change' | 'tempo-announced' | 'ejp-notice';

export interface TicEvent {
  event: TicEventName;
  /** UTC ms of the decision. */
  atMs: number;
  [detail: string]: unknown;
}

export interface TicStats extends FramerCounters {
  /** Frames that ended with ETX and had every group valid. */
  framesCorrect: number;
  /** Values dropped by the format / plausibility layer, by reason. */
  valuesRejected: Partial<Record<RejectReason, number>>;
  link: LinkState;
  mode: TicMode | undefined;
}

export interface TicSink {
  frame(state: MeterState, info: { raw: TicRawFrame; correct: boolean; rejected: Partial<Record<RejectReason, number>> }): void;
  event(e: TicEvent): void;
  /**
   * Every frame's checksum-valid groups, standby and untrusted frames included: the speed
   * hunter locks on them, and a meter in standby sends nothing but ADCO.
   */
  validGroups?(count: number): void;
}

export interface TicDecoderOptions {
  lostAfterMs?: number;
  maskBit7?: boolean;
}

/** Names one meter of an input: a mode holds no colon, so the pair reads back unambiguously. */
function meterKey(s: MeterState): string {
  return `${s.mode}:${s.meterId}`;
}

export class TicDecoder {
  private readonly framer: TicFramer;
  private readonly meter = new MeterDecoder();
  private readonly link: LinkSupervisor;
  private framesCorrect = 0;
  private last: MeterState | undefined;
  /** The last state of the other meters seen on this input (at most a few). */
  private readonly byMeter = new Map<string, MeterState>();
  private now = 0;
  private sink: TicSink | undefined;
  private readonly onRaw = (raw: TicRawFrame): void => this.handle(raw);

  constructor(options: TicDecoderOptions = {}) {
    this.framer = new TicFramer({ maskBit7: options.maskBit7 });
    this.link = new LinkSupervisor(options.lostAfterMs ?? 10_000);
  }

  push(chunk: Uint8Array, nowMs: number, sink: TicSink): void {
    this.now = nowMs;
    this.sink = sink;
    this.framer.push(chunk, this.onRaw);
  }

  /** Call periodically (e.g. every second) so a silent line is noticed. */
  tick(nowMs: number, sink: TicSink): void {
    const t = this.link.tick(nowMs);
    if (t) sink.event(this.linkEvent(t.to, nowMs, t.sinceLastCorrectMs));
  }

  /** The stream ended (port closed): a frame in progress is dropped as truncated. */
  end(nowMs: number, sink: TicSink): void {
    this.now = nowMs;
    this.sink = sink;
    this.framer.flush(this.onRaw);
  }

  get stats(): TicStats {
    return {
      ...this.framer.counters,
      groupsRejected: { ...this.framer.counters.groupsRejected },
      framesCorrect: this.framesCorrect,
      valuesRejected: { ...this.meter.rejectedValues },
      link: this.link.current,
      mode: this.meter.detectedMode,
    };
  }

  get linkState(): LinkState {
    return this.link.current;
  }
  get lastState(): MeterState | undefined {
    return this.last;
  }

  private handle(raw: TicRawFrame): void {
    const sink = this.sink;
    if (sink === undefined) return;
    const nowMs = this.now;
    if (raw.groups.length > 0) sink.validGroups?.(raw.groups.length);
    const decoded = this.meter.decode(raw, nowMs);
    let correct = raw.complete && decoded !== null;
    for (const _ in raw.rejected) {
      correct = false;
      break;
    }
    if (correct) this.framesCorrect++;
    const t = this.link.frame(correct, decoded?.standby ?? false, nowMs);
    // the first frame after start is not a recovery: nothing was lost yet
    if (t && t.from !== 'waiting') sink.event(this.linkEvent(t.to, nowMs, t.sinceLastCorrectMs));
    else if (t && t.to === 'standby') sink.event(this.linkEvent(t.to, nowMs, undefined));
    if (decoded === null || decoded.standby) return;
    const cur = decoded.state;
    const last = this.last;
    // a meter is compared with its own last state only: after a swap, a historique ↔ standard
    // switch or one frame with a wrong address, the other meter's state says nothing
    // (the keys of the others are built only when there are others: not on every frame)
    const same =
      last !== undefined && last.mode === cur.mode && last.meterId === cur.meterId
        ? last
        : this.byMeter.size > 0
          ? this.byMeter.get(meterKey(cur))
          : undefined;
    this.compare(same, cur, nowMs, sink);
    if (last !== undefined && last !== same) {
      if (this.byMeter.size >= 4) this.byMeter.clear();
      this.byMeter.set(meterKey(last), last);
    }
    if (this.byMeter.size > 0) this.byMeter.delete(meterKey(cur));
    this.last = cur;
    sink.frame(decoded.state, { raw, correct, rejected: decoded.rejected });
  }

  private linkEvent(to: LinkState, atMs: number, since: number | undefined): TicEvent {
    const event: TicEventName = to === 'lost' ? 'tic-lost' : to === 'standby' ? 'standby' : 'tic-recovered';
    const e: TicEvent = { event, atMs };
    if (since !== undefined) e.sinceLastCorrectFrameMs = since;
    return e;
  }

  private compare(prev: MeterState | undefined, cur: MeterState, atMs: number, sink: TicSink): void {
    if (cur.alerts.overload !== (prev?.alerts.overload ?? false)) {
      sink.event(
        cur.alerts.overload
          ? {
              event: 'overload',
              atMs,
              currentA: cur.alerts.overloadCurrentA ?? cur.currentA,
              powerVA: cur.powerVA,
              subscribedPowerVA: cur.subscribedPowerVA,
            }
          : { event: 'overload-end', atMs, currentA: cur.currentA, powerVA: cur.powerVA },
      );
    }
    if (prev === undefined) return;
    if (cur.tariffPeriod !== undefined && prev.tariffPeriod !== undefined && cur.tariffPeriod !== prev.tariffPeriod) {
      sink.event({ event: 'tariff-change', atMs, from: prev.tariffPeriod, to: cur.tariffPeriod, tariffIndex: cur.tariffIndex });
    }
    // an announcement is a change of what the meter said about tomorrow; a colour that was
    // not yet heard (start, or its group lost with nothing to carry) is not announced now
    const tomorrow = cur.tempo?.tomorrow ?? null;
    const heard = (cur.mode === 'standard' ? 'STGE' : 'DEMAIN') in prev.labels;
    if (tomorrow !== null && heard && tomorrow !== (prev.tempo?.tomorrow ?? null)) {
      sink.event({ event: 'tempo-announced', atMs, tomorrow, today: cur.tempo?.today ?? null });
    }
    if (cur.ejp?.notice === true && prev.ejp?.notice !== true) {
      sink.event({ event: 'ejp-notice', atMs });
    }
  }
}
