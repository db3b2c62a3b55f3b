// Relays: the command wes-relay-out takes (msg.payload on / off / toggle / pulse N / status, or
// { command }), and the state it sends after every change (payload true/false, state "ON"/"OFF",
// relay: number, name, pending, overrideUntil, outcome).
import { parseRelayCommand, type RelayCommand } from '../relay/command';
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

export function readRelayCommand(msg: { payload?: unknown }): Read<RelayCommand> {
  const r = parseRelayCommand(msg.payload);
  // The command parser's own problem says which forms are accepted: it is passed on as it is.
  return r.ok ? accept(r.command) : { ok: false, error: r.error };
}

export interface RelayStateMessage {
  on: boolean;
  number: number | null;
  name: string | null;
  pending: { on: boolean; atMs: number } | null;
  overrideUntilMs: number | null;
  outcome?: string;
}

export function readRelayState(msg: { payload?: unknown; relay?: unknown }): Read<RelayStateMessage> {
  const r = objectOf(msg.relay);
  if (!r) return refuse('not-relay-state');
  if (typeof msg.payload !== 'boolean') return refuse('bad-field', { field: 'payload' });
  if (r.number !== undefined && !isFiniteNumber(r.number)) return refuse('bad-field', { field: 'relay.number' });
  if (r.overrideUntil !== undefined && r.overrideUntil !== null && !isFiniteNumber(r.overrideUntil))
    return refuse('bad-field', { field: 'relay.overrideUntil' });
  const pending = objectOf(r.pending);
  return accept({
    on: msg.payload,
    number: isFiniteNumber(r.number) ? r.number : null,
    name: typeof r.name === 'string' ? r.name : null,
    pending: pending && typeof pending.on === 'boolean' && isFiniteNumber(pending.atMs) ? { on: pending.on, atMs: pending.atMs } : null,
    overrideUntilMs: isFiniteNumber(r.overrideUntil) ? r.overrideUntil : null,
    ...(typeof r.outcome === 'string' ? { outcome: r.outcome } : {}),
  });
}
