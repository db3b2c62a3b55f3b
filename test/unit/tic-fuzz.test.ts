// Property-based tests: no byte sequence makes the decoder throw, every accepted group is
// byte-for-byte a checksummed group of the input, and corruption never changes a known
// numeric value (it is dropped instead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc, runs } from '../support/property';
import { TicFramer } from '../../nodes/core/tic/framer';
import { encodeGroup } from '../../nodes/core/tic/frame-encoder';
import { TicDecoder } from '../../nodes/core/tic/tic-decoder';
import type { MeterState } from '../../nodes/core/tic/meter-state';
import type { TicGroup } from '../../nodes/core/tic/types';
import { HIST_HC_TRI, HIST_TEMPO_MONO, STD_TEMPO_MONO, frameOf } from '../support/tic-frames';

const RUNS = Number(process.env.WES_FUZZ_RUNS ?? 400);

// bytes biased towards the control characters so that the state machine is exercised
const ticByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(0x02, 0x03, 0x04, 0x0a, 0x0d, 0x09, 0x20) },
  { weight: 4, arbitrary: fc.integer({ min: 0x30, max: 0x5a }) },
);
const stream = fc.array(ticByte, { maxLength: 3000, size: 'max' }).map((a) => Uint8Array.from(a));
const realish = fc
  .tuple(
    fc.array(
      fc.constantFrom(frameOf(HIST_TEMPO_MONO, 'historique'), frameOf(STD_TEMPO_MONO, 'standard'), frameOf(HIST_HC_TRI, 'historique')),
      { minLength: 1, maxLength: 4 },
    ),
    fc.array(fc.tuple(fc.nat(), ticByte), { maxLength: 30 }),
  )
  .map(([frames, edits]) => {
    const buf = Buffer.concat(frames);
    for (const [at, b] of edits) buf[at % buf.length] = b;
    return new Uint8Array(buf);
  });

function acceptedGroupsAreInInput(input: Uint8Array): void {
  const text = Buffer.from(input).toString('latin1');
  const framer = new TicFramer();
  const groups: TicGroup[] = [];
  framer.push(input, (f) => groups.push(...f.groups));
  framer.flush((f) => groups.push(...f.groups));
  for (const g of groups) {
    const asHist = encodeGroup('historique', g);
    const asStd = encodeGroup('standard', g);
    assert.ok(text.includes(asHist) || text.includes(asStd), `group ${JSON.stringify(g)} is not a checksummed group of the input`);
  }
}

test('no byte sequence throws, and every accepted group carries a valid checksum', () => {
  fc.assert(
    fc.property(fc.oneof(stream, realish), fc.integer({ min: 1, max: 200 }), (input, chunk) => {
      const d = new TicDecoder();
      const sink = { frame: () => undefined, event: () => undefined };
      for (let i = 0; i < input.length; i += chunk) d.push(input.subarray(i, i + chunk), i, sink);
      d.tick(1e9, sink);
      d.end(1e9, sink);
      acceptedGroupsAreInInput(input);
    }),
    { numRuns: runs(RUNS) },
  );
});

test('a single bit flip anywhere never alters a known numeric value', () => {
  const frames: [TicGroup[], 'historique' | 'standard'][] = [
    [HIST_TEMPO_MONO, 'historique'],
    [STD_TEMPO_MONO, 'standard'],
    [HIST_HC_TRI, 'historique'],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...frames), fc.nat(), fc.integer({ min: 0, max: 6 }), ([groups, mode], at, bit) => {
      const clean = frameOf(groups, mode);
      const truth = new Map(groups.map((g) => [g.label, g.data]));
      const bad = Buffer.from(clean);
      bad[at % bad.length] ^= 1 << bit;
      const d = new TicDecoder();
      const states: MeterState[] = [];
      const sink = {
        frame: (s: MeterState) => {
          states.push(s);
        },
        event: () => undefined,
      };
      // an earlier clean frame fixes the mode, as on a live line
      d.push(clean, 0, sink);
      states.length = 0;
      d.push(bad, 2000, sink);
      for (const s of states) {
        for (const [label, v] of Object.entries(s.labels)) {
          const original = truth.get(label);
          if (original === undefined || typeof v.value !== 'number') continue;
          assert.equal(v.raw, original, `${label} altered by flipping bit ${bit} of byte ${at % bad.length}`);
        }
      }
    }),
    { numRuns: runs(RUNS * 2) },
  );
});
