// A user's .CGX template (the Home Assistant, Jeedom, Vera and jwes clients upload their own and
// GET it), expanded as the box's Keil-style script engine does (../shared/docs/wes-http-api.md
// §1.1, §3.4): a `t <text>` line is sent as it is, a `c <code><printf template>` line prints the
// template with the values the code stands for, `#` lines are comments, `.` ends the script.
// Pure: the template and the same snapshot as data.cgx come in, the text goes out.
import { renderRelais1W, REGISTER_NAMES, type CgxSnapshot, type TicSlot } from './data-cgx';
import { VIRTUAL_SWITCHES } from '../virtual/switch';

export type CgxValue = number | string;

/** What a code gives: printf arguments, or (a template-less code such as WRo) a whole block. */
type CodeResult = { args: CgxValue[] } | { block: string };

// The box's text for a missing value (an unconnected TIC's ADCO); numbers print 0.
const NO_TEXT = 'Pas Dispo';

/**
 * printf for the conversions the templates use: %d %i %u %ld %lu %x %X %f %s %%, with the
 * flags 0 and -, a width and a precision (%09u, %.02f, %0.03f, %02X, %03.0f). A missing
 * argument prints as the box prints nothing connected: 0, or "Pas Dispo" for a text.
 */
export function printf(template: string, args: readonly CgxValue[]): string {
  let i = 0;
  return template.replace(
    /%([-0]*)(\d*)(?:\.(\d+))?(l{0,2}|h{0,2})([diuxXfs%])/g,
    (_m, flags: string, width: string, prec: string | undefined, _len, conv: string) => {
      if (conv === '%') return '%';
      const arg = args[i++];
      let out: string;
      if (conv === 's') out = arg === undefined ? NO_TEXT : String(arg);
      else {
        const n = typeof arg === 'number' && Number.isFinite(arg) ? arg : Number(arg ?? 0) || 0;
        if (conv === 'f') out = n.toFixed(prec === undefined ? 6 : Number(prec));
        else if (conv === 'x' || conv === 'X') {
          const h = (Math.trunc(n) >>> 0).toString(16);
          out = conv === 'X' ? h.toUpperCase() : h;
        } else out = String(conv === 'u' ? Math.max(0, Math.trunc(n)) : Math.trunc(n));
      }
      const w = width === '' ? 0 : Number(width);
      if (out.length >= w) return out;
      if (flags.includes('-')) return out.padEnd(w, ' ');
      if (flags.includes('0') && conv !== 's') {
        const neg = out.startsWith('-');
        return (neg ? '-' : '') + (neg ? out.slice(1) : out).padStart(w - (neg ? 1 : 0), '0');
      }
      return out.padStart(w, ' ');
    },
  );
}

/** Extra values a template may ask for that data.cgx does not show. */
export interface CgxExtras {
  alarm: boolean;
  /** The MAC-like serial (six bytes) clients use as the device id. */
  serial: number[];
  hardware: string;
  freeGB: number;
}

const onOff = (b: boolean | undefined): string => (b === true ? 'ON' : 'OFF');
const bit = (b: boolean | null | undefined): number => (b === true ? 1 : 0);

const TIC_NAMES = ['H_PLEINE', 'H_CREUSE'] as const;
const BBR = REGISTER_NAMES.filter((r) => r.startsWith('BBR'));
const MODES = ['HC_Semaine', 'HP_Semaine', 'HC_WeekEnd', 'HP_WeekEnd', 'HC_Mercredi', 'HP_Mercredi'];

