import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRelayCommand } from '../../nodes/core/relay/command';
import { applyCommand, initialRelayState, nextDeadlineMs, tick, type RelayOptions } from '../../nodes/core/relay/machine';
import { explain } from '../../nodes/shared/problems';

const o: RelayOptions = { minOnMs: 60_000, minOffMs: 120_000, overrideMs: 30 * 60_000 };

test('commands: accepted forms', () => {
  const ok = (p: unknown) => {
    const r = parseRelayCommand(p);
    assert.ok(r.ok, `${JSON.stringify(p)} should parse`);
    return r.command;
  };
  assert.equal(ok(true).action, 'on');
  assert.equal(ok(false).action, 'off');
  assert.equal(ok('ON').action, 'on');
  assert.equal(ok(' off ').action, 'off');
  assert.equal(ok('toggle').action, 'toggle');
  assert.deepEqual(ok('pulse 5'), { action: 'pulse', durationMs: 5000 });
  assert.deepEqual(ok('pulse 500ms'), { action: 'pulse', durationMs: 500 });
  assert.deepEqual(ok({ command: 'pulse', seconds: 2 }), { action: 'pulse', durationMs: 2000 });
  assert.equal(ok({ command: 'on' }).action, 'on');
  assert.equal(ok('auto').action, 'auto');
  assert.equal(ok({ command: 'automatic' }).action, 'auto');
});

test('commands: bad ones get a clear error', () => {
  for (const p of ['onn', 'pulse', 'pulse -3', 'pulse 5 days', 42, null, [], { command: 7 }, { command: 'pulse' }, 'pulse 100000']) {
    const r = parseRelayCommand(p);
    assert.equal(r.ok, false, `${JSON.stringify(p)} should be refused`);
    if (!r.ok) assert.match(explain(r.error), /relay command|command|pulse/);
  }
});

test('minimum on-time defers an off; the pending command runs when due', () => {
  let s = initialRelayState(false, -1_000_000);
  let r = applyCommand(s, { action: 'on' }, 'rule', 0, o);
  assert.equal(r.outcome, 'switched');
  r = applyCommand(r.state, { action: 'off' }, 'rule', 10_000, o);
  assert.equal(r.outcome, 'deferred');
  assert.equal(r.state.on, true);
  assert.equal(nextDeadlineMs(r.state), 60_000);
  s = tick(r.state, 59_999, o);
  assert.equal(s.on, true);
  s = tick(s, 60_000, o);
  assert.equal(s.on, false);
  assert.equal(s.changedAtMs, 60_000);
  // minimum off-time now applies to the next on
  r = applyCommand(s, { action: 'on' }, 'rule', 70_000, o);
  assert.equal(r.outcome, 'deferred');
  assert.deepEqual(r.state.pending, { on: true, atMs: 180_000 });
  // a contrary command cancels the pending one
  r = applyCommand(r.state, { action: 'off' }, 'rule', 80_000, o);
  assert.equal(r.state.pending, null);
  assert.equal(r.state.on, false);
});

test('toggle looks at the pending state, not only the current one', () => {
  let r = applyCommand(initialRelayState(true, 0), { action: 'off' }, 'rule', 1000, o);
  assert.equal(r.outcome, 'deferred');
  r = applyCommand(r.state, { action: 'toggle' }, 'rule', 2000, o);
  assert.equal(r.state.pending, null);
  assert.equal(r.state.on, true);
});

test('manual override: rules cannot undo it until it expires', () => {
  const z: RelayOptions = { minOnMs: 0, minOffMs: 0, overrideMs: 30 * 60_000 };
  let r = applyCommand(initialRelayState(false, 0), { action: 'on' }, 'manual', 1000, z);
  assert.equal(r.state.overrideUntilMs, 1000 + 30 * 60_000);
  r = applyCommand(r.state, { action: 'off' }, 'rule', 2000, z);
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.state.on, true);
  // another manual command is fine
  r = applyCommand(r.state, { action: 'off' }, 'manual', 3000, z);
  assert.equal(r.state.on, false);
  r = applyCommand(r.state, { action: 'on' }, 'rule', 3000 + 30 * 60_000, z);
  assert.equal(r.outcome, 'switched');
  assert.equal(r.state.overrideUntilMs, null);
});

test('back to automatic: a person ends the override, the relay stays as it is, the next rule command runs', () => {
  const z: RelayOptions = { minOnMs: 0, minOffMs: 0, overrideMs: 60 * 60_000 };
  let r = applyCommand(initialRelayState(false, 0), { action: 'on' }, 'manual', 1000, z);
  // a rule cannot end the override either
  r = applyCommand(r.state, { action: 'auto' }, 'rule', 2000, z);
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.state.overrideUntilMs, 1000 + 60 * 60_000);
  r = applyCommand(r.state, { action: 'auto' }, 'manual', 3000, z);
  assert.equal(r.outcome, 'unchanged');
  assert.equal(r.state.overrideUntilMs, null);
  assert.equal(r.state.on, true);
  r = applyCommand(r.state, { action: 'off' }, 'rule', 4000, z);
  assert.equal(r.outcome, 'switched');
  assert.equal(r.state.on, false);
});

test('pulse: on, then off after the duration, stretched to the minimum on-time', () => {
  const z: RelayOptions = { minOnMs: 10_000, minOffMs: 0, overrideMs: 0 };
  let r = applyCommand(initialRelayState(false, -100_000), { action: 'pulse', durationMs: 3000 }, 'rule', 0, z);
  assert.equal(r.state.on, true);
  assert.equal(nextDeadlineMs(r.state), 3000);
  let s = tick(r.state, 3000, z);
  assert.equal(s.on, true, 'minimum on-time stretches the pulse');
  assert.deepEqual(s.pending, { on: false, atMs: 10_000 });
  s = tick(s, 10_000, z);
  assert.equal(s.on, false);
  // an explicit off during a pulse cancels it
  r = applyCommand(initialRelayState(false, -100_000), { action: 'pulse', durationMs: 60_000 }, 'rule', 0, { ...z, minOnMs: 0 });
  r = applyCommand(r.state, { action: 'off' }, 'rule', 1000, { ...z, minOnMs: 0 });
  assert.equal(r.state.on, false);
  assert.equal(r.state.pulseOffAtMs, null);
});
