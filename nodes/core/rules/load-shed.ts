// Load shedding (délestage) as a pure reducer, like relay/machine.ts:
//   stepLoadShed(state, input, tMs, options) → { state, effects }
// Samples (a meter's power or current with its limit and overload alarm), relay feedback, router
// wishes, a restart and clock ticks go in with their time; the new JSON-safe state (persisted as is)
// and the commands to send come out. Reasons are codes with parameters: the adapter translates.
//
// Field rules encoded here:
// - shed above shedAtPct of the limit (or on the meter's own overload alarm, ADPS / STGE bit 7),
//   lowest priority first, as many loads as the excess needs and no more (a load's nominal power
//   says how much it relieves; one of unknown power counts as enough until the next frames show);
// - while a shed is taking effect (settleMs) the relief already ordered is deducted, so the same
//   stale reading never sheds twice, but a second frame that is still over sheds the rest;
// - restore in reverse order, one at a time, only after the reading stayed below restoreBelowPct
//   for restoreDelayMs, and only when the load's power fits under the shedding threshold;
// - an overridden load (manual command on its relay) is never switched; a load is not switched
//   before its minimum on / off time (another candidate is taken instead);
// - when an overload lasts, rotate: a load shed for rotateAfterMs comes back as another takes its turn;
// - predictive: the rise rate projected over horizonMs sheds before the reading crosses the limit;
// - meter lost: hold, shed everything, or restore everything, as the user chose;
// - a routed load (surplus routing, wes-surplus) is switched by its router's wishes through this
//   engine only, so one decision-maker owns its relay: it is the first shed whatever its place, a
//   wish to switch it on that does not fit under the shedding threshold is held as shed (it comes
//   back by the ordinary restore rules), and a routed load its router switched off is not relief.

export type ShedAction = 'shed' | 'restore' | 'route-on' | 'route-off';
export type LoadKind = 'onoff' | 'pilot';

export interface ShedLoadConfig {
  name: string;
  /** Nominal draw, W; 0 = unknown. */
  powerW: number;
  kind: LoadKind;
  minOnMs: number;
  minOffMs: number;
  /** Takes part in rotation when an overload lasts. */
  rotate: boolean;
  /** Switched on and off by a surplus router (route()); shed first. */
  routed?: boolean;
}

export interface ShedOptions {
  loads: ShedLoadConfig[];
  shedAtPct: number;
  restoreBelowPct: number;
  restoreDelayMs: number;
  settleMs: number;
  /** 0 = no rotation. */
  rotateAfterMs: number;
  /** 0 = not predictive. */
  predictHorizonMs: number;
  lostMode: 'hold' | 'shed-all' | 'restore-all';
  /** Volts used to turn amps into watts when the basis is current. */
  voltageV: number;
  /** No reading for this long is a lost feed (applied by a tick); 0 = only a tic-lost event. */
  lostAfterMs?: number;
  /** What a fil-pilote load is sent: a relay's on/off (on = diode = frost), or the words. */
  pilotCommand?: 'relay' | 'text';
}

/** One reading from a meter. `value` and `limit` are in the same unit (A or VA). */
export interface ShedSample {
  source: string;
  tMs: number;
  value: number;
  limit: number;
  unit: 'A' | 'VA';
  /** The meter's own overload alarm. */
  overload: boolean;
}

/** Why a decision was taken: a catalog key under `reason.` and its parameters. */
export interface Reason {
  code:
    | 'over'
    | 'rising'
    | 'overload'
    | 'overload-over'
    | 'overload-rising'
    | 'below'
    | 'rotation-out'
    | 'rotation-in'
    | 'route'
    | 'held-others'
    | 'held-fit'
    | 'held-no-reading'
    | 'lost-shed'
    | 'lost-restore'
    | 'restart';
  params: Record<string, string | number>;
}

export interface LoadState {
  shed: boolean;
  /** When the engine last switched it (its minimum times count from here); null = never. */
  changedAtMs: number | null;
  shedAtMs: number | null;
  why: Reason | null;
  /** Manual override seen on its relay, until this time. */
  overrideUntilMs: number | null;
  /** Routed load: its router wants it on (always true for the other loads). */
  wanted?: boolean;
  /** Routed load: when its router last switched it off (that relief is on its way for settleMs). */
  routedOffAtMs?: number | null;
}

