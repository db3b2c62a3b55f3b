// The scaffold's promise about state files, through a real Node-RED: a restart keeps a node's
// state file (the relay's state must survive it), deleting the node in the editor removes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateFile } from '../../nodes/io/state/atomic-json';
import { exited, freePort, prepareUserDir, startNodeRed } from '../support/logger-runtime';
import { waitFor } from '../support/wait';

const flow = [
  { id: 'tab', type: 'tab', label: 'removal' },
  { id: 'gpio', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
  { id: 'keep', type: 'wes-relay-out', z: 'tab', name: 'kept', gpio: 'gpio', line: 5, number: 41, startState: 'restore', wires: [[]] },
  { id: 'gone', type: 'wes-relay-out', z: 'tab', name: 'deleted', gpio: 'gpio', line: 6, number: 42, startState: 'restore', wires: [[]] },
];

async function ready(port: number): Promise<void> {
  const answers = async () => (await fetch(`http://127.0.0.1:${port}/flows`).catch(() => null))?.ok;
  await waitFor(answers, 'Node-RED answering its admin API', 20_000, 100);
}

test("a restart keeps a node's state file; deleting the node removes it", async () => {
  const userDir = mkdtempSync(join(tmpdir(), 'wes-removal-'));
  const port = await freePort();
  prepareUserDir(userDir, port, flow, ['wes-gpio', 'wes-relay-out']);
  const keep = stateFile(userDir, 'keep');
  const gone = stateFile(userDir, 'gone');
  let child = startNodeRed(userDir);
  try {
    await ready(port);
    await waitFor(() => existsSync(keep) && existsSync(gone), 'both relays saved their state', 10_000);

    child.kill('SIGTERM');
    await exited(child);
    assert.ok(existsSync(keep) && existsSync(gone), 'a stop is not a removal');
    child = startNodeRed(userDir);
    await ready(port);
    assert.ok(existsSync(gone), 'a restart is not a removal');

    const res = await fetch(`http://127.0.0.1:${port}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
      body: JSON.stringify(flow.filter((n) => n.id !== 'gone')),
    });
    assert.equal(res.status, 204, await res.text());
    await waitFor(() => !existsSync(gone), "the deleted relay's state file removed", 10_000);
    assert.ok(existsSync(keep), 'the other node keeps its file');
  } finally {
    child.kill('SIGKILL');
    await exited(child);
    rmSync(userDir, { recursive: true, force: true });
  }
});
