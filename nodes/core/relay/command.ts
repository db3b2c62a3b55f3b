// What a relay accepts, from a message, the dashboard (ui-switch sends true/false) or HTTP.
// Parsing is strict: anything not understood is an error and changes nothing.
import { problem, type Problem } from '../problem';

// `auto` ends a manual override: the rules command the relay again from their next decision.
export type RelayAction = 'on' | 'off' | 'toggle' | 'pulse' | 'status' | 'auto';

export interface RelayCommand {
  action: RelayAction;
  /** Only for pulse: how long the relay stays on. */
  durationMs?: number;
}

export type ParseResult = { ok: true; command: RelayCommand } | { ok: false; error: Problem };

const MAX_PULSE_MS = 24 * 3600 * 1000;

function parseDurationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000;
  return n * factor;
}

function pulse(durationMs: number | null): ParseResult {
  if (durationMs === null || !(durationMs > 0) || durationMs > MAX_PULSE_MS) {
    return { ok: false, error: problem('relay.pulseDuration') };
  }
  return { ok: true, command: { action: 'pulse', durationMs } };
}

export function parseRelayCommand(payload: unknown): ParseResult {
  if (payload === true || payload === 1) return { ok: true, command: { action: 'on' } };
  if (payload === false || payload === 0) return { ok: true, command: { action: 'off' } };
  if (typeof payload === 'string') {
    const text = payload.trim().toLowerCase();
    if (text === 'on' || text === '1' || text === 'true') return { ok: true, command: { action: 'on' } };
    if (text === 'off' || text === '0' || text === 'false') return { ok: true, command: { action: 'off' } };
    if (text === 'toggle') return { ok: true, command: { action: 'toggle' } };
    if (text === 'status') return { ok: true, command: { action: 'status' } };
    if (text === 'auto' || text === 'automatic') return { ok: true, command: { action: 'auto' } };
    const m = /^pulse\s+(.+)$/.exec(text);
    if (m) return pulse(parseDurationSeconds(m[1]));
    return { ok: false, error: problem('relay.unknownCommand', { command: payload.slice(0, 40) }) };
  }
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    const o = payload as Record<string, unknown>;
    if (typeof o.command !== 'string') return { ok: false, error: problem('relay.commandObject') };
    if (o.command.trim().toLowerCase() === 'pulse') {
      const s = o.seconds ?? o.duration;
      if (typeof s === 'number') return pulse(s * 1000);
      if (typeof s === 'string') return pulse(parseDurationSeconds(s));
      return pulse(null);
    }
    return parseRelayCommand(o.command);
  }
  return { ok: false, error: problem('relay.commandType', { type: payload === null ? 'null' : typeof payload }) };
}
