// The alarm history's rules: bounded, one active alarm per code and source, cleared by its end
// (or by an acknowledgement for what nothing ends), and a state that comes back from its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeCount, emptyAlarms, restoreAlarms, stepAlarms, type AlarmInput, type AlarmsState } from '../../nodes/core/alarms/alarms';
import { alarmInputOf } from '../../nodes/core/alarms/from-message';

const o = { max: 5 };
function run(inputs: Array<[AlarmInput, number]>, s: AlarmsState = emptyAlarms()): AlarmsState {
  for (const [input, t] of inputs) s = stepAlarms(s, input, t, o).state;
  return s;
}
const lost = (source: string): AlarmInput => ({ kind: 'raise', code: 'tic-lost', source });
const back = (source: string): AlarmInput => ({ kind: 'clear', code: 'tic-lost', source });

test('a raise is active until its end clears it; the end keeps the start time', () => {
  const s = run([
    [lost('tic2'), 1000],
    [back('tic2'), 5000],
  ]);
  assert.equal(s.alarms.length, 1);
  assert.deepEqual([s.alarms[0].raisedMs, s.alarms[0].clearedMs], [1000, 5000]);
  assert.equal(activeCount(s), 0);
});

test('a start repeated while active is the same alarm; an end without a start changes nothing', () => {
  const s = run([
    [back('tic1'), 500],
    [lost('tic1'), 1000],
    [lost('tic1'), 2000],
  ]);
  assert.equal(s.alarms.length, 1);
  assert.equal(activeCount(s), 1);
  assert.equal(stepAlarms(s, back('tic9'), 3000, o).changed, false);
  // after its end, a new loss is a new alarm
  const again = run(
    [
      [back('tic1'), 3000],
      [lost('tic1'), 4000],
    ],
    s,
  );
  assert.deepEqual(
    again.alarms.map((a) => [a.id, a.clearedMs]),
    [
      [2, null],
      [1, 3000],
    ],
  );
});

test('the list is bounded: the oldest cleared alarm goes first, active ones stay', () => {
  let s = run([[lost('keep'), 0]]);
  for (let i = 0; i < 20; i++)
    s = run(
      [
        [{ kind: 'raise', code: 'leak', source: `c${i}` }, 10 + i],
        [{ kind: 'clear', code: 'leak', source: `c${i}` }, 11 + i],
      ],
      s,
    );
  assert.equal(s.alarms.length, o.max);
  assert.ok(
    s.alarms.some((a) => a.source === 'keep' && a.clearedMs === null),
    'the old active alarm is kept',
  );
  assert.deepEqual(
    s.alarms.filter((a) => a.source !== 'keep').map((a) => a.source),
    ['c19', 'c18', 'c17', 'c16'],
  );
  // every kept alarm active: the oldest active goes
  let full = emptyAlarms();
  for (let i = 0; i < 7; i++) full = run([[lost(`m${i}`), i]], full);
  assert.deepEqual(
    full.alarms.map((a) => a.source),
    ['m6', 'm5', 'm4', 'm3', 'm2'],
  );
});

test('an acknowledgement clears what nothing ends (disk full) and only that', () => {
  const s = run([
    [{ kind: 'raise', code: 'disk-full', source: 'logger' }, 100],
    [lost('tic1'), 200],
    [{ kind: 'acknowledge' }, 300],
  ]);
  assert.deepEqual(
    s.alarms.map((a) => [a.code, a.clearedMs]),
    [
      ['tic-lost', null],
      ['disk-full', 300],
    ],
  );
});

test('the state comes back from its JSON file; damaged entries are dropped, ids go on', () => {
  const s = run([
    [lost('tic2'), 1000],
    [{ kind: 'raise', code: 'overload', source: 'tic1', params: { powerVA: 9120 } }, 2000],
    [back('tic2'), 3000],
  ]);
  const file = JSON.parse(JSON.stringify({ v: 1, ...s })) as { alarms: unknown[] };
  assert.deepEqual(restoreAlarms(file, o), s);
  file.alarms.push({ id: 'x' }, null, { id: 99, code: 'nope', source: 'a', params: {}, raisedMs: 1, clearedMs: null });
  const r = restoreAlarms(file, o);
  assert.deepEqual(r.alarms, s.alarms);
  assert.equal(stepAlarms(r, lost('tic3'), 4000, o).alarm?.id, s.nextId);
  assert.deepEqual(restoreAlarms('garbage', o), emptyAlarms());
});

