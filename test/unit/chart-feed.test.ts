import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc, runs } from '../support/property';
import { SeriesBuffer } from '../../nodes/core/chart/series-buffer';
import { bucketDuration, minMaxDownsample } from '../../nodes/core/chart/downsample';
import { autoRefreshMs, ChartFeed, toDashboard2, toLegacy } from '../../nodes/core/chart/chart-feed';
import { formatDuration, parseDuration } from '../../nodes/core/chart/duration';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

test('series buffer keeps the newest points in time order when full', () => {
  const b = new SeriesBuffer(3);
  for (let i = 0; i < 5; i++) assert.equal(b.push(T0 + i * 1000, i), true);
  assert.equal(b.size, 3);
  assert.deepEqual(
    [0, 1, 2].map((i) => b.valueAt(i)),
    [2, 3, 4],
  );
  assert.equal(b.firstTime, T0 + 2000);
  assert.equal(b.lastTime, T0 + 4000);
});

test('series buffer refuses a late point and merges a point at the same time', () => {
  const b = new SeriesBuffer(10);
  b.push(T0 + 5000, 1);
  assert.equal(b.push(T0 + 4000, 2), false);
  assert.equal(b.push(T0 + 5000, 3), true);
  assert.equal(b.size, 1);
  assert.equal(b.valueAt(0), 3);
  assert.equal(b.push(T0 + 6000, Number.NaN), false);
});

test('series buffer drops points before a time, across the ring boundary', () => {
  const b = new SeriesBuffer(4);
  for (let i = 0; i < 6; i++) b.push(T0 + i * 1000, i); // ring wrapped: holds 2..5
  b.dropBefore(T0 + 3500);
  assert.equal(b.size, 2);
  assert.deepEqual([b.valueAt(0), b.valueAt(1)], [4, 5]);
  b.dropBefore(T0 + 10_000);
  assert.equal(b.size, 0);
  assert.equal(b.lastTime, -Infinity);
});

test('downsampling a day of 1-second points stays within the point budget and keeps peaks', () => {
  const b = new SeriesBuffer(86_401);
  const day = 86_400_000;
  for (let s = 0; s <= 86_400; s++) {
    // 500 VA base load, a 6 kVA 3-second kettle at 08:00 and a 0 VA gap at 03:00
    let v = 500 + (s % 60);
    if (s >= 8 * 3600 && s < 8 * 3600 + 3) v = 6000;
    if (s === 3 * 3600) v = 0;
    b.push(T0 + s * 1000, v);
  }
  const now = T0 + day;
  const pts = minMaxDownsample(b, now, day, 500);
  assert.ok(pts.length <= 502, `${pts.length} points`);
  assert.ok(pts.length >= 400, `${pts.length} points: too few for a full window`);
  assert.ok(
    pts.some((p) => p.y === 6000),
    'the kettle peak survives',
  );
  assert.ok(
    pts.some((p) => p.y === 0),
    'the dip survives',
  );
  for (let i = 1; i < pts.length; i++) assert.ok(pts[i].x > pts[i - 1].x, 'strictly increasing times');
});

test('a window shorter than the budget returns the raw points', () => {
  const b = new SeriesBuffer(100);
  for (let s = 0; s < 60; s++) b.push(T0 + s * 1000, s);
  const pts = minMaxDownsample(b, T0 + 59_000, 60_000, 500);
  assert.equal(pts.length, 60);
  assert.deepEqual(pts[10], { x: T0 + 10_000, y: 10 });
});

test('buckets are aligned on clock multiples so a curve does not shift between refreshes', () => {
  const b = new SeriesBuffer(10_000);
  for (let s = 0; s < 7200; s++) b.push(T0 + s * 1000, Math.sin(s / 50) * 1000);
  const a = minMaxDownsample(b, T0 + 7000_000, 3_600_000, 100);
  const c = minMaxDownsample(b, T0 + 7001_000, 3_600_000, 100);
  const bucket = bucketDuration(3_600_000, 100);
  // every complete bucket common to both renderings gives the same points
  const common = a.filter((p) => p.x >= c[0].x && p.x < T0 + 7000_000 - bucket);
  for (const p of common)
    assert.ok(
      c.some((q) => q.x === p.x && q.y === p.y),
      `point at ${p.x} moved`,
    );
});

