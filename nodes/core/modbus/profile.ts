// Device profiles: a JSON description of a meter's registers (which blocks to read, where each
// value lies, its type, word order, scale, unit and role), validated by ajv, so a user adds a
// meter without code. The roles turn decoded points into a meter reading that follows the
// clamp contract, so every consumer of a clamp accepts a Modbus meter.
import Ajv from 'ajv';
import { problem, type Problem } from '../problem';
import type { ClampReading, PowerDirection } from '../contracts/clamp';
import { decodeValue, registerCount, VALUE_TYPES, type ByteOrder, type Layout, type ValueType, type WordOrder } from './codec';

/** Read function codes: coils (1), discrete inputs (2), holding (3) and input (4) registers. */
export type ReadFc = 1 | 2 | 3 | 4;

const ROLES = [
  'power',
  'current',
  'voltage',
  'apparentPower',
  'reactivePower',
  'powerFactor',
  'frequency',
  'energyImport',
  'energyExport',
  'other',
] as const;
export type Role = (typeof ROLES)[number];

export interface ProfilePoint {
  /** The name in msg.payload.values, unit in the name (powerL1W). */
  id: string;
  fc: 3 | 4;
  address: number;
  type: ValueType;
  wordOrder?: WordOrder;
  byteOrder?: ByteOrder;
  scale?: number;
  unit: string;
  role: Role;
  /** 1..3 for a per-phase value; absent for the whole meter. */
  phase?: number;
}

export interface Block {
  fc: ReadFc;
  start: number;
  count: number;
}

export interface Profile {
  model: string;
  name: string;
  phases: 1 | 3;
  /** False when the meter cannot tell import from export (PZEM-004T): power is a magnitude. */
  direction: boolean;
  defaults: { baud: number; parity: 'none' | 'even' | 'odd'; dataBits: 7 | 8; stopBits: 1 | 2; unitId: number };
  wordOrder: WordOrder;
  byteOrder: ByteOrder;
  /** The reads to make; when absent they are planned from the points. */
  blocks?: Block[];
  /** Planning: unread registers a read may span to save a request (the device must allow it). */
  maxGap?: number;
  points: ProfilePoint[];
  notes?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    model: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    name: { type: 'string', minLength: 1 },
    phases: { enum: [1, 3] },
    direction: { type: 'boolean' },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        baud: { enum: [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] },
        parity: { enum: ['none', 'even', 'odd'] },
        dataBits: { enum: [7, 8] },
        stopBits: { enum: [1, 2] },
        unitId: { type: 'integer', minimum: 1, maximum: 247 },
      },
      required: ['baud', 'parity', 'dataBits', 'stopBits', 'unitId'],
    },
    wordOrder: { enum: ['big', 'little'] },
    byteOrder: { enum: ['big', 'little'] },
    maxGap: { type: 'integer', minimum: 0, maximum: 124 },
    blocks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          fc: { enum: [3, 4] },
          start: { type: 'integer', minimum: 0, maximum: 65535 },
          count: { type: 'integer', minimum: 1, maximum: 125 },
        },
        required: ['fc', 'start', 'count'],
      },
    },
    points: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
          fc: { enum: [3, 4] },
          address: { type: 'integer', minimum: 0, maximum: 65535 },
          type: { enum: VALUE_TYPES },
          wordOrder: { enum: ['big', 'little'] },
          byteOrder: { enum: ['big', 'little'] },
          scale: { type: 'number', exclusiveMinimum: 0 },
          unit: { type: 'string' },
          role: { enum: ROLES },
          phase: { type: 'integer', minimum: 1, maximum: 3 },
        },
        required: ['id', 'fc', 'address', 'type', 'unit', 'role'],
      },
    },
    notes: { type: 'string' },
  },
  required: ['model', 'name', 'phases', 'direction', 'defaults', 'wordOrder', 'byteOrder', 'points'],
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** A profile read from JSON, or the first thing wrong with it. */
export function parseProfile(json: unknown): { ok: true; profile: Profile } | { ok: false; error: Problem } {
  const model = typeof (json as { model?: unknown })?.model === 'string' ? (json as { model: string }).model : '?';
  if (!validate(json)) {
    const text = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
    return { ok: false, error: problem('modbus.profileSchema', { model, text }) };
  }
  const p = json as unknown as Profile;
  const seen = new Set<string>();
  for (const pt of p.points) {
    if (seen.has(pt.id)) return { ok: false, error: problem('modbus.profileDuplicate', { model, id: pt.id }) };
    seen.add(pt.id);
    if (pt.phase !== undefined && pt.phase > p.phases) return { ok: false, error: problem('modbus.profilePhase', { model, id: pt.id }) };
    if (p.blocks && blockOf(p.blocks, pt) < 0) return { ok: false, error: problem('modbus.profileOutside', { model, id: pt.id }) };
  }
  return { ok: true, profile: p };
}

