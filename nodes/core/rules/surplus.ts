// Surplus routing (routage de surplus) for a producer: switch one load (a water heater) on when
// the meter shows export, off when import comes back, with hysteresis (start above X W of export
// held T s, stop above Y W of import held T s) and minimum on / off times; plus a daily energy
// guarantee: what the sun did not give by the deadline is topped up in the off-peak hours the
// meter signals. Pure: time comes in as ms, every function returns the next state (JSON-safe, so
// the node persists it as is).
//
// The "day" of the guarantee runs from dayStart (08:00 local by default) to the next dayStart, so
// one night's off-peak hours (22:00-06:00, 23:30-07:30...) belong to the day whose sun fell short;
// dayStart and the deadline follow the wall clock of the zone, DST included (23 h and 25 h days).
//
// The budget: the router never switches on when its rated power would take the net import above
// the budget (the load-shed threshold), and switches off at once, without waiting for its minimum
// on-time, when the import goes above it. Wired through wes-load-shed (a "routed" load), the
// shedding engine is the only one to command the relay: see docs/rules.md, "surplus routing".
import { clampFlowW, readClampReading } from '../contracts/clamp';
import { readMeterState } from '../contracts/meter-state';
import { readPlainPower } from '../contracts/plain-power';
import { meterConditionValue } from './meter-condition';
import { localDayAt, localDayOfNumber, utcOfWall } from './zone-time';

export interface SurplusOptions {
  /** The load's rated power, W. */
  ratedW: number;
  startExportW: number;
  startAfterMs: number;
  stopImportW: number;
  stopAfterMs: number;
  minOnMs: number;
  minOffMs: number;
  /** Budget = this % of the meter's subscribed power (the load-shed threshold), unless fixedBudgetVA > 0. */
  budgetPct: number;
  fixedBudgetVA: number;
  /** Daily energy guarantee, Wh; 0 = none. */
  targetWh: number;
  /** Local wall-clock minutes. */
  dayStartMin: number;
  deadlineMin: number;
  timeZone: string;
  /** 'estimate': on-time × rated power; 'measured': deltas of an energy index sent to the router. */
  energy: 'estimate' | 'measured';
  /** No reading for this long: the meter is lost, the load goes off. */
  meterLostMs: number;
}

/** What the router reads from a meter state or a clamp. */
export interface SurplusReading {
  importW: number;
  exportW: number;
  subscribedVA?: number;
  tariffPeriod?: string;
}

export type SurplusMode = 'off' | 'surplus' | 'top-up';

export interface DaySummary {
  day: string;
  deliveredWh: number;
  toppedUpWh: number;
  targetWh: number;
}

/**
 * Why the router is where it is: a catalog key under `why.` with its parameters, and what holds
 * a wanted switch back (the minimum times, the budget). The adapter translates.
 */
export interface SurplusWhy {
  code:
    | 'waiting'
    | 'lost'
    | 'lost-off'
    | 'over-budget'
    | 'target-reached'
    | 'new-day'
    | 'offpeak-over'
    | 'import-held'
    | 'export-held'
    | 'top-up'
    | 'top-up-waiting'
    | 'export'
    | 'import';
  params: Record<string, string | number>;
  hold?: 'min-on' | 'min-off' | 'budget';
}

const why = (code: SurplusWhy['code'], params: SurplusWhy['params'] = {}): SurplusWhy => ({ code, params });
const held = (w: SurplusWhy, hold: NonNullable<SurplusWhy['hold']>, params: SurplusWhy['params'] = {}): SurplusWhy => ({
  code: w.code,
  params: { ...w.params, ...params },
  hold,
});

export interface SurplusState {
  /** What the router asks for its load. */
  on: boolean;
  mode: SurplusMode;
  /** When the router last switched (null = never). */
  changedAtMs: number | null;
  why: SurplusWhy;
  exportSinceMs: number | null;
  importSinceMs: number | null;
  importW: number | null;
  exportW: number | null;
  budgetVA: number | null;
  offPeak: boolean | null;
  lastReadingMs: number | null;
  startedAtMs: number;
  lost: boolean;
  /** The guarantee day (YYYY-MM-DD of its start) and its energy. */
  day: string;
  deliveredWh: number;
  toppedUpWh: number;
  /** Energy counted up to this instant (null after a start: the time the node was down is not counted). */
  accountedToMs: number | null;
  /** The load's real state, fed back (null = assume it follows the router). */
  loadOn: boolean | null;
  measuredIndexWh: number | null;
  measuredAtMs: number | null;
  previous: DaySummary | null;
}

