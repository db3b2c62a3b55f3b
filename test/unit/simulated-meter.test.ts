import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedMeter, type SimulatedMeterOptions } from '../../nodes/core/sim/simulated-meter';
import {
  TariffCalendar,
  tariffPeriodAt,
  dayNumber,
  dateOfDayNumber,
  TEMPO_RED_DAYS,
  TEMPO_WHITE_DAYS,
} from '../../nodes/core/sim/tariff-calendar';
import { parisWallTime } from '../../nodes/core/time/paris-clock';

// ------------------------------------------------------------ an independent reader of the bytes

interface ParsedGroup {
  label: string;
  horodate?: string;
  data: string;
}

/** Splits a frame into groups and checks every checksum from the raw bytes (not with project code). */
function readFrame(frame: Buffer, mode: 'historique' | 'standard'): ParsedGroup[] {
  assert.equal(frame[0], 0x02, 'frame starts with STX');
  assert.equal(frame[frame.length - 1], 0x03, 'frame ends with ETX');
  const groups: ParsedGroup[] = [];
  let i = 1;
  while (i < frame.length - 1) {
    assert.equal(frame[i], 0x0a, `LF at ${i}`);
    const cr = frame.indexOf(0x0d, i);
    assert.ok(cr > i, 'CR closes the group');
    const g = frame.subarray(i + 1, cr); // label … checksum
    const sep = mode === 'standard' ? 0x09 : 0x20;
    assert.equal(g[g.length - 2], sep, 'separator before the checksum');
    const covered = mode === 'standard' ? g.subarray(0, g.length - 1) : g.subarray(0, g.length - 2);
    let sum = 0;
    for (const b of covered) sum += b;
    const label = g.subarray(0, g.indexOf(sep)).toString('latin1');
    assert.equal(g[g.length - 1], (sum & 0x3f) + 0x20, `checksum of ${label}`);
    for (const b of g) assert.ok(b === 0x09 || (b >= 0x20 && b <= 0x7e), `printable bytes in ${label}`);
    const fields = g
      .subarray(0, g.length - 2)
      .toString('latin1')
      .split(String.fromCharCode(sep));
    if (mode === 'standard') {
      assert.ok(fields.length === 2 || fields.length === 3, `fields of ${label}`);
      groups.push(fields.length === 3 ? { label, horodate: fields[1], data: fields[2] } : { label, data: fields[1] });
    } else {
      groups.push({ label, data: g.subarray(label.length + 1, g.length - 2).toString('latin1') });
    }
    i = cr + 1;
  }
  return groups;
}

const get = (gs: ParsedGroup[], label: string): string | undefined => gs.find((g) => g.label === label)?.data;
const num = (gs: ParsedGroup[], label: string): number => {
  const v = get(gs, label);
  assert.ok(v !== undefined && /^\d+$/.test(v), `${label} numeric, got ${String(v)}`);
  return Number(v);
};

// ------------------------------------------------------------ expected label sets from the spec tables

type Option = SimulatedMeterOptions['option'];
const OPTIONS: Option[] = ['BASE', 'HC', 'TEMPO', 'EJP'];

function expectedHistorique(phases: 1 | 3, option: Option): string[] {
  const idx = {
    BASE: ['BASE'],
    HC: ['HCHC', 'HCHP'],
    EJP: ['EJPHN', 'EJPHPM'],
    TEMPO: ['BBRHCJB', 'BBRHPJB', 'BBRHCJW', 'BBRHPJW', 'BBRHCJR', 'BBRHPJR'],
  }[option];
  return [
    'ADCO',
    'OPTARIF',
    'ISOUSC',
    ...idx,
    'PTEC',
    ...(option === 'TEMPO' ? ['DEMAIN'] : []),
    ...(phases === 1 ? ['IINST', 'IMAX'] : ['IINST1', 'IINST2', 'IINST3', 'IMAX1', 'IMAX2', 'IMAX3', 'PMAX']),
    'PAPP',
    'HHPHC',
    'MOTDETAT',
    ...(phases === 3 ? ['PPOT'] : []),
  ];
}

