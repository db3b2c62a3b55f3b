// wes-modbus and wes-modbus-bus inside Node-RED, against modbus-serial servers: the simulated
// bus (its SDM630 and PZEM answering real frames on loopback) read through profiles, whose
// output every clamp consumer accepts; raw reads and writes against our simulator on ServerTCP;
// a failed read reported by its exception name, with no number sent; the output policies.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, collector, helper, loadFlow, nextMessage, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { readClampReading } from '../../nodes/core/contracts/clamp';
import { readModbusValues } from '../../nodes/core/contracts/modbus';
import { readMeterState } from '../../nodes/core/contracts/meter-state';
import { readPulseReading } from '../../nodes/core/contracts/pulse';
import { readShedInput } from '../../nodes/core/rules/shed-input';
import { readSurplusPayload } from '../../nodes/core/rules/surplus';
import { ModbusSimulator, SCRATCH_START } from '../../nodes/io/modbus/simulator';
import { PROFILES } from '../../nodes/core/modbus/profiles';
import busNode from '../../nodes/wes-modbus-bus/wes-modbus-bus';
import modbusNode from '../../nodes/wes-modbus/wes-modbus';
import loadShedNode from '../../nodes/wes-load-shed/wes-load-shed';

type Msg = Record<string, unknown>;
const nodes = [busNode, modbusNode];
const T0 = Date.parse('2026-06-15T12:00:00Z');

runtimeWithUserDir('wes-modbus-test-', { before, after, afterEach });

test('simulated bus: the SDM630 profile sends clamp readings with phases, read by load shedding and surplus; the PZEM has no direction', async () => {
  await loadFlow(nodes, [
    { id: 'bus', type: 'wes-modbus-bus', backend: 'simulated', simSeed: 3 },
    { id: 'grid', type: 'wes-modbus', bus: 'bus', topic: 'grid1', profile: 'sdm630', unitId: 1, poll: 1, wires: [['out']] },
    { id: 'hp', type: 'wes-modbus', bus: 'bus', topic: 'heatpump1', profile: 'pzem-004t', unitId: 2, poll: 1, wires: [['out2']] },
    { id: 'out', type: 'helper' },
    { id: 'out2', type: 'helper' },
  ]);
  const grid = await nextMessage('out').catch((e: Error) => {
    throw new Error(
      `${e.message}: ${JSON.stringify(callsOf(helper.getNode('grid'), 'error'))} ${JSON.stringify(callsOf(helper.getNode('grid'), 'status'))}`,
    );
  });
  const hp = await nextMessage('out2');
  const r = readClampReading(grid);
  assert.ok(r.ok, JSON.stringify(r));
  const p = grid.payload as {
    phases: unknown[];
    values: Record<string, number>;
    energyImportWh: number;
    direction: string;
    powerW: number;
  };
  assert.equal(p.phases.length, 3);
  assert.ok(p.energyImportWh > 8_000_000, 'the meter register, in Wh');
  // the simulated SDM630 keeps its per-phase registers too (wes-ct-meter's phases layout reads them)
  const phaseImports = (p.phases as Array<{ energyImportWh?: number }>).map((x) => x.energyImportWh ?? 0);
  assert.ok(
    phaseImports.every((wh) => wh > 1_000_000),
    JSON.stringify(phaseImports),
  );
  assert.equal(p.powerW, Math.abs(p.values.powerW));
  assert.equal(p.direction, p.values.powerW < 0 ? 'export' : 'import');
  assert.deepEqual(grid.meter, { model: 'sdm630', name: 'Eastron SDM630-Modbus', unitId: 1, directionMeasured: true, phases: 3 });
  // every other kind's reader refuses it with its own not-<kind> code
  assert.equal(
    readModbusValues(grid as Msg).ok ? 'accepted' : (readModbusValues(grid as Msg) as { error: { code: string } }).error.code,
    'not-modbus-values',
  );
  assert.equal((readMeterState(grid) as { error: { code: string } }).error.code, 'not-meter-state');
  assert.equal((readPulseReading(grid) as { error: { code: string } }).error.code, 'not-pulse-reading');
  const shed = readShedInput(grid, T0, { basis: 'current', fixedLimit: 30, voltageV: 230 });
  assert.equal(shed.kind, 'sample', JSON.stringify(shed));
  assert.ok(readSurplusPayload(grid) !== null);
  const h = readClampReading(hp);
  assert.ok(h.ok && h.value.direction === 'unknown' && h.value.energyExportWh === undefined, JSON.stringify(hp.payload));
  assert.equal((hp.meter as Msg).directionMeasured, false);
});

