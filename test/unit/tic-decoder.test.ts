import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicDecoder, type TicEvent } from '../../nodes/core/tic/tic-decoder';
import type { MeterState } from '../../nodes/core/tic/meter-state';
import type { TicGroup } from '../../nodes/core/tic/types';
import { parseHorodate } from '../../nodes/core/tic/horodate';
import { decodeStge } from '../../nodes/core/tic/stge';
import { HIST_HC_TRI, HIST_TEMPO_MONO, HIST_TRI_SHORT, STD_TEMPO_MONO, frameOf } from '../support/tic-frames';

class Recorder {
  states: MeterState[] = [];
  events: TicEvent[] = [];
  frame = (s: MeterState): void => {
    this.states.push(s);
  };
  event = (e: TicEvent): void => {
    this.events.push(e);
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
function without(groups: TicGroup[], label: string): TicGroup[] {
  return groups.filter((g) => g.label !== label);
}

test('historique Tempo: indexes, period, colours of today and tomorrow', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 0, r);
  const s = r.last;
  assert.equal(s.mode, 'historique');
  assert.equal(s.meterId, '021861348497');
  assert.equal(s.tariffOption, 'TEMPO');
  assert.equal(s.tariffPeriod, 'HPJW');
  assert.equal(s.tariffIndex, 4);
  assert.deepEqual(s.tempo, { today: 'BLANC', tomorrow: 'ROUGE' });
  assert.equal(s.energyByPeriodWh.BBRHPJB, 2345678);
  assert.equal(s.energyWh, 1234567 + 2345678 + 123456 + 234567 + 12345 + 23456);
  assert.equal(s.powerVA, 2790);
  assert.deepEqual(s.currentA, [12]);
  assert.equal(s.subscribedCurrentA, 45);
  assert.equal(s.subscribedPowerVA, 9000);
  assert.equal(s.phases, 1);
  assert.deepEqual(s.labels.PAPP, { value: 2790, unit: 'VA', raw: '02790' });
});

test('standard Tempo: STGE, horodates as UTC instants, profile, relays', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(STD_TEMPO_MONO, 'standard'), 0, r);
  const s = r.last;
  assert.equal(s.mode, 'standard');
  assert.equal(s.tariffOption, 'TEMPO');
  assert.equal(s.contract, 'TEMPO');
  assert.equal(s.tariffPeriod, 'HP  BLEU');
  assert.equal(s.tariffIndex, 2);
  assert.equal(s.energyWh, 12345678);
  assert.equal(s.energyByPeriodWh.EASF02, 6000000);
  assert.equal(s.subscribedPowerVA, 9000);
  assert.equal(s.powerVA, 1840);
  assert.deepEqual(s.currentA, [8]);
  assert.deepEqual(s.voltageV, [231]);
  // 013A0501: producer bit, supplier index 2, today blue, tomorrow not announced
  assert.deepEqual(s.tempo, { today: 'BLEU', tomorrow: null });
  assert.equal(s.producer, true);
  assert.equal(s.meterTime, '2026-11-25T18:30:00.000Z');
  assert.equal(s.clockDegraded, false);
  assert.equal(s.labels.SMAXSN.time, '2026-11-25T06:15:32.000Z');
  assert.equal(s.labels.SMAXSN.value, 5706);
  assert.deepEqual(s.relays, [true, false, false, false, false, false, false, false]);
  const profile = s.labels['PJOURF+1'].value as { start: string; tariffIndex: number | null }[];
  assert.deepEqual(
    profile.map((p) => [p.start, p.tariffIndex]),
    [
      ['00:00', 1],
      ['06:00', 2],
      ['22:00', 1],
    ],
  );
  assert.equal(s.labels.NGTF.raw, '     TEMPO      ');
});

test('horodate: the season letter, not a timezone database, gives the offset; lowercase = degraded clock', () => {
  assert.equal(new Date(parseHorodate('H081225223518')!.utcMs).toISOString(), '2008-12-25T21:35:18.000Z');
  assert.equal(new Date(parseHorodate('E090714074553')!.utcMs).toISOString(), '2009-07-14T05:45:53.000Z');
  // the repeated hour of the autumn night: 02:30 summer then 02:30 winter, one hour apart
  const summer = parseHorodate('E261025023000')!;
  const winter = parseHorodate('H261025023000')!;
  assert.equal(winter.utcMs - summer.utcMs, 3600_000);
  assert.deepEqual(parseHorodate('e261025023000'), { utcMs: summer.utcMs, season: 'summer', degraded: true });
  assert.equal(parseHorodate(' 200214060000', 'winter')!.season, 'unknown');
  assert.equal(parseHorodate('X261025023000'), null);
  assert.equal(parseHorodate('H260231120000'), null);
});