export interface Decision {
  tMs: number;
  load: number;
  name: string;
  action: ShedAction;
  /** What is sent: 'off' / 'on' for on-off loads, 'frost' / 'comfort' for fil-pilote loads. */
  command: 'off' | 'on' | 'frost' | 'comfort';
  reason: Reason;
  source: string | null;
  value: number | null;
  limit: number | null;
  unit: 'A' | 'VA' | null;
}

/** The older persisted form (file version 1): the loads, rotations and order only. */
export interface EngineSnapshot {
  loads: LoadState[];
  rotations: number;
  /** Shedding order set at run time (load indexes, first shed first); absent = the configured order. */
  priority?: number[];
}

export interface SourceState {
  last: ShedSample;
  history: Array<{ tMs: number; value: number }>;
  belowSinceMs: number | null;
}

/** Everything the engine remembers; JSON-safe (no Infinity, no Map), so it persists as is. */
export interface LoadShedState {
  loads: LoadState[];
  /** By source (a meter's topic), in the order first seen. */
  sources: Record<string, SourceState>;
  lost: boolean;
  rotations: number;
  lastRestoreMs: number | null;
  /** When the last reading came (the lost-feed clock); null = none yet. */
  lastSampleMs: number | null;
  /** The user's order (load indexes, first shed first); the configured list until changed. */
  priority: number[];
  /** The recent decisions, oldest first (at most LOG_SIZE). */
  log: Decision[];
}

export type ShedInputEvent =
  | { kind: 'sample'; sample: ShedSample }
  | { kind: 'lost' }
  /** Time passes: restore delays, override expiries, and the lost-feed timeout. */
  | { kind: 'tick' }
  /** Relay feedback: a manual override on a load's relay (until), or its end (null). */
  | { kind: 'override'; load: number; untilMs: number | null }
  | { kind: 'route'; load: number; on: boolean; text: string }
  /** A new shedding order; an order that is not a permutation of the loads is refused (refused: true). */
  | { kind: 'priority'; order: readonly number[] }
  /** After a restart the relays may not remember: the commands of the loads still shed are sent again. */
  | { kind: 'restart' };

/** One command for one load's output: its decision and the payload to send. */
export interface ShedEffect {
  decision: Decision;
  payload: string;
}

export interface ShedStep {
  state: LoadShedState;
  effects: ShedEffect[];
  /** The input was refused and changed nothing (a bad priority order). */
  refused?: boolean;
}

/** Is `order` a permutation of 0..n-1? */
function isPermutation(order: readonly unknown[], n: number): order is number[] {
  if (order.length !== n) return false;
  const seen = new Set<number>();
  for (const x of order) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= n || seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}

export function defaultShedOptions(loads: ShedLoadConfig[]): ShedOptions {
  return {
    loads,
    shedAtPct: 90,
    restoreBelowPct: 80,
    restoreDelayMs: 180_000,
    settleMs: 3_000,
    rotateAfterMs: 30 * 60_000,
    predictHorizonMs: 0,
    lostMode: 'hold',
    voltageV: 230,
  };
}

const LOG_SIZE = 200;
const NEVER = Number.NEGATIVE_INFINITY;

/**
 * The state at start: fresh, or restored from a stored state (this version's or the older
 * EngineSnapshot). Only what outlives a restart is kept: the loads, the order, the rotations;
 * readings, the lost flag and the restore clock start again, as the meter has to be heard anew.
 */
export function initialLoadShedState(o: ShedOptions, tMs: number, restored?: Partial<LoadShedState> | EngineSnapshot): LoadShedState {
  const loads = o.loads.map((cfg, i): LoadState => {
    const r = restored?.loads?.[i];
    const l: LoadState =
      r && typeof r.shed === 'boolean'
        ? {
            ...r,
            changedAtMs: typeof r.changedAtMs === 'number' ? r.changedAtMs : null,
            overrideUntilMs: typeof r.overrideUntilMs === 'number' && r.overrideUntilMs > tMs ? r.overrideUntilMs : null,
          }
        : { shed: false, changedAtMs: null, shedAtMs: null, why: null, overrideUntilMs: null };
    return { ...l, wanted: cfg.routed === true ? l.wanted === true : true, routedOffAtMs: null };
  });
  const p = restored?.priority;
  const rotations = restored?.rotations;
  return {
    loads,
    sources: {},
    lost: false,
    rotations: typeof rotations === 'number' ? rotations : 0,
    lastRestoreMs: null,
    lastSampleMs: null,
    priority: Array.isArray(p) && isPermutation(p, o.loads.length) ? [...p] : o.loads.map((_, i) => i),
    log: Array.isArray((restored as Partial<LoadShedState> | undefined)?.log) ? [...(restored as LoadShedState).log].slice(-LOG_SIZE) : [],
  };
}

