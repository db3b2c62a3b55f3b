// Turns a message payload into the flat set of numbers one CSV row records. Meter payloads mix
// numbers with text, flags and nested detail; only numbers are curves, so everything else is dropped,
// and small arrays / objects of numbers are flattened into stable, spreadsheet-safe column names.
import { problem, type Problem } from '../problem';

export type Values = Record<string, number>;

/** Arrays longer than this (e.g. waveforms) are not meter readings: they are skipped. */
const MAX_FLATTENED = 16;

/** Column and source names hold only [A-Za-z0-9_-] so a CSV cell never needs quoting. */
function sanitizeName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function flattenInto(out: Values, prefix: string, value: unknown, depth: number): void {
  if (isNumber(value)) {
    const name = sanitizeName(prefix);
    if (name && name !== 'time' && name !== 'date') out[name] = value;
    return;
  }
  if (depth >= 1) return;
  if (Array.isArray(value)) {
    if (value.length > MAX_FLATTENED) return;
    value.forEach((v, i) => {
      if (isNumber(v)) flattenInto(out, `${prefix}_${i + 1}`, v, depth + 1);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > MAX_FLATTENED) return;
    for (const [k, v] of entries) if (isNumber(v)) flattenInto(out, `${prefix}_${k}`, v, depth + 1);
  }
}

/** Numeric fields of an object payload: scalars kept, one level of arrays / objects flattened. */
export function numericFields(payload: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(payload)) flattenInto(out, k, v, 0);
  return out;
}

/** Text cells of a row: the few words a user reads next to the numbers (tariff period, Tempo colour). */
export type Labels = Record<string, string>;

/** The label columns, in the order a download shows them. */
export const LABEL_COLUMNS = ['tariffPeriod', 'tempoColour'] as const;

/** A text cell: starts with a letter, no separator, quote or decimal mark, so no cell ever needs quoting. */
export const LABEL_RE = /^[A-Za-z][A-Za-z0-9 +_-]{0,31}$/;

/** "HEURE  PLEINE " → "HEURE PLEINE"; undefined when nothing readable is left. */
export function cleanLabel(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 +_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 32)
    .trim();
  return LABEL_RE.test(s) ? s : undefined;
}

/** The labels of a meter payload: its tariff period (PTEC / LTARF) and today's Tempo colour. */
function labelFields(payload: Record<string, unknown>): Labels {
  const out: Labels = {};
  const period = cleanLabel(payload.tariffPeriod);
  if (period) out.tariffPeriod = period;
  const tempo = payload.tempo;
  const colour = cleanLabel(tempo !== null && typeof tempo === 'object' ? (tempo as Record<string, unknown>).today : payload.tempoColour);
  if (colour) out.tempoColour = colour;
  return out;
}

export interface Reading {
  source: string;
  values: Values;
  labels?: Labels;
}

/**
 * What a message records, or a reason it records nothing. A number with topic "tic1/PAPP" is the
 * column PAPP of source tic1; a number with topic "boiler" is the column "value" of source boiler.
 */
export function readingFromMessage(topic: unknown, payload: unknown): Reading | Problem {
  if (typeof topic !== 'string' || !sanitizeName(topic.split('/')[0] ?? '')) {
    return problem('record.topic');
  }
  const [head, ...rest] = topic.split('/');
  const source = sanitizeName(head ?? '');
  if (source === 'aggregates') return problem('record.reserved');
  if (isNumber(payload)) {
    const field = rest.length ? sanitizeName(rest.join('_')) : 'value';
    return { source, values: { [field || 'value']: payload } };
  }
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const values = numericFields(payload as Record<string, unknown>);
    if (Object.keys(values).length === 0) return problem('record.noNumeric');
    const labels = labelFields(payload as Record<string, unknown>);
    return Object.keys(labels).length ? { source, values, labels } : { source, values };
  }
  return problem('record.type');
}

export type FieldKind = 'counter' | 'power' | 'gauge';

/**
 * Counters (indexes that only grow: energyWh, energyByPeriodWh_HCHC, index, today) are recorded as
 * their last value and aggregated as differences; power fields can be integrated into energy when a
 * source has no counter; everything else is a gauge (average / min / max).
 */
export function fieldKind(name: string): FieldKind {
  if (/power/i.test(name) || /(VA|W)(_\d+)?$/.test(name)) return 'power';
  // The number of the tariff period in force (NTARF), not an energy register.
  if (/^tariffIndex$/i.test(name)) return 'gauge';
  if (/Wh(_|$)|energy|^index|Index(_|$)|^today$|^total/i.test(name)) return 'counter';
  return 'gauge';
}
