import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import surplusNode from '../../nodes/wes-surplus/wes-surplus';
import loadShedNode from '../../nodes/wes-load-shed/wes-load-shed';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';

const nodes = [surplusNode, loadShedNode, ticInNode];
type Msg = Record<string, unknown>;

runtimeWithUserDir('wes-surplus-test-', { before, after, afterEach });

/** A standard-mode producer meter state as wes-tic-in sends it: 9 kVA. */
const producer = (importVA: number, exportVA: number, tariffPeriod = 'HEURE PLEINE'): Msg => ({
  topic: 'tic1',
  payload: {
    meterId: '021861348497',
    producer: true,
    powerVA: importVA,
    injectedPowerVA: exportVA,
    currentA: [importVA / 230],
    subscribedPowerVA: 9000,
    tariffPeriod,
    alerts: { overload: false },
  },
});
const router = (extra: Msg = {}, wires: string[][] = [['cmd'], ['state']]): Msg => ({
  id: 'sr',
  type: 'wes-surplus',
  loadName: 'water heater',
  ratedW: 2000,
  startExportW: 2000,
  startAfterS: 1,
  stopImportW: 300,
  stopAfterS: 1,
  minOnS: 0,
  minOffS: 0,
  targetKwh: 6,
  wires,
  ...extra,
});

test('wes-surplus: export held above the threshold switches the load on, import held above Y switches it off; status shows it all', async () => {
  await loadFlow(nodes, [router(), { id: 'cmd', type: 'helper' }, { id: 'state', type: 'helper' }]);
  const cmd = collector('cmd');
  const sr = helper.getNode('sr');
  assert.match(String(lastStatus(sr).text), /waiting/);
  sr.receive(producer(0, 2600));
  // the status shows the reading: the router has taken it, and chose to wait
  await waitFor(() => /export/.test(String(lastStatus(sr).text)), 'the reading taken');
  assert.equal(cmd.length, 0, 'not before the start time');
  assert.match(String(lastStatus(sr).text), /export 2\.6 kW · off · 0\.0 \/ 6\.0 kWh/);
  await waitFor(() => cmd.length === 1, 'on');
  assert.equal(cmd[0].payload, 'on');
  assert.deepEqual({ ...(cmd[0].route as Msg), reason: undefined }, { load: 'water heater', on: true, mode: 'surplus', reason: undefined });
  assert.match(String(lastStatus(sr).text), /ON \(surplus\)/);
  sr.receive(producer(800, 0));
  await waitFor(() => cmd.length === 2, 'off');
  assert.equal(cmd[1].payload, 'off');
  assert.match(String((cmd[1].route as Msg).reason), /import 0\.80 kW > 0\.30 kW/);
  assert.match(String(lastStatus(sr).text), /import 0\.8 kW · off/);
});

test('wes-surplus → wes-load-shed: the routed load obeys the router, is shed first on an overload and is not switched back on during it', async (t) => {
  // The clock of both nodes (Date and their once-a-second tick) moves when the test says so.
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.now() });
  await loadFlow(nodes, [
    router({ stopAfterS: 30 }, [['ls'], ['state']]),
    {
      id: 'ls',
      type: 'wes-load-shed',
      basis: 'power',
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 1,
      settleS: 3,
      rotateAfterMin: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      loads: [
        { name: 'heating', powerW: 3000, kind: 'onoff', relay: 1 },
        { name: 'water heater', powerW: 2000, kind: 'onoff', relay: 2, routed: true },
      ],
      wires: [['heat'], ['wh', 'sr'], ['log']],
    },
    { id: 'heat', type: 'helper' },
    { id: 'wh', type: 'helper' },
    { id: 'log', type: 'helper' },
    { id: 'state', type: 'helper' },
  ]);
  const [heat, wh, log, state] = ['heat', 'wh', 'log', 'state'].map(collector);
  const sr = helper.getNode('sr');
  const ls = helper.getNode('ls');
  const frame = (importVA: number, exportVA: number): void => {
    const m = producer(importVA, exportVA);
    ls.receive(m);
    sr.receive(m);
  };
  /** Both nodes have handled everything sent so far: two round trips through the router's "status" answer (router → load-shed → outputs). */
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 2; i++) {
      const n = state.length;
      sr.receive({ payload: 'status' });
      await waitFor(() => state.length > n, 'the router answered');
    }
  };
  frame(0, 3000);
  t.mock.timers.tick(1000);
  await waitFor(() => wh.length === 1, 'routed on through the shedding');
  assert.equal(wh[0].payload, 'on');
  assert.equal((log[0].payload as Msg).action, 'route-on');
  // a cloud and the oven: 9.5 kVA > 8.1 kVA: the routed load goes first, in that frame, and only it (2 kW + 1.4 kVA over)
  frame(9500, 0);
  await waitFor(() => wh.length === 2, 'routed load shed');
  assert.equal(wh[1].payload, 'off');
  assert.deepEqual(
    log.slice(1).map((m) => [(m.payload as Msg).load, (m.payload as Msg).action]),
    [['water heater', 'shed']],
  );
  assert.equal(heat.length, 0, 'the comfort load stays on: the routed load was enough');
  // the router learnt it (fed back) and, with the import above its budget, gave up at once
  await waitFor(() => state.some((m) => (m.payload as Msg).on === false), 'router off');
  // the overload lasts (the frames now show the relief: 7.5 kVA, between 80 and 90 %): nothing switches the routed load back on
  for (let i = 0; i < 6; i++) {
    frame(7500, 0);
    t.mock.timers.tick(250);
  }
  await settled();
  assert.deepEqual(
    wh.map((m) => m.payload),
    ['on', 'off'],
  );
  assert.ok(log.every((m) => (m.payload as Msg).load === 'water heater'));
});

