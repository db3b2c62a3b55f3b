// The meter state: what wes-tic-in sends on output 1 (msg.payload is a MeterState, msg.topic the
// meter's topic). Readers check what their consumers rely on: the meter's id, and every numeric
// field they may read typed when present, so a hand-made state (a test, a function node) with
// only the fields it needs is still a meter state.
import type { MeterState } from '../tic/meter-state';
import { accept, badOptional, isFiniteNumber, objectOf, refuse, type Fields, type Read } from './read';

/** A meter state as a consumer may receive it: the id, and any of the other fields. */
export type MeterStateReading = Pick<MeterState, 'meterId'> & Partial<Omit<MeterState, 'meterId'>>;

const NUMBERS = [
  'powerVA',
  'injectedPowerVA',
  'subscribedCurrentA',
  'subscribedPowerVA',
  'energyWh',
  'injectedEnergyWh',
  'tariffIndex',
] as const;
// Per-phase lists keep their positions: a phase whose group was lost is null, not dropped.
const numberList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => x === null || isFiniteNumber(x));
const numberRecord = (v: unknown): boolean => objectOf(v) !== undefined && Object.values(v as Fields).every(isFiniteNumber);

export function readMeterState(msg: { payload?: unknown }): Read<MeterStateReading> {
  const p = objectOf(msg.payload);
  if (!p) return refuse('not-meter-state', {});
  if (typeof p.event === 'string') return refuse('not-meter-state', { got: 'tic-event' });
  if (typeof p.meterId !== 'string') return refuse('not-meter-state', { missing: 'meterId' });
  const bad =
    badOptional(p, NUMBERS, isFiniteNumber) ??
    badOptional(p, ['currentA', 'voltageV', 'powerPerPhaseVA'], numberList) ??
    badOptional(p, ['energyByPeriodWh'], numberRecord) ??
    badOptional(p, ['tariffPeriod', 'mode', 'tariffOption'], (v) => typeof v === 'string') ??
    badOptional(p, ['alerts', 'labels'], (v) => objectOf(v) !== undefined);
  if (bad !== null) return refuse('bad-field', { field: bad });
  return accept(p as unknown as MeterStateReading);
}

/** The highest phase current, A, or undefined when the state carries none (lost phases skipped). */
export function maxCurrentA(m: MeterStateReading): number | undefined {
  const known = (m.currentA ?? []).filter((a): a is number => a !== null);
  return known.length ? Math.max(...known) : undefined;
}
