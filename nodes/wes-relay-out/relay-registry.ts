// Relays by number, for HTTP: wes-http-api's RL.cgi?rl1=ON must find the node configured as
// relay 1. A number has one relay; a second node with the same number is refused at deploy.

import type { RelayCommand } from '../core/relay/command';
import type { Outcome } from '../core/relay/machine';

export interface RelayView {
  number: number;
  name: string;
  on: boolean;
  pending: { on: boolean; atMs: number } | null;
  overrideUntilMs: number | null;
}

export interface RelayEndpoint {
  view(): RelayView;
  /** Commands arriving over HTTP are manual (a person pressed something). */
  command(cmd: RelayCommand): Promise<Outcome>;
}

const relays = new Map<number, { owner: string; endpoint: RelayEndpoint }>();

export function registerRelay(number: number, owner: string, endpoint: RelayEndpoint): void {
  const current = relays.get(number);
  if (current && current.owner !== owner) throw new Error(`relay number ${number} is already used by ${current.owner}`);
  relays.set(number, { owner, endpoint });
}

export function unregisterRelay(number: number, owner: string): void {
  if (relays.get(number)?.owner === owner) relays.delete(number);
}

export function findRelay(number: number): RelayEndpoint | undefined {
  return relays.get(number)?.endpoint;
}

export function allRelays(): RelayEndpoint[] {
  return [...relays.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r.endpoint);
}
