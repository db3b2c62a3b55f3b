// The CT meter's Modbus source: a MID energy meter (a profile of core/modbus) in place of a
// clamp. Either each channel is a whole meter at its own unit id (SDM120s on sub-circuits), or
// one three-phase meter gives channels 1–3 from its phases. The meter measures, the node only
// reads: power and direction as the meter says, energy from the meter's own import and export
// registers (never integrated here, so a restart or a missed poll loses nothing). What the
// source can tell is declared from the profile: a PZEM has no direction and no export register.
import type { ClampReading } from '../contracts/clamp';
import type { MeterReading, Profile } from '../modbus/profile';

export type ModbusLayout = 'meters' | 'phases';

export interface SourceCapabilities {
  /** Import and export can be told apart (signed power). */
  direction: boolean;
  voltage: boolean;
  /** Energy comes from the device's own registers, not from integrating power. */
  energyRegisters: boolean;
}

const has = (p: Profile, role: string, perPhase: boolean): boolean =>
  p.points.some((pt) => pt.role === role && (perPhase ? pt.phase !== undefined : pt.phase === undefined));

/** What a channel of this profile in this layout can measure. */
export function modbusCapabilities(p: Profile, layout: ModbusLayout): SourceCapabilities {
  const perPhase = layout === 'phases';
  return {
    direction: p.direction,
    voltage: has(p, 'voltage', perPhase) || (perPhase && has(p, 'voltage', false)),
    energyRegisters: has(p, 'energyImport', perPhase),
  };
}

/** Why a profile cannot serve a layout, or null. */
export function layoutProblem(p: Profile, layout: ModbusLayout): string | null {
  if (layout === 'phases' && p.phases !== 3) return `${p.model} has one phase: use one meter per channel`;
  return null;
}

/** A meter that still answers below this voltage runs on a UPS or its own supply: the mains is gone. */
const AC_MIN_V = 100;

/** A whole meter as one channel. */
export function meterClamp(m: MeterReading): ClampReading {
  const out: ClampReading = {
    powerW: m.powerW,
    currentA: m.currentA,
    apparentPowerVA: m.apparentPowerVA,
    powerFactor: Math.abs(m.powerFactor),
    direction: m.direction,
  };
  return withSupply(out, m, m.voltageV, m.energyImportWh, m.energyExportWh);
}

/** One phase (1–3) of a three-phase meter as one channel; null when the meter gives no power for it. */
export function phaseClamp(m: MeterReading, phase: number): ClampReading | null {
  const ph = m.phases?.find((x) => x.phase === phase);
  if (!ph || ph.powerW === undefined) return null;
  const apparentPowerVA = ph.apparentPowerVA ?? ph.powerW;
  const out: ClampReading = {
    powerW: ph.powerW,
    currentA: ph.currentA ?? (ph.voltageV ? apparentPowerVA / ph.voltageV : 0),
    apparentPowerVA,
    powerFactor: Math.abs(ph.powerFactor ?? (apparentPowerVA > 0 ? Math.min(1, ph.powerW / apparentPowerVA) : 1)),
    direction: ph.direction ?? 'unknown',
  };
  return withSupply(out, m, ph.voltageV ?? m.voltageV, ph.energyImportWh, ph.energyExportWh);
}

function withSupply(out: ClampReading, m: MeterReading, volts?: number, importWh?: number, exportWh?: number): ClampReading {
  if (importWh !== undefined) out.energyImportWh = importWh;
  if (exportWh !== undefined) out.energyExportWh = exportWh;
  if (volts !== undefined) {
    out.voltageV = volts;
    out.acPresent = volts >= AC_MIN_V;
  }
  if (m.frequencyHz !== undefined) out.frequencyHz = m.frequencyHz;
  return out;
}