test('STGE decodes with the exact bit masks of the specification', () => {
  const a = decodeStge('9B3A9000')!;
  assert.equal(a.supplierIndex, 5);
  assert.equal(a.distributorIndex, 3);
  assert.equal(a.tempoToday, 'ROUGE');
  assert.equal(a.tempoTomorrow, 'BLANC');
  assert.equal(a.mobilePeakNotice, 1);
  assert.equal(a.mobilePeak, 2);
  const b = decodeStge('003A0001')!;
  assert.equal(b.dryContactOpen, true);
  assert.equal(b.ticStandard, true);
  assert.equal(b.euridis, 'enabled-secured');
  assert.equal(b.cpl, 'new-lock');
  assert.equal(b.breaker, 'closed');
  const c = decodeStge('002A0301')!;
  assert.equal(c.producer, true);
  assert.equal(c.injecting, true);
  assert.equal(c.euridis, 'enabled-unsecured');
  assert.equal(decodeStge('003A00G1'), null);
});

test('three-phase short frames keep the long frame values and raise the overload alert', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(HIST_HC_TRI, 'historique'), 0, r);
  assert.equal(r.last.phases, 3);
  assert.deepEqual(r.last.currentA, [3, 5, 1]);
  d.push(frameOf(HIST_TRI_SHORT, 'historique'), 1000, r);
  const s = r.last;
  assert.equal(s.alerts.overload, true);
  assert.deepEqual(s.alerts.overloadCurrentA, [0, 32, 0]);
  assert.deepEqual(s.currentA, [3, 32, 1]);
  assert.equal(s.energyByPeriodWh.HCHC, 13149843, 'indexes carried over from the long frame');
  assert.equal(s.powerVA, 2150);
  d.push(frameOf(HIST_HC_TRI, 'historique'), 2000, r);
  assert.equal(r.last.alerts.overload, false);
  assert.deepEqual(
    r.names().filter((n) => n.startsWith('overload')),
    ['overload', 'overload-end'],
  );
});

test('ADPS on a mono meter is an overload event; tariff change and Tempo announcement are events', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const base = withData(HIST_TEMPO_MONO, 'DEMAIN', '----');
  d.push(frameOf(base, 'historique'), 0, r);
  assert.deepEqual(r.last.tempo, { today: 'BLANC', tomorrow: null });
  const adps = [...base.slice(0, 12), { label: 'ADPS', data: '047' }, ...base.slice(12)];
  d.push(frameOf(withData(adps, 'IINST', '047'), 'historique'), 1500, r);
  d.push(frameOf(withData(withData(base, 'PTEC', 'HCJW'), 'DEMAIN', 'BLEU'), 'historique'), 3000, r);
  assert.deepEqual(r.names(), ['overload', 'overload-end', 'tariff-change', 'tempo-announced']);
  assert.deepEqual(r.events[0].currentA, [47]);
  assert.equal(r.events[2].from, 'HPJW');
  assert.equal(r.events[2].to, 'HCJW');
  assert.equal(r.events[3].tomorrow, 'BLEU');
});

test('link supervision: lost after 10 s without a correct frame, recovered on the next; standby; EOT not alarmed', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const f = frameOf(HIST_TEMPO_MONO, 'historique');
  d.push(f, 0, r);
  assert.deepEqual(r.names(), [], 'the first frame after start is not a recovery');
  d.tick(9_000, r);
  // a corrupted frame is not a correct frame
  const bad = Buffer.from(f);
  bad[40] ^= 0x01;
  d.push(bad, 9_500, r);
  d.push(Buffer.concat([f.subarray(0, 50), Buffer.from([0x04])]), 9_800, r);
  assert.equal(d.linkState, 'ok');
  d.tick(10_000, r);
  assert.equal(d.linkState, 'lost');
  assert.equal(r.events[0].event, 'tic-lost');
  assert.equal(r.events[0].sinceLastCorrectFrameMs, 10_000);
  d.tick(11_000, r);
  d.push(f, 12_000, r);
  assert.deepEqual(r.names(), ['tic-lost', 'tic-recovered']);
  assert.equal(r.events[1].sinceLastCorrectFrameMs, 12_000);
  assert.equal(d.stats.eot, 1);
  d.push(frameOf([{ label: 'ADCO', data: '021861348497' }], 'historique'), 13_000, r);
  assert.equal(d.linkState, 'standby');
  assert.equal(r.names()[2], 'standby');
});

test('a silent line is lost 10 s after start', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.tick(0, r);
  d.tick(9_999, r);
  assert.deepEqual(r.names(), []);
  d.tick(10_000, r);
  assert.deepEqual(r.names(), ['tic-lost']);
});

test('plausibility: backwards and jumping indexes, out-of-range powers and non-digits are rejected with reasons', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const hour = 3600_000;
  d.push(frameOf(STD_TEMPO_MONO, 'standard'), 0, r);
  // transposed digits pass the checksum: 012345678 → 012354678 is a jump of 9000 Wh in 2 s
  d.push(frameOf(withData(STD_TEMPO_MONO, 'EAST', '012354678'), 'standard'), 2_000, r);
  assert.equal(r.last.energyWh, 12345678, 'last good value kept');
  d.push(frameOf(withData(STD_TEMPO_MONO, 'EAST', '012345600'), 'standard'), 4_000, r);
  assert.equal(r.last.energyWh, 12345678);
  // bit-6 flip 0 → p in a number: caught by the format layer
  d.push(frameOf(withData(STD_TEMPO_MONO, 'IRMS1', 'p08'), 'standard'), 6_000, r);
  // a per-phase power no meter can measure (esphome#2060)
  d.push(frameOf(withData(STD_TEMPO_MONO, 'SINSTS', '48370'), 'standard'), 8_000, r);
  assert.equal(r.last.powerVA, 1840);
  // a real rise over an hour is accepted
  d.push(frameOf(withData(STD_TEMPO_MONO, 'EAST', '012350678'), 'standard'), hour, r);
  assert.equal(r.last.energyWh, 12350678);
  assert.deepEqual(d.stats.valuesRejected, { jump: 1, backwards: 1, format: 1, range: 1 });
});

