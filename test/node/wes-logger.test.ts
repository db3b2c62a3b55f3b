process.env.TZ = 'Europe/Paris';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { NodeAPI } from 'node-red';
import { nodeRedPath } from '../support/node-red-path';
import { parseCsv } from '../../nodes/core/csv/rows';

// The helper ships no types: the few calls used here are typed by this interface.
interface TestNode {
  receive(msg: object): void;
  on(event: string, cb: (arg: { args: unknown[] } & Record<string, unknown>) => void): void;
}
interface Helper {
  init(path: string): void;
  load(nodes: unknown[], flow: object[]): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper') as Helper;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require('supertest') as (app: unknown) => {
  get(path: string): Promise<{ status: number; body: unknown; text: string; headers: Record<string, string> }> & {
    buffer(b: boolean): unknown;
    parse(fn: unknown): unknown;
  };
};
helper.init(nodeRedPath());

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loggerNode = require('../../nodes/wes-logger/wes-logger') as (RED: NodeAPI) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const historyNode = require('../../nodes/wes-history/wes-history') as (RED: NodeAPI) => void;

let httpNode: unknown;
const grabHttp = (RED: NodeAPI): void => {
  httpNode = RED.httpNode;
};

const T0 = Date.parse('2026-11-24T10:00:00+01:00');
const tic = (i: number) => ({
  mode: 'standard',
  meterId: '021861348497',
  powerVA: 1500 + i,
  energyWh: 1_000_000 + i,
  currentA: [6, 7, 8],
  energyByPeriodWh: { HCHC: 500_000 + i, HCHP: 500_000 },
  tempo: { today: 'BLUE', tomorrow: null },
  alerts: { overload: false },
});

function flow(dir: string, extra: Record<string, unknown> = {}) {
  return [
    {
      id: 'log',
      type: 'wes-logger',
      name: 'main',
      folder: dir,
      format: 'standard',
      mode: 'every',
      interval: 60,
      rules: '',
      flushInterval: 3600,
      retentionDays: 730,
      maxBufferKB: 8192,
      ...extra,
    },
    {
      id: 'hist',
      type: 'wes-history',
      logger: '',
      source: 'tic1',
      from: '-24h',
      to: 'now',
      resolution: 'auto',
      fields: '',
      output: 'chart',
      wires: [['out']],
    },
    { id: 'out', type: 'helper' },
    // A complete node tells when the logger has handled a message, so no test sleeps for it.
    { id: 'cmp', type: 'complete', scope: ['log'], uncaught: false, wires: [['handled']] },
    { id: 'handled', type: 'helper' },
  ];
}

/** Resolves once the logger has called done() for n more messages. */
function handled(n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) =>
    helper.getNode('handled').on('input', () => {
      if (++seen === n) resolve();
    }),
  );
}

function waitFor<T>(node: TestNode, event: string, pred: (a: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) =>
    node.on(event, (c) => {
      if (pred(c as unknown as T)) resolve(c as unknown as T);
    }),
  );
}

async function feed(dir: string, n = 30): Promise<void> {
  await helper.load([loggerNode, historyNode, grabHttp], flow(dir));
  const log = helper.getNode('log');
  for (let i = 0; i < n; i++) log.receive({ topic: 'tic1', payload: tic(i), timestamp: T0 + i * 60_000 });
  log.receive({ topic: 'water', payload: { index: 12.5, flow: 0 }, timestamp: T0 });
  const flushed = waitFor<{ args: [{ fill: string }] }>(log, 'call:status', (c) => c.args[0].fill === 'green');
  log.receive({ flush: true });
  await flushed;
}

afterEach(async () => {
  await helper.unload();
});
after(async () => {
  await helper.stopServer().catch(() => undefined);
});

test('logs a TIC stream: numeric fields flattened, one file per day and source, green status', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await feed(dir);
  const parsed = parseCsv(readFileSync(join(dir, 'tic1/2026/11/2026-11-24.csv'), 'utf8'));
  assert.ok(parsed);
  assert.deepEqual(parsed.header.columns, [
    'powerVA',
    'energyWh',
    'currentA_1',
    'currentA_2',
    'currentA_3',
    'energyByPeriodWh_HCHC',
    'energyByPeriodWh_HCHP',
    // Text cells the user reads next to the numbers (the payload's tempo.today).
    'tempoColour',
  ]);
  assert.equal(parsed.rows.length, 30);
  assert.ok(existsSync(join(dir, 'water/2026/11/2026-11-24.csv')));
});

test('a bad message is reported with node.error and records nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await helper.load([loggerNode, historyNode], flow(dir));
  const log = helper.getNode('log');
  const err = waitFor<{ args: [Error | string] }>(log, 'call:error');
  log.receive({ topic: 'tic1', payload: 'hello' });
  assert.match(String((await err).args[0]), /message not recorded: /);
  const flushed = handled(1);
  log.receive({ flush: true });
  await flushed;
  assert.equal(existsSync(join(dir, 'tic1')), false);
});

