// wes-ct-meter in Node-RED with its simulated front end: what it sends is the clamp contract
// (read by readClampReading; contracts.test.ts checks that the other readers refuse it), a
// simulated mains cut gives the events and the red status, and the energy indexes come back after
// a restart.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { callsOf, collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { readClampReading, type ClampReading } from '../../nodes/core/contracts/clamp';
import { readSurplusPayload } from '../../nodes/core/rules/surplus';
import { stateFile, writeJsonAtomic } from '../../nodes/io/state/atomic-json';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';
import surplusNode from '../../nodes/wes-surplus/wes-surplus';

// Node-RED's own switch node, as the supervisor uses it to pick the grid clamp
// eslint-disable-next-line @typescript-eslint/no-require-imports
const switchNode = require('@node-red/nodes/core/function/10-switch.js') as unknown;

const userDir = runtimeWithUserDir('wes-ct-meter-test-', { before, after, afterEach });

type Msg = { topic?: string; payload?: unknown; clamp?: { channel: number; name: string }; [k: string]: unknown };

const meter = (extra: object = {}) => ({
  id: 'ct',
  type: 'wes-ct-meter',
  source: 'simulated',
  periodS: 1,
  persistS: 1,
  simSeed: 2,
  simCuts: false,
  ch1Name: 'grid',
  ch4Mode: 'production',
  wires: [['out'], ['ev']],
  ...extra,
});

test('simulated: one message per clamp each period, on the clamp contract (the other readers refuse it: contracts.test)', async () => {
  await loadFlow([ctMeterNode], [meter(), { id: 'out', type: 'helper' }, { id: 'ev', type: 'helper' }]);
  const out = collector('out') as Msg[];
  await waitFor(() => out.length >= 8, 'two periods of four clamps', 10_000);
  assert.deepEqual(
    out.slice(0, 4).map((m) => m.topic),
    ['clamp1', 'clamp2', 'clamp3', 'clamp4'],
  );
  assert.equal(out[0].clamp?.name, 'grid');
  for (const m of out) {
    const r = readClampReading(m);
    assert.ok(r.ok, JSON.stringify(m.payload));
    const v = r.value;
    assert.ok(v.voltageV !== undefined && v.voltageV > 215 && v.voltageV < 245, `V ${v.voltageV}`);
    assert.ok(v.frequencyHz !== undefined && Math.abs(v.frequencyHz - 50) < 0.2, `Hz ${v.frequencyHz}`);
    assert.equal(v.acPresent, true);
    assert.notEqual(v.direction, 'unknown');
  }
  // surplus reads the grid clamp through the same contract
  const s = readSurplusPayload(out[4] as never);
  assert.ok(s && s.importW + s.exportW > 0);
  const st = lastStatus(helper.getNode('ct'));
  assert.match(String(st.text), /^\d+ V · -?−?\d+ \/ /);
  assert.equal(st.fill, 'green');
});

test('simulated: a mains cut gives mains-cut, a red status, then mains-back', async () => {
  await loadFlow([ctMeterNode], [meter(), { id: 'out', type: 'helper' }, { id: 'ev', type: 'helper' }]);
  const out = collector('out') as Msg[];
  const ev = collector('ev') as Msg[];
  await waitFor(() => out.length >= 4, 'a first period', 10_000);
  helper.getNode('ct').receive({ payload: { simulateCut: 2.5 } });
  await waitFor(() => ev.length >= 1, 'mains-cut', 10_000);
  assert.equal((ev[0].payload as { event: string }).event, 'mains-cut');
  await waitFor(() => String(lastStatus(helper.getNode('ct')).text).includes('mains cut'), 'the cut in the status');
  await waitFor(() => ev.length >= 2, 'mains-back', 15_000);
  assert.equal((ev[1].payload as { event: string }).event, 'mains-back');
  const during = out.filter((m) => (m.payload as ClampReading).acPresent === false);
  // a period wholly without AC has no direction (one holding part of the cut still measured real power)
  assert.ok(
    during.some((m) => (m.payload as ClampReading).direction === 'unknown'),
    'a period without AC',
  );
});