function downsampleAgainstTruth(raw: Array<[number, number]>, maxPoints: number, windowS: number): void {
  const b = new SeriesBuffer(4000);
  let t = T0;
  const kept = new Map<number, number>();
  for (const [dt, v] of raw) {
    t += dt;
    if (b.push(t, v)) kept.set(t, v);
  }
  const now = t;
  const windowMs = windowS * 1000;
  const pts = minMaxDownsample(b, now, windowMs, maxPoints);
  assert.ok(pts.length <= maxPoints + 2);
  for (let i = 1; i < pts.length; i++) assert.ok(pts[i].x > pts[i - 1].x);
  for (const p of pts) assert.equal(kept.get(p.x), p.y);
  const inWindow = [...kept].filter(([x]) => x >= now - windowMs && x <= now).map(([, y]) => y);
  if (inWindow.length) {
    const ys = pts.map((p) => p.y);
    assert.ok(ys.includes(Math.max(...inWindow)), 'window maximum kept');
    assert.ok(ys.includes(Math.min(...inWindow)), 'window minimum kept');
  }
}

test('downsampling keeps the window minimum when a lower point sits before the window in the same bucket', () => {
  // fast-check's counterexample of issue 19 (seed 1593709656): one 12 s bucket, the -2 at the
  // first time is 1 ms before the window and used to hide the window's own minimum, -1.
  downsampleAgainstTruth(
    [
      [0, -2],
      [3532, 0],
      [2662, 0],
      [2539, 0],
      [224, -1],
      [3044, 0],
    ],
    2,
    12,
  );
});

test('downsampling properties: budget, order, every point real, extremes kept', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: -1e6, max: 1e6 })), { minLength: 1, maxLength: 2000 }),
      fc.integer({ min: 2, max: 300 }),
      fc.integer({ min: 1, max: 5000 }),
      downsampleAgainstTruth,
    ),
    { numRuns: runs(200) },
  );
});

test('chart feed: series in name order, change tracking, window change, retention', () => {
  const f = new ChartFeed({ windowMs: 600_000, retentionMs: 3_600_000, maxPoints: 100 });
  assert.equal(f.changed, true);
  f.render(T0);
  assert.equal(f.changed, false);
  assert.equal(f.add('tic2', T0, 100), 'added');
  assert.equal(f.add('tic1', T0 + 400, 200), 'added');
  assert.equal(f.add('tic1', T0 + 700, 250), 'added'); // same 1-s slot: merged, later wins
  assert.equal(f.changed, true);
  const r = f.render(T0 + 1000);
  assert.deepEqual(
    r.map((s) => s.series),
    ['tic1', 'tic2'],
  );
  assert.deepEqual(r[0].points, [{ x: T0, y: 250 }]);
  assert.equal(f.add('tic1', T0 - 5000, 1), 'too-old');
  assert.equal(f.setWindow(7_200_000), false, 'longer than retention');
  assert.equal(f.setWindow(60_000), true);
  assert.equal(f.changed, true);
  f.render(T0 + 3_600_000 + 2000);
  assert.deepEqual(f.stats(), { series: 2, points: 0 }, 'points past retention dropped');
});

test('chart feed snapshot of a day of 1-second points for 2 series: bounded, last hour exact, extremes kept', () => {
  const day = 86_400_000;
  const now = T0 + day;
  const f = new ChartFeed({ windowMs: 3_600_000, retentionMs: day, maxPoints: 500 });
  for (let s = 0; s <= 86_400; s++) {
    // power: a base load with noise, a 6 kVA 3-second kettle at 08:00 and a 0 VA gap at 03:00;
    // temperature: a slow wave with 2 decimals
    let v = 500 + ((s * 7919) % 1500) + 0.37;
    if (s >= 8 * 3600 && s < 8 * 3600 + 3) v = 6000;
    if (s === 3 * 3600) v = 0;
    f.add('power', T0 + s * 1000, v);
    f.add('temperature', T0 + s * 1000, Math.round((20 + 3 * Math.sin(s / 5000)) * 100) / 100);
  }
  const snap = f.snapshot(now);
  const json = JSON.stringify(snap);
  // 1 h raw (3601 points) + 23 h in 10-s buckets (2 points each at most)
  for (const s of snap.series) assert.ok(s.dt.length <= 3601 + 2 * 8280 + 2, `${s.name}: ${s.dt.length} points`);
  assert.ok(json.length < 400_000, `${json.length} bytes`);
  console.log(
    `# snapshot of a day of 1-s points, 2 series: ${json.length} bytes, ${snap.series.map((s) => s.dt.length).join(' + ')} points`,
  );

  const g = new ChartFeed({ windowMs: 3_600_000, retentionMs: day, maxPoints: 500 });
  g.restore(JSON.parse(json), now);
  for (const windowMs of [900_000, 3_600_000]) {
    g.setWindow(windowMs);
    f.setWindow(windowMs);
    assert.deepEqual(g.render(now), f.render(now), `the ${windowMs / 60_000}-min window draws as before the restart`);
  }
  g.setWindow(day);
  const power = g.render(now).find((s) => s.series === 'power')!.points;
  assert.ok(
    power.some((p) => p.y === 6000 && p.x === T0 + 8 * 3_600_000),
    'the kettle peak survives, at its time',
  );
  assert.ok(
    power.some((p) => p.y === 0 && p.x === T0 + 3 * 3_600_000),
    'the dip survives, at its time',
  );
  assert.equal(JSON.stringify(g.snapshot(now)), json, 'saving a restored feed again changes nothing');
});