function expectedStandard(phases: 1 | 3, producer: boolean): string[] {
  const tri = phases === 3;
  const ph = (f: (p: number) => string): string[] => (tri ? [1, 2, 3] : [1]).map(f);
  const ph23 = (f: (p: number) => string): string[] => (tri ? [1, 2, 3].map(f) : []);
  return [
    'ADSC',
    'VTIC',
    'DATE',
    'NGTF',
    'LTARF',
    'EAST',
    ...Array.from({ length: 10 }, (_, i) => `EASF${String(i + 1).padStart(2, '0')}`),
    'EASD01',
    'EASD02',
    'EASD03',
    'EASD04',
    ...(producer ? ['EAIT', 'ERQ1', 'ERQ2', 'ERQ3', 'ERQ4'] : []),
    ...ph((p) => `IRMS${p}`),
    ...ph((p) => `URMS${p}`),
    'PREF',
    'PCOUP',
    'SINSTS',
    ...ph23((p) => `SINSTS${p}`),
    'SMAXSN',
    ...ph23((p) => `SMAXSN${p}`),
    'SMAXSN-1',
    ...ph23((p) => `SMAXSN${p}-1`),
    ...(producer ? ['SINSTI', 'SMAXIN', 'SMAXIN-1'] : []),
    'CCASN',
    'CCASN-1',
    ...(producer ? ['CCAIN', 'CCAIN-1'] : []),
    ...ph((p) => `UMOY${p}`),
    'STGE',
    'MSG1',
    'PRM',
    'RELAIS',
    'NTARF',
    'NJOURF',
    'NJOURF+1',
    'PJOURF+1',
  ];
}

/** Data sizes of the spec tables (2.1, 2.2), by label pattern. */
function expectedSize(label: string): number {
  const sizes: [RegExp, number][] = [
    [/^(ADCO|ADSC)$/, 12],
    [/^OPTARIF$/, 4],
    [/^ISOUSC$/, 2],
    [/^(BASE|HCH[CP]|EJPHN|EJPHPM|BBRH[CP]J[BWR]|EAST|EASF\d\d|EASD\d\d|EAIT|ERQ\d)$/, 9],
    [/^PEJP$/, 2],
    [/^(PTEC|DEMAIN)$/, 4],
    [/^(IINST\d?|ADPS|ADIR\d|IMAX\d?|IRMS\d|URMS\d|UMOY\d|RELAIS)$/, 3],
    [/^(PMAX|PAPP|SINSTS\d?|SMAXSN\d?(-1)?|SINSTI|SMAXIN(-1)?|CCASN(-1)?|CCAIN(-1)?)$/, 5],
    [/^HHPHC$/, 1],
    [/^MOTDETAT$/, 6],
    [/^(PPOT|VTIC|PREF|PCOUP|NTARF|NJOURF(\+1)?|[DF]PM\d)$/, 2],
    [/^DATE$/, 0],
    [/^(NGTF|LTARF)$/, 16],
    [/^STGE$/, 8],
    [/^MSG1$/, 32],
    [/^PRM$/, 14],
    [/^PJOURF\+1$/, 98],
  ];
  const hit = sizes.find(([re]) => re.test(label));
  assert.ok(hit, `size known for ${label}`);
  return hit[1];
}
const HORODATED = /^(DATE|SMAXSN\d?(-1)?|SMAXIN(-1)?|CCASN(-1)?|CCAIN(-1)?|UMOY\d|[DF]PM\d)$/;

function checkFields(gs: ParsedGroup[], mode: 'historique' | 'standard'): void {
  for (const g of gs) {
    assert.equal(g.data.length, expectedSize(g.label), `size of ${g.label}: "${g.data}"`);
    if (mode === 'standard') {
      assert.equal(g.horodate !== undefined, HORODATED.test(g.label), `horodate presence on ${g.label}`);
      if (g.horodate !== undefined) assert.match(g.horodate, /^[HE ]\d{12}$/, g.label);
    }
  }
}

// ------------------------------------------------------------ tests

// Thursday 15 January 2026, 15:00 Paris: not an EJP notice window, no overload at this seed
const WINTER_AFTERNOON = Date.parse('2026-01-15T14:00:00Z');

