import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultShedOptions, type ShedLoadConfig, type ShedOptions, type ShedSample } from '../../nodes/core/rules/load-shed';
import { explain } from '../../nodes/shared/problems';
import { LoadShedEngine, inputErrorText, reasonText } from '../support/load-shed-harness';
import { readShedInput, resolvePriorities } from '../../nodes/core/rules/shed-input';
import { initialThermostat, reading, setpoint, tickThermostat, type ThermostatOptions } from '../../nodes/core/rules/thermostat';
import { addIndexSample, checkContract, costReport, emptyCostState, type Contract } from '../../nodes/core/rules/costs';

const T0 = Date.parse('2026-01-15T18:00:00Z');
const loads = (n: number, powerW = 2000, extra: Partial<ShedLoadConfig> = {}): ShedLoadConfig[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `load${i + 1}`,
    powerW,
    kind: 'onoff' as const,
    minOnMs: 0,
    minOffMs: 0,
    rotate: false,
    ...extra,
  }));
const opts = (l: ShedLoadConfig[], o: Partial<ShedOptions> = {}): ShedOptions => ({ ...defaultShedOptions(l), rotateAfterMs: 0, ...o });
/** A 45 A subscription (9 kVA mono), current basis. */
const amps = (tMs: number, value: number, overload = false): ShedSample => ({ source: 'tic1', tMs, value, limit: 45, unit: 'A', overload });

test('load shedding: one frame over the threshold sheds just enough loads, in priority order', () => {
  const e = new LoadShedEngine(opts(loads(4)), T0);
  assert.deepEqual(e.sample(amps(T0, 30)), []);
  // 50 A against 40.5 A (90 %): 9.5 A × 230 V = 2185 W → two 2 kW loads, not three
  const d = e.sample(amps(T0 + 1000, 50));
  assert.deepEqual(
    d.map((x) => [x.name, x.action, x.command]),
    [
      ['load1', 'shed', 'off'],
      ['load2', 'shed', 'off'],
    ],
  );
  assert.match(reasonText(d[0].reason), /50 A > 90 % of 45 A/);
  // the next frame still shows the old reading: the relief is on its way, nothing more is shed
  assert.deepEqual(e.sample(amps(T0 + 2000, 50)), []);
  // long after, still over: the rest follows
  assert.deepEqual(
    e.sample(amps(T0 + 10_000, 42)).map((x) => x.name),
    ['load3'],
  );
});

test('load shedding: restore in reverse order, only below 80 % for the full delay, one at a time', () => {
  const e = new LoadShedEngine(opts(loads(3)), T0);
  e.sample(amps(T0, 60)); // sheds all three
  assert.deepEqual(e.shedLoads(), [0, 1, 2]);
  let t = T0 + 5000;
  assert.deepEqual(e.sample(amps(t, 38)), []); // between 80 and 90 %: hold
  t += 200_000;
  assert.deepEqual(e.sample(amps(t, 38)), []);
  assert.deepEqual(e.tick(t + 500_000), []);
  t += 1000;
  e.sample(amps(t, 20)); // below 80 %: the delay starts
  assert.deepEqual(e.tick(t + 179_000), []);
  assert.deepEqual(
    e.tick(t + 180_000).map((x) => [x.name, x.action, x.command]),
    [['load3', 'restore', 'on']],
  );
  assert.deepEqual(e.tick(t + 200_000), []); // the next one waits another delay
  e.sample(amps(t + 250_000, 37)); // a reading above 80 % resets the clock
  e.sample(amps(t + 251_000, 20));
  assert.deepEqual(e.tick(t + 360_000), []);
  assert.deepEqual(
    e.tick(t + 431_000).map((x) => x.name),
    ['load2'],
  );
  assert.deepEqual(
    e.tick(t + 611_000).map((x) => x.name),
    ['load1'],
  );
  assert.deepEqual(e.shedLoads(), []);
});

test('load shedding: a restore that would not fit under the threshold waits', () => {
  const e = new LoadShedEngine(opts(loads(1, 5000)), T0);
  e.sample(amps(T0, 45));
  e.sample(amps(T0 + 5000, 30)); // 30 A < 36 A, but +5 kW (21.7 A) would be 51.7 A
  assert.deepEqual(e.tick(T0 + 400_000), []);
  assert.deepEqual(
    e.sample(amps(T0 + 400_000, 10)).map((x) => x.name),
    ['load1'],
    'now it fits: the delay ran long ago',
  );
});