/** The payload a decision sends on its load's output. */
export function commandPayload(d: Decision, pilotCommand: 'relay' | 'text' = 'relay'): string {
  if (d.command === 'frost' || d.command === 'comfort') {
    // A fil-pilote relay inserts the diode (frost) when closed; a pilot module may take words.
    return pilotCommand === 'text' ? d.command : d.command === 'frost' ? 'on' : 'off';
  }
  return d.command;
}

/** The order the engine sheds in: routed loads first, then the priority order. */
function shedOrderOf(s: LoadShedState, o: ShedOptions): number[] {
  const rank = s.priority.map((_, k) => k);
  s.priority.forEach((load, k) => {
    rank[load] = k;
  });
  return [...s.priority].sort((a, b) => Number(o.loads[b].routed === true) - Number(o.loads[a].routed === true) || rank[a] - rank[b]);
}

/** The loads currently shed, in the order they were shed. */
export function shedLoads(s: LoadShedState, o: ShedOptions): number[] {
  const order = shedOrderOf(s, o);
  // Shed in the same frame: by the shedding order now in force (the more important comes back first).
  const rank = (i: number): number => order.indexOf(i);
  return s.loads
    .map((l, i) => ({ l, i }))
    .filter((x) => x.l.shed)
    .sort((a, b) => (a.l.shedAtMs ?? 0) - (b.l.shedAtMs ?? 0) || rank(a.i) - rank(b.i))
    .map((x) => x.i);
}

/** 1 = shed first. */
export function rankOf(s: LoadShedState, load: number): number {
  return s.priority.indexOf(load) + 1;
}

/** One step: the state after `input` at `tMs`, and the commands to send. `state` is not changed. */
export function stepLoadShed(state: LoadShedState, input: ShedInputEvent, tMs: number, o: ShedOptions): ShedStep {
  const w = new Step(structuredClone(state), o);
  let decisions: Decision[];
  switch (input.kind) {
    case 'sample':
      decisions = w.sample(input.sample);
      break;
    case 'lost':
      decisions = w.feedLost(tMs);
      break;
    case 'tick':
      decisions = w.tick(tMs);
      break;
    case 'override':
      decisions = w.override(input.load, input.untilMs, tMs);
      break;
    case 'route':
      decisions = w.route(input.load, input.on, tMs, input.text);
      break;
    case 'priority':
      if (!isPermutation(input.order, o.loads.length)) return { state, effects: [], refused: true };
      w.s.priority = [...input.order];
      decisions = [];
      break;
    case 'restart':
      decisions = w.restart(tMs);
      break;
  }
  const effects = decisions.map((decision) => ({ decision, payload: commandPayload(decision, o.pilotCommand) }));
  return { state: w.s, effects };
}

/** When a tick may next have something to do (restore delay end, minimum off-time end, lost feed). */
export function nextDeadlineMs(s: LoadShedState, o: ShedOptions): number | null {
  const lostAt = !s.lost && s.lastSampleMs !== null && (o.lostAfterMs ?? 0) > 0 ? s.lastSampleMs + (o.lostAfterMs ?? 0) : null;
  const restore = restoreDeadline(s, o);
  if (lostAt === null) return restore;
  return restore === null ? lostAt : Math.min(lostAt, restore);
}

function restoreDeadline(s: LoadShedState, o: ShedOptions): number | null {
  const shed = shedLoads(s, o);
  if (s.lost || shed.length === 0) return null;
  let since = NEVER;
  for (const src of Object.values(s.sources)) {
    if (src.belowSinceMs === null) return null;
    since = Math.max(since, src.belowSinceMs);
  }
  if (!Number.isFinite(since)) return null;
  const ready = Math.max(since, s.lastRestoreMs ?? NEVER) + o.restoreDelayMs;
  const minOff = Math.min(...shed.map((i) => (s.loads[i].changedAtMs ?? NEVER) + o.loads[i].minOffMs));
  return Math.max(ready, minOff);
}

/** One step's working copy: mutates its own clone of the state, never the caller's. */
class Step {
  private readonly shedOrder: number[];

  constructor(
    readonly s: LoadShedState,
    private readonly o: ShedOptions,
  ) {
    this.shedOrder = shedOrderOf(s, o);
  }