test('every combination frames verify and carry exactly the labels and sizes of the spec', () => {
  for (const mode of ['historique', 'standard'] as const) {
    for (const phases of [1, 3] as const) {
      for (const producer of [false, true]) {
        for (const option of OPTIONS) {
          const m = new SimulatedMeter({ mode, phases, producer, option, subscribedKva: 12, seed: 3 }, WINTER_AFTERNOON);
          for (let k = 1; k <= 3; k++) {
            const gs = readFrame(m.frame(WINTER_AFTERNOON + k * 2000), mode);
            const expected = mode === 'historique' ? expectedHistorique(phases, option) : expectedStandard(phases, producer);
            assert.deepEqual(
              gs.map((g) => g.label),
              expected,
              `${mode} ${phases} ${producer} ${option}`,
            );
            checkFields(gs, mode);
          }
        }
      }
    }
  }
});

test('historique values are coherent: ISOUSC from kVA, OPTARIF, PAPP by tens, fixed words', () => {
  const m = new SimulatedMeter(
    { mode: 'historique', phases: 3, producer: false, option: 'TEMPO', subscribedKva: 12, seed: 5, meterId: '041876097167' },
    WINTER_AFTERNOON,
  );
  const gs = readFrame(m.frame(WINTER_AFTERNOON + 1000), 'historique');
  assert.equal(get(gs, 'ADCO'), '041876097167');
  assert.equal(get(gs, 'ISOUSC'), '20'); // 12 kVA / 200 V / 3
  assert.equal(get(gs, 'OPTARIF'), 'BBR(');
  assert.equal(num(gs, 'PAPP') % 10, 0);
  assert.equal(get(gs, 'HHPHC'), 'A');
  assert.equal(get(gs, 'MOTDETAT'), '000000');
  assert.equal(get(gs, 'PPOT'), '00');
  const mono = new SimulatedMeter(
    { mode: 'historique', phases: 1, producer: false, option: 'HC', subscribedKva: 6, seed: 5 },
    WINTER_AFTERNOON,
  );
  const g1 = readFrame(mono.frame(WINTER_AFTERNOON + 1000), 'historique');
  assert.equal(get(g1, 'ISOUSC'), '30');
  assert.equal(get(g1, 'OPTARIF'), 'HC..');
  assert.match(get(g1, 'ADCO') ?? '', /^\d{4}6[14]\d{6}$/);
  const tri = new SimulatedMeter(
    { mode: 'standard', phases: 3, producer: false, option: 'BASE', subscribedKva: 12, seed: 5 },
    WINTER_AFTERNOON,
  );
  assert.match(get(readFrame(tri.frame(WINTER_AFTERNOON), 'standard'), 'ADSC') ?? '', /^\d{4}(63|76)\d{6}$/);
});

test('overload: ADPS only while IINST > ISOUSC (mono), short frames with ADIR (tri), STGE bit 7 (standard)', () => {
  const t0 = WINTER_AFTERNOON;
  const mono = new SimulatedMeter({ mode: 'historique', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 9 }, t0);
  assert.equal(get(readFrame(mono.frame(t0 + 1500), 'historique'), 'ADPS'), undefined);
  mono.forcePower(9000);
  const over = readFrame(mono.frame(t0 + 3000), 'historique');
  assert.ok(num(over, 'IINST') > 30);
  assert.equal(get(over, 'ADPS'), get(over, 'IINST'));
  assert.deepEqual(over.map((g) => g.label).slice(-6), ['IINST', 'ADPS', 'IMAX', 'PAPP', 'HHPHC', 'MOTDETAT']);
  mono.forcePower(null);
  assert.equal(get(readFrame(mono.frame(t0 + 4500), 'historique'), 'ADPS'), undefined);

  const tri = new SimulatedMeter({ mode: 'historique', phases: 3, producer: false, option: 'BASE', subscribedKva: 9, seed: 9 }, t0);
  tri.forcePower(15000);
  const frames = Array.from({ length: 25 }, (_, k) => readFrame(tri.frame(t0 + 1000 * (k + 1)), 'historique'));
  assert.deepEqual(
    frames[0].map((g) => g.label),
    ['ADIR1', 'ADIR2', 'ADIR3', 'ADCO', 'IINST1', 'IINST2', 'IINST3'],
  );
  assert.equal(
    frames.slice(0, 20).every((f) => f.length === 7),
    true,
  );
  assert.deepEqual(
    frames[20].map((g) => g.label),
    expectedHistorique(3, 'BASE'),
  );
  assert.equal(frames[21].length, 7);
  tri.forcePower(null);
  // overload over: long frames again after the one-minute tail
  const later = readFrame(tri.frame(t0 + 120_000), 'historique');
  assert.deepEqual(
    later.map((g) => g.label),
    expectedHistorique(3, 'BASE'),
  );

  const std = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 9 }, t0);
  const stge = (gs: ParsedGroup[]): number => parseInt(get(gs, 'STGE') ?? '', 16);
  assert.equal(stge(readFrame(std.frame(t0 + 1000), 'standard')) & 0x80, 0);
  std.forcePower(8000);
  const f = readFrame(std.frame(t0 + 2000), 'standard');
  assert.ok(num(f, 'SINSTS') > 6000);
  assert.equal(stge(f) & 0x80, 0x80);
  assert.ok(num(f, 'SMAXSN') >= num(f, 'SINSTS'));
});

