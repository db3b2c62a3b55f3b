// The framer remembers each place's last valid group and recognises it by its bytes: a stream
// of frames that repeat, change and get corrupted must read exactly as each frame alone does,
// whatever the chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicFramer } from '../../nodes/core/tic/framer';
import { isoOfUtcMs } from '../../nodes/core/tic/horodate';
import type { TicGroup, TicRawFrame } from '../../nodes/core/tic/types';
import { STD_TEMPO_MONO, frameOf } from '../support/tic-frames';

const withData = (label: string, data: string): TicGroup[] => STD_TEMPO_MONO.map((g) => (g.label === label ? { ...g, data } : g));

/** What a framer that never saw the frame before makes of it: groups by content, and the counts. */
function alone(frame: Buffer): object[] {
  const out: object[] = [];
  new TicFramer().push(frame, (f) => out.push(view(f)));
  return out;
}
function view(f: TicRawFrame): object {
  return { ...f, groups: f.groups.map((g) => ({ ...g })) };
}

test('repeated, changed and corrupted groups read as in a frame alone, at every chunk size', () => {
  const base = frameOf(STD_TEMPO_MONO, 'standard');
  const longer = frameOf(withData('MSG1', 'PAS DE          MESSAGE          X'), 'standard');
  const lastDigit = frameOf(withData('EAST', '012345679'), 'standard');
  // a flipped bit in a group that was valid at that place last frame: the checksum still rules
  const flipped = Buffer.from(base);
  flipped[base.indexOf('EASF03') + 9] ^= 0x01;
  // a control byte where the remembered group had a printable one, and a CR too early
  const control = Buffer.from(base);
  control[base.indexOf('PRM') + 6] = 0x0b;
  const early = Buffer.from(base);
  early[base.indexOf('NGTF') + 8] = 0x0d;
  const frames = [base, base, longer, base, lastDigit, lastDigit, flipped, base, control, base, early, base, base];
  const expected = frames.flatMap(alone);
  const stream = Buffer.concat(frames);
  for (let size = 1; size <= 90; size++) {
    const framer = new TicFramer();
    const got: object[] = [];
    for (let i = 0; i < stream.length; i += size) framer.push(stream.subarray(i, i + size), (f) => got.push(view(f)));
    assert.deepEqual(got, expected, `chunk size ${size}`);
  }
});

test('the ISO text of a horodate instant is the one Date gives', () => {
  const samples = [
    0, -1, 1, 951_782_400_000, 946_677_600_000, 4_102_444_799_000, 1_711_846_800_000, 253_402_300_799_999, -62_135_596_800_000,
  ];
  for (let t = 946_684_800_000; t < 4_102_444_800_000; t += 86_400_000 * 7 + 3_600_000 + 61_001) samples.push(t);
  for (const t of samples) assert.equal(isoOfUtcMs(t), new Date(t).toISOString(), String(t));
});
