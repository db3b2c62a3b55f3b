// wes-relay-out on a DS2408 board of the simulated 1-Wire bus: the latch written and read
// back, the WES numbering rl101…rl908, a board's power-on reset restored by the bus, and the
// relay state kept across a restart (the simulated board comes back all off, as a real one).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import type { SimulatedBackend } from '../../nodes/io/w1/simulated-backend';
import type { WesOneWireBusNode } from '../../nodes/wes-onewire-bus/onewire-bus-node';
import busNode from '../../nodes/wes-onewire-bus/wes-onewire-bus';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';

const nodes = [busNode, relayNode];
runtimeWithUserDir('wes-onewire-relay-', { before, after, afterEach });

const BOARD1 = '29-000000a1b201';
const flow = (relay: Record<string, unknown> = {}) => [
  { id: 'bus', type: 'wes-onewire-bus', backend: 'simulated', pollS: 1, rescanMin: 0 },
  {
    id: 'r',
    type: 'wes-relay-out',
    output: 'onewire',
    onewire: 'bus',
    board: 1,
    channel: 3,
    number: 103,
    line: 0,
    startState: 'restore',
    minOnS: 0,
    minOffS: 0,
    overrideMin: 0,
    wires: [['out']],
    ...relay,
  },
  { id: 'out', type: 'helper' },
];
const sim = () => (helper.getNode('bus') as unknown as WesOneWireBusNode).bus!.backend as SimulatedBackend;

test('rl103: switched on, the latch holds it; a board reset is written again; a restart restores it', async () => {
  await loadFlow(nodes, flow());
  const out = collector('out');
  const relay = helper.getNode('r');
  await waitFor(() => out.length > 0, 'the start state');
  assert.equal(out[0].payload, false);
  relay.receive({ payload: 'on' });
  await waitFor(() => out.some((m) => m.payload === true), 'the relay on');
  assert.equal(await sim().readSwitch(BOARD1), 0b100);
  assert.equal(lastStatus(relay).text, 'ON [1-Wire rl103]');
  // The board restarts: every channel off. The bus sees it at its next cycle and writes it again.
  sim().resetBoard(BOARD1);
  await waitFor(async () => (await sim().readSwitch(BOARD1)) === 0b100, 'the latch restored');

  await helper.unload();
  await loadFlow(nodes, flow());
  const again = collector('out');
  await waitFor(() => again.length > 0, 'the state after the restart');
  assert.equal(again[0].payload, true);
  assert.equal(await sim().readSwitch(BOARD1), 0b100, 'a fresh board written on at start');
  helper.getNode('r').receive({ payload: 'off' });
  await waitFor(() => again.some((m) => m.payload === false), 'the relay off');
  assert.equal(await sim().readSwitch(BOARD1), 0);
});

test('a 1-Wire relay numbered otherwise than board × 100 + channel is a config error', async () => {
  await loadFlow(nodes, flow({ number: 5 }));
  const relay = helper.getNode('r');
  await waitFor(() => lastStatus(relay).fill === 'red', 'a red status');
  const errs = relay.error
    .getCalls()
    .filter((c) => c.thisValue === relay)
    .map((c) => String(c.args[0]));
  assert.match(errs.join('\n'), /103 here, not 5/);
});

test('a relay on a board the bus does not have is reported lost', async () => {
  await loadFlow(nodes, flow({ board: 7, channel: 1, number: 701 }));
  const relay = helper.getNode('r');
  await waitFor(() => lastStatus(relay).fill === 'red', 'a red status');
  const errs = relay.error
    .getCalls()
    .filter((c) => c.thisValue === relay)
    .map((c) => String(c.args[0]));
  assert.match(errs.join('\n'), /board 7 not found/);
});
