// Issue 16: what a real line does to the decoder and the speed hunter. Frames are built from
// the spec tables; the corruptions are the ones the 6-bit checksum cannot see (a flip of
// bit 6 changes the sum by 64) or that a real line produces (a lost group, silence).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicDecoder, type TicEvent } from '../../nodes/core/tic/tic-decoder';
import { TicFramer } from '../../nodes/core/tic/framer';
import { SpeedHunter } from '../../nodes/core/tic/speed-hunter';
import { SimulatedMeter } from '../../nodes/core/sim/simulated-meter';
import type { MeterState } from '../../nodes/core/tic/meter-state';
import type { TicGroup, TicRawFrame } from '../../nodes/core/tic/types';
import { HIST_HC_TRI, HIST_TEMPO_MONO, HIST_TRI_SHORT, STD_TEMPO_MONO, frameOf } from '../support/tic-frames';

class Recorder {
  states: MeterState[] = [];
  events: TicEvent[] = [];
  valid: number[] = [];
  frame = (s: MeterState): void => {
    this.states.push(s);
  };
  event = (e: TicEvent): void => {
    this.events.push(e);
  };
  validGroups = (n: number): void => {
    this.valid.push(n);
  };
  get last(): MeterState {
    return this.states[this.states.length - 1];
  }
  names(): string[] {
    return this.events.map((e) => e.event);
  }
}

function withData(groups: TicGroup[], label: string, data: string): TicGroup[] {
  return groups.map((g) => (g.label === label ? { ...g, data } : g));
}

/** The frame with bit 6 of one character flipped inside the group of `label`. */
function flip6(frame: Buffer, label: string, offsetInGroup: number, mode: 'historique' | 'standard'): Buffer {
  const sep = mode === 'standard' ? '\t' : ' ';
  const at = frame.indexOf(`\n${label}${sep}`);
  assert.ok(at >= 0, `${label} in frame`);
  const out = Buffer.from(frame);
  out[at + 1 + offsetInGroup] ^= 0x40;
  return out;
}

/** The frame with one group's checksum broken (a plain one-bit error the checksum sees). */
function breakGroup(frame: Buffer, label: string, mode: 'historique' | 'standard'): Buffer {
  const sep = mode === 'standard' ? '\t' : ' ';
  const at = frame.indexOf(`\n${label}${sep}`);
  assert.ok(at >= 0);
  const out = Buffer.from(frame);
  out[at + 1 + label.length + 1] ^= 0x01;
  return out;
}

function rawFrames(bytes: Buffer): TicRawFrame[] {
  const out: TicRawFrame[] = [];
  new TicFramer().push(bytes, (f) => out.push(f));
  return out;
}

const STD_TRI: TicGroup[] = [
  { label: 'ADSC', data: '041976183957' },
  { label: 'VTIC', data: '02' },
  { label: 'DATE', horodate: 'H261125193000', data: '' },
  { label: 'NGTF', data: '     TEMPO      ' },
  { label: 'LTARF', data: '    HP  BLEU    ' },
  { label: 'EAST', data: '012345678' },
  { label: 'EASF01', data: '001000000' },
  { label: 'EASF02', data: '002000000' },
  { label: 'IRMS1', data: '004' },
  { label: 'IRMS2', data: '006' },
  { label: 'IRMS3', data: '003' },
  { label: 'URMS1', data: '231' },
  { label: 'URMS2', data: '229' },
  { label: 'URMS3', data: '232' },
  { label: 'SINSTS', data: '02965' },
  { label: 'SINSTS1', data: '00924' },
  { label: 'SINSTS2', data: '01376' },
  { label: 'SINSTS3', data: '00665' },
  { label: 'STGE', data: '053A4401' },
];

test('item 1: a locked speed survives a long silence; bytes that never check out still move it', () => {
  const s = new SpeedHunter([1200, 9600], 6000, 20000);
  s.bytes(200, 0);
  s.validGroup(1000);
  assert.equal(s.isLocked, true);
  // 30 s of nothing, then the next frame starts: its groups check out within a frame time
  for (let t = 2000; t <= 31_000; t += 1000) assert.equal(s.tick(t), null, `silence at ${t}`);
  s.bytes(50, 31_000);
  assert.equal(s.tick(31_500), null, 'the first bytes after a silence are not a verdict');
  assert.equal(s.tick(33_000), null);
  s.validGroup(33_500);
  // the meter now sends at another speed: bytes, no valid group, for a hop's time
  s.bytes(10, 34_000);
  assert.equal(s.tick(39_999), null);
  assert.equal(s.tick(54_000), 9600);
  assert.equal(s.isLocked, false);
});

