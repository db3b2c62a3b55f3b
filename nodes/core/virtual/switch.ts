// A WES virtual switch (vs1…vs24) or the alarm: a remembered on/off that flows and HTTP clients
// both read and set. No minimum times and no override, as on the box: the last command wins.
import { parseRelayCommand } from '../relay/command';
import { problem, type Problem } from '../problem';

export type SwitchAction = 'on' | 'off' | 'toggle' | 'status';

// The relay vocabulary (true/false, 1/0, "on", "off", "toggle", "status"), without pulse and auto (a switch has no override).
export function parseSwitchCommand(payload: unknown): { ok: true; action: SwitchAction } | { ok: false; error: Problem } {
  const r = parseRelayCommand(payload);
  if (r.ok && r.command.action !== 'pulse' && r.command.action !== 'auto') return { ok: true, action: r.command.action };
  const shown = typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? String(payload));
  return { ok: false, error: problem('virtualSwitch.command', { command: shown.slice(0, 40) }) };
}

/** The state after an action. */
export function applySwitch(on: boolean, action: SwitchAction): boolean {
  return action === 'on' ? true : action === 'off' ? false : action === 'toggle' ? !on : on;
}

/** Virtual switches of a ≥0.84 box (§2.3.9). */
export const VIRTUAL_SWITCHES = 24;
