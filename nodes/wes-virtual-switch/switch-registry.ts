// The virtual switches by number, and the alarm, for the WES HTTP API: AJAX.CGX?vs3=ON must
// find the node configured as switch 3. One node per number; a second is refused at deploy.
import type { SwitchAction } from '../core/virtual/switch';

export type SwitchKey = number | 'alarm';
export type SwitchSource = 'input' | 'http' | 'start';

export interface SwitchView {
  key: SwitchKey;
  name: string;
  on: boolean;
}

export interface SwitchEndpoint {
  view(): SwitchView;
  /** Applies the action and returns the new state; the node sends its output when it changed. */
  set(action: SwitchAction, source: SwitchSource): boolean;
}

const switches = new Map<SwitchKey, { owner: string; endpoint: SwitchEndpoint }>();

export function registerSwitch(key: SwitchKey, owner: string, endpoint: SwitchEndpoint): void {
  const current = switches.get(key);
  if (current && current.owner !== owner) throw new Error(current.owner);
  switches.set(key, { owner, endpoint });
}

export function unregisterSwitch(key: SwitchKey, owner: string): void {
  if (switches.get(key)?.owner === owner) switches.delete(key);
}

export function findSwitch(key: SwitchKey): SwitchEndpoint | undefined {
  return switches.get(key)?.endpoint;
}
