// The CT meter's reducer: a period result (from our accumulator, an SPI burst or an MCU's line)
// and the persisted state in, the clamp readings, the new state and the events out. It owns the
// energy registers (import and export apart, residual carried), the mains cut / back events and
// the reversed-clamp suspicion. JSON-safe state: it persists as is.
import type { ClampReading } from '../contracts/clamp';
import { problem, type Problem } from '../problem';
import type { PeriodResult } from './accumulator';
import { addEnergy, emptyRegister, exactWh, isEnergyRegister, type EnergyRegister } from './energy';
import { checkReversal, emptyReversal, type ChannelMode, type ReversalEvent } from './reversal';

const CHANNELS = 4;

export interface CtMeterState {
  v: 1;
  registers: EnergyRegister[];
  reversal: { runs: number[]; raised: boolean[] };
  /** Last known AC presence; null before the first period. */
  ac: boolean | null;
}

export type CtEvent = { event: 'mains-cut' } | { event: 'mains-back' } | ({ event: 'clamp-reversed-suspected' } & ReversalEvent);

export function emptyCtMeter(): CtMeterState {
  return { v: 1, registers: Array.from({ length: CHANNELS }, emptyRegister), reversal: emptyReversal(CHANNELS), ac: null };
}

/** A stored state, repaired where it can be (registers are kept), or null when unusable. */
export function restoreCtMeter(x: unknown): CtMeterState | null {
  if (typeof x !== 'object' || x === null) return null;
  const s = x as Partial<CtMeterState>;
  if (s.v !== 1 || !Array.isArray(s.registers) || s.registers.length !== CHANNELS || !s.registers.every(isEnergyRegister)) return null;
  return { ...emptyCtMeter(), registers: s.registers, ac: typeof s.ac === 'boolean' ? s.ac : null };
}

/** AC seen lost or back inside a period (the sampled sources see it within cycles). */
export function acChanged(s: CtMeterState, present: boolean): { state: CtMeterState; events: CtEvent[] } {
  if (s.ac === present) return { state: s, events: [] };
  // the first sign of life is not "mains back": nothing was known before
  const events: CtEvent[] = s.ac === null ? (present ? [] : [{ event: 'mains-cut' }]) : [{ event: present ? 'mains-back' : 'mains-cut' }];
  return { state: { ...s, ac: present }, events };
}

export function applyPeriod(
  s0: CtMeterState,
  r: PeriodResult,
  modes: readonly ChannelMode[],
): { state: CtMeterState; readings: Array<ClampReading | null>; events: CtEvent[] } {
  const ac = r.acKnown ? acChanged(s0, r.acPresent) : { state: s0, events: [] };
  const events = ac.events;
  let s = ac.state;
  const registers = s.registers.slice();
  const readings: Array<ClampReading | null> = [];
  for (let c = 0; c < CHANNELS; c++) {
    const ch = r.channels[c] ?? null;
    if (!ch) {
      readings.push(null);
      continue;
    }
    // without AC the power is a guess from the nominal voltage: the registers stay frozen
    if (!r.noAc) registers[c] = addEnergy(registers[c], r.hasDirection ? ch.powerW : ch.apparentPowerVA, r.durationS);
    const e = exactWh(registers[c]);
    readings.push({
      powerW: Math.abs(ch.powerW),
      currentA: ch.currentA,
      apparentPowerVA: ch.apparentPowerVA,
      powerFactor: ch.powerFactor,
      direction: r.hasDirection ? (ch.powerW < 0 ? 'export' : 'import') : 'unknown',
      energyImportWh: Math.floor(e.importWh),
      energyExportWh: Math.floor(e.exportWh),
      frequencyHz: r.frequencyHz,
      // without a voltage input the supply is unknown: say nothing rather than 0 V and "cut"
      ...(r.acKnown ? { voltageV: r.voltageV, acPresent: r.acPresent } : {}),
      // said only when it happened, so a reading stays as it was for every source that cannot clip
      ...(ch.clippedSamples ? { clipped: true } : {}),
      ...(r.voltageClippedSamples ? { voltageClipped: true } : {}),
    });
  }
  const rev = checkReversal(s.reversal, r, modes);
  for (const e of rev.events) events.push({ event: 'clamp-reversed-suspected', ...e });
  s = { ...s, registers, reversal: rev.state };
  return { state: s, readings, events };
}

/**
 * The clipping that began with these readings (not the one that goes on): `ct.clipped` per
 * clamp (1-based) and `ct.voltage-clipped`, so the user is told once per episode.
 */
export function clippingOnsets(prev: ReadonlyArray<ClampReading | null>, next: ReadonlyArray<ClampReading | null>): Problem[] {
  const out: Problem[] = [];
  next.forEach((r, k) => {
    if (r?.clipped && !prev[k]?.clipped) out.push(problem('ct.clipped', { channel: k + 1 }));
  });
  const vNow = next.some((r) => r?.voltageClipped);
  const vBefore = prev.some((r) => r?.voltageClipped);
  if (vNow && !vBefore) out.push(problem('ct.voltage-clipped'));
  return out;
}
