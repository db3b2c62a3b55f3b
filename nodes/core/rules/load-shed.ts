// Load shedding (délestage) as a pure decision engine. Samples (a meter's power or current with
// its limit and overload alarm), relay feedback and clock ticks go in with their time; commands and
// a log of every decision come out. The node adapter only maps messages onto these calls.
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

export interface LoadState {
  shed: boolean;
  /** When the engine last switched it (its minimum times count from here). */
  changedAtMs: number;
  shedAtMs: number | null;
  why: string | null;
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
  reason: string;
  source: string | null;
  value: number | null;
  limit: number | null;
  unit: 'A' | 'VA' | null;
}

export interface EngineSnapshot {
  loads: LoadState[];
  rotations: number;
  /** Shedding order set at run time (load indexes, first shed first); absent = the configured order. */
  priority?: number[];
}

/** Is `order` a permutation of 0..n-1? */
export function isPermutation(order: readonly unknown[], n: number): order is number[] {
  if (order.length !== n) return false;
  const seen = new Set<number>();
  for (const x of order) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= n || seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}

interface SourceState {
  last: ShedSample;
  history: Array<{ tMs: number; value: number }>;
  belowSinceMs: number | null;
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

export class LoadShedEngine {
  private readonly loads: LoadState[];
  private readonly sources = new Map<string, SourceState>();
  private lost = false;
  private rotations = 0;
  private lastRestoreMs = Number.NEGATIVE_INFINITY;
  private readonly log: Decision[] = [];
  /** The user's order (load indexes, first shed first); the configured list until changed at run time. */
  private priority: number[];
  /** The order the engine sheds in: routed loads first, then the priority order. */
  private shedOrder: number[] = [];

  constructor(private readonly o: ShedOptions, tMs: number, restored?: EngineSnapshot) {
    this.loads = o.loads.map((_, i) => {
      const r = restored?.loads[i];
      return r && typeof r.shed === 'boolean'
        ? { ...r, overrideUntilMs: r.overrideUntilMs !== null && r.overrideUntilMs > tMs ? r.overrideUntilMs : null }
        : { shed: false, changedAtMs: Number.NEGATIVE_INFINITY, shedAtMs: null, why: null, overrideUntilMs: null };
    }).map((l, i) => ({ ...l, wanted: o.loads[i].routed === true ? l.wanted === true : true, routedOffAtMs: null }));
    const p = restored?.priority;
    this.priority = Array.isArray(p) && isPermutation(p, o.loads.length) ? [...p] : o.loads.map((_, i) => i);
    this.orderShedding();
    this.rotations = restored?.rotations ?? 0;
  }

  private orderShedding(): void {
    const rank = this.priority.map((_, k) => k);
    this.priority.forEach((load, k) => { rank[load] = k; });
    // Routed loads first, then the others in priority order.
    this.shedOrder = [...this.priority].sort((a, b) => Number(this.o.loads[b].routed === true) - Number(this.o.loads[a].routed === true) || rank[a] - rank[b]);
  }

  /**
   * A new shedding order (load indexes, first shed first), applied to the next decisions. Loads
   * already shed stay shed: they come back by the ordinary restore rules (the last shed first).
   * Returns false, changing nothing, when the order is not a permutation of the loads.
   */
  setPriority(order: readonly number[]): boolean {
    if (!isPermutation(order, this.o.loads.length)) return false;
    this.priority = [...order];
    this.orderShedding();
    return true;
  }

  /** The shedding order: load indexes, first shed first. */
  priorityOrder(): readonly number[] {
    return this.priority;
  }

  /** 1 = shed first. */
  rankOf(load: number): number {
    return this.priority.indexOf(load) + 1;
  }

  snapshot(): EngineSnapshot {
    return { loads: this.loads.map((l) => ({ ...l })), rotations: this.rotations, priority: [...this.priority] };
  }

  get states(): readonly LoadState[] {
    return this.loads;
  }

  get isLost(): boolean {
    return this.lost;
  }

  /** The loads currently shed, in the order they were shed. */
  shedLoads(): number[] {
    // Shed in the same frame: by the shedding order now in force (the more important comes back first).
    const rank = (i: number): number => this.shedOrder.indexOf(i);
    return this.loads.map((l, i) => ({ l, i })).filter((x) => x.l.shed).sort((a, b) => (a.l.shedAtMs ?? 0) - (b.l.shedAtMs ?? 0) || rank(a.i) - rank(b.i)).map((x) => x.i);
  }

