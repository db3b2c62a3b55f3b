// kill -9 at random moments while a stream is logged: every file must still parse (after the
// start-up repair), no row older than the flush interval may be missing, and rows of earlier runs
// must never disappear. A last run ends with SIGTERM and a flush interval of an hour: only the
// flush on termination can have written its rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, type Row } from '../../nodes/core/csv/rows';
import { listRawFiles } from '../../nodes/io/files/log-files';
import { RealFilePort } from '../../nodes/io/files/file-port';
import { authHeader, exited, feederFlow, freePort, prepareUserDir, startNodeRed, waitReady } from '../support/logger-runtime';

const FLUSH_S = 1;
const KILLS = 6;

async function readAll(logDir: string): Promise<{ rows: Row[]; bad: string[] }> {
  const files = await listRawFiles(new RealFilePort(), logDir, 'sim');
  const rows: Row[] = [];
  const bad: string[] = [];
  for (const f of files) {
    const parsed = parseCsv(readFileSync(join(logDir, f.rel), 'utf8'));
    if (!parsed || parsed.badLines) bad.push(f.rel);
    if (parsed) rows.push(...parsed.rows);
  }
  return { rows, bad };
}

function byRun(rows: Row[]): Map<number, Row[]> {
  const m = new Map<number, Row[]>();
  for (const r of rows) {
    const run = r.values.run as number;
    if (!m.has(run)) m.set(run, []);
    (m.get(run) as Row[]).push(r);
  }
  return m;
}

test(
  'SIGKILL at random moments: files stay valid, at most the last flush interval is lost, nothing older',
  { timeout: 90_000 },
  async () => {
    const userDir = mkdtempSync(join(tmpdir(), 'wes-crash-'));
    const logDir = join(userDir, 'logs');
    const port = await freePort();
    const killTimes = new Map<number, number>();
    let previous: Row[] = [];

    for (let run = 1; run <= KILLS + 1; run++) {
      const last = run === KILLS + 1;
      prepareUserDir(userDir, port, feederFlow(logDir, last ? 3600 : FLUSH_S));
      const child = startNodeRed(userDir, { RUN_ID: String(run) });
      await waitReady(port, child);
      if (run === 1) {
        const anon = await fetch(`http://127.0.0.1:${port}/wes/logs`);
        assert.equal(anon.status, 401, 'httpNodeAuth protects the download endpoints');
      }
      // Every earlier row is still there after the restart (and its start-up repair).
      const { rows: afterStart, bad: badAfterStart } = await readAll(logDir);
      assert.deepEqual(badAfterStart, [], `run ${run}: every file parses after the restart`);
      const keyOf = (r: Row) => `${r.values.run}:${r.values.seq}`;
      const present = new Set(afterStart.map(keyOf));
      assert.ok(
        previous.every((r) => present.has(keyOf(r))),
        `run ${run}: rows of earlier runs are all still there`,
      );

      // Not a wait for a result: the kill must land at a random point of the logger's write cycle.
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2500));
      const t = Date.now();
      killTimes.set(run, t);
      child.kill(last ? 'SIGTERM' : 'SIGKILL');
      await exited(child);
      previous = (await readAll(logDir)).rows;
    }

    // A final start repairs whatever the last kill left, then everything is checked.
    prepareUserDir(userDir, port, feederFlow(logDir, 3600, { mode: 'change' }));
    const child = startNodeRed(userDir, { RUN_ID: '99' });
    await waitReady(port, child);
    const files = await fetch(`http://127.0.0.1:${port}/wes/logs/main/sim`, { headers: { authorization: authHeader() } });
    assert.equal(files.status, 200);
    child.kill('SIGKILL');
    await exited(child);

    const { rows, bad } = await readAll(logDir);
    assert.deepEqual(bad, [], 'every file parses');
    const runs = byRun(rows);
    for (let run = 1; run <= KILLS + 1; run++) {
      const list = runs.get(run) ?? [];
      assert.ok(list.length > 0, `run ${run} logged rows`);
      const seqs = list.map((r) => r.values.seq as number);
      assert.deepEqual(
        seqs,
        Array.from({ length: seqs.length }, (_, i) => i + 1),
        `run ${run}: no row missing between the first and the last`,
      );
      const lastT = (list[list.length - 1] as Row).t;
      const lostMs = (killTimes.get(run) as number) - lastT;
      // The slack covers the flush's own fsync and timer jitter on a busy 2-core machine.
      const allowed = run === KILLS + 1 ? 300 : FLUSH_S * 1000 + 1000;
      assert.ok(lostMs <= allowed, `run ${run}: lost ${lostMs} ms of rows, allowed ${allowed}`);
    }
    rmSync(userDir, { recursive: true, force: true });
  },
);
