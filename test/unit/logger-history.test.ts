process.env.TZ = 'Europe/Paris';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregator } from '../../nodes/core/history/aggregator';
import { bucketEnd, bucketStart } from '../../nodes/core/history/buckets';
import { chooseResolution, parseTimeSpec, toChartPoints, validateQuery } from '../../nodes/core/history/query';
import type { Row } from '../../nodes/core/csv/rows';
import type { Problem } from '../../nodes/core/problem';
import { explain } from '../../nodes/shared/problems';

const T0 = Date.parse('2026-11-24T10:00:00+01:00');
const MIN = 60_000;

test('buckets follow local time, including 23 h and 25 h days', () => {
  assert.equal(bucketStart(T0 + 7 * MIN, '10min'), T0);
  assert.equal(bucketStart(T0 + 59 * MIN, 'hour'), T0);
  assert.equal(bucketStart(T0, 'day'), Date.parse('2026-11-24T00:00:00+01:00'));
  const spring = Date.parse('2026-03-29T00:00:00+01:00');
  assert.equal(bucketEnd(spring, 'day') - spring, 23 * 3_600_000);
  const autumn = Date.parse('2026-10-25T00:00:00+02:00');
  assert.equal(bucketEnd(autumn, 'day') - autumn, 25 * 3_600_000);
});

test('energy per bucket comes from index differences, across bucket borders, with resets counted as 0', () => {
  const agg = new Aggregator('10min');
  const rows: Row[] = [];
  const out: Row[] = [];
  // 1 Wh every minute for 25 minutes, then a meter swap back to 0, then +1 Wh per minute again.
  for (let i = 0; i < 25; i++) rows.push({ t: T0 + i * MIN, values: { energyWh: 1000 + i, powerVA: 60 + i } });
  for (let i = 25; i < 31; i++) rows.push({ t: T0 + i * MIN, values: { energyWh: i - 25, powerVA: 60 } });
  for (const r of rows) out.push(...agg.push(r));
  assert.equal(out.length, 3);
  assert.equal(out[0]?.t, T0);
  assert.equal(out[0]?.values.energyWh, 9, 'first bucket: 1000..1009');
  assert.equal(out[1]?.values.energyWh, 10, 'second bucket: 1009..1019, the border step included');
  assert.equal(out[2]?.values.energyWh, 5 + 0 + 4, '1019..1024, reset to 0 counts nothing, then 0..4');
  assert.equal(out[1]?.values.energyWh_last, 1019);
  assert.equal(out[0]?.values.powerVA, 64.5);
  assert.equal(out[0]?.values.powerVA_min, 60);
  assert.equal(out[0]?.values.powerVA_max, 69);
  assert.equal(out[0]?.values.count, 10);
  assert.equal(out[0]?.values.powerVA_Wh, undefined, 'a source with an index is not integrated');
  assert.equal(agg.peek()?.values.energyWh, 1, 'open bucket: 4 → 5');
});

test('without an index, power is integrated into energy, and silent gaps are capped', () => {
  const agg = new Aggregator('hour', 15 * MIN);
  const out: Row[] = [];
  for (let i = 0; i < 60; i++) out.push(...agg.push({ t: T0 + i * MIN, values: { powerW: 600 } }));
  out.push(...agg.push({ t: T0 + 60 * MIN, values: { powerW: 600 } }));
  assert.equal(out.length, 1);
  assert.ok(Math.abs((out[0]?.values.powerW_Wh as number) - 600) < 1e-9, '600 W for one hour = 600 Wh');
  // A 3-hour silence integrates at most 15 minutes.
  const out2 = agg.push({ t: T0 + 240 * MIN, values: { powerW: 0 } });
  assert.ok(Math.abs((out2[0]?.values.powerW_Wh as number) - 150) < 1e-9);
});

test('interval rows fold their own min/max; prime() continues after the last aggregate on disk', () => {
  const agg = new Aggregator('10min');
  agg.prime({ t: T0, values: { energyWh: 5, energyWh_last: 2000, count: 3 } });
  assert.deepEqual(agg.push({ t: T0 + 5 * MIN, values: { energyWh: 2001 } }), [], 'already aggregated');
  agg.push({ t: T0 + 10 * MIN, values: { energyWh: 2003, temp: 20, temp_min: 18, temp_max: 25 } });
  agg.push({ t: T0 + 11 * MIN, values: { energyWh: 2004, temp: 22, temp_min: 21, temp_max: 23 } });
  const [b] = agg.push({ t: T0 + 20 * MIN, values: { energyWh: 2004 } });
  assert.deepEqual(b, { t: T0 + 10 * MIN, values: { count: 2, temp: 21, temp_min: 18, temp_max: 25, energyWh: 4, energyWh_last: 2004 } });
});

test('resolution follows the range: raw for an hour, 10 minutes for a week, days for a year', () => {
  assert.equal(chooseResolution(3_600_000), 'raw');
  assert.equal(chooseResolution(7 * 86_400_000), '10min');
  assert.equal(chooseResolution(30 * 86_400_000), 'hour');
  assert.equal(chooseResolution(365 * 86_400_000), 'day');
});

test('queries: relative and absolute times, clear errors for bad ranges', () => {
  const now = T0;
  assert.equal(parseTimeSpec('-1h', now), now - 3_600_000);
  assert.equal(parseTimeSpec('now', now), now);
  assert.equal(parseTimeSpec('2026-11-24', now), Date.parse('2026-11-24T00:00:00+01:00'));
  assert.equal(parseTimeSpec('2026-02-30', now), undefined);
  const q = validateQuery({ source: 'tic1', from: '-7d' }, now);
  assert.deepEqual(q, { source: 'tic1', from: now - 7 * 86_400_000, to: now, resolution: '10min' });
  assert.match(explain(validateQuery({ source: '../x' }, now) as Problem), /source/);
  assert.match(explain(validateQuery({ source: 'a', from: 'yesterday' }, now) as Problem), /from/);
  assert.match(explain(validateQuery({ source: 'a', from: '-1h', to: '-2h' }, now) as Problem), /before/);
  assert.match(explain(validateQuery({ source: 'a', from: '-60d', resolution: 'raw' }, now) as Problem), /31 days/);
  assert.match(explain(validateQuery({ source: 'a', resolution: 'week' }, now) as Problem), /resolution/);
  assert.match(explain(validateQuery({ source: 'a', fields: 'a;b' }, now) as Problem), /fields/);
  assert.deepEqual((validateQuery({ source: 'a', fields: 'x, y' }, now) as { fields: string[] }).fields, ['x', 'y']);
});

test('chart points: one series per field, count left out', () => {
  const pts = toChartPoints([{ t: 1, values: { count: 3, a: 1, b: 2 } }]);
  assert.deepEqual(pts, [
    { x: 1, y: 1, series: 'a' },
    { x: 1, y: 2, series: 'b' },
  ]);
  assert.deepEqual(toChartPoints([{ t: 1, values: { a: 1, b: 2 } }], ['b']), [{ x: 1, y: 2, series: 'b' }]);
});
