import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import loadShedNode from '../../nodes/wes-load-shed/wes-load-shed';
import schedulerNode from '../../nodes/wes-scheduler/wes-scheduler';
import thermostatNode from '../../nodes/wes-thermostat/wes-thermostat';
import contractNode from '../../nodes/wes-contract/wes-contract';
import costNode from '../../nodes/wes-cost/wes-cost';

const nodes = [loadShedNode, schedulerNode, thermostatNode, contractNode, costNode];
type Msg = Record<string, unknown>;

runtimeWithUserDir('wes-rules-test-', { before, after, afterEach });

/** A wes-tic-in style meter state: 45 A subscription, one phase. */
const meter = (currentA: number, overload = false): Msg => ({
  topic: 'tic1',
  payload: {
    meterId: '041876543210',
    currentA: [currentA],
    powerVA: currentA * 230,
    subscribedCurrentA: 45,
    subscribedPowerVA: 9000,
    alerts: { overload },
  },
});

const shedFlow = (extra: Msg = {}) => [
  {
    id: 'ls',
    type: 'wes-load-shed',
    basis: 'current',
    shedAtPct: 90,
    restoreBelowPct: 80,
    restoreDelayS: 1,
    settleS: 3,
    rotateAfterMin: 0,
    lostMode: 'shed-all',
    lostAfterS: 30,
    loads: [
      { name: 'water heater', powerW: 2000, kind: 'onoff', relay: 1 },
      { name: 'bedroom', powerW: 1500, kind: 'pilot', relay: 2 },
      { name: 'living room', powerW: 2000, kind: 'onoff', relay: 3 },
    ],
    wires: [['l1'], ['l2'], ['l3'], ['log']],
    ...extra,
  },
  { id: 'l1', type: 'helper' },
  { id: 'l2', type: 'helper' },
  { id: 'l3', type: 'helper' },
  { id: 'log', type: 'helper' },
];

test('load-shed: one overload reading sheds just enough loads in order, each on its own output, logged with the reason', async () => {
  await loadFlow(nodes, shedFlow());
  const [l1, l2, l3, log] = ['l1', 'l2', 'l3', 'log'].map(collector);
  const ls = helper.getNode('ls');
  ls.receive(meter(30));
  ls.receive(meter(55)); // 14.5 A over 40.5 A = 3335 W: water heater (2000) + bedroom (1500)
  await waitFor(() => log.length >= 2, 'two decisions');
  assert.deepEqual(
    l1.map((m) => m.payload),
    ['off'],
  );
  assert.deepEqual(
    l2.map((m) => m.payload),
    ['on'],
    'fil pilote: relay on = frost',
  );
  assert.equal((l2[0].shed as Msg).command, 'frost');
  assert.equal(l3.length, 0, 'never more than needed');
  const d = log.map((m) => m.payload as Msg);
  assert.deepEqual(
    d.map((x) => [x.load, x.priority, x.action]),
    [
      ['water heater', 1, 'shed'],
      ['bedroom', 2, 'shed'],
    ],
  );
  assert.match(String(d[0].reason), /55 A > 90 % of 45 A/);
  assert.deepEqual(log[1].shed, ['water heater', 'bedroom']);
  assert.match(String(lastStatus(ls).text), /2 shed/);
  // below 80 %: restored one at a time, the last shed first, after the delay
  ls.receive(meter(10));
  await waitFor(() => log.length >= 4, 'two restores', 6000);
  assert.deepEqual(
    log.slice(2).map((m) => [(m.payload as Msg).load, (m.payload as Msg).action]),
    [
      ['bedroom', 'restore'],
      ['water heater', 'restore'],
    ],
  );
  assert.deepEqual(
    l2.map((m) => m.payload),
    ['on', 'off'],
  );
  assert.deepEqual(
    l1.map((m) => m.payload),
    ['off', 'on'],
  );
});

test('load-shed: a relay under manual override (fed back from wes-relay-out) is never switched by the shedding', async () => {
  await loadFlow(nodes, shedFlow());
  const [l1, l2, , log] = ['l1', 'l2', 'l3', 'log'].map(collector);
  const ls = helper.getNode('ls');
  // what wes-relay-out sends after a manual command
  ls.receive({
    topic: 'relay1',
    payload: true,
    state: 'ON',
    relay: { number: 1, name: 'relay 1', pending: null, overrideUntil: Date.now() + 3_600_000, outcome: 'switched' },
  });
  ls.receive(meter(50));
  await waitFor(() => log.length >= 2, 'two decisions');
  // the state answer leaves after every command of that reading: once it is in, nothing is on its way
  ls.receive({ payload: 'status' });
  await waitFor(() => log.some((m) => m.topic === 'load-shed/state'), 'the state answer');
  assert.equal(l1.length, 0, 'the overridden water heater got no command');
  assert.deepEqual(
    l2.map((m) => m.payload),
    ['on'],
  );
  // 9.5 A over = 2185 W: without the water heater it takes the bedroom and the living room
  assert.deepEqual(
    log.filter((m) => m.topic === 'load-shed/decision').map((m) => (m.payload as Msg).load),
    ['bedroom', 'living room'],
  );
});