test('load shedding: an overridden relay is never switched by the engine, and min on-time is honoured', () => {
  const l = loads(3);
  l[1].minOnMs = 60_000;
  const e = new LoadShedEngine(opts(l), T0);
  e.override(0, T0 + 3_600_000, T0); // a person switched load1 by hand
  const d = e.sample(amps(T0 + 1000, 50));
  // load1 overridden, load2 too recently switched on? no: never switched by us → its min on counts from -∞
  assert.deepEqual(
    d.map((x) => x.name),
    ['load2', 'load3'],
  );
  const e2 = new LoadShedEngine(opts(loads(2)), T0);
  e2.sample(amps(T0, 50)); // sheds load1 (2185 W needs two → load1 and load2)
  e2.override(0, T0 + 600_000, T0 + 1000); // the user takes load1 back while shed
  e2.sample(amps(T0 + 2000, 10));
  const later = e2.tick(T0 + 400_000);
  assert.ok(
    later.every((x) => x.load !== 0),
    'the overridden load is not restored by the engine',
  );
  // and during a later overload it is not shed either
  e2.sample(amps(T0 + 500_000, 60));
  assert.equal(e2.states[0].shed, false);
});

test('load shedding: the meter overload alarm sheds even below the threshold; fil-pilote loads go to frost', () => {
  const e = new LoadShedEngine(opts(loads(2, 0, { kind: 'pilot' })), T0);
  const d = e.sample(amps(T0, 30, true));
  assert.deepEqual(
    d.map((x) => [x.name, x.command]),
    [['load1', 'frost']],
  ); // unknown power: one at a time
  assert.match(reasonText(d[0].reason), /overload alarm/);
  e.sample(amps(T0 + 10_000, 5));
  assert.deepEqual(
    e.tick(T0 + 190_000).map((x) => x.command),
    ['comfort'],
  );
});

test('load shedding: rotation when the overload lasts, predictive shedding from the rise rate, fail-safe on feed loss', () => {
  const r = new LoadShedEngine(opts(loads(3, 2000, { rotate: true }), { rotateAfterMs: 30 * 60_000 }), T0);
  r.sample(amps(T0, 45)); // 4.5 A over 40.5 → load1
  assert.deepEqual(r.shedLoads(), [0]);
  assert.deepEqual(r.sample(amps(T0 + 20 * 60_000, 39)), [], 'held between 80 and 90 %');
  const rot = r.sample(amps(T0 + 31 * 60_000, 39)); // still held after 30 min: load1 gets its turn back, load2 goes
  assert.deepEqual(
    rot.map((x) => [x.name, x.action]),
    [
      ['load2', 'shed'],
      ['load1', 'restore'],
    ],
  );
  assert.match(reasonText(rot[1].reason), /^rotation/);
  assert.equal(r.states[0].shed, false);

  const p = new LoadShedEngine(opts(loads(2), { predictHorizonMs: 5000 }), T0);
  assert.deepEqual(p.sample(amps(T0, 20)), []);
  assert.deepEqual(p.sample(amps(T0 + 1000, 28)), []);
  const pd = p.sample(amps(T0 + 2000, 36)); // +8 A/s: 76 A in 5 s
  assert.equal(pd.length > 0, true);
  assert.match(reasonText(pd[0].reason), /rising/);
  const steady = new LoadShedEngine(opts(loads(2)), T0);
  steady.sample(amps(T0, 20));
  steady.sample(amps(T0 + 1000, 28));
  assert.deepEqual(steady.sample(amps(T0 + 2000, 36)), [], 'without the option, 36 A sheds nothing');

  const f = new LoadShedEngine(opts(loads(3), { lostMode: 'shed-all' }), T0);
  assert.deepEqual(
    f.feedLost(T0).map((x) => x.name),
    ['load1', 'load2', 'load3'],
  );
  assert.deepEqual(f.feedLost(T0 + 1000), [], 'once');
  const h = new LoadShedEngine(opts(loads(2), { lostMode: 'restore-all' }), T0);
  h.sample(amps(T0, 60));
  assert.deepEqual(
    h.feedLost(T0 + 5000).map((x) => [x.name, x.action]),
    [
      ['load2', 'restore'],
      ['load1', 'restore'],
    ],
  );
});