export interface GuaranteeDay {
  key: string;
  startMs: number;
  endMs: number;
  deadlineMs: number;
}

export function guaranteeDay(tMs: number, o: SurplusOptions): GuaranteeDay {
  const { day, minuteOfDay } = localDayAt(tMs, o.timeZone);
  const n = minuteOfDay < o.dayStartMin ? day.dayNumber - 1 : day.dayNumber;
  return {
    key: localDayOfNumber(n).key,
    startMs: utcOfWall(n, o.dayStartMin, o.timeZone),
    endMs: utcOfWall(n + 1, o.dayStartMin, o.timeZone),
    deadlineMs: utcOfWall(o.deadlineMin >= o.dayStartMin ? n : n + 1, o.deadlineMin, o.timeZone),
  };
}

export function initialSurplus(tMs: number, o: SurplusOptions): SurplusState {
  return {
    on: false,
    mode: 'off',
    changedAtMs: null,
    why: why('waiting'),
    exportSinceMs: null,
    importSinceMs: null,
    importW: null,
    exportW: null,
    budgetVA: o.fixedBudgetVA > 0 ? o.fixedBudgetVA : null,
    offPeak: null,
    lastReadingMs: null,
    startedAtMs: tMs,
    lost: false,
    day: guaranteeDay(tMs, o).key,
    deliveredWh: 0,
    toppedUpWh: 0,
    accountedToMs: tMs,
    loadOn: null,
    measuredIndexWh: null,
    measuredAtMs: null,
    previous: null,
  };
}

/**
 * A state read back after a restart: today's energy is kept (or closed if the day changed while the
 * node was down), the downtime is not counted, the readings start afresh.
 */
export function resumeSurplus(saved: SurplusState, tMs: number, o: SurplusOptions): SurplusState {
  let s: SurplusState = {
    // A state saved before reasons were codes has a sentence there: it is replaced.
    ...saved,
    why: typeof saved.why === 'object' && saved.why !== null ? saved.why : why('waiting'),
    startedAtMs: tMs,
    accountedToMs: tMs,
    lastReadingMs: null,
    lost: false,
    exportSinceMs: null,
    importSinceMs: null,
    importW: null,
    exportW: null,
    loadOn: null,
    measuredAtMs: null,
    budgetVA: o.fixedBudgetVA > 0 ? o.fixedBudgetVA : saved.budgetVA,
  };
  const key = guaranteeDay(tMs, o).key;
  if (key !== s.day) s = rollDay(s, key, o);
  return s;
}

function rollDay(s: SurplusState, key: string, o: SurplusOptions): SurplusState {
  return {
    ...s,
    day: key,
    deliveredWh: 0,
    toppedUpWh: 0,
    previous: { day: s.day, deliveredWh: s.deliveredWh, toppedUpWh: s.toppedUpWh, targetWh: o.targetWh },
  };
}

/** Count the energy up to tMs (estimate mode) and close the days crossed on the way. */
function account(s: SurplusState, tMs: number, o: SurplusOptions): SurplusState {
  let st = s;
  let from = st.accountedToMs ?? tMs;
  if (tMs < from) from = tMs; // the clock went back: count nothing
  const on = st.loadOn ?? st.on;
  for (let guard = 0; guard < 1000; guard++) {
    const day = guaranteeDay(from, o);
    if (day.key !== st.day) st = rollDay(st, day.key, o);
    if (from >= tMs) break;
    const until = Math.min(tMs, day.endMs);
    if (o.energy === 'estimate' && on) {
      const wh = (o.ratedW * (until - from)) / 3_600_000;
      st = { ...st, deliveredWh: st.deliveredWh + wh, toppedUpWh: st.toppedUpWh + (st.mode === 'top-up' ? wh : 0) };
    }
    from = until;
  }
  return { ...st, accountedToMs: tMs };
}

