// Loads the shipped flow and every example into a real Node-RED (started as `npm start` does)
// and checks that every node type is known and that no node reports an error while starting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, startSupervisor } from '../support/supervisor-process';

interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
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

/** How long errors are watched for once the flows have started (first frames, first chart refresh). */
const SETTLE_MS = 4000;

for (const rel of flowFiles) {
  test(`${rel}: every node type is known and every node starts without error`, async () => {
    const flow = JSON.parse(readFileSync(join(projectRoot, rel), 'utf8')) as FlowNode[];
    assert.ok(Array.isArray(flow) && flow.length > 0, 'a flow is a non-empty array of nodes');
    const usesLegacyDashboard = flow.some((n) => n.type.startsWith('ui_'));
    const nr = await startSupervisor({ flowFile: join(projectRoot, rel), env: usesLegacyDashboard ? { WES_LEGACY_DASHBOARD: '1' } : {} });
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

      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const started = nr.output().slice(nr.output().indexOf('Starting flows'));
      const errors = started.split('\n').filter((l) => /\[error\]/.test(l));
      assert.deepEqual(errors, [], `errors while starting ${rel}`);

      // The runtime holds exactly the nodes of the file (nothing dropped as invalid).
      const deployed = (await (
        await fetch(`${nr.baseUrl}/flows`, { headers: { Accept: 'application/json', 'Node-RED-API-Version': 'v2' } })
      ).json()) as { flows: FlowNode[] };
      assert.equal(deployed.flows.length, flow.length);
    } finally {
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
  try {
    await nr.waitForOutput(/Started flows|Waiting for missing types/, 60_000);
    assert.match(nr.output(), /Started flows/);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
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
    await nr.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