test('load shedding: state survives a restart through the snapshot', () => {
  const e = new LoadShedEngine(opts(loads(2)), T0);
  e.sample(amps(T0, 45));
  const snap = JSON.parse(JSON.stringify(e.snapshot()));
  const e2 = new LoadShedEngine(opts(loads(2)), T0 + 60_000, snap);
  assert.deepEqual(e2.shedLoads(), [0]);
  e2.sample(amps(T0 + 61_000, 10));
  assert.deepEqual(
    e2.tick(T0 + 241_000).map((x) => x.name),
    ['load1'],
  );
});

const tOpts: ThermostatOptions = {
  hysteresisC: 0.5,
  minOnMs: 300_000,
  minOffMs: 300_000,
  frostC: 7,
  sensorLostMs: 600_000,
  lostOutput: 'off',
  mode: 'heat',
};

test('load shedding: a priority order set at run time drives the next sheds, survives a restart, and a bad one changes nothing', () => {
  const l = loads(3);
  const e = new LoadShedEngine(opts(l), T0);
  assert.deepEqual(e.priorityOrder(), [0, 1, 2]);
  assert.equal(e.setPriority([2, 0]), false, 'not every load');
  assert.equal(e.setPriority([2, 2, 0]), false, 'twice the same');
  assert.equal(e.setPriority([3, 0, 1]), false, 'no such load');
  assert.deepEqual(e.priorityOrder(), [0, 1, 2], 'refused orders change nothing');
  assert.equal(e.setPriority([2, 0, 1]), true);
  assert.deepEqual([e.rankOf(2), e.rankOf(0), e.rankOf(1)], [1, 2, 3]);
  // 50 A against 40.5 A: two 2 kW loads, now load3 then load1
  assert.deepEqual(
    e.sample(amps(T0, 50)).map((x) => x.name),
    ['load3', 'load1'],
  );
  // loads shed in one frame come back the more important first, by the order now in force
  assert.equal(e.setPriority([1, 0, 2]), true);
  e.sample(amps(T0 + 5000, 10));
  assert.deepEqual(
    e.tick(T0 + 5000 + 180_000).map((x) => [x.name, x.action]),
    [['load3', 'restore']],
  );
  // a restart keeps the order
  const again = new LoadShedEngine(opts(l), T0 + 200_000, JSON.parse(JSON.stringify(e.snapshot())));
  assert.deepEqual(again.priorityOrder(), [1, 0, 2]);
  assert.deepEqual(again.shedLoads(), [0], 'load1 is still shed');
  assert.deepEqual(
    again.sample(amps(T0 + 600_000, 50)).map((x) => x.name),
    ['load2', 'load3'],
  );
  // a stored order that no longer fits the loads (one removed) falls back to the configured order
  const fewer = new LoadShedEngine(opts(loads(2)), T0, { loads: [], rotations: 0, priority: [1, 0, 2] });
  assert.deepEqual(fewer.priorityOrder(), [0, 1]);
  // a routed load stays first whatever the order
  const r = loads(3);
  r[2].routed = true;
  const er = new LoadShedEngine(opts(r), T0);
  er.sample(amps(T0, 10));
  er.route(2, true, T0 + 1, 'sun');
  er.setPriority([1, 0, 2]);
  assert.deepEqual(
    er.sample(amps(T0 + 10_000, 50)).map((x) => x.name),
    ['load3', 'load2'],
  );
});

test('load shedding: a priorities message names the loads, by name or output number, each once', () => {
  const names = ['water heater', 'heating', 'ev'];
  assert.deepEqual(
    readShedInput({ topic: 'priorities', payload: ['heating', 'ev', 'water heater'] }, T0, {
      basis: 'power',
      fixedLimit: 0,
      voltageV: 230,
    }),
    { kind: 'priorities', list: ['heating', 'ev', 'water heater'] },
  );
  assert.deepEqual(resolvePriorities(['heating', 'ev', 'water heater'], names), { ok: true, order: [1, 2, 0] });
  assert.deepEqual(resolvePriorities([3, 'water heater', 2], names), { ok: true, order: [2, 0, 1] });
  assert.deepEqual(resolvePriorities(null, names), { ok: true, order: [0, 1, 2] });
  for (const bad of [
    ['heating', 'ev'],
    ['heating', 'heating', 'ev'],
    ['heating', 'ev', 'oven'],
    [0, 1, 2],
    'heating',
    { a: 1 },
    [1.5, 2, 3],
  ]) {
    const r = resolvePriorities(bad, names);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.match(r.ok ? '' : inputErrorText(r.error), /priorities: .*"water heater", "heating", "ev"/);
  }
});

