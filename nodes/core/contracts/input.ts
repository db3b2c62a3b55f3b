// wes-input output 1: a contact (payload 1 closed / 0 open, state "closed" / "open") or an
// analog reading (payload the scaled value, unit, volts at the pin). One reader for both, since
// one node type sends them; the consumer says which it wants.
import { accept, isFiniteNumber, refuse, type Read } from './read';

export type InputReading = { kind: 'contact'; closed: boolean } | { kind: 'analog'; value: number; unit: string; volts: number };

export function readInputReading(msg: { payload?: unknown; state?: unknown; unit?: unknown; volts?: unknown }): Read<InputReading> {
  if (msg.state === 'closed' || msg.state === 'open') {
    if (msg.payload !== (msg.state === 'closed' ? 1 : 0)) return refuse('bad-field', { field: 'payload' });
    return accept({ kind: 'contact', closed: msg.state === 'closed' });
  }
  if (isFiniteNumber(msg.volts) && typeof msg.unit === 'string') {
    if (!isFiniteNumber(msg.payload)) return refuse('bad-field', { field: 'payload' });
    return accept({ kind: 'analog', value: msg.payload, unit: msg.unit, volts: msg.volts });
  }
  return refuse('not-input-reading');
}