test('indexes never decrease and follow the integrated power (standard and historique, HC)', () => {
  const start = Date.parse('2026-02-10T23:00:00Z'); // local midnight
  const std = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 11 }, start);
  const his = new SimulatedMeter({ mode: 'historique', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 11 }, start);
  let prev: number[] | undefined;
  let prevHis: number[] | undefined;
  let prevVA = 0;
  let vaHours = 0;
  let firstEast = 0;
  let lastEast = 0;
  const step = 5000;
  for (let t = start + step; t <= start + 86_400_000; t += step) {
    const gs = readFrame(std.frame(t), 'standard');
    const regs = ['EAST', 'EASF01', 'EASF02', 'EASD01', 'EASD02', 'EASD03', 'EASD04'].map((l) => num(gs, l));
    if (prev) regs.forEach((v, i) => assert.ok(v >= prev![i], `register ${i} never decreases`));
    else firstEast = regs[0];
    // energy between frames = power of the previous frame × elapsed time × power factor (0.9 … 0.985)
    if (prev) vaHours += (prevVA * step) / 3_600_000;
    prev = regs;
    prevVA = num(gs, 'SINSTS');
    lastEast = regs[0];
    const h = readFrame(his.frame(t), 'historique');
    const hr = [num(h, 'HCHC'), num(h, 'HCHP')];
    if (prevHis) hr.forEach((v, i) => assert.ok(v >= prevHis![i]));
    prevHis = hr;
    // both modes of the same seed integrate the same energy
    assert.ok(Math.abs(hr[0] - regs[1]) <= 1 && Math.abs(hr[1] - regs[2]) <= 1);
  }
  const energy = lastEast - firstEast;
  assert.ok(energy > 3000, `a household uses kWh a day, got ${energy} Wh`);
  assert.ok(energy >= vaHours * 0.89 && energy <= vaHours * 0.99, `${energy} Wh vs ${vaHours.toFixed(0)} VAh`);
});

test('HC: off-peak energy goes to HCHC between 22:00 and 06:00 only, and the water heater runs then', () => {
  const start = Date.parse('2026-02-10T20:00:00Z'); // 21:00 Paris
  const m = new SimulatedMeter({ mode: 'historique', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 2 }, start);
  let last = readFrame(m.frame(start), 'historique');
  let nightMax = 0;
  for (let t = start + 10_000; t < start + 12 * 3_600_000; t += 10_000) {
    const gs = readFrame(m.frame(t), 'historique');
    const hour = parisWallTime(t - 10_000).hour;
    const offPeak = hour >= 22 || hour < 6;
    assert.equal(get(gs, 'PTEC'), parisWallTime(t).hour >= 22 || parisWallTime(t).hour < 6 ? 'HC..' : 'HP..');
    if (offPeak) assert.equal(num(gs, 'HCHP'), num(last, 'HCHP'), `HP frozen at ${hour}h`);
    else assert.equal(num(gs, 'HCHC'), num(last, 'HCHC'), `HC frozen at ${hour}h`);
    if (offPeak) nightMax = Math.max(nightMax, num(gs, 'PAPP'));
    last = gs;
  }
  assert.ok(nightMax >= 2000, `water heater seen at night (${nightMax} VA)`);
});