test('thermostat: hysteresis, minimum cycle times, setpoint by message, frost protection', () => {
  let s = initialThermostat(20, T0);
  s = reading(s, 19.5, T0, tOpts);
  assert.equal(s.on, false, 'min off-time from start');
  s = tickThermostat(s, T0 + 300_000, tOpts);
  assert.equal(s.on, true);
  s = reading(s, 20.1, T0 + 310_000, tOpts);
  assert.equal(s.on, true, 'inside the band: keeps heating');
  s = reading(s, 20.3, T0 + 400_000, tOpts);
  assert.equal(s.on, true, 'above the band but min on-time not over');
  s = reading(s, 20.3, T0 + 600_000, tOpts);
  assert.equal(s.on, false);
  s = setpoint(s, 22, T0 + 1_000_000, tOpts);
  assert.equal(s.on, true);
  s = setpoint(s, 16, T0 + 1_100_000, tOpts);
  s = reading(s, 6.5, T0 + 1_100_000, tOpts);
  assert.equal(s.on, true, 'frost beats the low setpoint');
  assert.equal(s.why.code, 'thermostat.frost');
  assert.equal(explain(s.why, 'fr'), 'hors-gel : 6.5 °C < 7 °C');
  assert.equal(explain(s.why, 'en-US'), 'frost protection: 6.5 °C < 7 °C');
});

test('thermostat: a sensor that stops sends the output to the chosen safe state, and a reading brings it back', () => {
  let s = initialThermostat(20, T0 - 3_600_000);
  s = reading(s, 18, T0, tOpts);
  assert.equal(s.on, true);
  for (let t = T0; t < T0 + 600_000; t += 60_000) s = tickThermostat(s, t, tOpts);
  assert.equal(s.on, true, 'not lost before 10 min');
  s = tickThermostat(s, T0 + 600_000, tOpts);
  assert.equal(s.lost, true);
  assert.equal(s.on, false, 'safe state off, even inside the minimum on-time');
  assert.match(s.why.code, /^thermostat\.lost/);
  s = reading(s, 18, T0 + 1_000_000, tOpts);
  assert.equal(s.lost, false);
  assert.equal(s.on, true);
  const never = tickThermostat(initialThermostat(20, T0), T0 + 600_000, { ...tOpts, lostOutput: 'on' });
  assert.equal(never.on, true, 'no reading at all since start counts as lost too');
});

const contract: Contract = {
  option: 'HC',
  timeZone: 'Europe/Paris',
  periods: [
    { from: '2025-08-01', prices: { HC: 0.2, HP: 0.25 }, subscriptionEurPerMonth: 31 },
    { from: '2026-02-01', prices: { HC: 0.1, HP: 0.3 }, subscriptionEurPerMonth: 62 },
  ],
};