test('load-shed: the meter overload alarm sheds; TIC lost applies the fail-safe; bad input is an error; bad config is red', async () => {
  await loadFlow(nodes, shedFlow());
  const [, , , log] = ['l1', 'l2', 'l3', 'log'].map(collector);
  const ls = helper.getNode('ls');
  ls.receive(meter(20, true));
  await waitFor(() => log.length >= 1, 'alarm decision');
  assert.match(String((log[0].payload as Msg).reason), /overload alarm/);
  ls.receive({ topic: 'tic1/event', payload: { event: 'tic-lost' } });
  await waitFor(() => log.length >= 3, 'fail-safe');
  assert.ok(log.slice(1).every((m) => /lost/.test(String((m.payload as Msg).reason))));
  assert.match(String(lastStatus(ls).text), /lost/);
  ls.receive({ payload: 42 });
  await waitFor(() => callsOf(ls, 'error').length > 0, 'an error');
  await helper.unload();
  await loadFlow(nodes, shedFlow({ restoreBelowPct: 95 }));
  assert.equal(lastStatus(helper.getNode('ls')).fill, 'red');
});

test(
  'load-shed: a priorities message changes the shedding order, is reported in its state, kept across a restart; a bad one changes ' +
    'nothing',
  async () => {
    await loadFlow(nodes, shedFlow());
    let log = collector('log');
    let ls = helper.getNode('ls');
    const states = () => log.filter((m) => m.topic === 'load-shed/state').map((m) => m.payload as Msg);
    ls.receive({ topic: 'priorities', payload: ['living room', 'water heater', 'oven'] });
    ls.receive({ topic: 'priorities', payload: ['living room', 'water heater'] });
    await waitFor(() => callsOf(ls, 'error').length >= 2, 'two errors');
    assert.match(String(callsOf(ls, 'error')[0][0]), /no load "oven"/);
    ls.receive({ payload: 'status' });
    await waitFor(() => states().length >= 1, 'the state');
    assert.deepEqual(states()[0].order, ['water heater', 'bedroom', 'living room'], 'refused orders changed nothing');
    // by name or output number (3 = living room)
    ls.receive({ topic: 'priorities', payload: [3, 'water heater', 'bedroom'] });
    await waitFor(() => states().length >= 2, 'the state after the change');
    const st = states()[1];
    assert.deepEqual(st.order, ['living room', 'water heater', 'bedroom']);
    assert.deepEqual(
      (st.loads as Msg[]).map((l) => [l.name, l.priority, l.output]),
      [
        ['living room', 1, 3],
        ['water heater', 2, 1],
        ['bedroom', 3, 2],
      ],
    );
    // the next overload sheds in the new order (14.5 A over = 3335 W: living room 2000 + water heater 2000)
    ls.receive(meter(55));
    await waitFor(() => log.filter((m) => m.topic === 'load-shed/decision').length >= 2, 'two decisions');
    const d = log.filter((m) => m.topic === 'load-shed/decision').map((m) => m.payload as Msg);
    assert.deepEqual(
      d.map((x) => [x.load, x.priority, x.action]),
      [
        ['living room', 1, 'shed'],
        ['water heater', 2, 'shed'],
      ],
    );
    // a restart keeps the order
    await helper.unload();
    await loadFlow(nodes, shedFlow());
    log = collector('log');
    ls = helper.getNode('ls');
    ls.receive({ payload: 'status' });
    await waitFor(() => states().length >= 1, 'the state after a restart');
    assert.deepEqual(states()[0].order, ['living room', 'water heater', 'bedroom']);
    assert.deepEqual(states()[0].shed, ['living room', 'water heater']);
  },
);