test('power varies from frame to frame and over the day (evening above the small hours)', () => {
  const start = Date.parse('2026-03-03T23:00:00Z');
  const m = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'BASE', subscribedKva: 9, seed: 21 }, start);
  const byHour = new Map<number, number[]>();
  const values: number[] = [];
  for (let t = start; t < start + 86_400_000; t += 20_000) {
    const va = num(readFrame(m.frame(t), 'standard'), 'SINSTS');
    values.push(va);
    const h = parisWallTime(t).hour;
    byHour.set(h, [...(byHour.get(h) ?? []), va]);
  }
  const changes = values.slice(1).filter((v, i) => v !== values[i]).length;
  assert.ok(changes > values.length * 0.9, `changes ${changes}/${values.length}`);
  assert.ok(new Set(values).size > 300);
  const mean = (hs: number[]): number => {
    const all = hs.flatMap((h) => byHour.get(h) ?? []);
    return all.reduce((a, b) => a + b, 0) / all.length;
  };
  assert.ok(mean([19, 20, 21]) > 1.5 * mean([2, 3, 4]), `evening ${mean([19, 20, 21])} vs night ${mean([2, 3, 4])}`);
  assert.ok(Math.max(...values) > 1800, 'an appliance switched on at least once');
});

test('meanPowerVA scales the household load', () => {
  const start = Date.parse('2026-03-03T23:00:00Z');
  const avg = (meanPowerVA: number): number => {
    const m = new SimulatedMeter(
      { mode: 'standard', phases: 1, producer: false, option: 'BASE', subscribedKva: 12, seed: 4, meanPowerVA },
      start,
    );
    let sum = 0;
    let n = 0;
    for (let t = start; t < start + 86_400_000; t += 60_000) {
      sum += num(readFrame(m.frame(t), 'standard'), 'SINSTS');
      n++;
    }
    return sum / n;
  };
  const small = avg(500);
  const big = avg(1500);
  assert.ok(big / small > 2.8 && big / small < 3.2, `${big} / ${small}`);
});

test('producer: no solar at night, export by day with SINSTS 0 and STGE bits 8/9, EAIT grows', () => {
  for (const start of [Date.parse('2026-06-20T22:00:00Z'), Date.parse('2026-12-20T23:00:00Z')]) {
    const m = new SimulatedMeter(
      { mode: 'standard', phases: 1, producer: true, option: 'BASE', subscribedKva: 9, seed: 8, meanPowerVA: 400 },
      start,
    );
    let exported = 0;
    let eait0 = -1;
    let eait = 0;
    for (let t = start; t < start + 86_400_000; t += 30_000) {
      const gs = readFrame(m.frame(t), 'standard');
      const w = parisWallTime(t);
      const sinsti = num(gs, 'SINSTI');
      const stge = parseInt(get(gs, 'STGE') ?? '', 16);
      assert.equal(stge & 0x100, 0x100, 'producer bit');
      assert.equal((stge & 0x200) !== 0, sinsti > 0, 'export bit iff SINSTI > 0');
      if (sinsti > 0) assert.equal(num(gs, 'SINSTS'), 0);
      if (w.hour >= 22 || w.hour < 5) assert.equal(sinsti, 0, `no sun at ${w.hour}h`);
      if (sinsti > 0) exported++;
      eait = num(gs, 'EAIT');
      if (eait0 < 0) eait0 = eait;
    }
    assert.ok(exported > 10, 'exports around noon');
    assert.ok(eait > eait0, 'EAIT grows');
  }
});