  /** Relay feedback: a manual override on a load's relay, or its end. */
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

  private decide(i: number, action: ShedAction, reason: string, tMs: number, s: ShedSample | null): Decision {
    const l = this.loads[i];
    const cfg = this.o.loads[i];
    const off = action === 'shed' || action === 'route-off';
    l.shed = action === 'shed';
    l.changedAtMs = tMs;
    l.shedAtMs = action === 'shed' ? tMs : null;
    l.why = action === 'shed' ? reason : null;
    const command = cfg.kind === 'pilot' ? (off ? 'frost' : 'comfort') : off ? 'off' : 'on';
    const d: Decision = {
      tMs, load: i, name: cfg.name, action, command, reason,
      source: s?.source ?? null, value: s?.value ?? null, limit: s?.limit ?? null, unit: s?.unit ?? null,
    };
    this.log.push(d);
    if (this.log.length > 200) this.log.shift();
    return d;
  }

  recentDecisions(): readonly Decision[] {
    return this.log;
  }

  /** May this load be shed now (on, ours to switch, past its minimum on-time)? */
  private canShed(i: number, tMs: number): boolean {
    const l = this.loads[i];
    return !l.shed && l.wanted !== false && !this.overridden(i, tMs) && tMs - l.changedAtMs >= this.o.loads[i].minOnMs;
  }

