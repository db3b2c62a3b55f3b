// Raw register access (what node-red-contrib-modbus users know): a function code, an address,
// a count of values of one type, and for writes the values to send, from the node's config or
// from msg.modbus / msg.payload. Pure: it checks and turns them into one bus request, and a
// read's words into named values.
import { problem, type Problem } from '../problem';
import { decodeValue, encodeValue, registerCount, VALUE_TYPES, type ByteOrder, type Layout, type ValueType, type WordOrder } from './codec';
import { maxCount } from './profile';

export type RawFc = 1 | 2 | 3 | 4 | 5 | 6 | 15 | 16;
export const RAW_FCS: readonly RawFc[] = [1, 2, 3, 4, 5, 6, 15, 16];

export interface RawSpec {
  unitId: number;
  fc: RawFc;
  address: number;
  /** Values to read (of `type` for registers, bits for coils). */
  count: number;
  type: ValueType;
  wordOrder: WordOrder;
  byteOrder: ByteOrder;
  scale: number;
}

export type RawRequest =
  | { unitId: number; fc: 1 | 2 | 3 | 4; address: number; count: number }
  | { unitId: number; fc: 5; address: number; value: boolean }
  | { unitId: number; fc: 6; address: number; value: number }
  | { unitId: number; fc: 15; address: number; values: boolean[] }
  | { unitId: number; fc: 16; address: number; values: number[] };

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** The config's spec with what a message overrides (msg.modbus: unitId, fc, address, count, type, wordOrder, byteOrder, scale). */
export function rawSpecOf(base: RawSpec, override: unknown): { ok: true; spec: RawSpec } | { ok: false; error: Problem } {
  if (override === undefined) return { ok: true, spec: base };
  if (typeof override !== 'object' || override === null || Array.isArray(override))
    return { ok: false, error: problem('modbus.rawField', { field: 'modbus' }) };
  const o = override as Record<string, unknown>;
  const spec = { ...base };
  const bad = (field: string) => ({ ok: false as const, error: problem('modbus.rawField', { field: `modbus.${field}` }) });
  if (o.unitId !== undefined) {
    if (!isInt(o.unitId, 0, 255)) return bad('unitId');
    spec.unitId = o.unitId;
  }
  if (o.fc !== undefined) {
    if (!RAW_FCS.includes(o.fc as RawFc)) return bad('fc');
    spec.fc = o.fc as RawFc;
  }
  if (o.address !== undefined) {
    if (!isInt(o.address, 0, 65535)) return bad('address');
    spec.address = o.address;
  }
  if (o.count !== undefined) {
    if (!isInt(o.count, 1, 2000)) return bad('count');
    spec.count = o.count;
  }
  if (o.type !== undefined) {
    if (!VALUE_TYPES.includes(o.type as ValueType)) return bad('type');
    spec.type = o.type as ValueType;
  }
  for (const k of ['wordOrder', 'byteOrder'] as const)
    if (o[k] !== undefined) {
      if (o[k] !== 'big' && o[k] !== 'little') return bad(k);
      spec[k] = o[k];
    }
  if (o.scale !== undefined) {
    if (typeof o.scale !== 'number' || !(o.scale > 0) || !Number.isFinite(o.scale)) return bad('scale');
    spec.scale = o.scale;
  }
  return { ok: true, spec };
}

const layout = (s: RawSpec): Layout => ({ type: s.type, wordOrder: s.wordOrder, byteOrder: s.byteOrder });

/** The bus request for a spec; a write takes its value(s) from `payload`. */
export function rawRequest(s: RawSpec, payload: unknown): { ok: true; request: RawRequest } | { ok: false; error: Problem } {
  const { unitId, address } = s;
  const values = Array.isArray(payload) ? (payload as unknown[]) : [payload];
  switch (s.fc) {
    case 1:
    case 2:
    case 3:
    case 4: {
      const count = s.fc <= 2 ? s.count : s.count * registerCount(s.type);
      if (count > maxCount(s.fc) || address + count > 65536)
        return { ok: false, error: problem('modbus.rawCount', { count, max: maxCount(s.fc) }) };
      return { ok: true, request: { unitId, fc: s.fc, address, count } };
    }
    case 5:
    case 15: {
      if (!values.every((v) => typeof v === 'boolean' || v === 0 || v === 1) || values.length === 0 || values.length > 1968)
        return { ok: false, error: problem('modbus.rawWrite', { fc: s.fc }) };
      const bits = values.map((v) => v === true || v === 1);
      return { ok: true, request: s.fc === 5 ? { unitId, fc: 5, address, value: bits[0] } : { unitId, fc: 15, address, values: bits } };
    }
    case 6:
    case 16: {
      if (!values.every((v) => typeof v === 'number' && Number.isFinite(v)) || values.length === 0)
        return { ok: false, error: problem('modbus.rawWrite', { fc: s.fc }) };
      let words: number[];
      try {
        words = (values as number[]).flatMap((v) => encodeValue(v, layout(s), s.scale));
      } catch {
        return { ok: false, error: problem('modbus.rawRange', { type: s.type }) };
      }
      if (s.fc === 6) {
        if (words.length !== 1) return { ok: false, error: problem('modbus.rawSingle', { type: s.type }) };
        return { ok: true, request: { unitId, fc: 6, address, value: words[0] } };
      }
      if (words.length > 123) return { ok: false, error: problem('modbus.rawCount', { count: words.length, max: 123 }) };
      return { ok: true, request: { unitId, fc: 16, address, values: words } };
    }
  }
}

/** A read's values named by their address ("40001"), decoded by type and scale; bits stay booleans. */
export function rawValues(s: RawSpec, data: ReadonlyArray<number | boolean>): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (s.fc === 1 || s.fc === 2) {
    data.forEach((b, i) => (out[String(s.address + i)] = b === true || b === 1));
    return out;
  }
  const n = registerCount(s.type);
  const words = data as number[];
  for (let i = 0; i + n <= words.length; i += n) out[String(s.address + i)] = decodeValue(words, i, layout(s), s.scale);
  return out;
}
