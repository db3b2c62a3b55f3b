// The alarm history through a real Node-RED: an alarm on disk survives a SIGKILL (written within
// a second of the change, not only at stop), the restarted node carries on from it (the end of the
// alarm raised before the kill clears it), and deleting the node in the editor deletes its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateFile } from '../../nodes/io/state/atomic-json';
import { exited, freePort, prepareUserDir, startNodeRed } from '../support/logger-runtime';
import { waitFor } from '../support/wait';

const lostAt = '2026-12-02T06:00:00.000Z';
const backAt = '2026-12-02T06:00:42.000Z';
const flowWith = (event: string, time: string) => [
  { id: 'tab', type: 'tab', label: 'alarms' },
  {
    id: 'ev',
    type: 'inject',
    z: 'tab',
    props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
    topic: 'tic2/event',
    payload: JSON.stringify({ event, time }),
    payloadType: 'json',
    once: true,
    onceDelay: 0.1,
    repeat: '',
    wires: [['al']],
  },
  { id: 'al', type: 'wes-alarms', z: 'tab', name: '', max: 500, lang: 'en', sources: '', wires: [[], []] },
];

interface Stored {
  alarms: Array<{ code: string; source: string; raisedMs: number; clearedMs: number | null }>;
}
const stored = (file: string): Stored | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Stored) : null);

async function ready(port: number): Promise<void> {
  const answers = async () => (await fetch(`http://127.0.0.1:${port}/flows`).catch(() => null))?.ok;
  await waitFor(answers, 'Node-RED answering its admin API', 20_000, 100);
}

test('an alarm survives a SIGKILL, is cleared after the restart by its end, and goes with the node', async () => {
  const userDir = mkdtempSync(join(tmpdir(), 'wes-alarms-sys-'));
  const port = await freePort();
  prepareUserDir(userDir, port, flowWith('tic-lost', lostAt), ['wes-alarms']);
  const file = stateFile(userDir, 'al');
  let child = startNodeRed(userDir);
  try {
    await ready(port);
    await waitFor(() => stored(file)?.alarms.length === 1, 'the alarm written to its file', 10_000);
    // no chance to save at stop
    child.kill('SIGKILL');
    await exited(child);
    assert.deepEqual(
      stored(file)?.alarms.map((a) => [a.code, a.source, new Date(a.raisedMs).toISOString(), a.clearedMs]),
      [['tic-lost', 'tic2', lostAt, null]],
    );

    // the restarted flow brings the meter back: only a restored alarm can be cleared by it
    writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flowWith('tic-recovered', backAt)));
    child = startNodeRed(userDir);
    await ready(port);
    await waitFor(() => stored(file)?.alarms[0]?.clearedMs === Date.parse(backAt), 'the restored alarm cleared', 10_000);
    assert.equal(stored(file)?.alarms.length, 1);

    const res = await fetch(`http://127.0.0.1:${port}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
      body: JSON.stringify(flowWith('tic-recovered', backAt).filter((n) => n.id !== 'al')),
    });
    assert.equal(res.status, 204, await res.text());
    await waitFor(() => !existsSync(file), "the deleted node's history removed", 10_000);
  } finally {
    child.kill('SIGKILL');
    await exited(child);
    rmSync(userDir, { recursive: true, force: true });
  }
});
