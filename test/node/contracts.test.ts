// The message contracts against the real producers: each producing node runs in Node-RED (the
// simulated meter, the simulated GPIO, the simulated clamps, the simulated 1-Wire bus), and what it sends is fed to every reader that consumes
// it, and to the readers of the other kinds, which must refuse it with their not-<kind> code.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { readClampReading } from '../../nodes/core/contracts/clamp';
import { readMeterState } from '../../nodes/core/contracts/meter-state';
import { readModbusValues } from '../../nodes/core/contracts/modbus';
import { readPulseReading } from '../../nodes/core/contracts/pulse';
import { readRelayCommand, readRelayState } from '../../nodes/core/contracts/relay';
import { readRoute } from '../../nodes/core/contracts/route';
import { readInputReading } from '../../nodes/core/contracts/input';
import { readHumidity, readTemperature } from '../../nodes/core/contracts/temperature';
import { readTicEvent } from '../../nodes/core/contracts/tic-event';
import type { Read } from '../../nodes/core/contracts/read';
import { readMeterView } from '../../nodes/core/rules/meter-condition';
import { readShedInput } from '../../nodes/core/rules/shed-input';
import { readSurplusPayload } from '../../nodes/core/rules/surplus';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import surplusNode from '../../nodes/wes-surplus/wes-surplus';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';
import oneWireBusNode from '../../nodes/wes-onewire-bus/wes-onewire-bus';
import oneWireNode from '../../nodes/wes-onewire/wes-onewire';
import inputNode from '../../nodes/wes-input/wes-input';

type Msg = Record<string, unknown>;
const nodes = [ticInNode, serialPortNode, gpioNode, relayNode, pulseNode, surplusNode, ctMeterNode, oneWireBusNode, oneWireNode, inputNode];
const T0 = Date.parse('2026-01-15T18:00:00Z');
const shedOpts = { basis: 'current' as const, fixedLimit: 0, voltageV: 230 };

runtimeWithUserDir('wes-contracts-test-', { before, after, afterEach });

type Reader = (msg: Msg) => Read<unknown>;
const readers: Record<string, [Reader, string]> = {
  meterState: [readMeterState, 'not-meter-state'],
  ticEvent: [readTicEvent, 'not-tic-event'],
  relayState: [readRelayState, 'not-relay-state'],
  route: [readRoute, 'not-route'],
  pulse: [readPulseReading, 'not-pulse-reading'],
  clamp: [readClampReading, 'not-clamp-reading'],
  temperature: [readTemperature, 'not-temperature'],
  humidity: [readHumidity, 'not-humidity'],
  modbus: [readModbusValues, 'not-modbus-values'],
  input: [readInputReading, 'not-input-reading'],
};

/** `msg` is read by the `kind` reader and refused, with the not-<kind> code, by every other one. */
function onlyReadBy(kind: keyof typeof readers, msg: Msg): unknown {
  let value: unknown;
  for (const [name, [read, notCode]] of Object.entries(readers)) {
    const r = read(msg);
    if (name === kind) {
      assert.ok(r.ok, `${kind} reads it: ${JSON.stringify(r.ok ? null : r.error)}`);
      value = r.value;
    } else assert.deepEqual(r.ok ? 'accepted' : r.error.code, notCode, `${name} refuses a ${kind} message`);
  }
  return value;
}

test('contracts: wes-tic-in output 1 (simulated Linky) is a meter state for load-shed, surplus, cost and the meter conditions', async () => {
  await loadFlow(nodes, [
    {
      id: 'tic',
      type: 'wes-tic-in',
      topic: 'tic1',
      source: 'simulated',
      simMode: 'standard',
      simOption: 'HC',
      simPhases: 1,
      simKva: 9,
      simSeed: 3,
      output: 'every',
      wires: [['out'], ['events']],
    },
    { id: 'out', type: 'helper' },
    { id: 'events', type: 'helper' },
  ]);
  const out = collector('out');
  await waitFor(() => out.length >= 1, 'a meter state', 15_000);
  const msg = out[0];
  const state = onlyReadBy('meterState', msg) as { meterId: string; energyByPeriodWh?: Record<string, number> };
  assert.match(state.meterId, /^\d{12}$/);
  assert.ok(state.energyByPeriodWh && Object.keys(state.energyByPeriodWh).length > 0, 'wes-cost needs the index registers');
  const shed = readShedInput(msg, T0, shedOpts);
  assert.equal(shed.kind, 'sample', JSON.stringify(shed));
  if (shed.kind === 'sample') assert.deepEqual([shed.sample.source, shed.sample.unit, shed.sample.limit > 0], ['tic1', 'A', true]);
  const surplus = readSurplusPayload(msg);
  assert.ok(surplus !== null && surplus.importW >= 0 && surplus.subscribedVA === 9000, JSON.stringify(surplus));
  assert.equal(typeof readMeterView(msg)?.tariffPeriod, 'string');
});