test('a bad configuration gives a red status, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await helper.load([loggerNode, historyNode], flow(dir, { rules: 'tic1 sometimes' }));
  // The status is set inside the constructor, before a listener can be attached: read the helper's spy.
  const spy = (helper as unknown as { _NodePrototype: { status: { args: [{ fill?: string; text?: string }][] } } })._NodePrototype.status;
  assert.ok(spy.args.some((a) => a[0].fill === 'red' && a[0].text === 'bad configuration'));
  // The scaffold registers no input handler for a node whose config failed: nothing can be written.
  helper.getNode('log').receive({ topic: 'tic1', payload: 1 });
  assert.equal(existsSync(join(dir, 'tic1')), false);
});

test('closing the flow (deploy / stop) writes what is in memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await helper.load([loggerNode, historyNode], flow(dir));
  const log = helper.getNode('log');
  const all = handled(5);
  for (let i = 0; i < 5; i++) log.receive({ topic: 'tic1', payload: tic(i), timestamp: T0 + i * 1000 });
  await all;
  await helper.unload();
  const parsed = parseCsv(readFileSync(join(dir, 'tic1/2026/11/2026-11-24.csv'), 'utf8'));
  assert.equal(parsed?.rows.length, 5);
});

test('wes-history sends chart points at the resolution of the range', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await feed(dir);
  const out = helper.getNode('out');
  const got = waitFor<{ payload: { x: number; y: number; series: string }[]; history: { resolution: string; count: number } }>(
    out as TestNode,
    'input',
  );
  helper.getNode('hist').receive({ payload: { from: T0, to: T0 + 30 * 60_000, fields: ['powerVA'] } });
  const msg = await got;
  assert.equal(msg.history.resolution, 'raw');
  assert.equal(msg.payload.length, 30);
  assert.deepEqual(msg.payload[0], { x: T0, y: 1500, series: 'powerVA' });
  const got2 = waitFor<{ payload: { x: number; y: number; series: string }[]; history: { resolution: string } }>(out as TestNode, 'input');
  helper.getNode('hist').receive({ payload: { from: T0 - 86_400_000, to: T0 + 6 * 86_400_000, fields: 'energyWh' } });
  const m2 = await got2;
  assert.equal(m2.history.resolution, '10min');
  assert.deepEqual(
    m2.payload.map((p) => p.y),
    [9, 10, 10],
    'energy per 10 minutes from the index (the last bucket, still open, included)',
  );
  const err = waitFor<{ args: [Error] }>(helper.getNode('hist'), 'call:error');
  helper.getNode('hist').receive({ payload: { from: '-1h', to: '-2h' } });
  assert.match(String((await err).args[0]), /bad history query: /);
});

test('HTTP: lists, serves a day, a month as zip and as one CSV, history JSON; bad paths and ranges get 4xx', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await feed(dir);
  writeFileSync(join(dir, '..', 'secret.csv'), 'time,x\n');
  const api = supertest(httpNode);
  const list = await api.get('/wes/logs');
  assert.equal(list.status, 200);
  assert.deepEqual(
    (list.body as { name: string }[]).map((l) => l.name),
    ['main'],
  );
  const info = await api.get('/wes/logs/main');
  assert.deepEqual((info.body as { sources: string[] }).sources, ['tic1', 'water']);
  const files = await api.get('/wes/logs/_/tic1');
  assert.equal((files.body as { files: { rel: string }[] }).files[0]?.rel, 'tic1/2026/11/2026-11-24.csv');
  const day = await api.get('/wes/logs/main/tic1/day/2026-11-24');
  assert.equal(day.status, 200);
  assert.match(day.headers['content-type'] ?? '', /text\/csv/);
  assert.equal(parseCsv(day.text)?.rows.length, 30);
  const merged = await api.get('/wes/logs/main/tic1/month/2026-11?format=csv');
  assert.equal(parseCsv(merged.text)?.rows.length, 30);
  const zipReq = api.get('/wes/logs/main/tic1/range?from=2026-11-01&to=2026-11-30');
  (zipReq as unknown as { buffer(b: boolean): void }).buffer(true);
  (zipReq as unknown as { parse(fn: unknown): void }).parse(
    (res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (e: null, b: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    },
  );
  const zip = await zipReq;
  assert.equal(zip.status, 200);
  const zipPath = join(dir, '..', 'dl.zip');
  writeFileSync(zipPath, zip.body as Buffer);
  assert.match(execFileSync('unzip', ['-l', zipPath]).toString(), /tic1\/2026\/11\/2026-11-24\.csv/);
  const file = await api.get('/wes/logs/main/file/tic1/2026/11/2026-11-24.csv');
  assert.equal(file.status, 200);
  for (const bad of [
    '/wes/logs/main/file/..%2Fsecret.csv',
    '/wes/logs/main/file/tic1/..%2F..%2F..%2Fsecret.csv',
    '/wes/logs/main/file/%2Fetc%2Fpasswd',
    '/wes/logs/main/file/tic1/2026/11/x.txt',
    '/wes/logs/main/tic1/day/2026-13-01',
    '/wes/logs/main/tic1/range?from=2026-11-30&to=2026-11-01',
    '/wes/logs/main/tic1/range?from=2020-01-01&to=2026-11-01',
    '/wes/logs/main/tic1/month/26-11',
    '/wes/logs/main/..%2F..%2Fetc/day/2026-11-24',
    '/wes/history?source=tic1&from=-1h&to=-2h',
    '/wes/history?source=tic1&resolution=week',
    '/wes/logs/main/file/%E0%A4%A',
  ]) {
    const r = await api.get(bad);
    assert.ok(r.status >= 400 && r.status < 500, `${bad} → ${r.status}`);
    assert.equal(typeof (r.body as { error?: string }).error, 'string', bad);
    assert.ok(!r.text.includes('time,x'), `${bad} must not serve a file outside the folder`);
  }
  assert.equal((await api.get('/wes/logs/nobody')).status, 404);
  assert.equal((await api.get('/wes/logs/main/tic1/day/2026-11-25')).status, 404);
  const hist = await api.get(`/wes/history?logger=main&source=tic1&from=${T0}&to=${T0 + 3_600_000}&fields=powerVA`);
  assert.equal(hist.status, 200);
  assert.equal((hist.body as { resolution: string }).resolution, 'raw');
  assert.equal((hist.body as { rows: unknown[] }).rows.length, 30);
});

