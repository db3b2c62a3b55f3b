// The Modbus codec and the profiles against truth: known register words from the meters'
// documentation and from pymodbus/mbpoll, and the round-trip property over every type and order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRaw, decodeValue, encodeRaw, encodeValue, registerCount, VALUE_TYPES, type Layout } from '../../nodes/core/modbus/codec';
import {
  decodePoints,
  meterReading,
  parseProfile,
  planBlocks,
  profileBlocks,
  type Profile,
  type ProfilePoint,
} from '../../nodes/core/modbus/profile';
import { encodeImage, PROFILES, readImage } from '../../nodes/core/modbus/profiles';
import { fc } from '../support/property';

const abcd: Omit<Layout, 'type'> = { wordOrder: 'big', byteOrder: 'big' };

test('codec: IEEE754 float32 ABCD as an SDM sends it, and the three other orders', () => {
  // -1150.5 = 0xC48FD000 (pymodbus packs '>f' into two big-endian words)
  assert.deepEqual(encodeRaw(-1150.5, { type: 'f32', ...abcd }), [0xc48f, 0xd000]);
  assert.equal(decodeRaw([0xc48f, 0xd000], 0, { type: 'f32', ...abcd }), -1150.5);
  assert.equal(decodeRaw([0xd000, 0xc48f], 0, { type: 'f32', wordOrder: 'little', byteOrder: 'big' }), -1150.5); // CDAB
  assert.equal(decodeRaw([0x8fc4, 0x00d0], 0, { type: 'f32', wordOrder: 'big', byteOrder: 'little' }), -1150.5); // BADC
  assert.equal(decodeRaw([0x00d0, 0x8fc4], 0, { type: 'f32', wordOrder: 'little', byteOrder: 'little' }), -1150.5); // DCBA
});

test('codec: integers, signed and unsigned, 16 and 32 bits, and the PZEM low-word-first current', () => {
  assert.equal(decodeRaw([0xffff], 0, { type: 'u16', ...abcd }), 65535);
  assert.equal(decodeRaw([0xffff], 0, { type: 'i16', ...abcd }), -1);
  assert.equal(decodeRaw([0xfffe, 0xffff], 0, { type: 'i32', wordOrder: 'little', byteOrder: 'big' }), -2);
  assert.equal(decodeRaw([0x0001, 0x0000], 0, { type: 'u32', ...abcd }), 65536);
  // PZEM: current 0x0001 (low) = 0x2710, 0x0002 (high) = 0x0001 → 75536 mA
  assert.equal(decodeValue([0x2710, 0x0001], 0, { type: 'u32', wordOrder: 'little', byteOrder: 'big' }, 0.001), 75.536);
  assert.equal(decodeValue([2301], 0, { type: 'u16', ...abcd }, 0.1), 230.1);
  assert.deepEqual(encodeValue(230.1, { type: 'u16', ...abcd }, 0.1), [2301]);
  assert.throws(() => encodeRaw(70000, { type: 'u16', ...abcd }), RangeError);
  assert.throws(() => encodeRaw(-1, { type: 'u32', ...abcd }), RangeError);
  assert.throws(() => decodeRaw([1], 0, { type: 'f32', ...abcd }), RangeError);
  assert.equal(decodeRaw([0x4000, 0, 0, 0], 0, { type: 'f64', ...abcd }), 2);
});

test('planning: the fewest reads within 125 registers, merging holes up to the gap allowed', () => {
  const spans = [
    { fc: 4 as const, address: 0, count: 2 },
    { fc: 4 as const, address: 6, count: 2 },
    { fc: 4 as const, address: 0x156, count: 2 },
    { fc: 3 as const, address: 10, count: 1 },
  ];
  assert.deepEqual(planBlocks(spans, 0), [
    { fc: 3, start: 10, count: 1 },
    { fc: 4, start: 0, count: 2 },
    { fc: 4, start: 6, count: 2 },
    { fc: 4, start: 0x156, count: 2 },
  ]);
  assert.deepEqual(planBlocks(spans, 4), [
    { fc: 3, start: 10, count: 1 },
    { fc: 4, start: 0, count: 8 },
    { fc: 4, start: 0x156, count: 2 },
  ]);
  const many = Array.from({ length: 100 }, (_, i) => ({ fc: 4 as const, address: i * 2, count: 2 }));
  assert.deepEqual(
    planBlocks(many, 0).map((b) => [b.start, b.count]),
    [
      [0, 124],
      [124, 76],
    ],
  );
});

