// A simulated meter is a device with memory: its energy registers survive a restart of
// Node-RED, as a real meter's survive a power cut, so that no index ever goes back.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';
import { SimulatedMeter } from '../../nodes/core/sim/simulated-meter';

runtimeWithUserDir('wes-sim-restart-', { before, after, afterEach });

// The load is forced to the subscription (9 kVA, 2.5 Wh a second), so the index moves within a
// few frames and a restart that fell back to the seeded index would show it.
const flow = (seed: number): object[] => [
  { id: 'port', type: 'wes-serial-port', backend: 'simulated', simMode: 'standard', simOption: 'HC', simSeed: seed },
  { id: 'tic', type: 'wes-tic-in', port: 'port', topic: 'tic1', output: 'every', wires: [['out'], []] },
  { id: 'out', type: 'helper' },
];
const load = (seed: number): Promise<void> => loadFlow([serialPortNode, ticInNode], flow(seed));
const energy = (m: Record<string, unknown>): number => (m.payload as { energyWh: number }).energyWh;

test('the simulated meter continues from its saved index after a restart', async () => {
  await load(7);
  let got = collector('out');
  await waitFor(() => got.length >= 1, 'a first frame', 30_000);
  (helper.getNode('port') as unknown as { forcePower(va: number): boolean }).forcePower(9000);
  await waitFor(() => got.length >= 2 && energy(got[got.length - 1]) > energy(got[0]), 'the index moving during the first run', 30_000);
  const before = got.map(energy);
  const reached = before[before.length - 1];
  await helper.unload(); // a restart: the port saves its meter on close

  await load(7);
  got = collector('out');
  await waitFor(() => got.length >= 1, 'a frame after the restart', 30_000);
  assert.ok(energy(got[0]) >= reached, `after the restart ${energy(got[0])} Wh, before ${reached} Wh`);
  await helper.unload();

  // Another meter (another seed) is a meter swap: it starts from its own registers.
  await load(8);
  got = collector('out');
  await waitFor(() => got.length >= 1, 'a frame from the other meter', 30_000);
  const fresh = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 8 }, Date.now());
  const seeded = fresh.registers().supplierWh.reduce((a, b) => a + b, 0);
  assert.ok(energy(got[0]) < seeded + (reached - before[0]), 'the other meter does not inherit the saved registers');
});

test('restoring registers never lowers one and ignores what is not a number', () => {
  const m = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 9, seed: 3 }, Date.now());
  const start = m.registers();
  m.restoreRegisters({
    supplierWh: [start.supplierWh[0] + 1000, 5, Number.NaN],
    distributorWh: ['x' as unknown as number],
    injectedWh: 1e9,
  });
  const now = m.registers();
  assert.equal(now.supplierWh[0], start.supplierWh[0] + 1000);
  assert.equal(now.supplierWh[1], start.supplierWh[1], 'a lower saved value is ignored');
  assert.deepEqual(now.distributorWh, start.distributorWh);
  assert.equal(now.injectedWh, start.injectedWh, 'a consumer meter has no injection register to restore');
});