test('costs from index registers: per period, price change keeps history, reset and swap never go negative', () => {
  assert.equal(checkContract(contract).ok, true);
  assert.equal(
    checkContract({ ...contract, periods: [{ from: '2026-01-01', prices: { HC: 0.2 }, subscriptionEurPerMonth: 10 }] }).ok,
    false,
  );
  let s = emptyCostState(T0, 'Europe/Paris');
  const t1 = Date.parse('2026-01-31T20:00:00Z'); // 21:00 local, 31 January
  const feed = (tMs: number, hc: number, hp: number, meterId = '041876543210') => {
    const r = addIndexSample(s, { tMs, meterId, energyByPeriodWh: { HCHC: hc, HCHP: hp }, subscribedPowerVA: 9000 }, contract);
    s = r.state;
    return r.rebased;
  };
  feed(t1, 1_000_000, 2_000_000);
  feed(t1 + 3_600_000, 1_000_000, 2_004_000); // 4 kWh HP at 0.25
  let r = costReport(s, t1 + 3_600_000, contract);
  assert.equal(r.today.byPeriod.HP.energyWh, 4000);
  assert.equal(r.today.byPeriod.HP.costEur, 1);
  assert.equal(r.today.subscriptionEur, 1); // 31 €/month, 31 days
  // after midnight local: the new prices apply
  const t2 = Date.parse('2026-02-01T00:30:00Z');
  feed(t2, 1_003_000, 2_004_000); // 3 kWh HC, delta spans midnight: counted when read
  r = costReport(s, t2, contract);
  assert.equal(r.today.byPeriod.HC.costEur, 0.3);
  assert.equal(r.yesterday.byPeriod.HP.costEur, 1, 'the old day keeps the old price');
  assert.equal(r.priceFrom, '2026-02-01');
  assert.equal(r.month.energyWh, 3000);
  assert.equal(r.year.energyWh, 7000);
  // a counter reset: no negative, no spike, and counting resumes from the new base
  assert.deepEqual(
    feed(t2 + 60_000, 10, 20).map((x) => x.register),
    ['HCHC', 'HCHP'],
  );
  feed(t2 + 120_000, 110, 20);
  r = costReport(s, t2 + 120_000, contract);
  assert.equal(r.today.byPeriod.HC.energyWh, 3100);
  // a jump beyond the subscription (9 kVA × 1 min ≪ 500 kWh) is set aside
  assert.equal(feed(t2 + 180_000, 500_110, 20).length, 1);
  // a meter swap re-bases everything
  assert.deepEqual(
    feed(t2 + 240_000, 5, 5, '041876543299').map((x) => x.register),
    ['*'],
  );
  feed(t2 + 300_000, 55, 5, '041876543299');
  r = costReport(s, t2 + 300_000, contract);
  assert.equal(r.today.byPeriod.HC.energyWh, 3150);
  assert.ok(r.today.costEur >= 0 && r.year.energyWh === 7150);
});

test('costs: Tempo standard registers EASFnn map to the six prices', () => {
  const tempo: Contract = {
    option: 'TEMPO',
    timeZone: 'Europe/Paris',
    periods: [
      { from: '2026-01-01', prices: { HCJB: 0.13, HPJB: 0.16, HCJW: 0.15, HPJW: 0.19, HCJR: 0.16, HPJR: 0.7 }, subscriptionEurPerMonth: 0 },
    ],
  };
  let s = emptyCostState(T0, 'Europe/Paris');
  s = addIndexSample(s, { tMs: T0, meterId: 'a', energyByPeriodWh: { EASF01: 0, EASF06: 100_000 } }, tempo).state;
  s = addIndexSample(s, { tMs: T0 + 600_000, meterId: 'a', energyByPeriodWh: { EASF01: 0, EASF06: 101_000 } }, tempo).state;
  const r = costReport(s, T0 + 600_000, tempo);
  assert.equal(r.today.byPeriod.HPJR.costEur, 0.7);
  assert.equal(r.today.totalEur, 0.7);
});

test("load shedding and the surplus router still take the short readings of sources of the user's own", async () => {
  const { readSurplusPayload } = await import('../../nodes/core/rules/surplus');
  const power = { basis: 'power' as const, fixedLimit: 0, voltageV: 230 };
  const s1 = readShedInput({ topic: 'shelly', payload: { powerW: 4200, subscribedPowerVA: 6000 } }, T0, power);
  assert.deepEqual(s1, { kind: 'sample', sample: { source: 'shelly', tMs: T0, value: 4200, limit: 6000, unit: 'VA', overload: false } });
  const s2 = readShedInput({ topic: 'clamp', payload: { currentA: [12, 31, 8] } }, T0, { basis: 'current', fixedLimit: 45, voltageV: 230 });
  assert.deepEqual(s2, { kind: 'sample', sample: { source: 'clamp', tMs: T0, value: 31, limit: 45, unit: 'A', overload: false } });
  assert.equal(readShedInput({ topic: 'x', payload: { powerVA: 'lots' } }, T0, power).kind, 'error');
  assert.deepEqual(readSurplusPayload({ payload: { netPowerW: -1800 } }), { importW: 0, exportW: 1800 });
  assert.deepEqual(readSurplusPayload({ payload: { netPowerW: 650 } }), { importW: 650, exportW: 0 });
  assert.equal(readSurplusPayload({ payload: { something: 1 } }), null);
});