test('Tempo calendar over a year: 22 red weekdays Nov–Mar, 43 white non-Sundays, days run 06:00 → 06:00', () => {
  for (const seed of [1, 2, 3]) {
    const cal = new TariffCalendar(seed);
    const counts = { BLEU: 0, BLANC: 0, ROUGE: 0 };
    for (let d = dayNumber(2025, 9, 1); d < dayNumber(2026, 9, 1); d++) {
      const c = cal.tempoColour(d);
      counts[c]++;
      const date = dateOfDayNumber(d);
      if (c === 'ROUGE') {
        assert.ok(date.month >= 11 || date.month <= 3, `red in month ${date.month}`);
        assert.ok(date.weekday >= 1 && date.weekday <= 5, 'red on a weekday');
      }
      if (c === 'BLANC') assert.notEqual(date.weekday, 0, 'no white Sunday');
    }
    assert.deepEqual(counts, { BLEU: 365 - TEMPO_RED_DAYS - TEMPO_WHITE_DAYS, BLANC: TEMPO_WHITE_DAYS, ROUGE: TEMPO_RED_DAYS });
    // hour by hour: colour changes only at 06:00, tomorrow unknown between 06:00 and 11:00 and then right
    let prevColour: string | undefined;
    for (let t = Date.parse('2025-09-01T05:00:00Z'); t < Date.parse('2026-09-01T04:00:00Z'); t += 3_600_000) {
      const p = tariffPeriodAt('TEMPO', cal, t);
      const w = parisWallTime(t);
      if (prevColour !== undefined && p.tempoToday !== prevColour) assert.equal(w.hour, 6);
      prevColour = p.tempoToday;
      if (w.hour >= 6 && w.hour < 11) assert.equal(p.tempoTomorrow, null);
      else {
        const tempoDay = dayNumber(w.year, w.month, w.day) - (w.hour < 6 ? 1 : 0);
        assert.equal(p.tempoTomorrow, cal.tempoColour(tempoDay + 1));
      }
    }
  }
});

test('Tempo frames: PTEC/DEMAIN (historique) and STGE/LTARF/NTARF (standard) agree with the calendar', () => {
  const cal = new TariffCalendar(13);
  // find a red day followed by a white or red day, in winter 2026
  let red = dayNumber(2026, 1, 5);
  while (cal.tempoColour(red) !== 'ROUGE') red++;
  const date = dateOfDayNumber(red);
  const start = Date.UTC(date.year, date.month - 1, date.day, 4, 0, 0); // 05:00 Paris
  const opts = { phases: 1 as const, producer: false, option: 'TEMPO' as const, subscribedKva: 9, seed: 13 };
  const his = new SimulatedMeter({ ...opts, mode: 'historique' }, start);
  const std = new SimulatedMeter({ ...opts, mode: 'standard' }, start);
  const code = { BLEU: 1, BLANC: 2, ROUGE: 3 };
  const short = { BLEU: 'B', BLANC: 'W', ROUGE: 'R' };
  const demain = { BLEU: 'BLEU', BLANC: 'BLAN', ROUGE: 'ROUG' };
  for (let t = start; t < start + 30 * 3_600_000; t += 15 * 60_000) {
    const p = tariffPeriodAt('TEMPO', cal, t);
    const h = readFrame(his.frame(t), 'historique');
    const s = readFrame(std.frame(t), 'standard');
    const today = p.tempoToday!;
    assert.equal(get(h, 'PTEC'), `${p.offPeak ? 'HC' : 'HP'}J${short[today]}`);
    assert.equal(get(h, 'DEMAIN'), p.tempoTomorrow ? demain[p.tempoTomorrow] : '----');
    const stge = parseInt(get(s, 'STGE') ?? '', 16);
    assert.equal((stge >>> 24) & 3, code[today]);
    assert.equal((stge >>> 26) & 3, p.tempoTomorrow ? code[p.tempoTomorrow] : 0);
    assert.equal(((stge >>> 10) & 0xf) + 1, num(s, 'NTARF'));
    assert.equal((stge & 1) === 0, p.offPeak, 'dry contact closed in off-peak');
    assert.equal(get(s, 'LTARF')?.trim().replace(/\s+/g, ' '), `${p.offPeak ? 'HC' : 'HP'} ${today}`);
  }
});

