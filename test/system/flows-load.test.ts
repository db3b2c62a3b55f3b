// Loads the shipped flow and every example into a real Node-RED (started as `npm start` does)
// and checks that every node type is known and that no node reports an error while starting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { projectRoot, startSupervisor } from '../support/supervisor-process';
import { waitFor } from '../support/wait';

interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
  wires?: unknown;
  d?: boolean;
  disabled?: boolean;
}
interface NodeSet {
  id: string;
  module: string;
  types: string[];
  enabled: boolean;
  loaded?: boolean;
  err?: string;
}

const flowFiles = [
  join('flows', 'wes-supervisor.json'),
  join('flows', 'wes-superviseur.json'),
  ...readdirSync(join(projectRoot, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join('examples', f)),
];

// Types that are structure, not runtime nodes.
const structural = new Set(['tab', 'group', 'subflow', 'junction']);

/**
 * The node statuses the runtime publishes to the editor (retained: a late subscriber gets the
 * current ones too), as the marker that the flows have got going.
 */
function watchStatuses(port: number): { fills: Map<string, string[]>; close(): void } {
  const fills = new Map<string, string[]>();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/comms`);
  ws.on('open', () => ws.send(JSON.stringify({ subscribe: 'status/#' })));
  ws.on('message', (data: Buffer) => {
    for (const e of JSON.parse(data.toString()) as { topic: string; data: { fill?: string } }[]) {
      if (!e.topic.startsWith('status/')) continue;
      const id = e.topic.slice('status/'.length);
      fills.set(id, [...(fills.get(id) ?? []), e.data.fill ?? '']);
    }
  });
  ws.on('error', () => undefined);
  return { fills, close: () => ws.terminate() };
}

/**
 * Waits until the flows have done their first work, so that the errors it may raise are in the
 * log: every enabled WES node of the flow (config nodes have no wires) has shown a status, which
 * it does once started (wes-history only with its first data), and every TIC input has shown a
 * live one, its first frame decoded and sent on.
 */
async function flowsGoing(flow: FlowNode[], fills: Map<string, string[]>, output: () => string): Promise<void> {
  const offTabs = new Set(flow.filter((n) => n.type === 'tab' && n.disabled).map((n) => n.id));
  const wes = flow.filter((n) => n.type.startsWith('wes-') && n.wires !== undefined && !n.d && !(n.z && offTabs.has(n.z)));
  const pending = (): string[] => [
    ...wes.filter((n) => n.type !== 'wes-history' && !fills.has(n.id)).map((n) => `${n.type} ${n.id}: a status`),
    ...wes.filter((n) => n.type === 'wes-tic-in' && !fills.get(n.id)?.includes('green')).map((n) => `${n.type} ${n.id}: a frame`),
  ];
  await waitFor(
    () => pending().length === 0,
    'every WES node started and every TIC input live',
    60_000,
    50,
    () => `still waiting for: ${pending().join(', ')}\n${output().slice(-3000)}`,
  );
}

for (const rel of flowFiles) {
  test(`${rel}: every node type is known and every node starts without error`, async () => {
    const flow = JSON.parse(readFileSync(join(projectRoot, rel), 'utf8')) as FlowNode[];
    assert.ok(Array.isArray(flow) && flow.length > 0, 'a flow is a non-empty array of nodes');
    const usesLegacyDashboard = flow.some((n) => n.type.startsWith('ui_'));
    const nr = await startSupervisor({ flowFile: join(projectRoot, rel), env: usesLegacyDashboard ? { WES_LEGACY_DASHBOARD: '1' } : {} });
    const statuses = watchStatuses(nr.port);
    try {
      await nr.waitForOutput(/Started flows|Waiting for missing types/, 60_000);
      const res = await fetch(`${nr.baseUrl}/nodes`, { headers: { Accept: 'application/json' } });
      assert.equal(res.status, 200);
      const sets = (await res.json()) as NodeSet[];
      const known = new Set(sets.filter((s) => s.enabled && s.loaded !== false && !s.err).flatMap((s) => s.types));
      const types = [...new Set(flow.map((n) => n.type))].filter((t) => !structural.has(t) && !t.startsWith('subflow:'));
      const unknown = types.filter((t) => !known.has(t));
      assert.deepEqual(unknown, [], `unknown node types in ${rel}`);
      assert.match(nr.output(), /Started flows/);

      await flowsGoing(flow, statuses.fills, nr.output);
      const started = nr.output().slice(nr.output().indexOf('Starting flows'));
      const errors = started.split('\n').filter((l) => /\[error\]/.test(l));
      assert.deepEqual(errors, [], `errors while starting ${rel}`);

      // The runtime holds exactly the nodes of the file (nothing dropped as invalid).
      const deployed = (await (
        await fetch(`${nr.baseUrl}/flows`, { headers: { Accept: 'application/json', 'Node-RED-API-Version': 'v2' } })
      ).json()) as { flows: FlowNode[] };
      assert.equal(deployed.flows.length, flow.length);
    } finally {
      statuses.close();
      await nr.stop();
    }
  });
}

// A user imports several examples into the Node-RED that runs the supervisor: ids, relay numbers
// and every other resource the nodes register (routes, GPIO lines, dashboard pages) must not meet.
// The supervisor's own copies are left out: they are the shipped flow again, to use instead of it.
test('the shipped flow and every other example together: every node starts without error', async () => {
  // The French shipped flow is the English one in other words (the same ids): one of them runs.
  const copies = [join('examples', 'wes-supervisor.json'), join('examples', 'wes-superviseur.json'), join('flows', 'wes-superviseur.json')];
  const all = flowFiles
    .filter((rel) => !copies.includes(rel))
    .flatMap((rel) => JSON.parse(readFileSync(join(projectRoot, rel), 'utf8')) as FlowNode[]);
  const dir = mkdtempSync(join(tmpdir(), 'wes-all-flows-'));
  const file = join(dir, 'all.json');
  writeFileSync(file, JSON.stringify(all));
  const nr = await startSupervisor({ flowFile: file, env: { WES_LEGACY_DASHBOARD: '1' } });
  const statuses = watchStatuses(nr.port);
  try {
    await nr.waitForOutput(/Started flows|Waiting for missing types/, 60_000);
    assert.match(nr.output(), /Started flows/);
    await flowsGoing(all, statuses.fills, nr.output);
    const started = nr.output().slice(nr.output().indexOf('Starting flows'));
    assert.deepEqual(
      started.split('\n').filter((l) => /\[error\]/.test(l)),
      [],
      'errors while starting all the flows together',
    );
    const deployed = (await (
      await fetch(`${nr.baseUrl}/flows`, { headers: { Accept: 'application/json', 'Node-RED-API-Version': 'v2' } })
    ).json()) as { flows: FlowNode[] };
    assert.equal(deployed.flows.length, all.length, 'no node lost to a repeated id');
  } finally {
    statuses.close();
    await nr.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