test('the example flow: its logger and history configs deploy, and its per-source rule averages tic1 per 10 s', async () => {
  const example = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'wes-logger.json'), 'utf8')) as {
    type: string;
    id: string;
    z?: string;
    wires?: unknown;
  }[];
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  const ours = example
    .filter((n) => n.type === 'wes-logger' || n.type === 'wes-history')
    .map((n) => {
      // Without a tab, positioned nodes are not started by the helper: z, x and y are dropped.
      const { z: _z, x: _x, y: _y, ...rest } = n as typeof n & { x?: number; y?: number };
      return n.type === 'wes-logger' ? { ...rest, folder: dir } : { ...rest, wires: [[]] };
    });
  await helper.load([loggerNode, historyNode], ours);
  const logId = (ours.find((n) => n.type === 'wes-logger') as { id: string }).id;
  const log = helper.getNode(logId);
  for (let i = 0; i < 30; i++) log.receive({ topic: 'tic1', payload: tic(i), timestamp: T0 + i * 1000 });
  const flushed = waitFor<{ args: [{ fill: string }] }>(log, 'call:status', (c) => c.args[0].fill === 'green');
  log.receive({ flush: true });
  await flushed;
  await helper.unload();
  const parsed = parseCsv(readFileSync(join(dir, 'tic1/2026/11/2026-11-24.csv'), 'utf8'));
  assert.ok(parsed);
  assert.deepEqual(
    parsed.rows.map((r) => r.t),
    [T0, T0 + 10_000, T0 + 20_000],
  );
  assert.deepEqual(
    [parsed.rows[0]?.values.powerVA, parsed.rows[0]?.values.powerVA_min, parsed.rows[0]?.values.powerVA_max],
    [1504.5, 1500, 1509],
  );
  assert.equal(parsed.rows[2]?.values.energyWh, 1_000_029, 'counters keep their last value');
});

test('downloads survive what an SD card can hold: a directory or a FIFO named .csv, a file gone before the zip reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-log-node-'));
  await feed(dir);
  const month = join(dir, 'tic1', '2026', '11');
  mkdirSync(join(month, '2026-11-25.csv'));
  execFileSync('mkfifo', [join(month, '2026-11-26.csv')]);
  const api = supertest(httpNode);
  const asDir = await api.get('/wes/logs/main/tic1/day/2026-11-25');
  assert.equal(asDir.status, 404);
  const asFifo = await api.get('/wes/logs/main/file/tic1/2026/11/2026-11-26.csv');
  assert.equal(asFifo.status, 404);
  const merged = await api.get('/wes/logs/main/tic1/month/2026-11?format=csv');
  assert.equal(merged.status, 200);
  assert.equal(parseCsv(merged.text)?.rows.length, 30, 'the real day file, and nothing of the others');
  // A file listed for the zip then removed (retention, a card error): the answer is cut, the runtime lives.
  const { pipeZip } = await import('../../nodes/io/files/export');
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const ended = new Promise<Error | undefined>((res) => {
    out.on('error', res);
    out.on('end', () => res(undefined));
    out.resume();
  });
  const { RealFilePort } = await import('../../nodes/io/files/file-port');
  const { STANDARD } = await import('../../nodes/core/csv/dialect');
  pipeZip(
    new RealFilePort(),
    dir,
    [{ rel: 'tic1/2026/11/gone.csv', key: '2026-11-27', part: 0 }],
    { dialect: STANDARD, columns: 'all' },
    out,
  );
  assert.match(String((await ended)?.message), /ENOENT/);
  const still = await api.get('/wes/logs/main/tic1/day/2026-11-24');
  assert.equal(still.status, 200);
});