  private canRestore(i: number, tMs: number): boolean {
    const l = this.loads[i];
    return l.shed && !this.overridden(i, tMs) && tMs - l.changedAtMs >= this.o.loads[i].minOffMs;
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

  /** A meter reading. Returns the decisions it caused (in order). */
  sample(s: ShedSample): Decision[] {
    const tMs = s.tMs;
    const wasLost = this.lost;
    this.lost = false;
    const src = this.sources.get(s.source) ?? { last: s, history: [], belowSinceMs: null };
    src.last = s;
    src.history.push({ tMs, value: s.value });
    // The rise rate over the last ~10 s.
    while (src.history.length > 2 && tMs - src.history[0].tMs > 10_000) src.history.shift();
    if (src.history.length > 8) src.history.shift();
    this.sources.set(s.source, src);
    const out: Decision[] = [];
    if (wasLost) src.belowSinceMs = null;

    const shedLimit = (s.limit * this.o.shedAtPct) / 100;
    const restoreLimit = (s.limit * this.o.restoreBelowPct) / 100;
    let excess = s.value - shedLimit;
    let why = `${fmt(s.value)} ${s.unit} > ${this.o.shedAtPct} % of ${fmt(s.limit)} ${s.unit}`;
    if (excess <= 0 && this.o.predictHorizonMs > 0) {
      const slope = this.slopePerMs(src.history);
      const predicted = s.value + slope * this.o.predictHorizonMs;
      // Three readings at least: one step (a kettle switching on) is not a trend.
      if (src.history.length >= 3 && slope > 0 && predicted > s.limit) {
        excess = predicted - s.limit;
        why = `rising ${fmt(slope * 1000)} ${s.unit}/s: ${fmt(predicted)} ${s.unit} in ${fmt(this.o.predictHorizonMs / 1000)} s > ${fmt(s.limit)} ${s.unit}`;
      }
    }
    if (s.overload && excess <= 0) {
      excess = Number.MIN_VALUE;
      why = `meter overload alarm at ${fmt(s.value)} ${s.unit}`;
    } else if (s.overload) why = `meter overload alarm, ${why}`;

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

  /** Let time pass without a reading (restore delays, override expiries). */
  tick(tMs: number): Decision[] {
    if (this.lost) return [];
    return this.tryRestore(tMs);
  }

  private tryRestore(tMs: number): Decision[] {
    const shed = this.shedLoads();
    if (shed.length === 0) return [];
    // Every meter must agree: below the restore threshold for the whole delay.
    let since = Number.NEGATIVE_INFINITY;
    let headroomW = Number.POSITIVE_INFINITY;
    let binding: ShedSample | null = null;
    for (const src of this.sources.values()) {
      if (src.belowSinceMs === null) return [];
      since = Math.max(since, src.belowSinceMs);
      const room = this.toW((src.last.limit * this.o.shedAtPct) / 100 - src.last.value, src.last.unit);
      if (room < headroomW) {
        headroomW = room;
        binding = src.last;
      }
    }
    if (binding === null) return [];
    const readyAt = Math.max(since, this.lastRestoreMs) + this.o.restoreDelayMs;
    if (tMs < readyAt) return [];
    // Reverse order: the last shed (the more important) comes back first.
    for (const i of [...shed].reverse()) {
      if (!this.canRestore(i, tMs)) continue;
      if (this.o.loads[i].routed === true && shed.some((j) => this.o.loads[j].routed !== true)) continue;
      const p = this.powerW(i);
      if (p > 0 && p >= headroomW) continue;
      this.lastRestoreMs = tMs;
      const below = `${fmt(binding.value)} ${binding.unit} < ${this.o.restoreBelowPct} % of ${fmt(binding.limit)} ${binding.unit} for ${fmt(this.o.restoreDelayMs / 1000)} s`;
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
      const j = this.priority.find((k) => k !== i && this.o.loads[k].rotate && this.canShed(k, tMs) && (p === 0 || this.o.loads[k].powerW === 0 || this.o.loads[k].powerW >= p));
      if (j === undefined) continue;
      this.rotations++;
      // Shed the replacement first: the budget never goes over during the swap.
      out.push(this.decide(j, 'shed', `rotation: ${this.o.loads[i].name} was shed for ${fmt((tMs - l.shedAtMs) / 60_000)} min`, tMs, s));
      out.push(this.decide(i, 'restore', `rotation: ${this.o.loads[j].name} takes its turn`, tMs, s));
    }
    return out;
  }

  /**
   * A surplus router's wish for its routed load. Off is obeyed at once (it only relieves the
   * budget). On is obeyed only when the load fits under the shedding threshold of every meter's
   * last reading and the feed is not lost; otherwise the load is held as shed and comes back by the
   * ordinary restore rules, so routing never pushes the import over the limit and never undoes a shed.
   */
  route(load: number, want: boolean, tMs: number, why: string): Decision[] {
    const l = this.loads[load];
    if (!l || this.o.loads[load].routed !== true) return [];
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
    let fits = !this.lost && this.sources.size > 0 && !othersShed;
    for (const src of this.sources.values()) {
      const room = this.toW((src.last.limit * this.o.shedAtPct) / 100 - src.last.value, src.last.unit);
      binding = src.last;
      if (this.powerW(load) >= room) fits = false;
    }
    if (!fits) {
      const reason = othersShed
        ? 'routing held: other loads are shed'
        : binding
        ? `routing held: ${fmt(this.powerW(load))} W does not fit under ${this.o.shedAtPct} % of ${fmt(binding.limit)} ${binding.unit} at ${fmt(binding.value)} ${binding.unit}`
        : 'routing held: no meter reading yet';
      const d = this.decide(load, 'shed', reason, tMs, binding);
      // It was off already: no relief is on its way (pendingReliefW must not count it).
      l.shedAtMs = tMs - this.o.settleMs;
      // Nothing to send: the load is off already; the decision stays in the log.
      return [{ ...d, command: 'off' }];
    }
    return [this.decide(load, 'route-on', why, tMs, binding)];
  }

  /** The meter feed is lost: apply the user's fail-safe. */
  feedLost(tMs: number): Decision[] {
    if (this.lost) return [];
    this.lost = true;
    for (const src of this.sources.values()) src.belowSinceMs = null;
    const out: Decision[] = [];
    if (this.o.lostMode === 'shed-all') {
      for (const i of this.shedOrder) if (this.canShed(i, tMs)) out.push(this.decide(i, 'shed', 'meter feed lost: fail-safe sheds everything', tMs, null));
    } else if (this.o.lostMode === 'restore-all') {
      for (const i of this.shedLoads().reverse()) if (this.canRestore(i, tMs)) out.push(this.decide(i, 'restore', 'meter feed lost: fail-safe restores everything', tMs, null));
    }
    return out;
  }

  /** When tick() may next have something to do (restore delay end, minimum off-time end). */
  nextDeadlineMs(): number | null {
    if (this.lost || this.shedLoads().length === 0) return null;
    let since = Number.NEGATIVE_INFINITY;
    for (const src of this.sources.values()) {
      if (src.belowSinceMs === null) return null;
      since = Math.max(since, src.belowSinceMs);
    }
    if (!Number.isFinite(since)) return null;
    const ready = Math.max(since, this.lastRestoreMs) + this.o.restoreDelayMs;
    const minOff = Math.min(...this.shedLoads().map((i) => this.loads[i].changedAtMs + this.o.loads[i].minOffMs));
    return Math.max(ready, minOff);
  }
}

function fmt(n: number): string {
  return Number(n.toFixed(n >= 100 ? 0 : 2)).toString();
}