test('item 1: a wrong fixed speed is doubtful only while bytes arrive without a valid group', () => {
  const s = new SpeedHunter([9600], 6000, 20000);
  assert.equal(s.doubtful(100_000), false, 'silence');
  s.bytes(100, 0);
  assert.equal(s.doubtful(5999), false);
  assert.equal(s.doubtful(6000), true);
  assert.equal(s.tick(60_000), null, 'one speed never hops');
  s.validGroup(60_001);
  assert.equal(s.doubtful(70_000), false);
});

test('item 2: a standby meter (ADCO-only frames) reports its valid groups, so the hunter locks', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const hunter = new SpeedHunter([1200, 9600], 6000, 20000);
  const standby = frameOf([{ label: 'ADCO', data: '021861348497' }], 'historique');
  for (let t = 0; t < 60_000; t += 1000) {
    hunter.bytes(standby.length, t);
    d.push(standby, t, {
      ...r,
      validGroups: (n) => {
        r.validGroups(n);
        hunter.validGroup(t);
      },
    });
    assert.equal(hunter.tick(t + 500), null, `no hop at ${t}`);
  }
  assert.equal(hunter.isLocked, true);
  assert.equal(r.valid.length, 60);
  assert.ok(r.valid.every((n) => n === 1));
  assert.equal(r.states.length, 0, 'standby frames still reach no output');
  assert.equal(d.linkState, 'standby');
});

test('item 3: a lost phase-1 group leaves a hole at phase 1, not a shift', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  let f = frameOf(STD_TRI, 'standard');
  for (const l of ['SINSTS1', 'IRMS1', 'URMS1']) f = breakGroup(f, l, 'standard');
  d.push(f, 0, r);
  assert.equal(d.stats.groupsRejected.checksum, 3);
  assert.deepEqual(r.last.powerPerPhaseVA, [null, 1376, 665]);
  assert.deepEqual(r.last.currentA, [null, 6, 3]);
  assert.deepEqual(r.last.voltageV, [null, 229, 232]);
  // with a previous frame the lost values are carried, at their places
  d.push(frameOf(STD_TRI, 'standard'), 2000, r);
  d.push(breakGroup(frameOf(STD_TRI, 'standard'), 'SINSTS1', 'standard'), 4000, r);
  assert.deepEqual(r.last.powerPerPhaseVA, [924, 1376, 665]);
});

test('item 4: a three-phase overload cycle (short frames, a long frame, short frames) is one overload', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const long = frameOf(HIST_HC_TRI, 'historique');
  const short = frameOf(HIST_TRI_SHORT, 'historique');
  let t = 0;
  const push = (b: Buffer): void => {
    d.push(b, t, r);
    t += 1000;
  };
  push(long);
  for (let i = 0; i < 5; i++) push(short);
  push(long);
  assert.equal(r.last.alerts.overload, true, 'the long frame of the cycle does not end the overload');
  assert.deepEqual(r.last.alerts.overloadCurrentA, [0, 32, 0]);
  for (let i = 0; i < 5; i++) push(short);
  push(long);
  assert.equal(r.last.alerts.overload, true);
  push(long);
  assert.equal(r.last.alerts.overload, false, 'two long frames in a row: the short frames stopped');
  assert.deepEqual(
    r.names().filter((n) => n.startsWith('overload')),
    ['overload', 'overload-end'],
  );
});

test('item 5: a bit-6 flip anywhere in the address is dropped and does not reset the meter', () => {
  for (let pos = 0; pos < 12; pos++) {
    const d = new TicDecoder();
    const r = new Recorder();
    d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 0, r);
    const bad = flip6(frameOf(HIST_TEMPO_MONO, 'historique'), 'ADCO', 5 + pos, 'historique');
    assert.equal(rawFrames(bad)[0].groups[0].label, 'ADCO', 'the flip keeps the checksum');
    // a lower index proves the anchors were kept: a reset would accept it
    d.push(Buffer.concat([bad, frameOf(withData(HIST_TEMPO_MONO, 'BBRHPJB', '000000010'), 'historique')]), 2000, r);
    assert.equal(r.states.length, 3);
    assert.ok(
      r.states.every((s) => s.meterId === '021861348497'),
      `position ${pos}`,
    );
    assert.equal(d.stats.valuesRejected.format, 1);
    assert.equal(d.stats.valuesRejected.backwards, 1);
    assert.equal(r.last.energyByPeriodWh.BBRHPJB, 2345678);
  }
});

