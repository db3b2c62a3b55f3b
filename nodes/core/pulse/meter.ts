// One pulse meter: index (the meter's own reading), period totals, and the bookkeeping that lets
// the editor's index apply once (when the user changes it) instead of at every redeploy.

import { addQuantity, addToTotals, emptyTotals, rollTotals, type PeriodTotals } from './periods';

export interface MeterState {
  index: number;
  pulses: number;
  totals: PeriodTotals;
  /** The editor index last applied, so a redeploy with the same value does not rewind the meter. */
  editorIndex: number | null;
  lastPulseMs: number | null;
}

export function emptyMeter(tMs: number, timeZone?: string): MeterState {
  return { index: 0, pulses: 0, totals: emptyTotals(tMs, timeZone), editorIndex: null, lastPulseMs: null };
}

export function meterPulse(m: MeterState, weight: number, tMs: number, timeZone?: string): MeterState {
  return {
    ...m,
    index: addQuantity(m.index, weight),
    pulses: m.pulses + 1,
    totals: addToTotals(m.totals, weight, tMs, timeZone),
    lastPulseMs: tMs,
  };
}

export function meterRoll(m: MeterState, tMs: number, timeZone?: string): MeterState {
  const totals = rollTotals(m.totals, tMs, timeZone);
  return totals === m.totals ? m : { ...m, totals };
}

export function meterSetIndex(m: MeterState, index: number): MeterState {
  return { ...m, index };
}

/** Apply the editor's index only when it differs from the one applied last time. */
export function meterApplyEditorIndex(m: MeterState, editorIndex: number | null): MeterState {
  if (editorIndex === null || editorIndex === m.editorIndex) return m;
  return { ...m, index: editorIndex, editorIndex };
}

/** Restored JSON is checked field by field: a damaged file must not inject NaN into the index. */
export function isMeterState(v: unknown): v is MeterState {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const t = m.totals as Record<string, unknown> | undefined;
  const num = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  return (
    num(m.index) &&
    num(m.pulses) &&
    (m.editorIndex === null || num(m.editorIndex)) &&
    (m.lastPulseMs === null || num(m.lastPulseMs)) &&
    typeof t === 'object' &&
    t !== null &&
    ['today', 'yesterday', 'month', 'year'].every((k) => num(t[k])) &&
    ['dayKey', 'monthKey', 'yearKey'].every((k) => typeof t[k] === 'string')
  );
}

/** A meter register has at most 9 digits before the decimal point on any meter we read. */
const MAX_INDEX = 1e9;

/**
 * The index a user or a flow sets, or null if it cannot be one: a finite number in [0, 1e9], or
 * the same written in plain decimal (no hex "0x10", no exponent "1e308", no blank).
 */
export function parseIndex(v: unknown): number | null {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
  else return null;
  return Number.isFinite(n) && n >= 0 && n <= MAX_INDEX ? n : null;
}
