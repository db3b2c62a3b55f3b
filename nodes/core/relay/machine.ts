// The relay's state machine. Contactors and heat-pump compressors must not short-cycle, so a switch
// that comes too early (before minOn / minOff since the last change) is not refused but deferred:
// it becomes the pending command and runs when the minimum time is over. A later command replaces
// the pending one. A manual command starts an override: until it expires, rule commands are
// refused, so an automation cannot undo what a person just did.

import type { RelayCommand } from './command';
import { problem, type Problem } from '../problem';

export type RelaySource = 'rule' | 'manual';

export interface RelayOptions {
  minOnMs: number;
  minOffMs: number;
  /** How long a manual command keeps rules out. 0 = manual commands do not block rules. */
  overrideMs: number;
}

export interface RelayState {
  on: boolean;
  /** When the output last changed (epoch ms); minimum times count from here. */
  changedAtMs: number;
  pending: { on: boolean; atMs: number } | null;
  /** A pulse in progress ends (switches off) at this time. */
  pulseOffAtMs: number | null;
  overrideUntilMs: number | null;
}

export type Outcome = 'switched' | 'deferred' | 'unchanged' | 'blocked';

export interface CommandResult {
  state: RelayState;
  outcome: Outcome;
  /** Why a command was blocked. */
  reason?: Problem;
}

export function initialRelayState(on: boolean, tMs: number): RelayState {
  return { on, changedAtMs: tMs, pending: null, pulseOffAtMs: null, overrideUntilMs: null };
}

/** Earliest time the output may take `on`, honouring the minimum time of the current state. */
function earliestSwitchMs(s: RelayState, o: RelayOptions): number {
  return s.changedAtMs + (s.on ? o.minOnMs : o.minOffMs);
}

function switchTo(s: RelayState, on: boolean, tMs: number, o: RelayOptions): { state: RelayState; outcome: Outcome } {
  if (on === s.on) return { state: { ...s, pending: null }, outcome: s.pending ? 'switched' : 'unchanged' };
  const at = earliestSwitchMs(s, o);
  if (tMs < at) return { state: { ...s, pending: { on, atMs: at } }, outcome: 'deferred' };
  return { state: { ...s, on, changedAtMs: tMs, pending: null }, outcome: 'switched' };
}

export function applyCommand(s0: RelayState, cmd: RelayCommand, source: RelaySource, tMs: number, o: RelayOptions): CommandResult {
  const s = tick(s0, tMs, o);
  if (cmd.action === 'status') return { state: s, outcome: 'unchanged' };
  if (source === 'rule' && s.overrideUntilMs !== null && tMs < s.overrideUntilMs) {
    return { state: s, outcome: 'blocked', reason: problem('relay.overridden', { until: new Date(s.overrideUntilMs).toISOString() }) };
  }
  // Back to automatic (a person's command; a rule's is blocked above while the override lasts): the
  // relay keeps its state until a rule commands it, only the override goes.
  if (cmd.action === 'auto') return { state: { ...s, overrideUntilMs: null }, outcome: 'unchanged' };
  const overrideUntilMs = source === 'manual' && o.overrideMs > 0 ? tMs + o.overrideMs : s.overrideUntilMs;
  // What the relay will be once any pending change has run decides what toggle means.
  const intended = s.pending ? s.pending.on : s.on;
  let target: boolean;
  switch (cmd.action) {
    case 'on':
      target = true;
      break;
    case 'off':
      target = false;
      break;
    case 'toggle':
      target = !intended;
      break;
    case 'pulse':
      target = true;
      break;
  }
  const r = switchTo({ ...s, overrideUntilMs, pulseOffAtMs: null }, target, tMs, o);
  if (cmd.action === 'pulse') {
    const onFrom = r.state.on ? (r.outcome === 'switched' ? tMs : r.state.changedAtMs) : (r.state.pending?.atMs ?? tMs);
    // A pulse that already started counts from when the relay came on; a deferred one from when it will.
    const pulseOffAtMs = (r.outcome === 'unchanged' ? tMs : onFrom) + (cmd.durationMs ?? 0);
    r.state = { ...r.state, pulseOffAtMs };
  }
  return r;
}

/** Run whatever is due at tMs: a pending switch, the end of a pulse, the end of an override. */
export function tick(s: RelayState, tMs: number, o: RelayOptions): RelayState {
  let next = s;
  for (let guard = 0; guard < 4; guard++) {
    if (next.overrideUntilMs !== null && tMs >= next.overrideUntilMs) next = { ...next, overrideUntilMs: null };
    if (next.pending && tMs >= next.pending.atMs) {
      next = { ...next, on: next.pending.on, changedAtMs: next.pending.atMs, pending: null };
      continue;
    }
    if (next.pulseOffAtMs !== null && !next.pending && next.on && tMs >= next.pulseOffAtMs) {
      const offAt = Math.max(next.pulseOffAtMs, earliestSwitchMs(next, o));
      next = { ...next, pulseOffAtMs: null };
      if (tMs >= offAt) next = { ...next, on: false, changedAtMs: offAt };
      else next = { ...next, pending: { on: false, atMs: offAt } };
      continue;
    }
    break;
  }
  return next;
}

/** When tick() next has something to do, so the adapter sets one timer. */
export function nextDeadlineMs(s: RelayState): number | null {
  const times = [s.pending?.atMs, s.pending ? undefined : (s.pulseOffAtMs ?? undefined), s.overrideUntilMs ?? undefined].filter(
    (x): x is number => typeof x === 'number',
  );
  return times.length ? Math.min(...times) : null;
}

export function isRelayState(v: unknown): v is RelayState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.on === 'boolean' && typeof s.changedAtMs === 'number' && Number.isFinite(s.changedAtMs);
}