test('profiles: every shipped profile is valid, reads in few blocks and covers the clamp contract', () => {
  assert.deepEqual([...PROFILES.keys()].sort(), ['or-we-516', 'pzem-004t', 'sdm120', 'sdm230', 'sdm630', 'sdm72']);
  for (const p of PROFILES.values()) {
    const blocks = profileBlocks(p);
    assert.ok(blocks.length <= 3, `${p.model}: ${blocks.length} reads`);
    for (const role of ['power', 'current', 'voltage', 'energyImport'])
      assert.ok(
        p.points.some((x) => x.role === role),
        `${p.model} has ${role}`,
      );
  }
  assert.equal(PROFILES.get('pzem-004t')!.direction, false);
});

test('profiles: refusals are problems naming the profile and the point', () => {
  const base = PROFILES.get('sdm120')!;
  const dup = { ...base, points: [...base.points, base.points[0]] };
  assert.deepEqual(parseProfile(dup), {
    ok: false,
    error: { code: 'modbus.profileDuplicate', params: { model: 'sdm120', id: 'voltageV' } },
  });
  const outside = { ...base, points: [...base.points, { ...base.points[0], id: 'far', address: 0x400 }] };
  assert.deepEqual(parseProfile(outside), { ok: false, error: { code: 'modbus.profileOutside', params: { model: 'sdm120', id: 'far' } } });
  const bad = parseProfile({ ...base, points: [{ ...base.points[0], type: 'f16' }] });
  assert.ok(!bad.ok && bad.error.code === 'modbus.profileSchema' && String(bad.error.params.text).includes('/points/0/type'));
  const phase = parseProfile({ ...base, points: [{ ...base.points[0], phase: 2 }] });
  assert.ok(!phase.ok && phase.error.code === 'modbus.profilePhase');
});

test('SDM630: an exporting register image decodes to a clamp reading with its phases', () => {
  const p = PROFILES.get('sdm630')!;
  const truth = {
    voltageL1V: 230.5,
    voltageL2V: 231,
    voltageL3V: 229.5,
    currentL1A: 5.25,
    currentL2A: 1.5,
    currentL3A: 0.5,
    powerL1W: -1150.5,
    powerL2W: 300,
    powerL3W: 100,
    powerW: -750.5,
    apparentPowerVA: 1670,
    powerFactor: -0.5,
    frequencyHz: 50,
    energyImportWh: 1234500,
    energyExportWh: 6789000,
  };
  const image = encodeImage(p, truth);
  const blocks = profileBlocks(p);
  const values = decodePoints(
    p,
    blocks,
    blocks.map((b) => readImage(image, b.fc, b.start, b.count)),
  );
  const r = meterReading(p, values);
  assert.equal(r.powerW, 750.5);
  assert.equal(r.direction, 'export');
  assert.equal(r.currentA, 5.25, 'the highest phase current, the one a breaker sees');
  assert.equal(r.apparentPowerVA, 1670);
  assert.equal(r.powerFactor, -0.5);
  assert.equal(r.voltageV, 230.33333333333334);
  assert.equal(r.energyImportWh, 1234500);
  assert.equal(r.energyExportWh, 6789000);
  assert.deepEqual(
    r.phases!.map((x) => [x.powerW, x.direction]),
    [
      [1150.5, 'export'],
      [300, 'import'],
      [100, 'import'],
    ],
  );
  const inv = meterReading(p, values, true);
  assert.deepEqual([inv.direction, inv.energyImportWh, inv.energyExportWh], ['import', 6789000, 1234500]);
});

