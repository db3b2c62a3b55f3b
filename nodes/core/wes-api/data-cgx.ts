// data.cgx as the real WES firmware prints it (../shared/docs/wes-http-api.md §2): the element
// names, order, printf formats and the placeholders of an unconnected input ("Pas Dispo",
// "TIC NDERR.", "0.0"), so that clients written for the box (Home Assistant, Jeedom, Vera, the
// Prometheus exporter, the MQTT bridges) read our values unchanged. Pure: the snapshot comes in,
// the text goes out; the adapter supplies the clock and the live values.
//
// The layout is the ≥0.84 firmware's (§2.3, §2.4) with one deliberate superset: tic blocks carry
// both the 0.8x index names HCHC/HCHP and the ≥0.84 names H_CREUSE/H_PLEINE, so a client written
// for either generation finds its element (every client reads by name, none by position).

import { VIRTUAL_SWITCHES } from '../virtual/switch';

/** One TIC meter as data.cgx shows it; a missing field prints the firmware's zero. */
export interface TicSlot {
  adco: string;
  optarif?: string;
  isousc?: number;
  ptec: string;
  papVA?: number;
  papijVA?: number;
  /** IINST (mono) then IINST1..3: index 0 is the single-phase current. */
  iinstA: [number, number, number, number];
  tensionV: [number, number, number];
  imaxA: [number, number, number, number];
  pejp?: number;
  demain: string;
  /** Index registers, Wh, by data.cgx element name (BASE, HCHC, H_PLEINE, BBRHCJB…). */
  registersWh: Record<string, number>;
  producteur: boolean;
  injectionWh?: number;
}

export interface PulseSlot {
  pulses: number;
  /** In the box's units: litres for volumes, Wh for energy. */
  index: number;
}

export interface ClampSlot {
  currentA: number;
  indexWh: number;
  injectWh: number;
  voltageV?: number;
  /** Not in data.cgx; for the template codes P P n, PPU n, PPT. */
  powerW?: number;
  apparentVA?: number;
  powerFactor?: number;
}

export interface CgxSnapshot {
  /** Local wall-clock time of the box. */
  clock: { day: number; month: number; year: number; hour: number; minute: number };
  firmware: string;
  tic: [TicSlot | null, TicSlot | null, TicSlot | null];
  pulses: (PulseSlot | null)[];
  clamps: (ClampSlot | null)[];
  /** °C by probe, index 0 = SONDE1. */
  probes: (number | null)[];
  /** On-board relays by number (1, 2, and any other below 100 that the user configured). */
  relays: Map<number, boolean>;
  /** 1-Wire relays by their WES number (101…908). */
  relays1W: Map<number, boolean>;
  inputs: (boolean | null)[];
  analog: (number | null)[];
  /** Virtual switches by number (SWITCH1…SWITCH24); absent ones are off. */
  switches: Map<number, boolean>;
}

export const SLOT_COUNTS = { tic: 3, pulse: 4, clamp: 4, probe: 30, input: 2, analog: 4, relay: 2 } as const;

/** The registers in firmware order; HCHC/HCHP are the 0.8x names of H_CREUSE/H_PLEINE. */
export const REGISTER_NAMES = [
  'BASE',
  'HCHC',
  'HCHP',
  'H_PLEINE',
  'H_CREUSE',
  'EJPHN',
  'EJPHPM',
  'BBRHCJB',
  'BBRHPJB',
  'BBRHCJW',
  'BBRHPJW',
  'BBRHCJR',
  'BBRHPJR',
  'H_WeekEnd',
  'HC_Semaine',
  'HP_Semaine',
  'HC_WeekEnd',
  'HP_WeekEnd',
  'HC_Mercredi',
  'HP_Mercredi',
  'H_SUPER_CREUSE',
] as const;

const pad = (n: number, w: number): string => String(Math.trunc(n)).padStart(w, '0');
/** printf %d of a value the firmware holds as an integer. */
const d = (n: number | undefined): string => String(Math.trunc(Number.isFinite(n) ? (n as number) : 0));
/** printf %09u: unsigned, 9 digits (it wraps beyond 32 bits, a meter index never gets there). */
const u9 = (n: number | undefined): string => pad(Math.max(0, Number.isFinite(n) ? (n as number) : 0), 9);
const f = (n: number | undefined, decimals: number): string => (Number.isFinite(n) ? (n as number) : 0).toFixed(decimals);

/** Text from a meter, made safe for an XML text node (a meter sends ASCII; a user's name may not). */
function xmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const el = (name: string, value: string): string => `<${name}>${value}</${name}>`;