test("the producers' messages become alarms; their other messages are no alarm", () => {
  const time = '2026-12-02T06:00:00.000Z';
  const at = Date.parse(time);
  const cases: Array<[Record<string, unknown>, AlarmInput | null]> = [
    [
      { topic: 'tic2/event', payload: { event: 'tic-lost', time } },
      { kind: 'raise', code: 'tic-lost', source: 'tic2', atMs: at },
    ],
    // lost since the last good frame
    [
      { topic: 'tic2/event', payload: { event: 'tic-lost', time, sinceLastCorrectFrameMs: 10_400 } },
      { kind: 'raise', code: 'tic-lost', source: 'tic2', atMs: at - 10_400 },
    ],
    [
      { topic: 'tic2/event', payload: { event: 'tic-recovered', time } },
      { kind: 'clear', code: 'tic-lost', source: 'tic2', atMs: at },
    ],
    [
      { topic: 'tic1/event', payload: { event: 'overload', time, powerVA: 9123.4, currentA: [45] } },
      { kind: 'raise', code: 'overload', source: 'tic1', params: { powerVA: 9123 }, atMs: at },
    ],
    [{ topic: 'tic1/event', payload: { event: 'tariff-change', time, from: 'HP', to: 'HC' } }, null],
    [
      { topic: 'load-shed/decision', payload: { time, load: 'water heater', action: 'shed', value: 8500, limit: 9000, unit: 'VA' } },
      { kind: 'raise', code: 'shed', source: 'water heater', params: { value: 8500, limit: 9000, unit: 'VA' }, atMs: at },
    ],
    [
      { topic: 'load-shed/decision', payload: { time, load: 'water heater', action: 'restore' } },
      { kind: 'clear', code: 'shed', source: 'water heater', atMs: at },
    ],
    [{ topic: 'load-shed/decision', payload: { time, load: 'ev', action: 'route-on' } }, null],
    [
      { topic: 'water/leak', payload: { rule: 'continuous', active: true, since: at - 7_200_000, text: '…' } },
      { kind: 'raise', code: 'leak', source: 'water', params: { rule: 'continuous' }, atMs: at - 7_200_000 },
    ],
    [
      { topic: 'water/leak', payload: { rule: 'continuous', active: false, since: null } },
      { kind: 'clear', code: 'leak', source: 'water' },
    ],
    [
      { topic: 'clamp/event', payload: { event: 'mains-cut', time } },
      { kind: 'raise', code: 'mains-cut', source: 'clamp', atMs: at },
    ],
    [
      { topic: 'clamp/event', payload: { event: 'mains-back', time } },
      { kind: 'clear', code: 'mains-cut', source: 'clamp', atMs: at },
    ],
    [
      {
        topic: 'log',
        payload: { code: 'ENOSPC', dir: '/x' },
        error: { message: 'no space', source: { id: 'l', type: 'wes-logger', name: 'CSV log' } },
      },
      { kind: 'raise', code: 'disk-full', source: 'CSV log' },
    ],
    [
      { topic: 'log', payload: { code: 'EACCES' }, error: { message: 'denied', source: { id: 'l', type: 'wes-logger' } } },
      { kind: 'raise', code: 'write-failed', source: 'log', params: { error: 'EACCES' } },
    ],
    [
      { topic: 'tic2', payload: { powerVA: 420 }, link: { state: 'ok', frames: 12 } },
      { kind: 'clear', code: 'tic-lost', source: 'tic2' },
    ],
    [{ topic: 'tic2', payload: { powerVA: 420 }, link: { state: 'standby' } }, null],
  ];
  for (const [msg, want] of cases) assert.deepEqual(alarmInputOf(msg), { ok: true, value: want }, JSON.stringify(msg));
  assert.equal(alarmInputOf({ topic: 'x', payload: 42 }).ok, false);
});
