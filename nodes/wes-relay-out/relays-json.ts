// GET /wes/relays: every relay's state, pending command and override, in JSON, for people and
// scripts that want more than the WES's data.cgx shows (the pending command, the override's
// end). Read-only: switching over HTTP is the wes-http-api node's (RL.cgi, with its credentials).

import type { RelayView } from './relay-registry';

export function relaysJson(views: RelayView[]): string {
  return JSON.stringify(
    views.map((v) => ({
      number: v.number,
      name: v.name,
      state: v.on ? 'ON' : 'OFF',
      on: v.on,
      pending: v.pending ? { state: v.pending.on ? 'ON' : 'OFF', at: new Date(v.pending.atMs).toISOString() } : null,
      overrideUntil: v.overrideUntilMs === null ? null : new Date(v.overrideUntilMs).toISOString(),
    })),
  );
}