export function layoutOf(p: Pick<Profile, 'wordOrder' | 'byteOrder'>, pt: ProfilePoint): Layout {
  return { type: pt.type, wordOrder: pt.wordOrder ?? p.wordOrder, byteOrder: pt.byteOrder ?? p.byteOrder };
}

function blockOf(blocks: readonly Block[], pt: { fc: number; address: number; type: ValueType }): number {
  const end = pt.address + registerCount(pt.type);
  return blocks.findIndex((b) => b.fc === pt.fc && pt.address >= b.start && end <= b.start + b.count);
}

/** The most registers (3, 4) or bits (1, 2) one read may ask for, by the Modbus specification. */
export function maxCount(fc: ReadFc): number {
  return fc <= 2 ? 2000 : 125;
}

/**
 * The fewest reads covering every span: spans of one function code sorted by address, merged
 * while the hole between them is at most `maxGap` and the read stays within the limit.
 */
export function planBlocks(spans: ReadonlyArray<{ fc: ReadFc; address: number; count: number }>, maxGap = 0): Block[] {
  const out: Block[] = [];
  const byFc = new Map<ReadFc, Array<{ address: number; count: number }>>();
  for (const s of spans) byFc.set(s.fc, [...(byFc.get(s.fc) ?? []), s]);
  for (const fc of [...byFc.keys()].sort()) {
    const list = byFc
      .get(fc)!
      .slice()
      .sort((a, b) => a.address - b.address);
    let cur: Block | undefined;
    for (const s of list) {
      const end = s.address + s.count;
      if (cur && s.address <= cur.start + cur.count + maxGap && end - cur.start <= maxCount(fc)) {
        cur.count = Math.max(cur.count, end - cur.start);
      } else {
        cur = { fc, start: s.address, count: s.count };
        out.push(cur);
      }
    }
  }
  return out;
}

/** The reads a profile needs: its own blocks, or planned from its points. */
export function profileBlocks(p: Profile): Block[] {
  return (
    p.blocks ??
    planBlocks(
      p.points.map((pt) => ({ fc: pt.fc, address: pt.address, count: registerCount(pt.type) })),
      p.maxGap ?? 0,
    )
  );
}

/** Each point's engineering value, from the registers of `blocks` (data[i] answers blocks[i]). */
export function decodePoints(p: Profile, blocks: readonly Block[], data: ReadonlyArray<readonly number[]>): Record<string, number> {
  const values: Record<string, number> = {};
  for (const pt of p.points) {
    const i = blockOf(blocks, pt);
    if (i < 0) continue;
    values[pt.id] = decodeValue(data[i], pt.address - blocks[i].start, layoutOf(p, pt), pt.scale ?? 1);
  }
  return values;
}

export interface PhaseReading {
  phase: number;
  powerW?: number;
  direction?: PowerDirection;
  currentA?: number;
  voltageV?: number;
  apparentPowerVA?: number;
  powerFactor?: number;
  /** The phase's own registers, on meters that keep them (SDM630). */
  energyImportWh?: number;
  energyExportWh?: number;
}