test('chart feed restore drops points past the retention or ahead of the clock, and ignores what is not a snapshot', () => {
  const f = new ChartFeed({ windowMs: 60_000, retentionMs: 3_600_000, maxPoints: 100 });
  const snap = { v: 1, res: 1000, series: [{ name: 'a', t0: T0 - 7_200_000, dt: [0, 7_140, 30, 3_600], y: [1, 2, 3, 4] }] };
  assert.equal(f.restore(snap, T0), 2);
  assert.deepEqual(f.render(T0)[0].points, [
    { x: T0 - 60_000, y: 2 },
    { x: T0 - 30_000, y: 3 },
  ]);
  assert.equal(f.add('a', T0, 5), 'added', 'new points go on after the restored ones');
  const g = new ChartFeed({ windowMs: 60_000, retentionMs: 3_600_000, maxPoints: 100 });
  for (const bad of [
    null,
    42,
    { v: 2, res: 1000, series: [] },
    { v: 1, res: 0, series: [] },
    { v: 1, res: 1000, series: [{ name: 'a' }] },
  ]) {
    assert.equal(g.restore(bad, T0), 0);
  }
  assert.deepEqual(g.stats(), { series: 0, points: 0 });
});

test('chart feed refuses series beyond the limit', () => {
  const f = new ChartFeed({ maxSeries: 2 });
  f.add('a', T0, 1);
  f.add('b', T0, 1);
  assert.equal(f.add('c', T0, 1), 'too-many-series');
  assert.equal(f.add('a', T0 + 1000, 2), 'added');
});

test('output shapes for Dashboard 2.0 and the legacy dashboard', () => {
  const r = [
    { series: 'tic1', points: [{ x: 1, y: 2 }] },
    {
      series: 'tic2',
      points: [
        { x: 1, y: 3 },
        { x: 2, y: 4 },
      ],
    },
  ];
  assert.deepEqual(toDashboard2(r), [
    { series: 'tic1', x: 1, y: 2 },
    { series: 'tic2', x: 1, y: 3 },
    { series: 'tic2', x: 2, y: 4 },
  ]);
  assert.deepEqual(toLegacy(r), [
    {
      series: ['tic1', 'tic2'],
      data: [
        [{ x: 1, y: 2 }],
        [
          { x: 1, y: 3 },
          { x: 2, y: 4 },
        ],
      ],
      labels: [''],
    },
  ]);
});

test('durations', () => {
  assert.equal(parseDuration(900), 900_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration(' 24H '), 86_400_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('90'), 90_000);
  for (const bad of ['', 'h', '-1h', '0', 0, -5, Number.NaN, null, {}, '1w']) assert.equal(parseDuration(bad), null, String(bad));
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(900_000), '15m');
  assert.equal(formatDuration(86_400_000), '1d');
  assert.equal(formatDuration(90_000), '90s');
  assert.equal(autoRefreshMs(60_000, 500), 1000);
  assert.equal(autoRefreshMs(86_400_000, 500), 10_000);
  assert.equal(autoRefreshMs(3_600_000, 600), 10_000);
  assert.equal(autoRefreshMs(900_000, 300), 6000);
});
