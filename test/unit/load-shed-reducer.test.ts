import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  commandPayload,
  defaultShedOptions,
  initialLoadShedState,
  nextDeadlineMs,
  shedLoads,
  stepLoadShed,
  type LoadShedState,
  type ShedLoadConfig,
  type ShedOptions,
} from '../../nodes/core/rules/load-shed';

const T0 = Date.parse('2026-01-15T18:00:00Z');
const loads: ShedLoadConfig[] = [
  { name: 'water heater', powerW: 2000, kind: 'onoff', minOnMs: 0, minOffMs: 0, rotate: false },
  { name: 'bedroom', powerW: 1500, kind: 'pilot', minOnMs: 0, minOffMs: 0, rotate: false },
];
const o: ShedOptions = { ...defaultShedOptions(loads), rotateAfterMs: 0, lostMode: 'shed-all', lostAfterMs: 30_000, pilotCommand: 'relay' };
const amps = (tMs: number, value: number) => ({
  kind: 'sample' as const,
  sample: { source: 'tic1', tMs, value, limit: 45, unit: 'A' as const, overload: false },
});

test('load-shed reducer: a step never changes the state it was given, and the state is plain JSON', () => {
  const s0 = initialLoadShedState(o, T0);
  const frozen = JSON.stringify(s0);
  const r = stepLoadShed(s0, amps(T0, 60), T0, o);
  assert.equal(JSON.stringify(s0), frozen, 'the input state is untouched');
  assert.deepEqual(
    r.effects.map((e) => [e.decision.name, e.payload]),
    [
      ['water heater', 'off'],
      ['bedroom', 'on'],
    ],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(r.state)), r.state, 'survives JSON as is');
});

test('load-shed reducer: no reading for lostAfterMs is a lost feed on the tick that sees it, once', () => {
  let s: LoadShedState = initialLoadShedState(o, T0);
  assert.equal(nextDeadlineMs(s, o), null, 'no reading yet: no lost-feed clock');
  s = stepLoadShed(s, amps(T0, 10), T0, o).state;
  assert.equal(nextDeadlineMs(s, o), T0 + 30_000);
  assert.deepEqual(stepLoadShed(s, { kind: 'tick' }, T0 + 29_999, o).effects, []);
  const lost = stepLoadShed(s, { kind: 'tick' }, T0 + 30_000, o);
  assert.equal(lost.state.lost, true);
  assert.deepEqual(
    lost.effects.map((e) => [e.decision.name, e.decision.reason.code]),
    [
      ['water heater', 'lost-shed'],
      ['bedroom', 'lost-shed'],
    ],
  );
  assert.deepEqual(stepLoadShed(lost.state, { kind: 'tick' }, T0 + 60_000, o).effects, []);
});

test('load-shed reducer: a restart repeats the commands of the loads still shed, fil-pilote ones to frost, and keeps their times', () => {
  const shed = stepLoadShed(initialLoadShedState(o, T0), amps(T0, 60), T0, o).state;
  const restored = initialLoadShedState(o, T0 + 3_600_000, JSON.parse(JSON.stringify(shed)));
  assert.equal(restored.lost, false);
  assert.deepEqual(restored.sources, {}, 'the meter is heard anew after a restart');
  const r = stepLoadShed(restored, { kind: 'restart' }, T0 + 3_600_000, o);
  assert.deepEqual(
    r.effects.map((e) => [e.decision.name, e.decision.command, e.payload, e.decision.reason.code]),
    [
      ['water heater', 'off', 'off', 'restart'],
      ['bedroom', 'frost', 'on', 'restart'],
    ],
  );
  assert.deepEqual(
    r.state.loads.map((l) => l.shedAtMs),
    [T0, T0],
    'the shed time is the original one',
  );
  assert.deepEqual(shedLoads(r.state, o), [0, 1]);
});

test('load-shed reducer: the fil-pilote command is a relay level (closed = frost) or the words', () => {
  const d = stepLoadShed(initialLoadShedState(o, T0), amps(T0, 60), T0, o).effects[1].decision;
  assert.equal(commandPayload(d, 'relay'), 'on');
  assert.equal(commandPayload(d, 'text'), 'frost');
  assert.equal(commandPayload({ ...d, command: 'comfort' }, 'relay'), 'off');
  assert.equal(commandPayload({ ...d, command: 'off' }, 'text'), 'off', 'an on-off load is never worded');
});

test('load-shed reducer: a priority order that is not a permutation is refused and changes nothing', () => {
  const s = initialLoadShedState(o, T0);
  const bad = stepLoadShed(s, { kind: 'priority', order: [1, 1] }, T0, o);
  assert.equal(bad.refused, true);
  assert.equal(bad.state, s);
  assert.deepEqual(stepLoadShed(s, { kind: 'priority', order: [1, 0] }, T0, o).state.priority, [1, 0]);
});
