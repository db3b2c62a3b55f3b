// What the load-shedding node reads from a message, each kind through its contract reader: a
// wes-tic-in meter state (power, current, subscription, ADPS alarm), a clamp reading (with a
// fixed limit), a wes-tic-in event (tic-lost), a wes-relay-out state (its manual override), or
// a wes-surplus route.
import { readClampReading, type ClampReading } from '../contracts/clamp';
import { readPlainPower } from '../contracts/plain-power';
import { maxCurrentA, readMeterState, type MeterStateReading } from '../contracts/meter-state';
import { readRelayState } from '../contracts/relay';
import { readRoute } from '../contracts/route';
import { readTicEvent } from '../contracts/tic-event';
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
  code:
    | 'route-fields'
    | 'not-a-reading'
    | 'bad-field'
    | 'no-value'
    | 'no-limit'
    | 'priorities-not-list'
    | 'priorities-unknown'
    | 'priorities-twice'
    | 'priorities-count';
  params: Record<string, string | number>;
}

export function readShedInput(
  msg: { topic?: unknown; payload?: unknown; relay?: unknown; route?: unknown },
  tMs: number,
  o: ShedInputOptions,
): ShedInput {
  const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : 'meter';
  if (topic === 'priorities') return { kind: 'priorities', list: msg.payload };
  if (msg.route !== undefined) {
    const r = readRoute(msg);
    if (!r.ok) return { kind: 'error', error: { code: 'route-fields', params: {} } };
    return { kind: 'route', name: r.value.load, on: r.value.on, why: r.value.reason ?? '' };
  }
  if (msg.relay !== undefined) {
    const r = readRelayState(msg);
    if (!r.ok) return { kind: 'error', error: { code: 'bad-field', params: { field: String(r.error.params.field ?? 'relay') } } };
    return { kind: 'relay', number: r.value.number, name: r.value.name, overrideUntilMs: r.value.overrideUntilMs };
  }
  const ev = readTicEvent(msg);
  // The other TIC events (recovered, overload, tariff change…) add nothing the next frame does not carry.
  if (ev.ok) return ev.value.event === 'tic-lost' ? { kind: 'lost', source: ev.value.source } : { kind: 'ignored' };
  if (ev.error.code !== 'not-tic-event') return { kind: 'ignored' };
  const meter = readMeterState(msg);
  if (meter.ok) return meterSample(meter.value, topic, tMs, o);
  if (meter.error.code === 'bad-field') return { kind: 'error', error: { code: 'bad-field', params: meter.error.params } };
  const clamp = readClampReading(msg);
  if (clamp.ok) return clampSample(clamp.value, topic, tMs, o);
  if (clamp.error.code === 'bad-field') return { kind: 'error', error: { code: 'bad-field', params: clamp.error.params } };
  const plain = readPlainPower(msg);
  if (plain.ok) {
    const v = plain.value;
    return o.basis === 'current'
      ? sampleOf(
          v.currentA,
          v.subscribedCurrentA ?? (v.subscribedPowerVA !== undefined ? v.subscribedPowerVA / o.voltageV : undefined),
          false,
          topic,
          tMs,
          o,
        )
      : sampleOf(v.powerVA, v.subscribedPowerVA, false, topic, tMs, o);
  }
  if (plain.error.code === 'bad-field') return { kind: 'error', error: { code: 'bad-field', params: plain.error.params } };
  return { kind: 'error', error: { code: 'not-a-reading', params: {} } };
}

function sampleOf(
  value: number | undefined,
  limit: number | undefined,
  overload: boolean,
  source: string,
  tMs: number,
  o: ShedInputOptions,
): ShedInput {
  if (o.fixedLimit > 0) limit = o.fixedLimit;
  if (value === undefined || value < 0)
    return { kind: 'error', error: { code: 'no-value', params: { field: o.basis === 'current' ? 'currentA' : 'powerVA' } } };
  if (limit === undefined || !(limit > 0)) return { kind: 'error', error: { code: 'no-limit', params: {} } };
  return { kind: 'sample', sample: { source, tMs, value, limit, unit: o.basis === 'current' ? 'A' : 'VA', overload } };
}

function meterSample(m: MeterStateReading, source: string, tMs: number, o: ShedInputOptions): ShedInput {
  const overload = m.alerts?.overload === true;
  if (o.basis === 'power') return sampleOf(m.powerVA, m.subscribedPowerVA, overload, source, tMs, o);
  const phases = m.currentA && m.currentA.length > 1 ? m.currentA.length : 1;
  const limit = m.subscribedCurrentA ?? (m.subscribedPowerVA !== undefined ? m.subscribedPowerVA / (o.voltageV * phases) : undefined);
  return sampleOf(maxCurrentA(m), limit, overload, source, tMs, o);
}

/** A clamp has no subscription: its limit is the fixed one. The breaker counts either direction. */
function clampSample(c: ClampReading, source: string, tMs: number, o: ShedInputOptions): ShedInput {
  return sampleOf(o.basis === 'current' ? c.currentA : c.apparentPowerVA, undefined, false, source, tMs, o);
}

/**
 * The loads of a priorities message, first shed first, as indexes into the configured list.
 * Each entry is a load's name, or its output number (1 = the first load of the editor's list);
 * null means the editor's order. Anything but a permutation of the loads is refused.
 */
export function resolvePriorities(
  list: unknown,
  names: readonly string[],
): { ok: true; order: number[] } | { ok: false; error: ShedInputError } {
  if (list === null) return { ok: true, order: names.map((_, i) => i) };
  // Every refusal lists the loads expected, so the user sees how to write the message.
  const expected = { n: names.length, names: names.map((n) => `"${n}"`).join(', ') };
  if (!Array.isArray(list)) return { ok: false, error: { code: 'priorities-not-list', params: expected } };
  const order: number[] = [];
  for (const x of list) {
    const i = typeof x === 'string' ? names.indexOf(x) : typeof x === 'number' && Number.isInteger(x) ? x - 1 : -1;
    if (i < 0 || i >= names.length)
      return { ok: false, error: { code: 'priorities-unknown', params: { ...expected, load: JSON.stringify(x) } } };
    if (order.includes(i)) return { ok: false, error: { code: 'priorities-twice', params: { ...expected, load: names[i] } } };
    order.push(i);
  }
  if (order.length !== names.length)
    return { ok: false, error: { code: 'priorities-count', params: { ...expected, given: order.length } } };
  return { ok: true, order };
}