test('EJP day: PEJP notice from 06:30, PM.. from 07:00 to 01:00, DPM1/FPM1 with a space season', () => {
  const cal = new TariffCalendar(17);
  let d = dayNumber(2026, 1, 5);
  while (!cal.isEjpDay(d) || cal.isEjpDay(d + 1) || cal.isEjpDay(d - 1)) d++;
  const date = dateOfDayNumber(d);
  const next = dateOfDayNumber(d + 1);
  const paris = (day: { year: number; month: number; day: number }, h: number, m: number): number =>
    Date.UTC(day.year, day.month - 1, day.day, h - 1, m); // winter: UTC+1
  const opts = { phases: 1 as const, producer: false, option: 'EJP' as const, subscribedKva: 9, seed: 17 };
  const his = new SimulatedMeter({ ...opts, mode: 'historique' }, paris(date, 6, 0));
  const std = new SimulatedMeter({ ...opts, mode: 'standard' }, paris(date, 6, 0));
  const yymmdd = (x: { year: number; month: number; day: number }): string =>
    `${String(x.year % 100).padStart(2, '0')}${String(x.month).padStart(2, '0')}${String(x.day).padStart(2, '0')}`;
  const cases: [number, string, boolean, number][] = [
    // instant, PTEC, PEJP present, STGE bits 28-31
    [paris(date, 6, 15), 'HN..', false, 0],
    [paris(date, 6, 40), 'HN..', true, 0x1],
    [paris(date, 8, 0), 'PM..', true, 0x4],
    [paris(next, 0, 30), 'PM..', true, 0x4],
    [paris(next, 1, 30), 'HN..', false, 0],
  ];
  let lastPm = -1;
  for (const [t, ptec, pejp, bits] of cases) {
    const h = readFrame(his.frame(t), 'historique');
    assert.equal(get(h, 'PTEC'), ptec);
    assert.equal(get(h, 'PEJP'), pejp ? '30' : undefined);
    const pm = num(h, 'EJPHPM');
    if (ptec === 'HN..' && lastPm >= 0) assert.ok(pm >= lastPm);
    lastPm = pm;
    const s = readFrame(std.frame(t), 'standard');
    assert.equal(parseInt(get(s, 'STGE') ?? '', 16) >>> 28, bits);
    const dpm = s.find((g) => g.label === 'DPM1');
    const fpm = s.find((g) => g.label === 'FPM1');
    if (pejp) {
      assert.equal(dpm?.horodate, ` ${yymmdd(date)}070000`);
      assert.equal(fpm?.horodate, ` ${yymmdd(next)}010000`);
      assert.equal(dpm?.data, '00');
      assert.deepEqual(
        s
          .map((g) => g.label)
          .slice(
            s.findIndex((g) => g.label === 'STGE'),
            s.findIndex((g) => g.label === 'MSG1'),
          ),
        ['STGE', 'DPM1', 'FPM1'],
      );
    } else {
      assert.equal(dpm, undefined);
      assert.equal(fpm, undefined);
    }
    assert.equal(num(s, 'NTARF'), ptec === 'PM..' ? 2 : 1);
  }
});

test('standard fixed-format labels: DATE empty, PJOURF+1 98 chars of 11 blocks, MSG1, PRM, RELAIS', () => {
  const t = Date.parse('2026-05-05T12:00:00Z');
  const m = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 6, seed: 1 }, t);
  const gs = readFrame(m.frame(t), 'standard');
  const date = gs.find((g) => g.label === 'DATE');
  assert.deepEqual(date, { label: 'DATE', horodate: 'E260505140000', data: '' });
  const blocks = (get(gs, 'PJOURF+1') ?? '').split(' ');
  assert.equal(blocks.length, 11);
  for (const b of blocks) assert.match(b, /^(\d{4}[0-9A-F]{4}|NONUTILE)$/);
  assert.equal(get(gs, 'MSG1'), 'PAS DE          MESSAGE         ');
  assert.match(get(gs, 'PRM') ?? '', /^\d{14}$/);
  assert.equal(get(gs, 'RELAIS'), '000'); // 14:00 is peak time: contact open
  assert.equal(get(gs, 'NGTF'), 'H PLEINE/CREUSE ');
  assert.equal(get(gs, 'LTARF'), ' HEURE  PLEINE  ');
  const easf = Array.from({ length: 10 }, (_, i) => num(gs, `EASF${String(i + 1).padStart(2, '0')}`));
  const east = num(gs, 'EAST');
  assert.ok(east - easf.reduce((a, b) => a + b, 0) >= 0 && east - easf.reduce((a, b) => a + b, 0) < 10, 'EAST = Σ EASF');
  assert.equal(
    easf.slice(2).every((v) => v === 0),
    true,
    'unused supplier registers stay 0',
  );
  for (const u of ['URMS1', 'UMOY1']) assert.ok(num(gs, u) >= 220 && num(gs, u) <= 240, `${u} ≈ 230 V`);
  const stge = parseInt(get(gs, 'STGE') ?? '', 16);
  assert.equal((stge >>> 17) & 1, 1, 'TIC standard bit');
  assert.equal(((stge >>> 10) & 0xf) + 1, num(gs, 'NTARF'));
  // current = power / voltage
  assert.ok(Math.abs(num(gs, 'IRMS1') - num(gs, 'SINSTS') / num(gs, 'URMS1')) <= 1);
});