test('PZEM-004T: power is a magnitude, the direction unknown, S = V × I', () => {
  const p = PROFILES.get('pzem-004t')!;
  const image = encodeImage(p, {
    voltageV: 231.2,
    currentA: 4.321,
    powerW: 950.4,
    energyImportWh: 123456,
    frequencyHz: 49.9,
    powerFactor: 0.95,
  });
  const blocks = profileBlocks(p);
  assert.deepEqual(blocks, [{ fc: 4, start: 0, count: 10 }], 'one read');
  assert.deepEqual(readImage(image, 4, 1, 2), [4321, 0], 'low word first');
  const r = meterReading(p, decodePoints(p, blocks, [readImage(image, 4, 0, 10)]));
  assert.deepEqual(
    [r.powerW, r.direction, r.currentA, r.voltageV, r.frequencyHz, r.powerFactor, r.energyImportWh],
    [950.4, 'unknown', 4.321, 231.2, 49.9, 0.95, 123456],
  );
  assert.equal(r.energyExportWh, undefined, 'injection is not measured');
  assert.ok(Math.abs(r.apparentPowerVA - 231.2 * 4.321) < 1e-9);
});

// A random profile: points of every type and order, scales, at distinct addresses, and values
// each type can hold exactly.
const SCALES = [1, 0.1, 0.01, 0.001, 10, 1000];
const pointArb = fc.record({
  type: fc.constantFrom(...VALUE_TYPES),
  wordOrder: fc.constantFrom('big' as const, 'little' as const),
  byteOrder: fc.constantFrom('big' as const, 'little' as const),
  scale: fc.constantFrom(...SCALES),
  gap: fc.integer({ min: 0, max: 40 }),
  fc: fc.constantFrom(3 as const, 4 as const),
  seed: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  f64: fc.double({ noNaN: true, noDefaultInfinity: true }),
});

function rawFor(type: string, seed: number, f64: number): number {
  const span: Record<string, [number, number]> = {
    u16: [0, 0xffff],
    i16: [-0x8000, 0x7fff],
    u32: [0, 0xffffffff],
    i32: [-0x80000000, 0x7fffffff],
  };
  if (type === 'f64') return f64;
  if (type === 'f32') return Math.fround(f64);
  const [lo, hi] = span[type];
  return lo + Math.floor(seed * (hi - lo + 1));
}

test('property: any register image encoded by a profile decodes back to the same values, for every type and order', () => {
  fc.assert(
    fc.property(fc.array(pointArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 20 }), (specs, maxGap) => {
      let address = 0;
      const points: ProfilePoint[] = [];
      const truth: Record<string, number> = {};
      specs.forEach((s, i) => {
        address += s.gap;
        // floats keep their scale off: a float times 0.1 is not a float32 any more
        const scale = s.type === 'f64' ? 1 : s.type === 'f32' ? (s.scale >= 1 ? s.scale : 1) : s.scale;
        const pt: ProfilePoint = {
          id: `p${i}`,
          fc: s.fc,
          address,
          type: s.type,
          wordOrder: s.wordOrder,
          byteOrder: s.byteOrder,
          scale,
          unit: '',
          role: 'other',
        };
        address += registerCount(s.type);
        points.push(pt);
        const raw = rawFor(s.type, s.seed, s.f64);
        truth[pt.id] = decodeValue(
          encodeRaw(raw, { type: s.type, wordOrder: 'big', byteOrder: 'big' }),
          0,
          { type: s.type, ...abcd },
          scale,
        );
      });
      const profile: Profile = {
        model: 'prop',
        name: 'prop',
        phases: 1,
        direction: true,
        defaults: { baud: 9600, parity: 'none', dataBits: 8, stopBits: 1, unitId: 1 },
        wordOrder: 'big',
        byteOrder: 'big',
        maxGap,
        points,
      };
      assert.ok(parseProfile(profile).ok);
      const image = encodeImage(profile, truth);
      const blocks = profileBlocks(profile);
      for (const b of blocks) assert.ok(b.count <= 125);
      const decoded = decodePoints(
        profile,
        blocks,
        blocks.map((b) => readImage(image, b.fc, b.start, b.count)),
      );
      assert.deepEqual(decoded, truth);
    }),
  );
});
