// The load-shedding chain inside Node-RED with every piece real except the hardware: the simulated
// Linky of wes-tic-in emits real TIC bytes, wes-load-shed decides, three wes-relay-out drive lines
// of the simulated GPIO backend, and the relays' state comes back into wes-load-shed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helper, loadFlow, startServer, stopServer } from '../support/red-test-helper';
import type { WesGpioNode } from '../../nodes/wes-gpio/gpio-node';
import type { FakeGpio } from '../../nodes/io/gpio/fake-backend';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import loadShedNode from '../../nodes/wes-load-shed/wes-load-shed';
import { waitFor as waitUntil } from '../support/wait';

type Msg = Record<string, unknown>;
const userDir = mkdtempSync(join(tmpdir(), 'wes-shed-system-'));
(helper as unknown as { settings(s: object): void }).settings({ userDir });
before(startServer);
after(async () => {
  await helper.unload();
  await stopServer();
  rmSync(userDir, { recursive: true, force: true });
});

// Its waits are long: the simulated meter climbs over its subscription, then the restore delay.
const waitFor = (cond: () => boolean, what: string, limitMs = 20_000) => waitUntil(cond, what, limitMs, 5);

test('the simulated meter goes over its subscription: relays switch off in priority order, and back on after the restore delay', async () => {
  const relay = (n: number, line: number) => ({
    id: `r${n}`,
    type: 'wes-relay-out',
    name: `load${n}`,
    gpio: 'g',
    line,
    number: n,
    startState: 'on',
    minOnS: 0,
    minOffS: 0,
    overrideMin: 60,
    wires: [['ls', 'relays']],
  });
  await loadFlow(
    [ticInNode, gpioNode, relayNode, loadShedNode],
    [
      { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'simulated',
        simMode: 'standard',
        simPhases: 1,
        simOption: 'BASE',
        simKva: 9,
        simSeed: 3,
        output: 'every',
        wires: [['ls', 'meter'], ['ls']],
      },
      { id: 'meter', type: 'helper' },
      {
        id: 'ls',
        type: 'wes-load-shed',
        basis: 'power',
        shedAtPct: 90,
        restoreBelowPct: 80,
        restoreDelayS: 1,
        settleS: 2,
        rotateAfterMin: 0,
        lostMode: 'hold',
        loads: [
          { name: 'load1', powerW: 2000, relay: 1 },
          { name: 'load2', powerW: 2000, relay: 2 },
          { name: 'load3', powerW: 2000, relay: 3 },
        ],
        wires: [['r1'], ['r2'], ['r3'], ['log']],
      },
      relay(1, 20),
      relay(2, 21),
      relay(3, 22),
      { id: 'relays', type: 'helper' },
      { id: 'log', type: 'helper' },
    ],
  );
  const fake = (await (helper.getNode('g') as unknown as WesGpioNode).ready()) as FakeGpio;
  const log: Msg[] = [];
  const offOrder: string[] = [];
  const onOrder: string[] = [];
  helper.getNode('log').on('input', (m) => log.push(m));
  helper.getNode('relays').on('input', (m) => {
    const name = String(m.topic);
    if (m.payload === false) offOrder.push(name);
    if (m.payload === true && offOrder.includes(name)) onOrder.push(name);
  });
  await waitFor(() => [20, 21, 22].every((l) => fake.outputs.get(l)?.level === 1), 'the three relays on');
  // a normal household first: the meter's readings reach the shedding, nothing is shed
  let frames = 0;
  helper.getNode('meter').on('input', () => {
    frames++;
  });
  await waitFor(() => frames >= 2, 'two meter frames');
  assert.equal(log.length, 0, 'an ordinary load sheds nothing');
  helper.getNode('tic').receive({ payload: { forcePowerVA: 12000 } });
  await waitFor(() => offOrder.length === 3, 'three relays off');
  assert.deepEqual(offOrder, ['load1', 'load2', 'load3']);
  assert.deepEqual(
    [20, 21, 22].map((l) => fake.outputs.get(l)?.level),
    [0, 0, 0],
    'the GPIO lines are low',
  );
  const first = log[0].payload as Msg;
  assert.equal(first.load, 'load1');
  assert.equal(first.value, 12000);
  assert.equal(first.unit, 'VA');
  // 12000 − 8100 VA = 3900 W over: the first two go in the same frame, the third once the frames show it was not enough
  assert.equal((log[1].payload as Msg).time, first.time);
  assert.notEqual((log[2].payload as Msg).time, first.time);
  helper.getNode('tic').receive({ payload: { forcePowerVA: 1500 } });
  await waitFor(() => onOrder.length === 3, 'three relays back on', 30_000);
  assert.deepEqual(onOrder, ['load3', 'load2', 'load1']);
  assert.deepEqual(
    [20, 21, 22].map((l) => fake.outputs.get(l)?.level),
    [1, 1, 1],
  );
  const restores = log.map((m) => m.payload as Msg).filter((d) => d.action === 'restore');
  assert.ok(
    restores.every((d) => /< 80 % of 9000 VA for 1 s/.test(String(d.reason))),
    JSON.stringify(restores),
  );
});