/** A meter's message payload: the clamp contract's fields, its phases, and every point by id. */
export interface MeterReading extends ClampReading {
  phases?: PhaseReading[];
  values: Record<string, number>;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const clampPf = (pf: number): number => Math.max(-1, Math.min(1, pf));

function directionOf(signedW: number, measured: boolean): PowerDirection {
  if (!measured) return 'unknown';
  return signedW < 0 ? 'export' : 'import';
}

/**
 * The reading from decoded points. Power without a total point is the sum of the phases; the
 * current is the highest phase current (the one a breaker trips on); with no apparent-power
 * point, S is V × I. `invert` is for a meter mounted the other way round (a PV inverter's).
 */
export function meterReading(p: Profile, values: Record<string, number>, invert = false): MeterReading {
  const pick = (role: Role, phase?: number): number | undefined => {
    const pt = p.points.find((x) => x.role === role && x.phase === phase && values[x.id] !== undefined);
    return pt ? values[pt.id] : undefined;
  };
  const sign = invert ? -1 : 1;
  const phases: PhaseReading[] = [];
  for (let ph = 1; ph <= (p.phases === 3 ? 3 : 0); ph++) {
    const r: PhaseReading = { phase: ph };
    const w = pick('power', ph);
    if (w !== undefined) {
      r.powerW = Math.abs(w);
      r.direction = directionOf(sign * w, p.direction);
    }
    const a = pick('current', ph);
    if (a !== undefined) r.currentA = Math.abs(a);
    const v = pick('voltage', ph);
    if (v !== undefined) r.voltageV = v;
    const va = pick('apparentPower', ph);
    if (va !== undefined) r.apparentPowerVA = Math.abs(va);
    else if (a !== undefined && v !== undefined) r.apparentPowerVA = Math.abs(a * v);
    const pf = pick('powerFactor', ph);
    if (pf !== undefined) r.powerFactor = clampPf(pf);
    const pi = pick(invert ? 'energyExport' : 'energyImport', ph);
    const pe = pick(invert ? 'energyImport' : 'energyExport', ph);
    if (pi !== undefined) r.energyImportWh = pi;
    if (pe !== undefined) r.energyExportWh = pe;
    phases.push(r);
  }
  const rawPhaseW = [1, 2, 3].slice(0, phases.length).map((ph) => pick('power', ph));
  const rawW = pick('power') ?? (rawPhaseW.length && rawPhaseW.every((x) => x !== undefined) ? sum(rawPhaseW as number[]) : 0);
  const flowW = sign * rawW;
  const voltages = phases.map((r) => r.voltageV).filter((x): x is number => x !== undefined);
  const voltageV = pick('voltage') ?? (voltages.length ? sum(voltages) / voltages.length : undefined);
  const currents = phases.map((r) => r.currentA).filter((x): x is number => x !== undefined);
  const currentA = Math.abs(pick('current') ?? (currents.length ? Math.max(...currents) : 0));
  const vaPhases = phases.map((r) => r.apparentPowerVA).filter((x): x is number => x !== undefined);
  const apparentPowerVA = Math.abs(
    pick('apparentPower') ?? (vaPhases.length ? sum(vaPhases) : voltageV !== undefined ? voltageV * currentA : Math.abs(flowW)),
  );
  const pfPoint = pick('powerFactor');
  const powerFactor = clampPf(pfPoint ?? (apparentPowerVA > 0 ? Math.abs(flowW) / apparentPowerVA : 1));
  const out: MeterReading = {
    powerW: Math.abs(flowW),
    direction: directionOf(flowW, p.direction),
    currentA,
    apparentPowerVA,
    powerFactor,
    values,
  };
  if (voltageV !== undefined) out.voltageV = voltageV;
  const hz = pick('frequency');
  if (hz !== undefined) out.frequencyHz = hz;
  // a meter the other way round counts our import in its export register
  const imp = pick(invert ? 'energyExport' : 'energyImport');
  const exp = pick(invert ? 'energyImport' : 'energyExport');
  if (imp !== undefined) out.energyImportWh = imp;
  if (exp !== undefined) out.energyExportWh = exp;
  if (phases.length) out.phases = phases;
  return out;
}