test('a seed replays the same meter; another seed gives another meter', () => {
  const make = (seed: number): SimulatedMeter =>
    new SimulatedMeter({ mode: 'standard', phases: 3, producer: true, option: 'TEMPO', subscribedKva: 12, seed }, WINTER_AFTERNOON);
  const a = make(99);
  const b = make(99);
  const c = make(100);
  let differs = false;
  for (let t = WINTER_AFTERNOON; t < WINTER_AFTERNOON + 600_000; t += 1700) {
    const fa = a.frame(t);
    assert.deepEqual(fa, b.frame(t));
    if (!fa.equals(c.frame(t))) differs = true;
  }
  assert.ok(differs);
});

test('time never runs backwards: an earlier instant changes nothing', () => {
  const m = new SimulatedMeter(
    { mode: 'historique', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 1 },
    WINTER_AFTERNOON,
  );
  const later = num(readFrame(m.frame(WINTER_AFTERNOON + 3_600_000), 'historique'), 'BASE');
  const back = num(readFrame(m.frame(WINTER_AFTERNOON), 'historique'), 'BASE');
  assert.equal(back, later);
  assert.equal(m.timeMs, WINTER_AFTERNOON + 3_600_000);
});

test('meanPowerVA is the mean apparent power over days, for every option', () => {
  for (const option of OPTIONS) {
    const start = Date.parse('2026-01-10T23:00:00Z');
    const m = new SimulatedMeter(
      { mode: 'historique', phases: 1, producer: false, option, subscribedKva: 12, seed: 31, meanPowerVA: 1000 },
      start,
    );
    let sum = 0;
    let n = 0;
    for (let t = start; t < start + 4 * 86_400_000; t += 120_000) {
      sum += num(readFrame(m.frame(t), 'historique'), 'PAPP');
      n++;
    }
    assert.ok(sum / n > 800 && sum / n < 1200, `${option}: mean ${Math.round(sum / n)} VA`);
  }
});

test('DST nights: DATE switches season, indexes keep growing, the day maxima roll over at local midnight', () => {
  for (const [iso, before, after] of [
    ['2026-03-28T22:30:00Z', 'H', 'E'],
    ['2026-10-24T21:30:00Z', 'E', 'H'],
  ] as const) {
    const start = Date.parse(iso); // 23:30 Paris
    const m = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 6 }, start);
    const seasons = new Set<string>();
    let last = -1;
    let smaxDay = '';
    for (let t = start; t < start + 6 * 3_600_000; t += 10_000) {
      const gs = readFrame(m.frame(t), 'standard');
      const date = gs.find((g) => g.label === 'DATE')?.horodate ?? '';
      seasons.add(date[0]);
      const east = num(gs, 'EAST');
      assert.ok(east >= last);
      last = east;
      const smax = gs.find((g) => g.label === 'SMAXSN')?.horodate ?? '';
      // the maximum of day n is always stamped on the frame's own local date
      assert.equal(smax.slice(1, 7), date.slice(1, 7), `${smax} vs ${date}`);
      if (smaxDay && smax.slice(1, 7) !== smaxDay) {
        const prev = gs.find((g) => g.label === 'SMAXSN-1')?.horodate ?? '';
        assert.equal(prev.slice(1, 7), smaxDay, 'yesterday max = the previous day');
      }
      smaxDay = smax.slice(1, 7);
    }
    assert.deepEqual([...seasons], [before, after]);
  }
});
