// /wes/history answers are bounded, through the real HTTP route (supertest on Node-RED's
// httpNode) of a real logger: 10-min buckets over 20 years is a clear 400 naming the resolution
// that fits, auto picks one that fits, and a range that fits is served.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeAPI } from 'node-red';
import { helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import loggerNode from '../../nodes/wes-logger/wes-logger';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require('supertest') as (app: unknown) => {
  get(path: string): Promise<{ status: number; body: unknown; text: string }>;
};

runtimeWithUserDir('wes-rel-hist-', { before, after, afterEach });
const dir = mkdtempSync(join(tmpdir(), 'wes-rel-hist-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let httpNode: unknown;
const grabHttp = (RED: NodeAPI): void => {
  httpNode = RED.httpNode;
};

test('history: 10min over 20 years is refused with the resolution to use; auto and a fitting range are served', async () => {
  await loadFlow(
    [loggerNode, grabHttp],
    [
      {
        id: 'log',
        type: 'wes-logger',
        name: 'h',
        folder: dir,
        format: 'standard',
        mode: 'every',
        interval: 60,
        rules: '',
        flushInterval: 3600,
        retentionDays: 730,
        maxBufferKB: 1024,
      },
    ],
  );
  const log = helper.getNode('log');
  const now = Date.now();
  for (let i = 0; i < 30; i++) log.receive({ topic: 'meter', payload: { powerW: i }, timestamp: now - 3_600_000 + i * 60_000 });
  log.receive({ flush: true });
  const api = supertest(httpNode);
  await waitFor(
    async () => (await api.get('/wes/history?logger=h&source=meter&from=-2h&resolution=raw')).text.includes('"powerW":29'),
    'rows written',
  );

  const huge = await api.get('/wes/history?logger=h&source=meter&resolution=10min&from=-20y');
  assert.equal(huge.status, 400);
  assert.match((huge.body as { error: string }).error, /10min over this range is more than 10000 points: use resolution=day/);
  const auto = await api.get('/wes/history?logger=h&source=meter&from=-20y');
  assert.equal(auto.status, 200);
  assert.equal((auto.body as { resolution: string }).resolution, 'day');
  const fits = await api.get('/wes/history?logger=h&source=meter&resolution=10min&from=-60d');
  assert.equal(fits.status, 200);
  assert.equal((fits.body as { resolution: string }).resolution, '10min');
});