test('wes-surplus with a simulated producer meter: reads import, budget and tariff period from wes-tic-in; stays off on import', async () => {
  await loadFlow(nodes, [
    {
      id: 'tic',
      type: 'wes-tic-in',
      topic: 'tic1',
      source: 'simulated',
      simMode: 'standard',
      simPhases: 1,
      simProducer: true,
      simOption: 'HC',
      simKva: 9,
      output: 'every',
      wires: [['sr'], ['sr']],
    },
    router(),
    { id: 'cmd', type: 'helper' },
    { id: 'state', type: 'helper' },
  ]);
  const cmd = collector('cmd');
  const state = collector('state');
  const sr = helper.getNode('sr');
  // 7 kVA of household load: more than the panels ever give (3 kW peak), day or night
  helper.getNode('tic').receive({ payload: { forcePowerVA: 7000 } });
  await waitFor(() => /import [4-7]\.\d kW/.test(String(lastStatus(sr).text)), 'an import in the status', 10_000);
  sr.receive({ payload: 'status' });
  await waitFor(() => state.length > 0, 'state');
  const p = state[state.length - 1].payload as Msg;
  assert.equal(p.budgetVA, 8100, '90 % of the 9 kVA PREF');
  assert.equal(typeof p.offPeak, 'boolean', 'the tariff period came from the meter');
  assert.equal(p.exportW, 0);
  assert.equal(cmd.length, 0);
  assert.equal(p.on, false);
});

test("wes-surplus: a restart keeps today's measured energy; bad input is an error; bad config is red", async () => {
  const flow = [router({ energy: 'measured', energyTopic: 'wh/energy' }), { id: 'cmd', type: 'helper' }, { id: 'state', type: 'helper' }];
  await loadFlow(nodes, flow);
  let sr = helper.getNode('sr');
  sr.receive({ topic: 'wh/energy', payload: { energyWh: 10_000 } });
  sr.receive({ topic: 'wh/energy', payload: 10_006 });
  sr.receive({ topic: 'wh/energy', payload: { index: 10.009 }, unit: 'kWh' });
  sr.receive(producer(200, 0));
  await waitFor(() => /import 0\.2 kW/.test(String(lastStatus(sr).text)), 'a reading');
  sr.receive({ payload: 'status' });
  let state = collector('state');
  await waitFor(() => state.length > 0, 'state');
  assert.equal((state[0].payload as Msg).todayWh, 9);
  await helper.unload();
  await loadFlow(nodes, flow);
  sr = helper.getNode('sr');
  state = collector('state');
  sr.receive({ payload: 'status' });
  await waitFor(() => state.length > 0, 'state after restart');
  assert.equal((state[0].payload as Msg).todayWh, 9);
  sr.receive({ payload: 42 });
  await waitFor(() => callsOf(sr, 'error').length > 0, 'an error');
  await helper.unload();
  await loadFlow(nodes, [router({ timeZone: 'Mars/Olympus' })]);
  assert.equal(lastStatus(helper.getNode('sr')).fill, 'red');
  await helper.unload();
  await loadFlow(nodes, [router({ ratedW: -5 })]);
  assert.equal(lastStatus(helper.getNode('sr')).fill, 'red');
});
