// The box's command GETs (§3.1): RL.cgi / RL.cgx / AJAX.CGX with rl<n>=ON|OFF and frl=<n>
// (toggle). The whole query is judged before anything is switched, so one bad parameter
// changes nothing. Parameters the box would take but we do not implement yet (virtual switches,
// alarm, reset) are refused by name rather than silently ignored: a client must not believe
// it switched something. Other parameters (a client's cache-buster) are ignored, as a CGI does.
import { problem, type Problem } from '../problem';

export interface RelayOrder {
  relay: number;
  action: 'on' | 'off' | 'toggle';
}

export type CommandPlan = { ok: true; orders: RelayOrder[] } | { ok: false; status: 400 | 501; problem: Problem };

const NOT_YET = /^(vs\d+|fvs|sw\d+|fsw|alarme|reset)$/i;

/** A WES relay number: 1…99 on board, 101…908 on 1-Wire boards (board 1..9, relay 01..08). */
function isWesRelayNumber(n: number): boolean {
  if (n >= 1 && n <= 99) return true;
  const board = Math.floor(n / 100);
  const r = n % 100;
  return board >= 1 && board <= 9 && r >= 1 && r <= 8;
}

export function planCommands(query: Record<string, unknown>): CommandPlan {
  const orders: RelayOrder[] = [];
  const bad = (p: Problem): CommandPlan => ({ ok: false, status: 400, problem: p });
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') return bad(problem('wesApi.paramTwice', { param: key.slice(0, 20) }));
    const value = raw.trim();
    const rl = /^rl(\d{1,3})$/i.exec(key);
    if (rl) {
      const relay = Number(rl[1]);
      const v = value.toUpperCase();
      if (!isWesRelayNumber(relay)) return bad(problem('wesApi.relayNumber', { relay }));
      if (v !== 'ON' && v !== 'OFF') return bad(problem('wesApi.relayValue', { param: key, value: value.slice(0, 20) }));
      orders.push({ relay, action: v === 'ON' ? 'on' : 'off' });
    } else if (/^frl$/i.test(key)) {
      const relay = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
      if (!isWesRelayNumber(relay)) return bad(problem('wesApi.relayNumber', { relay: value.slice(0, 20) }));
      orders.push({ relay, action: 'toggle' });
    } else if (NOT_YET.test(key)) {
      return { ok: false, status: 501, problem: problem('wesApi.notYet', { param: key }) };
    }
  }
  return { ok: true, orders };
}