test('contracts: wes-tic-in output 2 (an overload of the simulated meter) is a TIC event, ignored by load-shed', async () => {
  await loadFlow(nodes, [
    {
      id: 'tic',
      type: 'wes-tic-in',
      topic: 'tic1',
      source: 'simulated',
      simMode: 'standard',
      simOption: 'BASE',
      simPhases: 1,
      simKva: 6,
      simSeed: 2,
      output: 'every',
      wires: [['out'], ['events']],
    },
    { id: 'out', type: 'helper' },
    { id: 'events', type: 'helper' },
  ]);
  const events = collector('events');
  helper.getNode('tic').receive({ payload: { forcePowerVA: 9000 } });
  await waitFor(() => events.some((m) => (m.payload as Msg).event === 'overload'), 'an overload event', 15_000);
  const msg = events.find((m) => (m.payload as Msg).event === 'overload')!;
  const ev = onlyReadBy('ticEvent', msg) as { event: string; source: string };
  assert.deepEqual([ev.event, ev.source], ['overload', 'tic1']);
  assert.deepEqual(readShedInput(msg, T0, shedOpts), { kind: 'ignored' });
  assert.equal(readSurplusPayload(msg), null);
  // the one event load-shed acts on, in the shape the node sends it
  assert.deepEqual(readShedInput({ ...msg, payload: { ...(msg.payload as Msg), event: 'tic-lost' } }, T0, shedOpts), {
    kind: 'lost',
    source: 'tic1',
  });
});