function switchTo(s: SurplusState, on: boolean, mode: SurplusMode, reason: SurplusWhy, tMs: number): SurplusState {
  // A new command: until the load's state is fed back, assume it follows.
  return { ...s, on, mode: on ? mode : 'off', changedAtMs: tMs, why: reason, loadOn: null };
}

/** kW with two decimals, as the catalogs show it. */
const kw = (w: number): string => (w / 1000).toFixed(2);

/** Would switching the load on keep the net import under the budget? */
function fits(s: SurplusState, o: SurplusOptions): boolean {
  if (s.budgetVA === null) return true;
  return (s.importW ?? 0) - (s.exportW ?? 0) + o.ratedW <= s.budgetVA;
}

function evaluate(s: SurplusState, tMs: number, o: SurplusOptions): SurplusState {
  const mayOff = s.changedAtMs === null || tMs - s.changedAtMs >= o.minOnMs;
  const mayOn = s.changedAtMs === null || tMs - s.changedAtMs >= o.minOffMs;
  if (s.lost) return s.on ? switchTo(s, false, 'off', why('lost-off'), tMs) : { ...s, why: why('lost') };
  if (s.lastReadingMs === null || s.importW === null || s.exportW === null) return { ...s, why: why('waiting') };
  const imp = s.importW;
  // The budget wins over everything and does not wait for the minimum on-time.
  if (s.on && s.budgetVA !== null && imp > s.budgetVA)
    return switchTo(s, false, 'off', why('over-budget', { import: kw(imp), budget: kw(s.budgetVA) }), tMs);

  const day = guaranteeDay(tMs, o);
  const remainingWh = o.targetWh - s.deliveredWh;
  // Within a milliwatt-hour is reached: sums of float steps must not add a step.
  const topUpDue = o.targetWh > 0 && tMs >= day.deadlineMs && remainingWh > 1e-3;
  const topUp = topUpDue && s.offPeak === true;
  const startHeld = s.exportSinceMs !== null && tMs - s.exportSinceMs >= o.startAfterMs;
  const stopHeld = s.importSinceMs !== null && tMs - s.importSinceMs >= o.stopAfterMs;

  if (s.on) {
    if (s.mode === 'top-up' && !topUp) {
      const w =
        remainingWh <= 1e-3
          ? why('target-reached', { target: (o.targetWh / 1000).toFixed(1) })
          : !topUpDue
            ? why('new-day')
            : why('offpeak-over');
      if (!mayOff) return { ...s, why: held(w, 'min-on') };
      return switchTo(s, false, 'off', w, tMs);
    }
    if (s.mode === 'surplus' && stopHeld && !topUp) {
      const w = why('import-held', { import: kw(imp), stop: kw(o.stopImportW), s: Math.round(o.stopAfterMs / 1000) });
      if (!mayOff) return { ...s, why: held(w, 'min-on') };
      return switchTo(s, false, 'off', w, tMs);
    }
    // Surplus that continues into the off-peak top-up becomes top-up (and the other way round).
    if (s.mode === 'surplus' && topUp) return { ...s, mode: 'top-up', why: why('top-up', { kwh: (remainingWh / 1000).toFixed(2) }) };
    return s;
  }

  let want: { mode: SurplusMode; why: SurplusWhy } | null = null;
  if (topUp) want = { mode: 'top-up', why: why('top-up', { kwh: (remainingWh / 1000).toFixed(2) }) };
  else if (startHeld)
    want = {
      mode: 'surplus',
      why: why('export-held', { export: kw(s.exportW), start: kw(o.startExportW), s: Math.round(o.startAfterMs / 1000) }),
    };
  if (want === null) {
    const w =
      topUpDue && s.offPeak !== true
        ? why('top-up-waiting', { kwh: (remainingWh / 1000).toFixed(2) })
        : s.exportW > 0
          ? why('export', { export: kw(s.exportW) })
          : why('import', { import: kw(imp) });
    return { ...s, why: w };
  }
  if (!fits(s, o)) return { ...s, why: held(want.why, 'budget', { rated: kw(o.ratedW), budget: kw(s.budgetVA ?? 0) }) };
  if (!mayOn) return { ...s, why: held(want.why, 'min-off') };
  return switchTo(s, true, want.mode, want.why, tMs);
}

