// The box's ASCII protocol on TCP port 1500 (../shared/docs/wes-http-api.md §3.5, from the jwes
// library, the only known client): one command a line, a read answered "=<value>", a write
// answered with the new states of its group (RLMB=10, RLW1=10000000, SW=00100000). Pure: the
// line and the snapshot come in; the answer and what to switch go out.
import type { CgxSnapshot, TicSlot } from './data-cgx';

export type TcpOrder = { target: 'relay'; n: number; on: boolean } | { target: 'switch'; n: number; on: boolean };

export type TcpAnswer =
  { kind: 'read'; line: string } | { kind: 'write'; order: TcpOrder; answer: (s: CgxSnapshot) => string } | { kind: 'error'; line: string };

/** What the box's index labels 10…15 are, by the meter's option ($T110…$T115, MAN p.37). */
function ticRegisters(t: TicSlot): string[] {
  const r = t.registersWh;
  if (r.BBRHCJB !== undefined || r.BBRHPJB !== undefined) return ['BBRHCJB', 'BBRHPJB', 'BBRHCJW', 'BBRHPJW', 'BBRHCJR', 'BBRHPJR'];
  if (r.EJPHN !== undefined || r.EJPHPM !== undefined) return ['EJPHN', 'EJPHPM'];
  if (r.HCHP !== undefined || r.HCHC !== undefined) return ['HCHP', 'HCHC'];
  return ['BASE'];
}

const bits = (n: number, on: (i: number) => boolean): string => Array.from({ length: n }, (_, i) => (on(i + 1) ? '1' : '0')).join('');

const ERROR = '=ERR';

/** The answer to one line; `mac` is the twelve hex characters of gI000. */
export function answerTcp(raw: string, s: CgxSnapshot, mac: string): TcpAnswer {
  const line = raw.trim();
  const read = (v: string | number): TcpAnswer => ({ kind: 'read', line: `=${v}` });
  let m: RegExpExecArray | null;
  if (line === 'gI000') return read(mac);
  if ((m = /^gr00([12])$/.exec(line))) return read(s.relays.get(Number(m[1])) === true ? 1 : 0);
  if ((m = /^gr([1-9])09$/.exec(line))) {
    const c = Number(m[1]);
    return read(bits(8, (r) => s.relays1W.get(c * 100 + r) === true));
  }
  if ((m = /^gP([1-4])0([0-4])$/.exec(line))) {
    const p = s.pulses[Number(m[1]) - 1];
    // Only the index is known here; debit and the day/month/year totals are the box's 0.
    return read(m[2] === '1' ? Math.round(p?.index ?? 0) : 0);
  }
  if ((m = /^gW0(\d\d)$/.exec(line))) {
    const n = Number(m[1]);
    if (n < 1 || n > 30) return { kind: 'error', line: ERROR };
    return read((s.probes[n - 1] ?? 0).toFixed(1));
  }
  if ((m = /^gT([1-3])(\d\d)$/.exec(line))) {
    const t = s.tic[Number(m[1]) - 1];
    const label = Number(m[2]);
    if (label === 0) return read(Math.trunc(t?.papVA ?? 0));
    if (label >= 1 && label <= 3) return read(Math.trunc(t ? t.iinstA[label] || (label === 1 ? t.iinstA[0] : 0) : 0));
    if (label >= 10 && label <= 15) {
      const name = t ? ticRegisters(t)[label - 10] : undefined;
      return read(Math.trunc(name && t ? (t.registersWh[name] ?? 0) : 0));
    }
    return { kind: 'error', line: ERROR };
  }
  if ((m = /^srl(\d{1,3})=([01])$/.exec(line))) {
    const n = Number(m[1]);
    const on = m[2] === '1';
    if (n >= 1 && n <= 2)
      return { kind: 'write', order: { target: 'relay', n, on }, answer: (x) => `RLMB=${bits(2, (r) => x.relays.get(r) === true)}` };
    const c = Math.floor(n / 100);
    const r = n % 100;
    if (c >= 1 && c <= 9 && r >= 1 && r <= 8)
      return {
        kind: 'write',
        order: { target: 'relay', n, on },
        answer: (x) => `RLW${c}=${bits(8, (i) => x.relays1W.get(c * 100 + i) === true)}`,
      };
    return { kind: 'error', line: ERROR };
  }
  if ((m = /^svs(\d{1,2})=([01])$/.exec(line))) {
    const n = Number(m[1]);
    if (n < 1 || n > 24) return { kind: 'error', line: ERROR };
    return {
      kind: 'write',
      order: { target: 'switch', n, on: m[2] === '1' },
      answer: (x) => `SW=${bits(8, (i) => x.switches.get(i) === true)}`,
    };
  }
  return { kind: 'error', line: ERROR };
}
