import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import chartFeedNode from '../../nodes/wes-chart-feed/wes-chart-feed';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-red-node-test-helper ships no types
const helper = require('node-red-node-test-helper');

interface Msg {
  payload?: unknown;
  action?: string;
  topic?: string;
  window?: string;
}
interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: 'input', cb: (msg: Msg) => void): void;
  status: unknown;
}
interface LogEntry {
  level: number;
  msg: string;
  id?: string;
}

// Its own userDir: the node saves its points there, and each test starts without a file.
const userDir = runtimeWithUserDir('wes-chart-feed-test-', { before, after, afterEach });
const stateFile = join(userDir, 'wes-state', 'f.json');

// Whole seconds, 20 s ago: inside every window used here, and not moved by the 1-s merging.
const T0 = Math.floor((Date.now() - 20_000) / 1000) * 1000;

function flow(extra: Record<string, unknown> = {}) {
  return [
    {
      id: 'f',
      type: 'wes-chart-feed',
      name: 'power',
      property: 'payload.powerVA',
      series: '',
      window: '1m',
      retention: '24h',
      points: 200,
      refresh: 0,
      format: 'dashboard2',
      wires: [['out']],
      ...extra,
    },
    { id: 'out', type: 'helper' },
  ];
}

/** The first message the helper node receives, from now on, for which `pred` holds. */
function messageWhere(node: TestNode, pred: (m: Msg) => boolean): Promise<Msg> {
  return new Promise((resolve) =>
    node.on('input', (m) => {
      if (pred(m)) resolve(m);
    }),
  );
}

function errorsLogged(): string[] {
  const spy = helper.log() as { args: Array<[LogEntry]> };
  return spy.args
    .map((a) => a[0])
    .filter((e) => e.level === 20)
    .map((e) => String(e.msg));
}

test('feeds a Dashboard 2.0 chart with the values of each series, replacing its data', async () => {
  await helper.load(chartFeedNode, flow());
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  for (let s = 0; s < 10; s++) {
    feed.receive({ topic: 'tic1', payload: { powerVA: 1000 + s }, timestamp: T0 + s * 1000 });
    feed.receive({ topic: 'tic2', payload: { powerVA: 200 }, timestamp: T0 + s * 1000 });
  }
  const got = messageWhere(out, (m) => m.window === '50s');
  feed.receive({ window: 50 }); // a window command answers at once with the new curve
  const msg = await got;
  assert.equal(msg.action, 'replace');
  const points = msg.payload as Array<{ series: string; x: number; y: number }>;
  assert.equal(points.filter((p) => p.series === 'tic1').length, 10);
  assert.equal(points.filter((p) => p.series === 'tic2').length, 10);
  assert.deepEqual(points[0], { series: 'tic1', x: T0, y: 1000 });
  assert.deepEqual(points[9], { series: 'tic1', x: T0 + 9000, y: 1009 });
});

test('a button-group style message (topic "window") changes the window too', async () => {
  await helper.load(chartFeedNode, flow({ series: 'home' }));
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  feed.receive({ topic: 'anything', payload: { powerVA: 5 }, timestamp: T0 });
  const got = messageWhere(out, (m) => m.window === '1h');
  feed.receive({ topic: 'window', payload: '1h' });
  const msg = await got;
  assert.equal(msg.window, '1h');
  assert.deepEqual(msg.payload, [{ series: 'home', x: T0, y: 5 }], 'the configured series name wins over msg.topic');
});

test('legacy format gives one {series, data, labels} object', async () => {
  await helper.load(chartFeedNode, flow({ format: 'legacy', property: 'payload' }));
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  feed.receive({ topic: 'a', payload: 1, timestamp: T0 });
  feed.receive({ topic: 'b', payload: 2, timestamp: T0 });
  const got = messageWhere(out, (m) => m.window === '10m');
  feed.receive({ window: 600 });
  const msg = await got;
  assert.deepEqual(msg.payload, [{ series: ['a', 'b'], data: [[{ x: T0, y: 1 }], [{ x: T0, y: 2 }]], labels: [''] }]);
});

test('a new series is charted as soon as it is a line, without waiting for the refresh period', async () => {
  await helper.load(chartFeedNode, flow({ property: 'payload', refresh: 3600 }));
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  const got: Msg[] = [];
  out.on('input', (m) => got.push(m));
  const second = messageWhere(out, () => true);
  feed.receive({ topic: 'a', payload: 42, timestamp: T0 });
  feed.receive({ topic: 'a', payload: 43, timestamp: T0 + 1000 });
  assert.deepEqual((await second).payload, [
    { series: 'a', x: T0, y: 42 },
    { series: 'a', x: T0 + 1000, y: 43 },
  ]);
  assert.equal(got.length, 1, 'nothing was sent for the lone first point');
});

test('reset forgets every series', async () => {
  await helper.load(chartFeedNode, flow({ property: 'payload' }));
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  feed.receive({ topic: 'a', payload: 1, timestamp: T0 });
  const got = messageWhere(out, (m) => Array.isArray(m.payload) && m.payload.length === 0);
  feed.receive({ reset: true });
  assert.deepEqual((await got).payload, []);
});

