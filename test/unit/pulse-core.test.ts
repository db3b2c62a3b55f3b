import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from '../support/property';
import { PulseDebouncer } from '../../nodes/core/pulse/debounce';
import { RateEstimator, displayRate } from '../../nodes/core/pulse/rate';
import { addToTotals, emptyTotals, periodKeys, rollTotals, checkTimeZone } from '../../nodes/core/pulse/periods';
import { emptyLeakState, leakEvaluate, leakNextCheckMs, leakOnPulse, type LeakOptions } from '../../nodes/core/pulse/leak';
import { emptyMeter, isMeterState, meterApplyEditorIndex, meterPulse } from '../../nodes/core/pulse/meter';

/** Edges of one pulse on an active-low line with `bounces` chatter at both ends (1 ms apart). */
function bouncyPulse(start: number, width: number, bounces: number): [0 | 1, number][] {
  const edges: [0 | 1, number][] = [];
  let t = start;
  for (let i = 0; i < bounces; i++, t += 1) edges.push([0, t], [1, t + 0.5]);
  edges.push([0, t]);
  const end = start + width;
  for (let i = 0; i < bounces; i++) edges.push([1, end + i], [0, end + i + 0.5]);
  edges.push([1, end + bounces]);
  return edges;
}

test('debounce: a burst of bouncy 40 ms pulses counts each pulse exactly once', () => {
  const d = new PulseDebouncer({ minActiveMs: 20, activeLevel: 0 });
  let count = 0;
  for (let i = 0; i < 200; i++) for (const [lvl, t] of bouncyPulse(i * 100, 40, 5)) if (d.feed(lvl, t) !== null) count++;
  assert.equal(count, 200);
});

test('debounce: property: N pulses of width >= 30 ms with up to 8 bounces always give N', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 30, max: 200 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 30, max: 500 })), {
        minLength: 1,
        maxLength: 50,
      }),
      (pulses) => {
        const d = new PulseDebouncer({ minActiveMs: 20, activeLevel: 0 });
        let t = 0;
        let n = 0;
        for (const [width, bounces, gap] of pulses) {
          for (const [lvl, tt] of bouncyPulse(t, width, bounces)) if (d.feed(lvl, tt) !== null) n++;
          t += width + bounces + gap + 10;
        }
        return n === pulses.length;
      },
    ),
  );
});

test('debounce: glitches shorter than the minimum are not pulses; the pulse is dated at its leading edge', () => {
  const d = new PulseDebouncer({ minActiveMs: 20, activeLevel: 0 });
  assert.equal(d.feed(0, 0), null);
  assert.equal(d.feed(1, 5), null); // 5 ms glitch
  assert.equal(d.feed(0, 100), null);
  assert.equal(d.feed(1, 135), 100);
  // a repeated active edge (lost inactive edge) keeps the earlier start
  d.feed(0, 200);
  d.feed(0, 210);
  assert.equal(d.feed(1, 240), 200);
  // active-high polarity
  const h = new PulseDebouncer({ minActiveMs: 0, activeLevel: 1 });
  h.feed(1, 0);
  assert.equal(h.feed(0, 1), 0);
});

test('rate: from the interval, decays when pulses stop, zero after the timeout', () => {
  const r = new RateEstimator({ weight: 1, timeoutMs: 300_000 }); // 1 Wh per pulse
  assert.equal(r.perHour(0), 0);
  r.onPulse(0);
  assert.equal(r.perHour(1000), 0, 'one pulse is not a rate');
  r.onPulse(3600); // 3.6 s apart = 1000 W
  assert.equal(r.perHour(4000), 1000);
  assert.equal(r.perHour(3600 + 7200), 500, 'bounded by one pulse over the elapsed time');
  assert.equal(r.perHour(3600 + 300_000), 0);
  assert.deepEqual(displayRate(1000, 'Wh'), { value: 1000, unit: 'W' });
  assert.deepEqual(displayRate(2, 'kWh'), { value: 2000, unit: 'W' });
  assert.deepEqual(displayRate(120, 'L'), { value: 2, unit: 'L/min' });
});