test('item 5: an address named by one frame only (digits transposed) gives the old meter its memory back', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 0, r);
  // 021861348497 → 021861384497: same digits, same checksum, a plausible address
  d.push(frameOf(withData(HIST_TEMPO_MONO, 'ADCO', '021861384497'), 'historique'), 2000, r);
  d.push(frameOf(withData(HIST_TEMPO_MONO, 'BBRHPJB', '000000010'), 'historique'), 4000, r);
  assert.equal(r.last.meterId, '021861348497');
  assert.equal(r.last.energyByPeriodWh.BBRHPJB, 2345678, 'the anchor of the real meter still rejects a fall');
  assert.equal(d.stats.valuesRejected.backwards, 1);
  assert.deepEqual(r.names(), [], 'no event between the real meter and the one-frame address');
});

test('item 6: a label flipped outside the table is dropped and counted; the real one is carried', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(STD_TRI, 'standard'), 0, r);
  const bad = flip6(frameOf(STD_TRI, 'standard'), 'EASF01', 5, 'standard'); // EASF01 → EASF0q
  assert.ok(
    rawFrames(bad)[0].groups.some((g) => g.label === 'EASF0q'),
    'the flip keeps the checksum',
  );
  d.push(bad, 2000, r);
  assert.equal('EASF0q' in r.last.labels, false);
  assert.equal(r.last.energyByPeriodWh.EASF01, 1000000);
  assert.equal(d.stats.valuesRejected.label, 1);
  // historique: IINST1 → IINSTq
  const h = new TicDecoder();
  const rh = new Recorder();
  h.push(frameOf(HIST_HC_TRI, 'historique'), 0, rh);
  h.push(flip6(frameOf(HIST_HC_TRI, 'historique'), 'IINST1', 5, 'historique'), 2000, rh);
  assert.deepEqual(rh.last.currentA, [3, 5, 1]);
  assert.equal(h.stats.valuesRejected.label, 1);
});

test('item 7: tomorrow first heard is not an announcement; a change of it is', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const f = frameOf(HIST_TEMPO_MONO, 'historique');
  d.push(breakGroup(f, 'DEMAIN', 'historique'), 0, r);
  assert.equal(r.last.tempo?.tomorrow, null);
  d.push(f, 2000, r);
  assert.equal(r.last.tempo?.tomorrow, 'ROUGE');
  assert.deepEqual(r.names(), [], 'unknown → known after a corrupted group');
  d.push(frameOf(withData(HIST_TEMPO_MONO, 'DEMAIN', '----'), 'historique'), 4000, r);
  d.push(f, 6000, r);
  assert.deepEqual(r.names(), ['tempo-announced']);
});

test('item 7: no tariff-change, tempo-announced or overload-end across two meters', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const a = frameOf(HIST_TEMPO_MONO, 'historique');
  const other = withData(withData(withData(HIST_TEMPO_MONO, 'ADCO', '021861999999'), 'PTEC', 'HCJB'), 'DEMAIN', 'BLEU');
  d.push(a, 0, r);
  d.push(frameOf(other, 'historique'), 2000, r);
  d.push(frameOf(other, 'historique'), 4000, r);
  assert.equal(r.last.meterId, '021861999999');
  assert.deepEqual(r.names(), []);
  // the same meter switched to standard by the DSO: a different mode, a different meter state
  const s = new TicDecoder();
  const rs = new Recorder();
  s.push(frameOf(HIST_HC_TRI, 'historique'), 0, rs);
  s.push(frameOf(HIST_TRI_SHORT, 'historique'), 1000, rs);
  s.push(frameOf(STD_TRI, 'standard'), 2000, rs);
  s.push(frameOf(STD_TRI, 'standard'), 4000, rs);
  assert.deepEqual(rs.names(), ['overload']);
});

test('item 7 and 8: a bit-6 flip in LTARF (space → backquote) is no tariff change', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const f = frameOf(STD_TRI, 'standard');
  d.push(f, 0, r);
  const bad = flip6(f, 'LTARF', 6, 'standard');
  assert.ok(rawFrames(bad)[0].groups.some((g) => g.label === 'LTARF' && g.data.includes('`')));
  d.push(bad, 2000, r);
  d.push(f, 4000, r);
  assert.equal(r.last.tariffPeriod, 'HP  BLEU');
  assert.deepEqual(r.names(), []);
  assert.equal(d.stats.valuesRejected.format, 1);
});

