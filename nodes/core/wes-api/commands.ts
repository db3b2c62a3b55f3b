// The box's command GETs (§3.1): RL.cgi / RL.cgx / AJAX.CGX with rl<n>=ON|OFF and frl=<n>
// (toggle) for the relays, vs<n>=ON|OFF and fvs=<n> for the virtual switches (sw<n>, fsw: the
// older spelling JW master sends), alarme=ON|OFF. The whole query is judged before anything is
// switched, so one bad parameter changes nothing. reset is refused by name rather than silently
// ignored: a client must not believe it rebooted something. Other parameters (a client's
// cache-buster) are ignored, as a CGI does.
import { problem, type Problem } from '../problem';
import { VIRTUAL_SWITCHES } from '../virtual/switch';

export type Action = 'on' | 'off' | 'toggle';
export type Order =
  { target: 'relay'; n: number; action: Action } | { target: 'switch'; n: number; action: Action } | { target: 'alarm'; action: Action };

export type CommandPlan = { ok: true; orders: Order[] } | { ok: false; status: 400 | 501; problem: Problem };

const NOT_YET = /^reset$/i;

/** A WES relay number: 1…99 on board, 101…908 on 1-Wire boards (board 1..9, relay 01..08). */
function isWesRelayNumber(n: number): boolean {
  if (n >= 1 && n <= 99) return true;
  const board = Math.floor(n / 100);
  const r = n % 100;
  return board >= 1 && board <= 9 && r >= 1 && r <= 8;
}

const isSwitchNumber = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= VIRTUAL_SWITCHES;

export function planCommands(query: Record<string, unknown>): CommandPlan {
  const orders: Order[] = [];
  const bad = (p: Problem): CommandPlan => ({ ok: false, status: 400, problem: p });
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') return bad(problem('wesApi.paramTwice', { param: key.slice(0, 20) }));
    const value = raw.trim();
    const v = value.toUpperCase();
    const onOff = v === 'ON' ? 'on' : v === 'OFF' ? 'off' : null;
    const number = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
    const rl = /^rl(\d{1,3})$/i.exec(key);
    const vs = /^(?:vs|sw)(\d{1,3})$/i.exec(key);
    if (rl) {
      const n = Number(rl[1]);
      if (!isWesRelayNumber(n)) return bad(problem('wesApi.relayNumber', { relay: n }));
      if (!onOff) return bad(problem('wesApi.relayValue', { param: key, value: value.slice(0, 20) }));
      orders.push({ target: 'relay', n, action: onOff });
    } else if (/^frl$/i.test(key)) {
      if (!isWesRelayNumber(number)) return bad(problem('wesApi.relayNumber', { relay: value.slice(0, 20) }));
      orders.push({ target: 'relay', n: number, action: 'toggle' });
    } else if (vs) {
      const n = Number(vs[1]);
      if (!isSwitchNumber(n)) return bad(problem('wesApi.switchNumber', { n: vs[1], max: VIRTUAL_SWITCHES }));
      if (!onOff) return bad(problem('wesApi.switchValue', { param: key, value: value.slice(0, 20) }));
      orders.push({ target: 'switch', n, action: onOff });
    } else if (/^f(?:vs|sw)$/i.test(key)) {
      if (!isSwitchNumber(number)) return bad(problem('wesApi.switchNumber', { n: value.slice(0, 20), max: VIRTUAL_SWITCHES }));
      orders.push({ target: 'switch', n: number, action: 'toggle' });
    } else if (/^alarme$/i.test(key)) {
      if (!onOff) return bad(problem('wesApi.alarmValue', { value: value.slice(0, 20) }));
      orders.push({ target: 'alarm', action: onOff });
    } else if (NOT_YET.test(key)) {
      return { ok: false, status: 501, problem: problem('wesApi.notYet', { param: key }) };
    }
  }
  return { ok: true, orders };
}