test('plausibility re-anchors on a value that stays consistent (the first value was the corrupted one)', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(withData(STD_TEMPO_MONO, 'EAST', '099999999'), 'standard'), 0, r);
  for (let i = 1; i <= 3; i++)
    d.push(frameOf(withData(STD_TEMPO_MONO, 'EAST', String(12345678 + i).padStart(9, '0')), 'standard'), i * 2000, r);
  assert.equal(r.last.energyWh, 12345681);
});

test('mode detection has hysteresis; a meter switched to standard by the DSO is followed at once', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const h = frameOf(HIST_TEMPO_MONO, 'historique');
  d.push(h, 0, r);
  // one frame with standard content but no address: not trusted
  d.push(frameOf(without(STD_TEMPO_MONO, 'ADSC'), 'standard'), 1000, r);
  assert.equal(r.states.length, 1);
  d.push(h, 2000, r);
  assert.equal(r.states.length, 2);
  assert.equal(d.stats.mode, 'historique');
  // the same meter now announces itself with ADSC: a new identity, decoded as standard at once
  d.push(frameOf(STD_TEMPO_MONO, 'standard'), 3000, r);
  assert.equal(r.last.mode, 'standard');
  assert.equal(d.stats.mode, 'standard');
});

test('a meter swap resets the index guard instead of rejecting the new meter forever', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 0, r);
  const swapped = withData(withData(HIST_TEMPO_MONO, 'ADCO', '021861999999'), 'BBRHPJB', '000000010');
  d.push(frameOf(swapped, 'historique'), 2000, r);
  assert.equal(r.last.meterId, '021861999999');
  assert.equal(r.last.energyByPeriodWh.BBRHPJB, 10);
});

test('PME-PMI: spaces inside data, units carried by the values', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const pme: TicGroup[] = [
    { label: 'MESURES1', data: 'BT4 SUP36' },
    { label: 'DATE', data: '10/02/15 14:39:58' },
    { label: 'EA_s', data: '000123456kWh' },
    { label: 'EA_i', data: '000000012kWh' },
    { label: 'PTCOUR1', data: 'HPH' },
    { label: 'PS', data: '00150kVA' },
    { label: 'PA1MN', data: '00087kW' },
    { label: 'PREAVIS', data: 'DEP' },
  ];
  d.push(frameOf(pme, 'historique'), 0, r);
  const s = r.last;
  assert.equal(s.mode, 'pme-pmi');
  assert.equal(s.contract, 'BT4 SUP36');
  assert.equal(s.tariffPeriod, 'HPH');
  assert.equal(s.energyWh, 123_456_000);
  assert.equal(s.injectedEnergyWh, 12_000);
  assert.equal(s.powerVA, 87_000);
  assert.equal(s.subscribedPowerVA, 150_000);
  assert.equal(s.alerts.overload, true);
  assert.deepEqual(s.labels.DATE, { value: '10/02/15 14:39:58', raw: '10/02/15 14:39:58' });
  assert.deepEqual(s.labels.EA_s, { value: 123456, unit: 'kWh', raw: '000123456kWh' });
});

test('decoded label values are read-only and shared between frames, the state objects are fresh', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 0, r);
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 2000, r);
  const [a, b] = r.states;
  assert.notEqual(a, b);
  assert.notEqual(a.labels, b.labels);
  assert.equal(a.labels.PAPP, b.labels.PAPP, 'an unchanged group reuses its decoded value');
  assert.throws(() => {
    (b.labels.PAPP as { value: unknown }).value = 0;
  }, TypeError);
  assert.equal(b.labels.PAPP.value, 2790);
  b.energyByPeriodWh.BBRHCJB = 0;
  d.push(frameOf(HIST_TEMPO_MONO, 'historique'), 4000, r);
  assert.equal(r.last.energyByPeriodWh.BBRHCJB, 1234567, 'a consumer editing its state changes nothing upstream');
});

test('a standard label with a horodate it should not have, or without the one it should, is a format error', () => {
  const d = new TicDecoder();
  const r = new Recorder();
  const bad = STD_TEMPO_MONO.map((g) => {
    if (g.label === 'SMAXSN') return { label: g.label, data: g.data };
    if (g.label === 'SINSTS') return { ...g, horodate: 'H261125193000' };
    return g;
  });
  d.push(frameOf(bad, 'standard'), 0, r);
  assert.equal(r.last.labels.SMAXSN, undefined);
  assert.equal(r.last.powerVA, undefined);
  assert.equal(d.stats.valuesRejected.format, 2);
});
