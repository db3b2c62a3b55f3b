// wes-cost prices circuits from their meter's own import index: a simulated SDM120 answering real
// Modbus frames (our simulator on modbus-serial's ServerTCP), read by wes-ct-meter's Modbus
// source, into wes-cost. The register rising by N Wh costs N/1000 × price; a restart of the
// meter node (index read again) and of the cost node adds nothing. With HP/HC, the period comes
// from the TIC meter state sent to the same node, or from msg.tariffPeriod.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, loadFlow, nextMessage, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { ModbusSimulator } from '../../nodes/io/modbus/simulator';
import { PROFILES } from '../../nodes/core/modbus/profiles';
import busNode from '../../nodes/wes-modbus-bus/wes-modbus-bus';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';
import contractNode from '../../nodes/wes-contract/wes-contract';
import costNode from '../../nodes/wes-cost/wes-cost';
import { systemClocks } from '../../nodes/shared/clock';

type Msg = Record<string, unknown>;
type Summary = { energyWh: number; costEur: number; byPeriod: Record<string, { energyWh: number; costEur: number }> };
const today = (m: Msg): Summary => (m.payload as { today: Summary }).today;

runtimeWithUserDir('wes-cost-circuits-', { before, after, afterEach });

// wes-cost's spike guard bounds a rise by the time it took (36 kVA at most): a test that raises an
// index by kWh in a second moves the monotonic clock on by the hour the rise would have taken
const realMono = systemClocks.monoMs;
let hoursLater = 0;
const anHourPasses = (): void => {
  hoursLater++;
};
before(() => {
  systemClocks.monoMs = () => realMono() + hoursLater * 3_600_000;
});
after(() => {
  systemClocks.monoMs = realMono;
});

test(
  'a Modbus meter priced from its own import register: +N Wh costs N/1000 × price, restarts add nothing',
  { timeout: 30_000 },
  async () => {
    // kWh values a float32 holds exactly: the register is the meter's, so the test knows it to the Wh
    let importKWh = 1234.5;
    const sim = new ModbusSimulator(
      new Map([
        [
          1,
          {
            profile: PROFILES.get('sdm120')!,
            values: () => ({ voltageV: 230, currentA: 4, powerW: 920, energyImportWh: importKWh * 1000 }),
          },
        ],
      ]),
    );
    const port = await sim.start({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    const flow = [
      { id: 'bus', type: 'wes-modbus-bus', backend: 'tcp', host: '127.0.0.1', port, timeout: 300, retries: 0 },
      {
        id: 'ct',
        type: 'wes-ct-meter',
        source: 'modbus',
        bus: 'bus',
        topic: 'heatpump',
        modbusProfile: 'sdm120',
        ch1Unit: 1,
        ch2Enabled: false,
        ch3Enabled: false,
        ch4Enabled: false,
        periodS: 1,
        wires: [['cost'], []],
      },
      { id: 'k', type: 'wes-contract', option: 'BASE', timeZone: 'Europe/Paris', prices: '2025-01-01 BASE=0.25 sub=0' },
      { id: 'cost', type: 'wes-cost', contract: 'k', intervalS: 0, wires: [['out']] },
      { id: 'out', type: 'helper' },
    ];
    try {
      await loadFlow([busNode, ctMeterNode, contractNode, costNode], flow);
      let out = collector('out');
      await waitFor(() => out.length >= 2, 'two priced readings', 10_000, 20);
      assert.equal(out[0].topic, 'heatpump1/cost');
      assert.equal(today(out[out.length - 1]).energyWh, 0, 'the first reading is the baseline, not consumption');

      anHourPasses();
      importKWh += 1.5;
      await waitFor(() => today(out[out.length - 1]).energyWh === 1500, 'the 1500 Wh rise priced', 10_000, 20);
      const c = today(out[out.length - 1]);
      assert.ok(Math.abs(c.costEur - 1.5 * 0.25) < 1e-9, `${c.costEur} €`);
      assert.deepEqual(Object.keys(c.byPeriod), ['BASE']);

      // everything restarts: the meter node reads the same index again, the cost node restores its totals
      await helper.unload();
      await loadFlow([busNode, ctMeterNode, contractNode, costNode], flow);
      out = collector('out');
      await waitFor(() => out.length >= 2, 'readings after the restart', 10_000, 20);
      assert.equal(today(out[out.length - 1]).energyWh, 1500, 'no double count after a restart');
      anHourPasses();
      importKWh += 0.5;
      await waitFor(() => today(out[out.length - 1]).energyWh === 2000, 'the next 500 Wh', 10_000, 20);
      assert.ok(Math.abs(today(out[out.length - 1]).costEur - 2 * 0.25) < 1e-9);
    } finally {
      await helper.unload();
      await sim.stop();
    }
  },
);

test('HP/HC: a circuit is priced at the period the TIC meter says, or at msg.tariffPeriod; none known, nothing taken', async () => {
  await loadFlow(
    [contractNode, costNode],
    [
      { id: 'k', type: 'wes-contract', option: 'HC', timeZone: 'Europe/Paris', prices: '2025-01-01 HC=0.20 HP=0.25 sub=0' },
      { id: 'cost', type: 'wes-cost', contract: 'k', intervalS: 0, wires: [['out']] },
      { id: 'c', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'out', type: 'helper' },
      { id: 'caught', type: 'helper' },
    ],
  );
  const cost = helper.getNode('cost');
  const out = collector('out');
  const clamp = (wh: number, extra: Msg = {}): Msg => ({
    topic: 'clamp2',
    payload: { powerW: 2000, currentA: 8.7, apparentPowerVA: 2000, powerFactor: 1, direction: 'import', energyImportWh: wh },
    ...extra,
  });
  // no period yet: the index is not taken (its rise is priced once a period is known)
  cost.receive(clamp(500));
  // the TIC meter: index 2 of HC is HP
  cost.receive({
    topic: 'linky',
    payload: { meterId: '021234567890', tariffIndex: 2, energyByPeriodWh: { HCHC: 100_000, HCHP: 200_000 } },
  });
  await waitFor(() => out.some((m) => m.topic === 'linky/cost'), 'the meter report');
  cost.receive(clamp(1000));
  await waitFor(() => out.some((m) => m.topic === 'clamp2/cost'), 'the circuit baseline');
  anHourPasses();
  cost.receive(clamp(1600));
  await waitFor(() => today(out[out.length - 1]).energyWh === 600, 'the HP rise');
  assert.deepEqual(today(out[out.length - 1]).byPeriod, { HC: { energyWh: 0, costEur: 0 }, HP: { energyWh: 600, costEur: 0.6 * 0.25 } });
  // the message's own period wins
  anHourPasses();
  cost.receive(clamp(2600, { tariffPeriod: 'hc' }));
  await waitFor(() => today(out[out.length - 1]).energyWh === 1600, 'the HC rise');
  const s = today(out[out.length - 1]);
  assert.ok(Math.abs(s.byPeriod.HC.costEur - 0.2) < 1e-9 && Math.abs(s.costEur - 0.35) < 1e-9, JSON.stringify(s));

  const refused = nextMessage('caught');
  cost.receive(clamp(2700, { tariffPeriod: 'HPJB' }));
  assert.match(String(((await refused).error as Msg).message), /tariffPeriod must be a period of the HC contract/);
  const noIndex = nextMessage('caught');
  cost.receive({ topic: 'clamp3', payload: { powerW: 1, currentA: 0, apparentPowerVA: 1, powerFactor: 1, direction: 'unknown' } });
  assert.match(String(((await noIndex).error as Msg).message), /no energyImportWh/);
});
