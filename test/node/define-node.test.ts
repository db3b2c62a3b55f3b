// The scaffold itself, on a small node type defined here: config parsing (blank = default,
// migrations, checks), the input wrapper (a refusal reaches done(err) and shows red until the
// next good message) and the status vocabulary (no repeated identical updates).
import { afterEach, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeAPI } from 'node-red';
import { defineNode } from '../../nodes/shared/define-node';
import { defineConfig } from '../../nodes/shared/node-config';
import { callsOf, helper, loadFlow, nextMessage, startServer, stopServer } from '../support/red-test-helper';

interface ProbeConfig {
  name: string;
  limit: number;
  low: number;
  label: string;
}

const config = defineConfig<ProbeConfig>({
  type: 'test-probe',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      limit: { type: 'number', minimum: 1, maximum: 100, default: 10 },
      low: { type: 'number', minimum: 0, default: 0 },
      label: { type: 'string', minLength: 1, default: 'probe' },
    },
    required: [],
  },
  checks: [(c) => (c.low >= c.limit ? `low (${c.low}) must be below limit (${c.limit})` : null)],
  // Version 1 renamed "max" to "limit".
  migrations: [({ max, ...rest }) => (max === undefined ? rest : { ...rest, limit: max })],
});

function probeNode(RED: NodeAPI): void {
  defineNode<ProbeConfig>(RED, {
    type: 'test-probe',
    dir: __dirname,
    config,
    setup({ config: c, status, onInput }) {
      status.set('waiting', 'waiting');
      onInput((msg, send) => {
        if (typeof msg.payload !== 'number' || msg.payload > c.limit) throw new Error(`not a number up to ${c.limit}`);
        status.set('ok', `${c.label} ${c.limit}`);
        send({ payload: { value: msg.payload, limit: c.limit, label: c.label } });
      });
    },
  });
}

before(startServer);
after(stopServer);
afterEach(() => helper.unload());

const flow = (props: Record<string, unknown>) => [
  { id: 'p', type: 'test-probe', ...props, wires: [['out']] },
  { id: 'out', type: 'helper' },
  { id: 'c', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
  { id: 'caught', type: 'helper' },
];

test('blank fields take the schema default, and an old config is migrated', async () => {
  await loadFlow([probeNode], flow({ max: 50, label: '', low: '' }));
  const got = nextMessage('out');
  helper.getNode('p').receive({ payload: 40 });
  assert.deepEqual((await got).payload, { value: 40, limit: 50, label: 'probe' });
});

test('a cross-field check refuses the config with a red ring and a node error', async () => {
  await loadFlow([probeNode], flow({ limit: 5, low: 7 }));
  const node = helper.getNode('p');
  assert.deepEqual(callsOf(node, 'status').at(-1)?.[0], { fill: 'red', shape: 'ring', text: 'invalid configuration' });
  assert.match(String(callsOf(node, 'error').at(-1)?.[0]), /low \(7\) must be below limit \(5\)/);
});

test('a refused message reaches a Catch node and shows red; the next good one restores the status', async () => {
  await loadFlow([probeNode], flow({ limit: 5 }));
  const node = helper.getNode('p');
  const caught = nextMessage('caught');
  node.receive({ payload: 'x' });
  const err = (await caught).error as { message: string };
  assert.match(err.message, /not a number up to 5/);
  assert.deepEqual(callsOf(node, 'status').at(-1)?.[0], { fill: 'red', shape: 'ring', text: 'not a number up to 5' });
  const ok = nextMessage('out');
  node.receive({ payload: 3 });
  await ok;
  const again = nextMessage('out');
  node.receive({ payload: 4 });
  await again;
  const texts = callsOf(node, 'status').map((c) => (c[0] as { text: string }).text);
  assert.deepEqual(texts, ['waiting', 'not a number up to 5', 'probe 5'], 'the same status twice is sent once');
});