test('a refused input is an error for a Catch node; serial without a port is a config error', async () => {
  await loadFlow(
    [ctMeterNode, serialPortNode],
    [meter({ id: 'ct' }), meter({ id: 'bad', source: 'serial', port: '' }), { id: 'out', type: 'helper' }, { id: 'ev', type: 'helper' }],
  );
  const ct = helper.getNode('ct');
  ct.receive({ payload: 42 });
  await waitFor(() => callsOf(ct, 'error').length > 0, 'the refusal');
  assert.equal(lastStatus(helper.getNode('bad')).fill, 'red');
});

test('the energy indexes are restored at start and saved on stop', async () => {
  const file = stateFile(userDir, 'ct');
  const reg = { importWh: 5000, exportWh: 70, importJ: 0, exportJ: 0 };
  writeJsonAtomic(file, { meter: { v: 1, registers: [reg, reg, reg, reg], ac: true } });
  await loadFlow([ctMeterNode], [meter({ simPvW: 0 }), { id: 'out', type: 'helper' }, { id: 'ev', type: 'helper' }]);
  const out = collector('out') as Msg[];
  await waitFor(() => out.filter((m) => m.topic === 'clamp1').length >= 2, 'two periods', 10_000);
  const first = out.find((m) => m.topic === 'clamp1')?.payload as ClampReading;
  assert.ok(first.energyImportWh! >= 5000 && first.energyExportWh! >= 70, `restored: ${first.energyImportWh} / ${first.energyExportWh}`);
  await helper.unload();
  assert.ok(existsSync(file), 'state file kept on a stop');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { meter: { registers: { importWh: number; importJ: number }[] } };
  const r = saved.meter.registers[0];
  assert.ok(r.importWh >= 5000 && r.importJ > 0, `saved ${JSON.stringify(r)}`);
});

test("the grid clamp feeds wes-surplus (the supervisor's router): it reads the readings and reports a state", async () => {
  await loadFlow(
    [ctMeterNode, surplusNode, switchNode],
    [
      meter({ wires: [['sw', 'out'], []] }),
      { id: 'out', type: 'helper' },
      { id: 'sw', type: 'switch', property: 'topic', rules: [{ t: 'eq', v: 'clamp1', vt: 'str' }], outputs: 1, wires: [['sr']] },
      {
        id: 'sr',
        type: 'wes-surplus',
        loadName: 'water heater',
        ratedW: 2400,
        startExportW: 2400,
        fixedBudgetVA: 9000,
        targetKwh: 0,
        wires: [[], ['st']],
      },
      { id: 'st', type: 'helper' },
    ],
  );
  const st = collector('st') as Msg[];
  const out = collector('out') as Msg[];
  await waitFor(() => out.length >= 8, 'two periods', 10_000);
  helper.getNode('sr').receive({ payload: 'status' });
  await waitFor(
    () =>
      st.some(
        (m) =>
          typeof (m.payload as { importW?: number }).importW === 'number' &&
          (m.payload as { importW: number; exportW: number }).importW + (m.payload as { exportW: number }).exportW > 0,
      ),
    'a state from the clamp',
    10_000,
    50,
  );
  assert.equal(callsOf(helper.getNode('sr'), 'error').length, 0);
});

test('without the voltage input: apparent power, direction unknown, "VA" in the status', async () => {
  await loadFlow([ctMeterNode], [meter({ voltageEnabled: false }), { id: 'out', type: 'helper' }, { id: 'ev', type: 'helper' }]);
  const out = collector('out') as Msg[];
  await waitFor(() => out.length >= 4, 'a period', 10_000);
  for (const m of out) {
    const r = readClampReading(m);
    assert.ok(r.ok);
    assert.equal(r.value.direction, 'unknown');
    assert.equal(r.value.frequencyHz, 0);
  }
  assert.match(String(lastStatus(helper.getNode('ct')).text), /VA/);
});
