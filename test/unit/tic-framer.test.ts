import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicFramer } from '../../nodes/core/tic/framer';
import type { TicRawFrame } from '../../nodes/core/tic/types';
import { HIST_TEMPO_MONO, STD_TEMPO_MONO, frameOf } from '../support/tic-frames';

function run(bytes: Buffer | string, flush = false, framer = new TicFramer()): { frames: TicRawFrame[]; framer: TicFramer } {
  const frames: TicRawFrame[] = [];
  framer.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, (f) => frames.push(f));
  if (flush) framer.flush((f) => frames.push(f));
  return { frames, framer };
}

const H = frameOf(HIST_TEMPO_MONO, 'historique');
const S = frameOf(STD_TEMPO_MONO, 'standard');

test('a clean stream of frames gives every group of every frame', () => {
  const { frames, framer } = run(Buffer.concat([H, S, H]));
  assert.equal(frames.length, 3);
  assert.deepEqual(
    frames.map((f) => f.groups.length),
    [HIST_TEMPO_MONO.length, STD_TEMPO_MONO.length, HIST_TEMPO_MONO.length],
  );
  assert.ok(frames.every((f) => f.complete && !f.interrupted));
  assert.deepEqual(frames[1].groups, STD_TEMPO_MONO);
  assert.equal(frames[1].htGroups, STD_TEMPO_MONO.length);
  assert.equal(frames[0].spGroups, HIST_TEMPO_MONO.length);
  assert.equal(frames[0].bytes, H.length);
  assert.deepEqual(framer.counters.groupsRejected, {});
});

test('a partial first frame is skipped as junk, the next frame is whole', () => {
  const { frames, framer } = run(Buffer.concat([H.subarray(57), H]));
  assert.equal(frames.length, 1);
  assert.deepEqual(frames[0].groups, HIST_TEMPO_MONO);
  assert.equal(framer.counters.junkBytes, H.length - 57);
});

test('EOT interrupts a frame: its groups so far are delivered, flagged, and counted', () => {
  const cut = H.indexOf('PTEC');
  const { frames, framer } = run(Buffer.concat([H.subarray(0, cut + 3), Buffer.from([0x04]), H]));
  assert.equal(frames.length, 2);
  assert.equal(frames[0].interrupted, true);
  assert.equal(frames[0].complete, false);
  assert.equal(frames[0].groups.length, 9);
  assert.deepEqual(frames[0].rejected, {});
  assert.equal(frames[1].complete, true);
  assert.equal(framer.counters.eot, 1);
});

test('junk between frames and a LF without CR lose only what they touch', () => {
  const noCr = Buffer.from(H);
  const papp = noCr.indexOf('PAPP');
  const crAfterPapp = noCr.indexOf(0x0d, papp);
  noCr[crAfterPapp] = 0x0c; // CR → 0x0C, seen on real lines
  const { frames } = run(Buffer.concat([Buffer.from('\xff\x00garbage\r\n\x80', 'latin1'), noCr, Buffer.from('zz'), S]));
  assert.equal(frames.length, 2);
  assert.equal(frames[0].groups.length, HIST_TEMPO_MONO.length - 1);
  assert.ok(!frames[0].groups.some((g) => g.label === 'PAPP'));
  assert.equal(frames[0].rejected['non-printable'], 1);
  assert.equal(frames[1].groups.length, STD_TEMPO_MONO.length);
});

test('a LF without its CR rejects that group as structure and keeps the next one', () => {
  const text = H.toString('latin1');
  const i = text.indexOf('\r\nPAPP');
  const broken = Buffer.from(text.slice(0, i) + text.slice(i + 1), 'latin1');
  const { frames } = run(broken);
  assert.equal(frames[0].rejected.structure, 1);
  assert.ok(frames[0].groups.some((g) => g.label === 'PAPP'));
  assert.equal(frames[0].groups.length, HIST_TEMPO_MONO.length - 1);
});

test('a frame cut by a new STX or by the end of the stream is delivered as incomplete', () => {
  const { frames, framer } = run(Buffer.concat([H.subarray(0, 100), H, H.subarray(0, 60)]), true);
  assert.equal(frames.length, 3);
  assert.deepEqual(
    frames.map((f) => f.complete),
    [false, true, false],
  );
  assert.equal(framer.counters.truncated, 2);
});

test('the result does not depend on how the stream is chunked', () => {
  const stream = Buffer.concat([H, S, H.subarray(0, 80), Buffer.from([0x04]), S]);
  const whole = run(stream).frames;
  for (const size of [1, 2, 7, 64, 333]) {
    const framer = new TicFramer();
    const frames: TicRawFrame[] = [];
    for (let i = 0; i < stream.length; i += size) framer.push(stream.subarray(i, i + size), (f) => frames.push(f));
    assert.deepEqual(frames, whole, `chunk size ${size}`);
  }
});

test('an over-long group is dropped without swallowing the frame', () => {
  const long = Buffer.from(`\x02\nXX ${'9'.repeat(300)} A\r${H.subarray(1).toString('latin1')}`, 'latin1');
  const { frames } = run(long);
  assert.equal(frames.length, 1);
  assert.equal(frames[0].rejected.structure, 1);
  assert.equal(frames[0].groups.length, HIST_TEMPO_MONO.length);
});

test('bit 7 set by an 8N1 modem is cleared only when asked', () => {
  const high = Buffer.from(H.map((b) => b | (b % 2 === 1 ? 0x80 : 0)));
  assert.equal(run(high).frames.length, 0);
  const masked = run(high, false, new TicFramer({ maskBit7: true })).frames;
  assert.equal(masked.length, 1);
  assert.deepEqual(masked[0].groups, HIST_TEMPO_MONO);
});