test('raw mode against ServerTCP: a write by message, the read back decoded, a failed read named and sending nothing', async () => {
  const sim = new ModbusSimulator(new Map([[1, { profile: PROFILES.get('sdm630')!, values: () => ({ voltageL1V: 230.5 }) }]]));
  const port = await sim.start({ kind: 'tcp', host: '127.0.0.1', port: 15503 });
  try {
    await loadFlow(nodes, [
      { id: 'bus', type: 'wes-modbus-bus', backend: 'tcp', host: '127.0.0.1', port, timeout: 300, retries: 0 },
      {
        id: 'w',
        type: 'wes-modbus',
        bus: 'bus',
        topic: 'writer',
        mode: 'raw',
        fc: 16,
        address: SCRATCH_START,
        valueType: 'f32',
        poll: 0,
        wires: [['wout']],
      },
      {
        id: 'r',
        type: 'wes-modbus',
        bus: 'bus',
        topic: 'reader',
        mode: 'raw',
        fc: 3,
        address: SCRATCH_START,
        count: 2,
        valueType: 'f32',
        poll: 0,
        wires: [['rout']],
      },
      {
        id: 'v',
        type: 'wes-modbus',
        bus: 'bus',
        topic: 'volts',
        mode: 'raw',
        fc: 4,
        address: 0,
        count: 1,
        valueType: 'f32',
        poll: 1,
        output: 'change',
        wires: [['vout']],
      },
      { id: 'c', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'wout', type: 'helper' },
      { id: 'rout', type: 'helper' },
      { id: 'vout', type: 'helper' },
      { id: 'caught', type: 'helper' },
    ]);
    const vout = collector('vout');
    await waitFor(() => vout.length >= 1, 'a polled raw value');
    assert.deepEqual(vout[0].payload, { '0': 230.5 });
    assert.equal(readModbusValues(vout[0]).ok, true, 'raw output is Modbus values');
    assert.equal((readClampReading(vout[0]) as { error: { code: string } }).error.code, 'not-clamp-reading');

    const wrote = nextMessage('wout');
    helper.getNode('w').receive({ payload: [-1150.5, 42.25] });
    assert.deepEqual((await wrote).payload, [-1150.5, 42.25]);
    assert.deepEqual(sim.holding(1).slice(0, 4), [0xc48f, 0xd000, 0x4229, 0x0000]);
    const read = nextMessage('rout');
    helper.getNode('r').receive({});
    const got = await read;
    assert.deepEqual(got.payload, { [String(SCRATCH_START)]: -1150.5, [String(SCRATCH_START + 2)]: 42.25 });
    assert.deepEqual((got.modbus as Msg).raw, [0xc48f, 0xd000, 0x4229, 0]);

    const rout = collector('rout');
    const caught = nextMessage('caught');
    helper.getNode('r').receive({ modbus: { fc: 4, address: 0x300 } });
    const err = await caught;
    assert.match(String((err.error as Msg).message), /exception 2 \(ILLEGAL DATA ADDRESS\)/);
    assert.equal(rout.length, 0, 'a failed read sends no number');

    const refused = nextMessage('caught');
    helper.getNode('w').receive({ payload: 'x' });
    assert.match(String(((await refused).error as Msg).message), /function 16 needs msg\.payload/);
    // the changing-only policy sent the unchanged voltage once
    assert.equal(vout.length, 1);
  } finally {
    await helper.unload();
    await sim.stop();
  }
});

test('load shedding takes the Modbus meter as a clamp: its phase current over a fixed limit sheds the load', async () => {
  await loadFlow(
    [...nodes, loadShedNode],
    [
      { id: 'bus', type: 'wes-modbus-bus', backend: 'simulated', simSeed: 4 },
      { id: 'grid', type: 'wes-modbus', bus: 'bus', topic: 'modbus1', profile: 'sdm630', unitId: 1, poll: 1, wires: [['shed', 'meter']] },
      {
        id: 'shed',
        type: 'wes-load-shed',
        basis: 'current',
        fixedLimit: 0.05,
        settleS: 0,
        loads: [{ name: 'backup heater', powerW: 3000, kind: 'onoff', relay: 0 }],
        outputs: 2,
        wires: [['load'], ['log']],
      },
      { id: 'meter', type: 'helper' },
      { id: 'load', type: 'helper' },
      { id: 'log', type: 'helper' },
    ],
  );
  const m = await nextMessage('meter');
  assert.ok((m.payload as { currentA: number }).currentA > 0.05, 'the simulated house draws more than 0.05 A on its busiest phase');
  const decision = await nextMessage('log', (x) => x.topic === 'load-shed/decision');
  assert.match(JSON.stringify(decision.payload), /backup heater/);
  assert.deepEqual(callsOf(helper.getNode('shed'), 'error'), [], 'no reading refused');
});

test('a unit that is not on the bus: its status says so, the log says it once, the other unit keeps being read', async () => {
  const sim = new ModbusSimulator(new Map([[1, { profile: PROFILES.get('sdm630')!, values: () => ({ voltageL1V: 230.5, powerW: 100 }) }]]));
  const port = await sim.start({ kind: 'tcp', host: '127.0.0.1', port: 15504 });
  try {
    await loadFlow(nodes, [
      { id: 'bus', type: 'wes-modbus-bus', backend: 'tcp', host: '127.0.0.1', port, timeout: 100, retries: 0, backoffMax: 1 },
      { id: 'dead', type: 'wes-modbus', bus: 'bus', topic: 'dead1', profile: 'sdm120', unitId: 9, poll: 0.05, wires: [['none']] },
      { id: 'live', type: 'wes-modbus', bus: 'bus', topic: 'live1', profile: 'sdm630', unitId: 1, poll: 0.05, wires: [['out']] },
      { id: 'none', type: 'helper' },
      { id: 'out', type: 'helper' },
    ]);
    const out = collector('out');
    const none = collector('none');
    const dead = helper.getNode('dead');
    // several rests and probes of unit 9 while unit 1 is read again and again
    await waitFor(
      () => (sim.served.get(1) ?? 0) >= 60 && callsOf(dead, 'status').some((s) => /resting/.test(String((s[0] as Msg).text))),
      'unit 1 read many times, unit 9 resting',
      15_000,
    );
    assert.ok(out.length >= 20, `unit 1 answered ${out.length} times`);
    assert.equal(none.length, 0, 'no number from a unit that never answered');
    const errors = callsOf(dead, 'error').map((e) => String(e[0]));
    assert.deepEqual(errors, ['unit 9 did not answer (timeout)'], 'one outage, one line');
  } finally {
    await helper.unload();
    await sim.stop();
  }
});
