// What the load-shedding node reads from a message: a wes-tic-in meter state (power, current,
// subscription, ADPS alarm), a clamp-like reading ({powerVA} / {currentA} with a fixed limit),
// a wes-tic-in event (tic-lost), or a wes-relay-out state (its manual override).
import type { ShedSample } from './load-shed';

export type Basis = 'current' | 'power';

export interface ShedInputOptions {
  basis: Basis;
  /** Fixed limit in the basis unit (A or VA); 0 = the meter's subscription. */
  fixedLimit: number;
  voltageV: number;
}

export type ShedInput =
  | { kind: 'sample'; sample: ShedSample }
  | { kind: 'lost'; source: string }
  | { kind: 'relay'; number: number | null; name: string | null; overrideUntilMs: number | null }
  /** A surplus router's wish for its routed load (wes-surplus output 1). */
  | { kind: 'route'; name: string; on: boolean; why: string }
  /** A new shedding order (topic "priorities"): still to be checked against the loads with resolvePriorities. */
  | { kind: 'priorities'; list: unknown }
  | { kind: 'ignored' }
  | { kind: 'error'; error: ShedInputError };

/** A refused message: a catalog key under `errors.input.` and its parameters; the adapter translates. */
export interface ShedInputError {
  code: 'route-fields' | 'not-a-reading' | 'no-value' | 'no-limit' | 'priorities-not-list' | 'priorities-unknown' | 'priorities-twice' | 'priorities-count';
  params: Record<string, string | number>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function readShedInput(msg: { topic?: unknown; payload?: unknown; relay?: unknown; route?: unknown }, tMs: number, o: ShedInputOptions): ShedInput {
  const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : 'meter';
  if (topic === 'priorities') return { kind: 'priorities', list: msg.payload };
  const route = (msg as { route?: unknown }).route;
  if (typeof route === 'object' && route !== null) {
    const r = route as { load?: unknown; on?: unknown; reason?: unknown };
    if (typeof r.load !== 'string' || typeof r.on !== 'boolean') return { kind: 'error', error: { code: 'route-fields', params: {} } };
    return { kind: 'route', name: r.load, on: r.on, why: typeof r.reason === 'string' ? r.reason : '' };
  }
  const relay = msg.relay;
  if (typeof relay === 'object' && relay !== null) {
    const r = relay as { number?: unknown; name?: unknown; overrideUntil?: unknown };
    return { kind: 'relay', number: num(r.number) ?? null, name: typeof r.name === 'string' ? r.name : null, overrideUntilMs: num(r.overrideUntil) ?? null };
  }
  const p = msg.payload;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return { kind: 'error', error: { code: 'not-a-reading', params: {} } };
  const m = p as Record<string, unknown>;
  if (m.event === 'tic-lost') return { kind: 'lost', source: topic.replace(/\/event$/, '') };
  // The other TIC events (recovered, overload, tariff change…) add nothing the next frame does not carry.
  if (typeof m.event === 'string') return { kind: 'ignored' };
  const source = topic;
  const overload = typeof m.alerts === 'object' && m.alerts !== null && (m.alerts as { overload?: unknown }).overload === true;
  let value: number | undefined;
  let limit: number | undefined;
  if (o.basis === 'current') {
    const c = m.currentA;
    if (Array.isArray(c)) {
      const vals = c.filter((x): x is number => num(x) !== undefined);
      if (vals.length) value = Math.max(...vals);
    } else value = num(c);
    const phases = Array.isArray(c) && c.length > 1 ? c.length : 1;
    limit = num(m.subscribedCurrentA);
    const va = num(m.subscribedPowerVA);
    if (limit === undefined && va !== undefined) limit = va / (o.voltageV * phases);
  } else {
    value = num(m.powerVA) ?? num(m.powerW);
    limit = num(m.subscribedPowerVA);
  }
  if (o.fixedLimit > 0) limit = o.fixedLimit;
  if (value === undefined || value < 0) return { kind: 'error', error: { code: 'no-value', params: { field: o.basis === 'current' ? 'currentA' : 'powerVA' } } };
  if (limit === undefined || !(limit > 0)) return { kind: 'error', error: { code: 'no-limit', params: {} } };
  return { kind: 'sample', sample: { source, tMs, value, limit, unit: o.basis === 'current' ? 'A' : 'VA', overload } };
}

/**
 * The loads of a priorities message, first shed first, as indexes into the configured list.
 * Each entry is a load's name, or its output number (1 = the first load of the editor's list);
 * null means the editor's order. Anything but a permutation of the loads is refused.
 */
export function resolvePriorities(list: unknown, names: readonly string[]): { ok: true; order: number[] } | { ok: false; error: ShedInputError } {
  if (list === null) return { ok: true, order: names.map((_, i) => i) };
  // Every refusal lists the loads expected, so the user sees how to write the message.
  const expected = { n: names.length, names: names.map((n) => `"${n}"`).join(', ') };
  if (!Array.isArray(list)) return { ok: false, error: { code: 'priorities-not-list', params: expected } };
  const order: number[] = [];
  for (const x of list) {
    const i = typeof x === 'string' ? names.indexOf(x) : typeof x === 'number' && Number.isInteger(x) ? x - 1 : -1;
    if (i < 0 || i >= names.length) return { ok: false, error: { code: 'priorities-unknown', params: { ...expected, load: JSON.stringify(x) } } };
    if (order.includes(i)) return { ok: false, error: { code: 'priorities-twice', params: { ...expected, load: names[i] } } };
    order.push(i);
  }
  if (order.length !== names.length) return { ok: false, error: { code: 'priorities-count', params: { ...expected, given: order.length } } };
  return { ok: true, order };
}