function ticBlock(n: number, t: TicSlot | null): string {
  if (!t) {
    const z = '000000000';
    return el(
      `tic${n}`,
      el('ADCO', 'Pas Dispo') +
        el('OPTARIF', '.') +
        el('ISOUSC', '0') +
        el('PTEC', 'TIC NDERR.') +
        el('PAP', '0') +
        el('PAPIJ', '0') +
        ['IINST', 'IINST1', 'IINST2', 'IINST3'].map((k) => el(k, '0')).join('') +
        ['TENSION1', 'TENSION2', 'TENSION3'].map((k) => el(k, '0')).join('') +
        ['IMAX', 'IMAX1', 'IMAX2', 'IMAX3'].map((k) => el(k, '0')).join('') +
        el('PEJP', '0') +
        el('DEMAIN', '----') +
        REGISTER_NAMES.map((k) => el(k, z)).join('') +
        el('PRODUCTEUR', z) +
        el('INJECTION', z),
    );
  }
  const iinst = ['IINST', 'IINST1', 'IINST2', 'IINST3'].map((k, i) => el(k, d(t.iinstA[i]))).join('');
  const tension = ['TENSION1', 'TENSION2', 'TENSION3'].map((k, i) => el(k, d(t.tensionV[i]))).join('');
  const imax = ['IMAX', 'IMAX1', 'IMAX2', 'IMAX3'].map((k, i) => el(k, d(t.imaxA[i]))).join('');
  return el(
    `tic${n}`,
    el('ADCO', xmlText(t.adco)) +
      // A real ≥0.84 box shows the meter's text ("HC..", LF's dump), "." when it has none.
      el('OPTARIF', t.optarif ? xmlText(t.optarif) : '.') +
      el('ISOUSC', d(t.isousc)) +
      el('PTEC', xmlText(t.ptec)) +
      el('PAP', d(t.papVA)) +
      el('PAPIJ', d(t.papijVA)) +
      iinst +
      tension +
      imax +
      el('PEJP', d(t.pejp)) +
      el('DEMAIN', xmlText(t.demain)) +
      REGISTER_NAMES.map((k) => el(k, u9(t.registersWh[k]))).join('') +
      el('PRODUCTEUR', u9(t.producteur ? 1 : 0)) +
      el('INJECTION', u9(t.injectionWh)),
  );
}

function numbered(count: number, fn: (i: number) => string): string {
  let s = '';
  for (let i = 0; i < count; i++) s += fn(i);
  return s;
}

/** The <relais1W> block: the boards that have at least one relay, all eight relays of each. */
export function renderRelais1W(relays: Map<number, boolean>): string {
  const boards = [...new Set([...relays.keys()].map((n) => Math.floor(n / 100)))].sort((a, b) => a - b);
  // A board is listed whole, as the firmware does: JW probes RELAIS<c>01 to discover boards,
  // so an absent board must not appear, and a present one shows its eight outputs.
  const body = boards
    .map((c) => numbered(8, (r) => el(`RELAIS${c}0${r + 1}`, relays.get(c * 100 + r + 1) === true ? 'ON' : 'OFF')))
    .join('');
  return el('relais1W', body);
}

export function renderDataCgx(s: CgxSnapshot): string {
  const { day, month, year, hour, minute } = s.clock;
  const info =
    el('date', `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`) +
    el('time', `${pad(hour, 2)}:${pad(minute, 2)}`) +
    el('firmware', xmlText(s.firmware));
  const impulsion = numbered(SLOT_COUNTS.pulse, (i) => {
    const p = s.pulses[i];
    return el(`PULSE${i + 1}`, d(p?.pulses)) + el(`INDEX${i + 1}`, f(p?.index, 0));
  });
  const voltage = s.clamps.find((c) => c?.voltageV !== undefined)?.voltageV;
  const pince =
    numbered(SLOT_COUNTS.clamp, (i) => {
      const c = s.clamps[i];
      return el(`I${i + 1}`, f(c?.currentA, 2)) + el(`INDEX${i + 1}`, d(c?.indexWh)) + el(`INJECT${i + 1}`, d(c?.injectWh));
    }) + el('V', d(voltage));
  const temp = numbered(SLOT_COUNTS.probe, (i) => el(`SONDE${i + 1}`, f(s.probes[i] ?? 0, 1)));
  const relayNumbers = [...new Set([1, 2, ...s.relays.keys()])].filter((n) => n >= 1 && n < 100).sort((a, b) => a - b);
  const relais = relayNumbers.map((n) => el(`RELAIS${n}`, s.relays.get(n) === true ? 'ON' : 'OFF')).join('');
  const entree = numbered(SLOT_COUNTS.input, (i) => el(`ENTREE${i + 1}`, s.inputs[i] === true ? '1' : '0'));
  const analogique = numbered(SLOT_COUNTS.analog, (i) => el(`AD${i + 1}`, f(s.analog[i] ?? 0, 2)));
  const switches = numbered(VIRTUAL_SWITCHES, (i) => el(`SWITCH${i + 1}`, s.switches.get(i + 1) === true ? '1' : '0'));
  // Not implemented yet (variables): the box's values when nothing is programmed.
  const variables = numbered(8, (i) => el(`VARIABLE${i + 1}`, '0.00'));
  return (
    '<?xml version="1.0" encoding="utf-8" ?>\n<data>\n' +
    [
      el('info', info),
      ticBlock(1, s.tic[0]),
      ticBlock(2, s.tic[1]),
      ticBlock(3, s.tic[2]),
      el('impulsion', impulsion),
      el('pince', pince),
      el('temp', temp),
      el('relais', relais),
      el('entree', entree),
      el('analogique', analogique),
      el('switch_virtuel', switches),
      el('variables', variables),
      renderRelais1W(s.relays1W),
    ].join('\n') +
    '\n</data>\n'
  );
}
