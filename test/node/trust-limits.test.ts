// Limits come from the configuration and physics, not from the message being checked: inside a
// real Node-RED, wes-cost is sent a message that claims a huge subscribed power to make a
// 5 GWh jump of its index look plausible.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import contractNode from '../../nodes/wes-contract/wes-contract';
import costNode from '../../nodes/wes-cost/wes-cost';

runtimeWithUserDir('wes-rel-trust-', { before, after, afterEach });

interface LogEntry {
  level: number;
  msg: unknown;
}
const warnings = (): string[] =>
  (helper as unknown as { log(): { args: Array<[LogEntry]> } })
    .log()
    .args.map((a) => a[0])
    .filter((e) => e.level === 30)
    .map((e) => String(e.msg));

test('cost: a message claiming subscribedPowerVA 1e308 cannot get a 5 GWh jump billed', async () => {
  await loadFlow(
    [contractNode, costNode],
    [
      { id: 'k', type: 'wes-contract', option: 'BASE', timeZone: 'Europe/Paris', prices: '2025-01-01 BASE=0.20 sub=0' },
      { id: 'c', type: 'wes-cost', contract: 'k', intervalS: 0, wires: [['out']] },
      { id: 'out', type: 'helper' },
    ],
  );
  const out = collector('out');
  const c = helper.getNode('c');
  const state = (wh: number) => ({
    topic: 'tic1',
    payload: { meterId: '041876543210', energyByPeriodWh: { BASE: wh }, subscribedPowerVA: 1e308 },
  });
  c.receive(state(1_000_000));
  c.receive(state(5_000_001_000_000)); // +5 GWh a moment later
  c.receive(state(5_000_001_000_004)); // then 4 Wh, a true rise
  await waitFor(() => out.length >= 3, 'three reports');
  const r = out[2].payload as { today: { energyWh: number; totalEur: number } };
  assert.equal(r.today.energyWh, 4, 'the jump is set aside, the true rise counted');
  assert.ok(r.today.totalEur < 0.01, `billed ${r.today.totalEur} €`);
  await waitFor(() => warnings().some((w) => /BASE/.test(w)), 'the re-base is logged');
});