  private get loads(): LoadState[] {
    return this.s.loads;
  }

  private shedLoads(): number[] {
    return shedLoads(this.s, this.o);
  }

  restart(tMs: number): Decision[] {
    return this.shedLoads().map((i) => this.decide(i, 'shed', { code: 'restart', params: {} }, tMs, null, false));
  }

  override(load: number, untilMs: number | null, tMs: number): Decision[] {
    const l = this.loads[load];
    if (!l) return [];
    l.overrideUntilMs = untilMs !== null && untilMs > tMs ? untilMs : null;
    // A person took the load over: it is no longer ours to restore.
    if (l.overrideUntilMs !== null && l.shed) {
      l.shed = false;
      l.shedAtMs = null;
      l.why = null;
    }
    return [];
  }

  private overridden(i: number, tMs: number): boolean {
    const u = this.loads[i].overrideUntilMs;
    if (u !== null && tMs >= u) this.loads[i].overrideUntilMs = null;
    return this.loads[i].overrideUntilMs !== null;
  }

  private powerW(i: number): number {
    return this.o.loads[i].powerW;
  }

  private toW(amount: number, unit: 'A' | 'VA'): number {
    return unit === 'A' ? amount * this.o.voltageV : amount;
  }

  /** `switched` false: a decision that repeats the state (a restart replay) and keeps its times. */
  private decide(i: number, action: ShedAction, reason: Reason, tMs: number, s: ShedSample | null, switched = true): Decision {
    const l = this.loads[i];
    const cfg = this.o.loads[i];
    const off = action === 'shed' || action === 'route-off';
    if (switched) {
      l.shed = action === 'shed';
      l.changedAtMs = tMs;
      l.shedAtMs = action === 'shed' ? tMs : null;
      l.why = action === 'shed' ? reason : null;
    }
    const command = cfg.kind === 'pilot' ? (off ? 'frost' : 'comfort') : off ? 'off' : 'on';
    const d: Decision = {
      tMs,
      load: i,
      name: cfg.name,
      action,
      command,
      reason,
      source: s?.source ?? null,
      value: s?.value ?? null,
      limit: s?.limit ?? null,
      unit: s?.unit ?? null,
    };
    this.s.log.push(d);
    if (this.s.log.length > LOG_SIZE) this.s.log.shift();
    return d;
  }

  /** May this load be shed now (on, ours to switch, past its minimum on-time)? */
  private canShed(i: number, tMs: number): boolean {
    const l = this.loads[i];
    return !l.shed && l.wanted !== false && !this.overridden(i, tMs) && tMs - (l.changedAtMs ?? NEVER) >= this.o.loads[i].minOnMs;
  }

  private canRestore(i: number, tMs: number): boolean {
    const l = this.loads[i];
    return l.shed && !this.overridden(i, tMs) && tMs - (l.changedAtMs ?? NEVER) >= this.o.loads[i].minOffMs;
  }

  /** Relief (W) of the sheds still taking effect; Infinity when one of them has no known power. */
  private pendingReliefW(tMs: number): number {
    let sum = 0;
    this.loads.forEach((l, i) => {
      const since = l.shed ? l.shedAtMs : (l.routedOffAtMs ?? null);
      if (since !== null && tMs - since < this.o.settleMs) sum += this.powerW(i) > 0 ? this.powerW(i) : Number.POSITIVE_INFINITY;
    });
    return sum;
  }

  private slopePerMs(h: Array<{ tMs: number; value: number }>): number {
    if (h.length < 2) return 0;
    const n = h.length;
    const mt = h.reduce((a, p) => a + p.tMs, 0) / n;
    const mv = h.reduce((a, p) => a + p.value, 0) / n;
    let num = 0;
    let den = 0;
    for (const p of h) {
      num += (p.tMs - mt) * (p.value - mv);
      den += (p.tMs - mt) ** 2;
    }
    return den > 0 ? num / den : 0;
  }