/** A TIC code (n = 1..3 is already taken off): its arguments, or undefined when unknown. */
function ticCode(op: string, rest: string, t: TicSlot | null): CgxValue[] | undefined {
  const reg = (name: string): number => t?.registersWh[name] ?? 0;
  const k = rest === '' ? 0 : Number(rest);
  switch (op) {
    case 'ea':
    case 'es':
      return [t ? t.adco : NO_TEXT];
    case 'eo':
      return [t?.optarif ?? ''];
    case 'eS':
      return [t?.isousc ?? 0];
    case 'Tn':
      return [t ? t.ptec : 'TIC NDERR.'];
    case 'ip':
      return [t?.papVA ?? 0];
    case 'ij':
      return [t?.papijVA ?? 0];
    case 'ii':
      return k >= 0 && k <= 3 ? [t?.iinstA[k] ?? 0] : undefined;
    case 'iu':
      return k >= 1 && k <= 3 ? [t?.tensionV[k - 1] ?? 0] : undefined;
    case 'iM':
      return k >= 0 && k <= 3 ? [t?.imaxA[k] ?? 0] : undefined;
    case 'Te':
      return [t?.pejp ?? 0];
    case 'TD':
    case 'Td':
      return [t ? t.demain : '----'];
    case 'Tb':
      return [reg('BASE')];
    case 'Tc':
      return k === 1 || k === 2 ? [reg(TIC_NAMES[k - 1])] : undefined;
    case 'TP':
      return [reg('H_PLEINE')];
    case 'TC':
      return [reg('H_CREUSE')];
    case 'Tj':
      return k === 1 || k === 2 ? [reg(k === 1 ? 'EJPHN' : 'EJPHPM')] : undefined;
    case 'Tr':
      return k >= 1 && k <= 6 ? [reg(BBR[k - 1])] : undefined;
    case 'Tw':
      return [reg('H_WeekEnd')];
    case 'Tm':
      return k >= 1 && k <= 6 ? [reg(MODES[k - 1])] : undefined;
    case 'Ts':
      return [reg('H_SUPER_CREUSE')];
    case 'Tp':
    case 'ei':
      return [t?.producteur ? 1 : 0];
    case 'Ta':
    case 'TJ':
      return [t?.injectionWh ?? 0];
    case 'en':
      return [''];
  }
  return undefined;
}

