// The WES's own relay URL, so clients written for the box (Jeedom, Home Assistant's WES
// integration, Vera) can switch our relays: GET RL.cgi?rl1=ON / rl1=OFF, toggle with frl=1
// (wes-http-api.md §3.1). Extensions, documented as ours: rl1=TOGGLE and rl1=PULSE&duration=<s>.
// All parameters are checked before anything is switched: one bad parameter changes nothing.

import { parseRelayCommand, type RelayCommand } from '../core/relay/command';
import type { Outcome } from '../core/relay/machine';
import type { RelayEndpoint, RelayView } from './relay-registry';

export interface HttpAnswer {
  status: number;
  type: 'text/xml' | 'application/json' | 'text/plain';
  body: string;
}

type Query = Record<string, unknown>;

function one(v: unknown): string | null {
  if (typeof v === 'string') return v;
  return null;
}

function relaysXml(views: RelayView[], results: Map<number, Outcome> = new Map()): string {
  const items = views.map((v) => `<RELAIS${v.number}>${v.on ? 'ON' : 'OFF'}</RELAIS${v.number}>`).join('');
  const res = [...results].map(([n, o]) => `<RESULT${n}>${o}</RESULT${n}>`).join('');
  return `<?xml version="1.0" encoding="utf-8" ?>\n<relais>${items}${res}</relais>\n`;
}

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

export async function handleRlCgi(
  query: Query,
  find: (n: number) => RelayEndpoint | undefined,
  all: () => RelayEndpoint[],
): Promise<HttpAnswer> {
  const plan: { n: number; relay: RelayEndpoint; cmd: RelayCommand }[] = [];
  const bad = (text: string): HttpAnswer => ({ status: 400, type: 'text/plain', body: `${text}\n` });
  for (const [key, rawValue] of Object.entries(query)) {
    if (key === 'duration') continue;
    const value = one(rawValue);
    if (value === null) return bad(`parameter ${key} given more than once`);
    let n: number;
    let cmd: RelayCommand;
    const m = /^rl(\d{1,4})$/i.exec(key);
    if (m) {
      n = Number(m[1]);
      const v = value.trim().toUpperCase();
      if (v === 'PULSE') {
        const d = one(query.duration);
        const parsed = parseRelayCommand(`pulse ${d ?? ''}`);
        if (!parsed.ok) return bad(`rl${n}=PULSE needs duration=<seconds> (0 < duration <= 86400)`);
        cmd = parsed.command;
      } else if (v === 'ON' || v === 'OFF' || v === 'TOGGLE') {
        cmd = { action: v.toLowerCase() as 'on' | 'off' | 'toggle' };
      } else return bad(`rl${n}=${value.slice(0, 20)}: use ON, OFF, TOGGLE or PULSE`);
    } else if (/^frl$/i.test(key)) {
      if (!/^\d{1,4}$/.test(value.trim())) return bad(`frl=${value.slice(0, 20)}: expected a relay number`);
      n = Number(value.trim());
      cmd = { action: 'toggle' };
    } else return bad(`unknown parameter ${key.slice(0, 20)}: use rl<n>=ON|OFF|TOGGLE|PULSE or frl=<n>`);
    const relay = find(n);
    if (!relay) return { status: 404, type: 'text/plain', body: `no relay number ${n}\n` };
    plan.push({ n, relay, cmd });
  }
  const results = new Map<number, Outcome>();
  for (const p of plan) results.set(p.n, await p.relay.command(p.cmd));
  return {
    status: 200,
    type: 'text/xml',
    body: relaysXml(
      all().map((r) => r.view()),
      results,
    ),
  };
}