test('item 8: no bit-6 flip of any byte of a frame changes a published value', () => {
  for (const [groups, mode] of [
    [HIST_TEMPO_MONO, 'historique'],
    [HIST_HC_TRI, 'historique'],
    [STD_TRI, 'standard'],
    [STD_TEMPO_MONO, 'standard'],
  ] as const) {
    const clean = frameOf(groups, mode);
    const ref = new TicDecoder();
    const rr = new Recorder();
    ref.push(clean, 0, rr);
    const want = rr.last.labels;
    let invisible = 0;
    for (let i = 1; i < clean.length - 1; i++) {
      if (clean[i] < 0x20) continue;
      const bad = Buffer.from(clean);
      bad[i] ^= 0x40;
      if (bad[i] < 0x20 || bad[i] > 0x7e) continue;
      if (rawFrames(bad)[0].groups.length === groups.length) invisible++;
      const d = new TicDecoder();
      const r = new Recorder();
      d.push(clean, 0, r);
      d.push(bad, 2000, r);
      d.push(clean, 4000, r);
      assert.deepEqual(r.states[1]?.labels ?? want, want, `${mode} byte ${i} '${String.fromCharCode(clean[i])}'`);
      assert.deepEqual(r.names(), [], `${mode} byte ${i}`);
    }
    assert.ok(invisible > 20, `${invisible} flips the checksum cannot see`);
  }
});

test('item 9: LF LF is no second rejection; a 20-group dirty frame counts 20', () => {
  const groups: TicGroup[] = Array.from({ length: 20 }, (_, i) => ({ label: 'IINST', data: String(i).padStart(3, '0') }));
  let f = frameOf(groups, 'historique');
  // every CR lost: each LF ends a group without its CR
  f = Buffer.from(f.toString('latin1').replace(/\r/g, ''), 'latin1');
  const framer = new TicFramer();
  framer.push(f, () => {});
  assert.equal(framer.counters.groupsRejected.structure, 20);
  const empty = new TicFramer();
  empty.push(Buffer.from('\x02\n\nIINST 012 J\r\x03', 'latin1'), () => {});
  assert.equal(empty.counters.groupsRejected.structure ?? 0, 0);
});

test('item 8: a stream with 1 % of its bytes corrupted publishes no label, identifier or text the meter did not send', () => {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const TEXT = new Set(['ADCO', 'ADSC', 'OPTARIF', 'PTEC', 'DEMAIN', 'NGTF', 'LTARF', 'MOTDETAT', 'HHPHC', 'MSG1', 'PRM', 'VTIC']);
  for (const mode of ['historique', 'standard'] as const) {
    const t0 = Date.UTC(2026, 10, 25, 18);
    const meter = new SimulatedMeter({ mode, phases: 3, producer: false, option: 'TEMPO', subscribedKva: 9, seed: 3 }, t0);
    const d = new TicDecoder();
    const seen = new Set<string>();
    const wrong: string[] = [];
    let flips = 0;
    for (let i = 0; i < 300; i++) {
      const clean = meter.frame(t0 + i * 2000);
      const text = clean.toString('latin1');
      for (const m of text.matchAll(/\n([^ \t]+)[ \t]/g)) seen.add(m[1]);
      const bad = Buffer.from(clean);
      for (let k = 0; k < bad.length; k++) {
        if (rnd() >= 0.01) continue;
        // half of them the checksum-invisible bit-6 flip, the others any bit
        bad[k] ^= rnd() < 0.5 ? 0x40 : 1 << Math.floor(rnd() * 7);
        flips++;
      }
      d.push(bad, t0 + i * 2000, {
        frame: (s) => {
          for (const [l, v] of Object.entries(s.labels)) {
            if (!seen.has(l)) wrong.push(`label ${l}`);
            else if (TEXT.has(l) && text.includes(`\n${l}`) && !text.includes(v.raw)) wrong.push(`${l}=${v.raw}`);
          }
        },
        event: () => undefined,
      });
    }
    assert.ok(flips > 500, `${mode}: ${flips} corrupted bytes`);
    assert.deepEqual(wrong, [], mode);
    assert.ok((d.stats.valuesRejected.label ?? 0) > 0, `${mode}: corrupted labels were counted`);
  }
});