/** The values of one code (whitespace already taken out: "P A1" is PA1, "l\tE1" is lE1). */
function codeValues(code: string, s: CgxSnapshot, x: CgxExtras): CodeResult | undefined {
  const a = (...args: CgxValue[]): CodeResult => ({ args });
  const { day, month, year, hour, minute } = s.clock;
  switch (code) {
    case 'gd':
    case 'hd':
      return a(day, month, year);
    case 'hh':
      return a(hour, minute);
    case 'vv':
      return a(s.firmware);
    case 'vh':
      return a(x.hardware);
    case 'ra':
      return a(...x.serial);
    case 'ff':
      return a(x.freeGB);
    case 'LA':
      return a(bit(x.alarm));
    case 'WQ':
      return a(s.probes.filter((p) => p !== null && p !== undefined).length);
    case 'WH':
      return a(0);
    case 'WRn':
      return a(new Set([...s.relays1W.keys()].map((n) => Math.floor(n / 100))).size);
    case 'WRo':
    case 'oW':
      return { block: renderRelais1W(s.relays1W) };
    case 'PPT':
      return a(...[0, 1, 2, 3].map((i) => Math.round(s.clamps[i]?.powerW ?? 0)));
    case 'PVV':
      return a(Math.trunc(s.clamps.find((c) => c?.voltageV !== undefined)?.voltageV ?? 0));
    case 'la':
      return a(...[0, 1, 2, 3].map((i) => s.analog[i] ?? 0));
  }
  let m = /^(ea|es|eo|eS|Tn|ip|ij|ii|iu|iM|Te|TD|Td|Tb|Tc|TP|TC|Tj|Tr|Tw|Tm|Ts|Tp|ei|Ta|TJ|en)([1-3])(\d?)$/.exec(code);
  if (m) {
    const args = ticCode(m[1], m[3], s.tic[Number(m[2]) - 1]);
    return args ? { args } : undefined;
  }
  if ((m = /^(pp|pIU|pd|pCj|pCh|pCm|pCa|pej|pem|pea|pu|pn)([1-4])$/.exec(code))) {
    const p = s.pulses[Number(m[2]) - 1];
    if (m[1] === 'pp') return a(p?.pulses ?? 0);
    if (m[1] === 'pIU') return a(p?.index ?? 0);
    return a(m[1] === 'pn' ? '' : 0);
  }
  if ((m = /^(PA|PW|PPi|PIt|PP|PPU|Pa|Pn)([1-4])$/.exec(code))) {
    const c = s.clamps[Number(m[2]) - 1];
    switch (m[1]) {
      case 'PA':
        return a(c?.currentA ?? 0);
      case 'PW':
        return a(c?.indexWh ?? 0);
      case 'PPi':
      case 'PIt':
        return a(c?.injectWh ?? 0);
      case 'PP':
        return a(Math.round(c?.apparentVA ?? 0));
      case 'PPU':
        // HA's regex: "<n> VA" or "<n> W cos phi <x.xx>"
        return a(
          c?.powerFactor !== undefined
            ? `${Math.round(c.powerW ?? 0)} W cos phi ${Math.abs(c.powerFactor).toFixed(2)}`
            : `${Math.round(c?.apparentVA ?? 0)} VA`,
        );
      case 'Pa':
        return a(c ? 1 : 0);
      case 'Pn':
        return a('');
    }
  }
  if (/^(PC|Pe|PI|Pg|PM)[jma][1-4]$/.test(code)) return a(0);
  if ((m = /^W([0-2])([TNSt])(\d)$/.exec(code))) {
    const i = Number(m[1]) * 10 + Number(m[3]);
    if (m[2] === 'T') return a(s.probes[i] ?? 0);
    if (m[2] === 'S') return a(0, 0, 0, 0, 0, 0, 0, 0);
    return a('');
  }
  if ((m = /^o([RE])([12])$/.exec(code))) {
    const on = s.relays.get(Number(m[2]));
    return a(m[1] === 'R' ? onOff(on) : bit(on));
  }
  if (
    /^on[01]$/.test(code) ||
    /^WR\d\d$/.test(code) ||
    /^WRN\d$/.test(code) ||
    /^ln[12]$/.test(code) ||
    /^la[1-4]$/.test(code) ||
    /^lN\d$/.test(code)
  )
    return a('');
  if (/^WRS\d$/.test(code)) return a(0, 0, 0, 0, 0, 0, 0, 0);
  if ((m = /^lE([12])$/.exec(code))) return a(bit(s.inputs[Number(m[1]) - 1]));
  if ((m = /^lA([1-4])$/.exec(code))) return a(s.analog[Number(m[1]) - 1] ?? 0);
  if ((m = /^l(?:SE|V)(\d{1,2})$/.exec(code))) {
    const n = Number(m[1]);
    return n >= 1 && n <= VIRTUAL_SWITCHES ? a(bit(s.switches.get(n))) : undefined;
  }
  if (/^Vv[1-8]$/.test(code)) return a(0);
  return undefined;
}

/** Splits `c <code><template>`: the code runs to the first "<" or "%" (codes hold spaces and tabs: "P A1", "l\tE1"). */
function splitCodeLine(rest: string): { code: string; template: string } {
  const cut = rest.search(/[<%]/);
  const head = cut < 0 ? rest : rest.slice(0, cut);
  return { code: head.replace(/\s+/g, ''), template: cut < 0 ? '' : rest.slice(cut) };
}

/** The expanded text of a .CGX script. An unknown code prints its template with the box's placeholders. */
export function expandCgx(script: string, s: CgxSnapshot, x: CgxExtras): string {
  let out = '';
  for (const raw of script.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '.') break;
    if (line.startsWith('t ') || line === 't') out += line.slice(2);
    else if (line.startsWith('c ')) {
      const { code, template } = splitCodeLine(line.slice(2));
      const r = codeValues(code, s, x);
      if (r && 'block' in r) out += r.block + template;
      else out += printf(template, r ? r.args : []);
    }
    // `#` comments, `i` includes (not supported: no file system of the box) and blank lines print nothing.
  }
  return out;
}