  sample(s: ShedSample): Decision[] {
    const tMs = s.tMs;
    const wasLost = this.s.lost;
    this.s.lost = false;
    this.s.lastSampleMs = tMs;
    const src = this.s.sources[s.source] ?? { last: s, history: [], belowSinceMs: null };
    src.last = s;
    src.history.push({ tMs, value: s.value });
    // The rise rate over the last ~10 s.
    while (src.history.length > 2 && tMs - src.history[0].tMs > 10_000) src.history.shift();
    if (src.history.length > 8) src.history.shift();
    this.s.sources[s.source] = src;
    const out: Decision[] = [];
    if (wasLost) src.belowSinceMs = null;

    const shedLimit = (s.limit * this.o.shedAtPct) / 100;
    const restoreLimit = (s.limit * this.o.restoreBelowPct) / 100;
    let excess = s.value - shedLimit;
    let why: Reason = { code: 'over', params: { value: fmt(s.value), unit: s.unit, pct: this.o.shedAtPct, limit: fmt(s.limit) } };
    if (excess <= 0 && this.o.predictHorizonMs > 0) {
      const slope = this.slopePerMs(src.history);
      const predicted = s.value + slope * this.o.predictHorizonMs;
      // Three readings at least: one step (a kettle switching on) is not a trend.
      if (src.history.length >= 3 && slope > 0 && predicted > s.limit) {
        excess = predicted - s.limit;
        why = {
          code: 'rising',
          params: {
            slope: fmt(slope * 1000),
            unit: s.unit,
            predicted: fmt(predicted),
            horizon: fmt(this.o.predictHorizonMs / 1000),
            limit: fmt(s.limit),
          },
        };
      }
    }
    if (s.overload && excess <= 0) {
      excess = Number.MIN_VALUE;
      why = { code: 'overload', params: { value: fmt(s.value), unit: s.unit } };
    } else if (s.overload) why = { code: why.code === 'rising' ? 'overload-rising' : 'overload-over', params: why.params };

    if (excess > 0) {
      src.belowSinceMs = null;
      let needW = this.toW(excess, s.unit) - this.pendingReliefW(tMs);
      for (const i of this.shedOrder) {
        if (needW <= 0) break;
        if (!this.canShed(i, tMs)) continue;
        out.push(this.decide(i, 'shed', why, tMs, s));
        needW -= this.powerW(i) > 0 ? this.powerW(i) : Number.POSITIVE_INFINITY;
      }
      out.push(...this.rotate(tMs, s));
      return out;
    }
    if (s.value < restoreLimit) {
      src.belowSinceMs ??= tMs;
    } else {
      src.belowSinceMs = null;
      // Held between the two thresholds: the overload lasts, the shed loads may take turns.
      out.push(...this.rotate(tMs, s));
    }
    out.push(...this.tryRestore(tMs));
    return out;
  }

  tick(tMs: number): Decision[] {
    const lostAfterMs = this.o.lostAfterMs ?? 0;
    if (!this.s.lost && lostAfterMs > 0 && this.s.lastSampleMs !== null && tMs - this.s.lastSampleMs >= lostAfterMs)
      return this.feedLost(tMs);
    if (this.s.lost) return [];
    return this.tryRestore(tMs);
  }

  private tryRestore(tMs: number): Decision[] {
    const shed = this.shedLoads();
    if (shed.length === 0) return [];
    // Every meter must agree: below the restore threshold for the whole delay.
    let since = NEVER;
    let headroomW = Number.POSITIVE_INFINITY;
    let binding: ShedSample | null = null;
    for (const src of Object.values(this.s.sources)) {
      if (src.belowSinceMs === null) return [];
      since = Math.max(since, src.belowSinceMs);
      const room = this.toW((src.last.limit * this.o.shedAtPct) / 100 - src.last.value, src.last.unit);
      if (room < headroomW) {
        headroomW = room;
        binding = src.last;
      }
    }
    if (binding === null) return [];
    const readyAt = Math.max(since, this.s.lastRestoreMs ?? NEVER) + this.o.restoreDelayMs;
    if (tMs < readyAt) return [];
    // Reverse order: the last shed (the more important) comes back first.
    for (const i of [...shed].reverse()) {
      if (!this.canRestore(i, tMs)) continue;
      if (this.o.loads[i].routed === true && shed.some((j) => this.o.loads[j].routed !== true)) continue;
      const p = this.powerW(i);
      if (p > 0 && p >= headroomW) continue;
      this.s.lastRestoreMs = tMs;
      const below: Reason = {
        code: 'below',
        params: {
          value: fmt(binding.value),
          unit: binding.unit,
          pct: this.o.restoreBelowPct,
          limit: fmt(binding.limit),
          delay: fmt(this.o.restoreDelayMs / 1000),
        },
      };
      return [this.decide(i, 'restore', below, tMs, binding)];
    }
    return [];
  }