test('scheduler: answers on demand for any instant, follows off-peak hours from the meter, takes an edited schedule', async () => {
  await loadFlow(nodes, [
    { id: 's', type: 'wes-scheduler', schedule: 'Mon-Fri 06:00-08:00\nSat,Sun 09:00-10:00', meter: 'none', wires: [['out']] },
    { id: 'm', type: 'wes-scheduler', schedule: '', meter: 'offpeak', combine: 'meter', wires: [['mout']] },
    { id: 'out', type: 'helper' },
    { id: 'mout', type: 'helper' },
  ]);
  const out = collector('out');
  const mout = collector('mout');
  const s = helper.getNode('s');
  await waitFor(() => out.length >= 1, 'the start message');
  out.length = 0;
  s.receive({ payload: 'status', time: '2026-03-30T04:30:00Z' }); // Monday 06:30 CEST
  s.receive({ payload: 'status', time: '2026-05-14T04:30:00Z' }); // Ascension: like Sunday
  s.receive({ payload: 'status', time: '2026-05-14T07:30:00Z' });
  await waitFor(() => out.length >= 3, 'three answers');
  assert.deepEqual(
    out.map((m) => m.payload),
    ['on', 'off', 'on'],
  );
  const info = out[0].scheduler as Msg;
  assert.deepEqual(info.next, { time: '2026-03-30T06:00:00.000Z', on: false });
  assert.match(String((out[1].scheduler as Msg).because), /Ascension/);
  s.receive({ payload: { schedule: 'bogus line' } });
  await waitFor(() => callsOf(s, 'error').length > 0, 'an error');
  out.length = 0;
  s.receive({ payload: { schedule: 'all 00:00-24:00' } });
  await waitFor(() => out.length >= 1, 'edited answer');
  assert.equal(out[0].payload, 'on');
  assert.match(String(lastStatus(s).text), /ON/);
  const m = helper.getNode('m');
  m.receive({ payload: { tariffPeriod: 'HP', tariffOption: 'HC' } });
  m.receive({ payload: { tariffPeriod: 'HC', tariffOption: 'HC' } });
  await waitFor(() => mout.some((x) => x.payload === 'on'), 'off-peak on');
  m.receive({ payload: { tariffPeriod: 'HP', tariffOption: 'HC' } });
  await waitFor(() => mout[mout.length - 1].payload === 'off', 'peak off');
});

test('thermostat: heats below the band, and a sensor that stops sends the output to the safe state', async () => {
  await loadFlow(nodes, [
    {
      id: 't',
      type: 'wes-thermostat',
      setpoint: 20,
      hysteresis: 1,
      minOnS: 0,
      minOffS: 0,
      frostProtection: true,
      frost: 7,
      sensorLostS: 1,
      lostOutput: 'off',
      wires: [['out']],
    },
    { id: 'out', type: 'helper' },
    // tells when the thermostat has handled a reading, so the test need not sleep
    { id: 'cmp', type: 'complete', scope: ['t'], uncaught: false, wires: [['handled']] },
    { id: 'handled', type: 'helper' },
  ]);
  const out = collector('out');
  const t = helper.getNode('t');
  t.receive({ payload: 18.2 });
  await waitFor(() => out.length >= 1, 'on');
  assert.equal(out[0].payload, 'on');
  const handled = collector('handled');
  t.receive({ payload: { temperature: 20.2 } });
  await waitFor(() => handled.length >= 1, 'the reading handled');
  assert.equal(out.length, 1, 'inside the band: no change');
  // the sensor stops: within ~1 s the safe state
  await waitFor(() => out.length >= 2, 'safe state', 4000);
  assert.equal(out[1].payload, 'off');
  assert.match(String((out[1].thermostat as Msg).why), /sensor lost/);
  assert.equal(lastStatus(t).fill, 'red');
  t.receive({ payload: 18 });
  await waitFor(() => out.length >= 3, 'back on');
  assert.equal(out[2].payload, 'on');
  t.receive({ payload: 'hot' });
  await waitFor(() => callsOf(t, 'error').length > 0, 'an error');
});

test('cost: energy and euros from the index registers, per period; a counter reset is not counted', async () => {
  await loadFlow(nodes, [
    { id: 'k', type: 'wes-contract', option: 'HC', timeZone: 'Europe/Paris', prices: '2025-01-01 HC=0.20 HP=0.25 sub=31' },
    { id: 'c', type: 'wes-cost', contract: 'k', intervalS: 0, wires: [['out']] },
    { id: 'out', type: 'helper' },
  ]);
  const out = collector('out');
  const c = helper.getNode('c');
  const state = (hc: number, hp: number) => ({
    topic: 'tic1',
    payload: { meterId: '041876543210', energyByPeriodWh: { HCHC: hc, HCHP: hp }, subscribedPowerVA: 9000 },
  });
  c.receive(state(1_000_000, 2_000_000));
  c.receive(state(1_000_000, 2_000_008)); // 8 Wh HP (what a 9 kVA meter may count between two frames)
  c.receive(state(0, 2_000_008)); // HC counter reset
  c.receive(state(6, 2_000_008)); // 6 Wh HC after it
  await waitFor(() => out.length >= 4, 'four reports');
  const r = out[3].payload as { today: { energyWh: number; byPeriod: Record<string, { energyWh: number; costEur: number }> } };
  assert.equal(out[3].topic, 'tic1/cost');
  assert.equal(r.today.byPeriod.HP.energyWh, 8);
  assert.equal(r.today.byPeriod.HP.costEur, 0.002);
  assert.equal(r.today.byPeriod.HC.energyWh, 6);
  assert.equal(r.today.byPeriod.HC.costEur, 0.0012);
  assert.equal(r.today.energyWh, 14);
  assert.match(String(lastStatus(c).text), /today/);
  c.receive({ payload: { nothing: 1 } });
  await waitFor(() => callsOf(c, 'error').length > 0, 'an error');
});
