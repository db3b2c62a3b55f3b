// Our nodes' messages (as the contract readers return them) in the WES's terms: which label
// goes in which element, the units the box uses (litres, Wh) and the French texts clients
// match on (PTEC "H. Pleines", DEMAIN "Jour BLEU").
import type { ClampReading } from '../contracts/clamp';
import type { MeterStateReading } from '../contracts/meter-state';
import type { PulseReading } from '../contracts/pulse';
import type { ClampSlot, PulseSlot, TicSlot } from './data-cgx';

// Seen on real boxes (§2.3.2: LF, PX, JC): the HC and Tempo texts. TH, HN and PM are not in any
// source; they follow the same pattern ("H." + the period's French name).
const PTEC_TEXT: Record<string, string> = {
  TH: 'Toutes Heures',
  HC: 'H. Creuses',
  HP: 'H. Pleines',
  HN: 'H. Normales',
  PM: 'H. Pointe Mobile',
  HCJB: 'H. Creuse BLEU',
  HPJB: 'H. Pleine BLEU',
  HCJW: 'H. Creuse BLANC',
  HPJW: 'H. Pleine BLANC',
  HCJR: 'H. Creuse ROUGE',
  HPJR: 'H. Pleine ROUGE',
};

/** A standard-mode LTARF ("HEURE  CREUSE", "HC BLEU") in the box's words, when it says which. */
function ptecOfText(period: string): string {
  const p = period.toUpperCase();
  const colour = /BLEU|BLANC|ROUGE/.exec(p)?.[0];
  const creuse = /CREUSE|\bHC\b/.test(p);
  const pleine = /PLEINE|\bHP\b/.test(p);
  if (colour && (creuse || pleine)) return `H. ${creuse ? 'Creuse' : 'Pleine'} ${colour}`;
  if (creuse) return 'H. Creuses';
  if (pleine) return 'H. Pleines';
  return period;
}

// Where each tariff option's registers go. Standard mode numbers them EASF01…; the usual
// supplier calendars put HC in 01 and HP in 02, Tempo's six in the BBR order.
const STANDARD_REGISTERS: Record<string, string[]> = {
  BASE: ['BASE'],
  HC: ['H_CREUSE', 'H_PLEINE'],
  EJP: ['EJPHN', 'EJPHPM'],
  TEMPO: ['BBRHCJB', 'BBRHPJB', 'BBRHCJW', 'BBRHPJW', 'BBRHCJR', 'BBRHPJR'],
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const labelNumber = (m: MeterStateReading, k: string): number | undefined =>
  num((m.labels as Record<string, { value?: unknown }> | undefined)?.[k]?.value);
const at = (a: readonly (number | null)[] | undefined, i: number): number => (a && typeof a[i] === 'number' ? (a[i] as number) : 0);

export function ticSlotOf(m: MeterStateReading): TicSlot {
  const registersWh: Record<string, number> = {};
  const byPeriod = m.energyByPeriodWh ?? {};
  if (m.mode === 'standard') {
    const names = STANDARD_REGISTERS[m.tariffOption ?? ''] ?? [];
    names.forEach((name, i) => {
      const v = byPeriod[`EASF${String(i + 1).padStart(2, '0')}`];
      if (v !== undefined) registersWh[name] = v;
    });
  } else {
    for (const [k, v] of Object.entries(byPeriod)) registersWh[k] = v;
  }
  // The 0.8x and ≥0.84 names of the HC registers are the same values.
  if (registersWh.HCHC !== undefined) registersWh.H_CREUSE = registersWh.HCHC;
  if (registersWh.HCHP !== undefined) registersWh.H_PLEINE = registersWh.HCHP;
  if (registersWh.H_CREUSE !== undefined) registersWh.HCHC = registersWh.H_CREUSE;
  if (registersWh.H_PLEINE !== undefined) registersWh.HCHP = registersWh.H_PLEINE;

  const phases = m.currentA ?? [];
  const three = phases.length > 1;
  const current = (i: number): number => at(phases, i);
  const imax = (k: string): number => labelNumber(m, k) ?? 0;
  const period = m.tariffPeriod;
  const tomorrow = m.tempo?.tomorrow;
  const slot: TicSlot = {
    adco: m.meterId,
    ptec: period === undefined ? 'TIC NDERR.' : (PTEC_TEXT[period] ?? ptecOfText(period)),
    // IINST is phase 1 on a three-phase meter and the only current on a single-phase one.
    iinstA: [current(0), three ? current(0) : 0, three ? current(1) : 0, three ? current(2) : 0],
    tensionV: [at(m.voltageV, 0), at(m.voltageV, 1), at(m.voltageV, 2)],
    imaxA: [imax('IMAX') || imax('IMAX1'), imax('IMAX1'), imax('IMAX2'), imax('IMAX3')],
    demain: tomorrow ? `Jour ${tomorrow}` : m.tariffOption === 'TEMPO' ? 'pas connue !' : '----',
    registersWh,
    producteur: m.producer === true,
  };
  if (m.contract !== undefined) slot.optarif = m.contract;
  const isousc = m.subscribedCurrentA ?? (m.subscribedPowerVA !== undefined ? Math.round(m.subscribedPowerVA / 200) : undefined);
  if (isousc !== undefined) slot.isousc = isousc;
  if (m.powerVA !== undefined) slot.papVA = m.powerVA;
  if (m.injectedPowerVA !== undefined) slot.papijVA = m.injectedPowerVA;
  const pejp = labelNumber(m, 'PEJP') ?? (m.ejp?.notice ? 30 : undefined);
  if (pejp !== undefined) slot.pejp = pejp;
  if (m.injectedEnergyWh !== undefined) slot.injectionWh = m.injectedEnergyWh;
  return slot;
}

/** The box counts volumes in litres and energy in Wh (§2.3.3: "always in liter"). */
const TO_BOX_UNIT: Record<string, number> = { 'm³': 1000, m3: 1000, kWh: 1000, MWh: 1e6 };

export function pulseSlotOf(p: PulseReading): PulseSlot {
  return { pulses: p.pulses, index: p.index * (TO_BOX_UNIT[p.unit] ?? 1) };
}

export function clampSlotOf(c: ClampReading): ClampSlot {
  const slot: ClampSlot = {
    currentA: c.currentA,
    indexWh: c.energyImportWh ?? 0,
    injectWh: c.energyExportWh ?? 0,
    powerW: c.powerW,
    apparentVA: c.apparentPowerVA,
    powerFactor: c.powerFactor,
  };
  if (c.voltageV !== undefined) slot.voltageV = c.voltageV;
  return slot;
}