test('periods: local days follow the time zone, not UTC', () => {
  // 2025-03-30 22:30 UTC is already 00:30 on the 31st in Paris (summer time started that night)
  const t = Date.UTC(2025, 2, 30, 22, 30);
  assert.equal(periodKeys(t, 'Europe/Paris').day, '2025-03-31');
  assert.equal(periodKeys(t, 'UTC').day, '2025-03-30');
  assert.throws(() => checkTimeZone('Mars/Olympus'));
});

test('periods: day, month and year roll over; yesterday keeps the last day', () => {
  const tz = 'Europe/Paris';
  const dec31 = Date.UTC(2025, 11, 31, 12);
  let p = emptyTotals(dec31, tz);
  p = addToTotals(p, 0.01, dec31, tz);
  p = addToTotals(p, 0.01, dec31 + 1, tz);
  p = addToTotals(p, 0.01, dec31 + 2, tz);
  assert.equal(p.today, 0.03);
  const jan1 = Date.UTC(2025, 11, 31, 23, 30); // 00:30 on Jan 1st in Paris
  p = addToTotals(p, 1, jan1, tz);
  assert.deepEqual([p.dayKey, p.today, p.yesterday, p.month, p.year], ['2026-01-01', 1, 0.03, 1, 1]);
  // two days without pulses: yesterday is 0, not the day before
  p = rollTotals(p, Date.UTC(2026, 0, 3, 12), tz);
  assert.deepEqual([p.today, p.yesterday, p.month], [0, 0, 1]);
});

test('meter: the editor index applies once, not at every redeploy', () => {
  let m = emptyMeter(0, 'UTC');
  m = meterApplyEditorIndex(m, 1234.5);
  m = meterPulse(m, 0.01, 1000, 'UTC');
  assert.equal(m.index, 1234.51);
  m = meterApplyEditorIndex(m, 1234.5); // same editor value: a redeploy
  assert.equal(m.index, 1234.51);
  m = meterApplyEditorIndex(m, 2000);
  assert.equal(m.index, 2000);
  assert.ok(isMeterState(JSON.parse(JSON.stringify(m))));
  assert.ok(!isMeterState({ ...m, index: 'x' }));
});

const leakOpts: LeakOptions = { continuousMs: 2 * 3_600_000, gapMs: 30 * 60_000, maxRatePerHour: 0, rateMinMs: 0 };

test('leak: continuous flow for N hours raises an alert; a pause clears it', () => {
  let s = emptyLeakState();
  const min = 60_000;
  const events: string[] = [];
  for (let t = 0; t <= 130 * min; t += 10 * min) {
    s = leakOnPulse(s, t, leakOpts);
    const r = leakEvaluate(s, t, 6, leakOpts);
    s = r.state;
    for (const e of r.events) events.push(`${e.rule}:${e.active}@${t / min}`);
  }
  assert.deepEqual(events, ['continuous:true@120']);
  assert.equal(leakNextCheckMs(s, leakOpts), 130 * min + 30 * min);
  const r = leakEvaluate(s, 161 * min, 0, leakOpts);
  assert.deepEqual(
    r.events.map((e) => `${e.rule}:${e.active}`),
    ['continuous:false'],
  );
});

test('leak: one pulse after a long pause does not latch (waterius#405)', () => {
  let s = emptyLeakState();
  s = leakOnPulse(s, 0, leakOpts);
  s = leakOnPulse(s, 10 * 3_600_000, leakOpts);
  const r = leakEvaluate(s, 10 * 3_600_000 + 1000, 0, leakOpts);
  assert.equal(r.state.continuous, false);
});

test('leak: rate above the limit for long enough', () => {
  const o: LeakOptions = { continuousMs: 0, gapMs: 60_000, maxRatePerHour: 600, rateMinMs: 5 * 60_000 };
  let s = emptyLeakState();
  let r = leakEvaluate(s, 0, 900, o);
  assert.deepEqual(r.events, []);
  s = r.state;
  assert.equal(leakNextCheckMs(s, o), 5 * 60_000);
  r = leakEvaluate(s, 5 * 60_000, 900, o);
  assert.deepEqual(
    r.events.map((e) => e.active),
    [true],
  );
  r = leakEvaluate(r.state, 6 * 60_000, 100, o);
  assert.deepEqual(
    r.events.map((e) => e.active),
    [false],
  );
});