test('contracts: wes-relay-out state is read by load-shed as its override; wes-pulse-in readings by the pulse reader', async () => {
  await loadFlow(nodes, [
    { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
    {
      id: 'r',
      type: 'wes-relay-out',
      name: 'Heat pump',
      gpio: 'g',
      line: 27,
      number: 3,
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 0,
      wires: [['rout']],
    },
    {
      id: 'p',
      type: 'wes-pulse-in',
      gpio: 'g',
      line: 17,
      kind: 'gas',
      weight: 0.01,
      unit: 'm3',
      debounceMs: 20,
      simRate: 0,
      index: 12.5,
      wires: [['pout'], []],
    },
    { id: 'rout', type: 'helper' },
    { id: 'pout', type: 'helper' },
  ]);
  const rout = collector('rout');
  const pout = collector('pout');
  assert.ok(readRelayCommand({ payload: 'on' }).ok);
  helper.getNode('r').receive({ payload: 'on' });
  helper.getNode('p').receive({ payload: 'status' });
  await waitFor(() => rout.length >= 1 && pout.length >= 1, 'a relay state and a pulse reading');
  const relay = onlyReadBy('relayState', rout[0]) as { on: boolean; number: number };
  assert.deepEqual([relay.on, relay.number], [true, 3]);
  assert.deepEqual(readShedInput(rout[0], T0, shedOpts), { kind: 'relay', number: 3, name: 'Heat pump', overrideUntilMs: null });
  const pulse = onlyReadBy('pulse', pout[0]) as { index: number; unit: string };
  assert.deepEqual([pulse.index, pulse.unit], [12.5, 'm³']);
  assert.deepEqual(readShedInput(pout[0], T0, shedOpts).kind, 'error');
});

test("contracts: wes-surplus output 1 is a route, which load-shed reads as its routed load's wish", async () => {
  await loadFlow(nodes, [
    {
      id: 'sr',
      type: 'wes-surplus',
      loadName: 'water heater',
      ratedW: 2000,
      startExportW: 2000,
      startAfterS: 0,
      stopImportW: 300,
      stopAfterS: 1,
      minOnS: 0,
      minOffS: 0,
      wires: [['cmd'], []],
    },
    { id: 'cmd', type: 'helper' },
  ]);
  const cmd = collector('cmd');
  helper.getNode('sr').receive({
    topic: 'tic1',
    payload: { meterId: '021861348497', powerVA: 0, injectedPowerVA: 2600, currentA: [0], subscribedPowerVA: 9000 },
  });
  await waitFor(() => cmd.length >= 1, 'a routing command');
  const route = onlyReadBy('route', cmd[0]) as { load: string; on: boolean };
  assert.deepEqual([route.load, route.on], ['water heater', true]);
  const shed = readShedInput(cmd[0], T0, shedOpts);
  assert.equal(shed.kind, 'route');
  if (shed.kind === 'route') assert.deepEqual([shed.name, shed.on, shed.why.length > 0], ['water heater', true, true]);
});

test('contracts: wes-ct-meter output 1 (simulated clamps) is a clamp reading, which surplus reads as import/export', async () => {
  await loadFlow(nodes, [
    {
      id: 'ct',
      type: 'wes-ct-meter',
      topic: 'clamp',
      source: 'simulated',
      periodS: 1,
      simSeed: 2,
      simCuts: false,
      ch1Mode: 'bidirectional',
      ch4Mode: 'production',
      wires: [['out'], []],
    },
    { id: 'out', type: 'helper' },
  ]);
  const out = collector('out');
  await waitFor(() => out.length >= 4, 'a reading of each clamp', 10_000);
  assert.deepEqual(
    out.slice(0, 4).map((m) => m.topic),
    ['clamp1', 'clamp2', 'clamp3', 'clamp4'],
  );
  for (const msg of out.slice(0, 4)) {
    const clamp = onlyReadBy('clamp', msg) as { powerW: number; direction: string; energyImportWh?: number };
    assert.ok(clamp.powerW >= 0 && clamp.direction !== 'unknown', JSON.stringify(clamp));
    assert.equal(typeof clamp.energyImportWh, 'number', 'the Clamps page counts today from the import index');
    const surplus = readSurplusPayload(msg);
    assert.ok(surplus !== null && surplus.importW + surplus.exportW === clamp.powerW, JSON.stringify(surplus));
  }
});

test('contracts: wes-onewire output 1 (simulated bus) is a temperature, which wes-thermostat reads', async () => {
  await loadFlow(nodes, [
    { id: 'bus', type: 'wes-onewire-bus', backend: 'simulated', pollS: 1, rescanMin: 0, lostAfter: 2 },
    // the living-room probe, as the supervisor's thermostat reads it
    { id: 'ow', type: 'wes-onewire', bus: 'bus', romId: '28-0316a2799b01', name: 'living room', wires: [['out'], []] },
    { id: 'out', type: 'helper' },
  ]);
  const out = collector('out');
  await waitFor(() => out.length >= 1, 'a temperature reading', 10_000);
  const t = onlyReadBy('temperature', out[0]) as { temperatureC: number; topic?: string };
  assert.deepEqual([t.temperatureC, t.topic], [out[0].payload, 'living room']);
  assert.ok(t.temperatureC > 5 && t.temperatureC < 35, `living room at ${t.temperatureC} °C`);
});

test('contracts: a humidity reading from wes-onewire is not a temperature; its probes are', async () => {
  await loadFlow(nodes, [
    { id: 'bus', type: 'wes-onewire-bus', backend: 'simulated', pollS: 1, rescanMin: 0, lostAfter: 2 },
    { id: 'ow', type: 'wes-onewire', bus: 'bus', romId: '', name: '', wires: [['out'], []] },
    { id: 'out', type: 'helper' },
  ]);
  const out = collector('out');
  await waitFor(() => out.some((m) => m.unit === '%RH') && out.some((m) => m.unit === '°C'), 'a humidity and a temperature', 10_000);
  for (const m of out) {
    const r = readTemperature(m);
    if (m.unit === '%RH') {
      assert.deepEqual(r, { ok: false, error: { code: 'not-temperature', params: {} } }, JSON.stringify(m));
      // the WES API shows it among the probes, by the humidity reader
      const h = onlyReadBy('humidity', m) as { humidityPct: number; topic?: string };
      assert.deepEqual([h.humidityPct, h.topic], [m.payload, 'humidity1']);
    } else onlyReadBy('temperature', m);
  }
});

test('contracts: wes-input output 1 (a contact on the simulated GPIO, a simulated analog input) is an input reading', async () => {
  await loadFlow(nodes, [
    { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
    { id: 'in', type: 'wes-input', mode: 'contact', gpio: 'g', line: 22, debounceMs: 20, wires: [['cout'], []] },
    {
      id: 'ad',
      type: 'wes-input',
      mode: 'analog',
      source: 'simulated',
      device: 'sim',
      channel: 0,
      intervalS: 0.5,
      average: 1,
      scaling: 'divider',
      ratio: 2,
      simVolts: 1.5,
      decimals: 2,
      wires: [['aout'], []],
    },
    { id: 'cout', type: 'helper' },
    { id: 'aout', type: 'helper' },
  ]);
  const contact = collector('cout');
  const analog = collector('aout');
  helper.getNode('in').receive({ payload: 'status' });
  await waitFor(() => contact.length >= 1 && analog.length >= 1, 'a contact and an analog reading');
  const c = onlyReadBy('input', contact[0]) as { kind: string; closed: boolean };
  assert.deepEqual([c.kind, c.closed], ['contact', contact[0].payload === 1]);
  const a = onlyReadBy('input', analog[0]) as { kind: string; value: number; volts: number };
  assert.deepEqual([a.kind, a.value], ['analog', analog[0].payload]);
});

test('contracts: the kinds of the next issues (clamp, temperature, Modbus) read their own shape and refuse another', () => {
  const clamp = {
    topic: 'clamp1',
    payload: {
      powerW: 2300,
      currentA: 10.2,
      apparentPowerVA: 2346,
      powerFactor: 0.98,
      direction: 'export',
      energyImportWh: 1000,
      energyExportWh: 250,
      voltageV: 230,
      frequencyHz: 50,
      acPresent: true,
    },
  };
  onlyReadBy('clamp', clamp);
  assert.deepEqual(readSurplusPayload(clamp), { importW: 0, exportW: 2300 });
  assert.deepEqual(readShedInput(clamp, T0, { ...shedOpts, fixedLimit: 45 }), {
    kind: 'sample',
    sample: { source: 'clamp1', tMs: T0, value: 10.2, limit: 45, unit: 'A', overload: false },
  });
  assert.deepEqual(
    readShedInput(clamp, T0, shedOpts),
    { kind: 'error', error: { code: 'no-limit', params: {} } },
    'a clamp has no subscription',
  );
  const probe = { topic: 'boiler', payload: { temperatureC: 54.5, romId: '28-0316a2799bff' } };
  assert.deepEqual(onlyReadBy('temperature', probe), { temperatureC: 54.5, romId: '28-0316a2799bff', topic: 'boiler' });
  assert.deepEqual(readTemperature({ payload: 21.5 }), { ok: true, value: { temperatureC: 21.5 } });
  onlyReadBy('modbus', { topic: 'meter2', payload: { voltageV: 231.2, powerW: 1200, relay: true }, modbus: { unitId: 1 } });
});

test('contracts: a message of the right kind with a wrong field is refused with bad-field and the field', () => {
  const bad: Array<[Reader, Msg, string]> = [
    [readMeterState, { payload: { meterId: '041876543210', powerVA: 'lots' } }, 'powerVA'],
    // null is a lost phase (its position is kept), so the wrong field here is a text
    [readMeterState, { payload: { meterId: '041876543210', currentA: [12, 'x'] } }, 'currentA'],
    [readMeterState, { payload: { meterId: '041876543210', energyByPeriodWh: { HCHC: '1' } } }, 'energyByPeriodWh'],
    [readTicEvent, { payload: { event: 'tic-exploded' } }, 'event'],
    [readRelayState, { payload: 'ON', relay: { number: 1 } }, 'payload'],
    [readRoute, { route: { load: 'water heater', on: 'yes' } }, 'route.on'],
    [readClampReading, { payload: { powerW: 10, currentA: 1, apparentPowerVA: 10, powerFactor: 1, direction: 'sideways' } }, 'direction'],
    [readClampReading, { payload: { powerW: 10, currentA: 1, apparentPowerVA: 10, powerFactor: 1.5, direction: 'import' } }, 'powerFactor'],
    [readTemperature, { payload: -300 }, 'temperatureC'],
    [readModbusValues, { payload: { powerW: 'x' }, modbus: {} }, 'powerW'],
  ];
  for (const [read, msg, field] of bad) {
    const r = read(msg);
    assert.deepEqual(r.ok ? null : [r.error.code, r.error.params.field], ['bad-field', field], JSON.stringify(msg));
  }
  assert.deepEqual(readMeterState({ payload: 42 }), { ok: false, error: { code: 'not-meter-state', params: {} } });
  assert.deepEqual(readMeterState({ payload: { event: 'tic-lost' } }), {
    ok: false,
    error: { code: 'not-meter-state', params: { got: 'tic-event' } },
  });
  assert.deepEqual(readShedInput({ payload: { meterId: 'x', powerVA: 'lots' } }, T0, shedOpts), {
    kind: 'error',
    error: { code: 'bad-field', params: { field: 'powerVA' } },
  });
});
