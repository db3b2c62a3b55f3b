import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MovingAverage, rawToVolts, scaleVolts, checkScaling } from '../../nodes/core/analog/scaling';
import { parseThresholds, ThresholdSet } from '../../nodes/core/analog/threshold';
import { ContactInput } from '../../nodes/core/contact/contact';
import type { Problem } from '../../nodes/core/problem';
import { explain } from '../../nodes/shared/problems';

test('analog: IIO raw x scale (mV) to volts, divider and two-point map', () => {
  assert.equal(rawToVolts(13200, 0.125), 1.65);
  assert.equal(scaleVolts(1.65, { kind: 'divider', ratio: 11 }), 18.15);
  // 0.5 V = 0 bar, 4.5 V = 10 bar
  assert.equal(scaleVolts(2.5, { kind: 'linear', v1: 0.5, y1: 0, v2: 4.5, y2: 10 }), 5);
  assert.match(explain(checkScaling({ kind: 'linear', v1: 1, y1: 0, v2: 1, y2: 3 }) as Problem), /two different/);
  assert.match(explain(checkScaling({ kind: 'divider', ratio: 0 }) as Problem), /> 0/);
});

test('analog: moving average over N samples', () => {
  const a = new MovingAverage(3);
  assert.equal(a.push(3), 3);
  assert.equal(a.push(6), 4.5);
  assert.equal(a.push(9), 6);
  assert.equal(a.push(12), 9);
  assert.throws(() => new MovingAverage(0));
});

test('analog: thresholds with hysteresis emit one event per real crossing', () => {
  const th = parseThresholds('12/0.5 low, 14.2');
  assert.ok(Array.isArray(th));
  const s = new ThresholdSet(th);
  const seen: string[] = [];
  for (const v of [12.6, 11.9, 12.1, 11.8, 12.05, 11.4, 11.9, 12.0, 14.3, 14.1])
    for (const e of s.feed(v)) seen.push(`${e.name}:${e.state}@${v}`);
  assert.deepEqual(seen, ['low:below@11.4', 'low:above@12', 't2:above@14.3', 't2:below@14.1']);
  assert.deepEqual(parseThresholds('12 / x'), { code: 'analog.threshold', params: { item: '12 / x' } });
});

test('contact: bounce never reaches the output; counts openings', () => {
  const c = new ContactInput({ debounceMs: 50, closedLevel: 0 });
  c.initial(1); // open
  assert.equal(c.closed, false);
  // close with bounce
  assert.equal(c.edge(0, 0), null);
  assert.equal(c.edge(1, 2), null);
  assert.equal(c.edge(0, 4), null);
  assert.equal(c.nextDeadlineMs(), 54);
  assert.equal(c.settle(53), null);
  assert.deepEqual(c.settle(54), { closed: true, tMs: 4 });
  // a 10 ms opening glitch is ignored
  c.edge(1, 100);
  c.edge(0, 110);
  assert.equal(c.settle(500), null);
  assert.equal(c.closed, true);
  c.edge(1, 600);
  assert.deepEqual(c.settle(650), { closed: false, tMs: 600 });
  assert.deepEqual(c.counts, { openings: 1, closings: 1 });
  // inverted wiring
  const inv = new ContactInput({ debounceMs: 0, closedLevel: 1 });
  inv.initial(1);
  assert.equal(inv.closed, true);
});