  /** A long overload: give the longest-shed rotating load its turn back, shedding another one instead. */
  private rotate(tMs: number, s: ShedSample): Decision[] {
    if (this.o.rotateAfterMs <= 0) return [];
    const out: Decision[] = [];
    for (const i of this.shedLoads()) {
      const l = this.loads[i];
      if (!this.o.loads[i].rotate || l.shedAtMs === null || tMs - l.shedAtMs < this.o.rotateAfterMs || !this.canRestore(i, tMs)) continue;
      const p = this.powerW(i);
      const j = this.s.priority.find(
        (k) =>
          k !== i &&
          this.o.loads[k].rotate &&
          this.canShed(k, tMs) &&
          (p === 0 || this.o.loads[k].powerW === 0 || this.o.loads[k].powerW >= p),
      );
      if (j === undefined) continue;
      this.s.rotations++;
      // Shed the replacement first: the budget never goes over during the swap.
      out.push(
        this.decide(
          j,
          'shed',
          { code: 'rotation-out', params: { name: this.o.loads[i].name, min: fmt((tMs - l.shedAtMs) / 60_000) } },
          tMs,
          s,
        ),
      );
      out.push(this.decide(i, 'restore', { code: 'rotation-in', params: { name: this.o.loads[j].name } }, tMs, s));
    }
    return out;
  }

  /**
   * A surplus router's wish for its routed load. Off is obeyed at once (it only relieves the
   * budget). On is obeyed only when the load fits under the shedding threshold of every meter's
   * last reading and the feed is not lost; otherwise the load is held as shed and comes back by the
   * ordinary restore rules, so routing never pushes the import over the limit and never undoes a shed.
   */
  route(load: number, want: boolean, tMs: number, text: string): Decision[] {
    const l = this.loads[load];
    if (!l || this.o.loads[load].routed !== true) return [];
    const why: Reason = { code: 'route', params: { text } };
    if (!want) {
      const wasOn = l.wanted === true && !l.shed;
      l.wanted = false;
      l.shed = false;
      l.shedAtMs = null;
      l.why = null;
      if (!wasOn) return [];
      l.routedOffAtMs = tMs;
      return [this.decide(load, 'route-off', why, tMs, null)];
    }
    if (l.wanted === true) return [];
    l.wanted = true;
    l.routedOffAtMs = null;
    let binding: ShedSample | null = null;
    // Routing comes last: while a comfort load is shed, the room is theirs to come back into.
    const othersShed = this.shedLoads().some((j) => this.o.loads[j].routed !== true);
    const sources = Object.values(this.s.sources);
    let fits = !this.s.lost && sources.length > 0 && !othersShed;
    for (const src of sources) {
      const room = this.toW((src.last.limit * this.o.shedAtPct) / 100 - src.last.value, src.last.unit);
      binding = src.last;
      if (this.powerW(load) >= room) fits = false;
    }
    if (!fits) {
      const reason: Reason = othersShed
        ? { code: 'held-others', params: {} }
        : binding
          ? {
              code: 'held-fit',
              params: {
                power: fmt(this.powerW(load)),
                pct: this.o.shedAtPct,
                limit: fmt(binding.limit),
                unit: binding.unit,
                value: fmt(binding.value),
              },
            }
          : { code: 'held-no-reading', params: {} };
      const d = this.decide(load, 'shed', reason, tMs, binding);
      // It was off already: no relief is on its way (pendingReliefW must not count it).
      l.shedAtMs = tMs - this.o.settleMs;
      // Sent as a plain off whatever the kind: the load is off already, this only confirms it.
      return [{ ...d, command: 'off' }];
    }
    return [this.decide(load, 'route-on', why, tMs, binding)];
  }

  /** The meter feed is lost: apply the user's fail-safe. */
  feedLost(tMs: number): Decision[] {
    if (this.s.lost) return [];
    this.s.lost = true;
    for (const src of Object.values(this.s.sources)) src.belowSinceMs = null;
    const out: Decision[] = [];
    if (this.o.lostMode === 'shed-all') {
      for (const i of this.shedOrder)
        if (this.canShed(i, tMs)) out.push(this.decide(i, 'shed', { code: 'lost-shed', params: {} }, tMs, null));
    } else if (this.o.lostMode === 'restore-all') {
      for (const i of this.shedLoads().reverse())
        if (this.canRestore(i, tMs)) out.push(this.decide(i, 'restore', { code: 'lost-restore', params: {} }, tMs, null));
    }
    return out;
  }
}

function fmt(n: number): number {
  return Number(n.toFixed(n >= 100 ? 0 : 2));
}