/** A meter (or clamp) reading. */
export function surplusReading(s: SurplusState, r: SurplusReading, tMs: number, o: SurplusOptions): SurplusState {
  const st = account(s, tMs, o);
  const offPeak =
    r.tariffPeriod === undefined
      ? st.offPeak
      : meterConditionValue({ kind: 'offpeak', tempoDay: 'today', colours: [] }, { tariffPeriod: r.tariffPeriod });
  const budgetVA =
    o.fixedBudgetVA > 0
      ? o.fixedBudgetVA
      : r.subscribedVA !== undefined && r.subscribedVA > 0
        ? (r.subscribedVA * o.budgetPct) / 100
        : st.budgetVA;
  return evaluate(
    {
      ...st,
      importW: r.importW,
      exportW: r.exportW,
      exportSinceMs: r.exportW > o.startExportW ? (st.exportSinceMs ?? tMs) : null,
      importSinceMs: r.importW > o.stopImportW ? (st.importSinceMs ?? tMs) : null,
      offPeak,
      budgetVA,
      lastReadingMs: tMs,
      lost: false,
    },
    tMs,
    o,
  );
}

/** The load's real state, fed back from wes-load-shed or the relay. */
export function surplusLoadState(s: SurplusState, on: boolean, tMs: number, o: SurplusOptions): SurplusState {
  return { ...account(s, tMs, o), loadOn: on };
}

/** Measured mode: a cumulative energy index of the load (Wh). A reset or an implausible jump re-bases. */
export function surplusEnergy(s: SurplusState, indexWh: number, tMs: number, o: SurplusOptions): SurplusState {
  const st = account(s, tMs, o);
  if (o.energy !== 'measured') return st;
  const base = st.measuredIndexWh;
  const next = { ...st, measuredIndexWh: indexWh, measuredAtMs: tMs };
  if (base === null || st.measuredAtMs === null) return next;
  const delta = indexWh - base;
  const maxWh = (o.ratedW * 1.5 * Math.max(0, tMs - st.measuredAtMs)) / 3_600_000 + 10;
  if (delta < 0 || delta > maxWh) return next;
  return { ...next, deliveredWh: st.deliveredWh + delta, toppedUpWh: st.toppedUpWh + (st.mode === 'top-up' ? delta : 0) };
}

/** The meter said it is lost (wes-tic-in tic-lost). */
export function surplusMeterLost(s: SurplusState, tMs: number, o: SurplusOptions): SurplusState {
  return evaluate({ ...account(s, tMs, o), lost: true, exportSinceMs: null, importSinceMs: null }, tMs, o);
}

/** Time passes: energy, day rollover, held thresholds, minimum times, the meter timeout. */
export function tickSurplus(s: SurplusState, tMs: number, o: SurplusOptions): SurplusState {
  const st = account(s, tMs, o);
  const since = st.lastReadingMs ?? st.startedAtMs;
  if (!st.lost && tMs - since >= o.meterLostMs) return surplusMeterLost(st, tMs, o);
  return evaluate(st, tMs, o);
}

/**
 * The part of a wes-tic-in meter state, or of a clamp reading on the grid connection, the router
 * reads; null when the message is neither (each kind through its contract reader).
 */
export function readSurplusPayload(msg: { payload?: unknown }): SurplusReading | null {
  const m = readMeterState(msg);
  if (m.ok) {
    const imp = m.value.powerVA;
    if (imp === undefined || imp < 0) return null;
    return {
      importW: imp,
      exportW: Math.max(0, m.value.injectedPowerVA ?? 0),
      ...(m.value.subscribedPowerVA !== undefined ? { subscribedVA: m.value.subscribedPowerVA } : {}),
      ...(m.value.tariffPeriod !== undefined ? { tariffPeriod: m.value.tariffPeriod } : {}),
    };
  }
  const c = readClampReading(msg);
  if (c.ok) return clampFlowW(c.value);
  const plain = readPlainPower(msg);
  if (!plain.ok) return null;
  const net = plain.value.netPowerW;
  if (net !== undefined) return { importW: Math.max(0, net), exportW: Math.max(0, -net) };
  const imp = plain.value.powerVA;
  return imp === undefined || imp < 0
    ? null
    : { importW: imp, exportW: 0, ...(plain.value.subscribedPowerVA !== undefined ? { subscribedVA: plain.value.subscribedPowerVA } : {}) };
}