test('bad input is reported and changes nothing', async () => {
  await helper.load(chartFeedNode, flow());
  const feed = helper.getNode('f') as TestNode;
  const out = helper.getNode('out') as TestNode;
  feed.receive({ topic: 'tic1', payload: { powerVA: 700 }, timestamp: T0 + 5000 });
  feed.receive({ topic: 'tic1', payload: { powerVA: 'lots' }, timestamp: T0 + 6000 });
  feed.receive({ topic: 'tic1', payload: {}, timestamp: T0 + 7000 });
  feed.receive({ topic: 'tic1', payload: { powerVA: 1 }, timestamp: T0 }); // older than the latest point
  feed.receive({ window: '48h' }); // beyond the retention
  feed.receive({ window: 'soon' });
  const got = messageWhere(out, (m) => m.window === '15m');
  feed.receive({ window: '15m' });
  const msg = await got;
  assert.deepEqual(msg.payload, [{ series: 'tic1', x: T0 + 5000, y: 700 }]);
  const errors = errorsLogged();
  assert.equal(errors.length, 5, errors.join('\n'));
  assert.ok(errors.some((e) => /not a finite number/.test(e)));
  assert.ok(errors.some((e) => /older than its latest point/.test(e)));
  assert.equal(errors.filter((e) => /not a positive duration/.test(e)).length, 2);
});

test('bad configuration gives an error and a red status, not a crash', async () => {
  await helper.load(chartFeedNode, flow({ window: '48h', retention: '24h' }));
  const errors = errorsLogged();
  assert.ok(
    errors.some((e) => /window '48h'/.test(e)),
    errors.join('\n'),
  );
  await helper.unload();
  await helper.load(chartFeedNode, flow({ points: 3 }));
  assert.ok(errorsLogged().some((e) => /invalid configuration/.test(e)));
});

/** What the feed node has sent since it was created (the helper spies on every node's send). */
function sentBy(id: string): Msg[] {
  const node = helper.getNode(id) as { send: { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> } };
  return node.send
    .getCalls()
    .filter((c) => c.thisValue === node)
    .map((c) => c.args[0] as Msg);
}

test('a restart or a redeploy keeps the points: the first curve after it holds them, before any new value', async () => {
  await helper.load(chartFeedNode, flow());
  let feed = helper.getNode('f') as TestNode;
  for (let s = 0; s < 10; s++) {
    feed.receive({ topic: 'tic1', payload: { powerVA: 1000 + s }, timestamp: T0 + s * 1000 });
    feed.receive({ topic: 'tic2', payload: { powerVA: 200 }, timestamp: T0 + s * 1000 });
  }
  await helper.unload(); // closes the node as a stop or a full deploy does: the points are saved
  const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { v: number; series: Array<{ name: string; dt: number[] }> };
  assert.equal(saved.v, 1);
  assert.deepEqual(
    saved.series.map((x) => [x.name, x.dt.length]),
    [
      ['tic1', 10],
      ['tic2', 10],
    ],
  );

  await helper.load(chartFeedNode, flow());
  feed = helper.getNode('f') as TestNode;
  const first = await waitFor(() => sentBy('f')[0], 'the curve sent at start');
  assert.equal(first.action, 'replace');
  const points = first.payload as Array<{ series: string; x: number; y: number }>;
  assert.equal(points.filter((p) => p.series === 'tic1').length, 10);
  assert.equal(points.filter((p) => p.series === 'tic2').length, 10);
  assert.deepEqual(points[0], { series: 'tic1', x: T0, y: 1000 });
  assert.deepEqual(points[9], { series: 'tic1', x: T0 + 9000, y: 1009 });
  // and the curve goes on from there
  const next = messageWhere(helper.getNode('out') as TestNode, (m) => m.window === '50s');
  feed.receive({ topic: 'tic1', payload: { powerVA: 1500 }, timestamp: T0 + 10_000 });
  feed.receive({ window: 50 });
  const after = (await next).payload as Array<{ series: string; x: number; y: number }>;
  assert.deepEqual(after.filter((p) => p.series === 'tic1').at(-1), { series: 'tic1', x: T0 + 10_000, y: 1500 });
});

test('restored points older than the retention, or ahead of the clock, are dropped; a broken file starts empty', async () => {
  mkdirSync(join(userDir, 'wes-state'), { recursive: true });
  const now = Math.floor(Date.now() / 1000) * 1000;
  // one point 2 h old (retention 1 h), two recent ones, one an hour ahead
  const t0 = now - 7_200_000;
  writeFileSync(
    stateFile,
    JSON.stringify({
      v: 1,
      res: 1000,
      series: [{ name: 'a', t0, dt: [0, (now - 60_000 - t0) / 1000, 30, 3_600 + 30], y: [1, 2, 3, 4] }],
    }),
  );
  await helper.load(chartFeedNode, flow({ property: 'payload', window: '1h', retention: '1h' }));
  const first = await waitFor(() => sentBy('f')[0], 'the curve sent at start');
  assert.deepEqual(first.payload, [
    { series: 'a', x: now - 60_000, y: 2 },
    { series: 'a', x: now - 30_000, y: 3 },
  ]);
  await helper.unload();
  writeFileSync(stateFile, '{"v":1,');
  await helper.load(chartFeedNode, flow());
  const warned = await waitFor(
    () => (helper.log() as { args: Array<[LogEntry]> }).args.map((a) => a[0]).find((e) => e.level === 30 && /saved curve/.test(e.msg)),
    'a warning about the file',
  );
  assert.ok(warned);
  assert.equal(sentBy('f').length, 0, 'nothing to refill');
  assert.ok(statSync(stateFile).size > 0);
});
