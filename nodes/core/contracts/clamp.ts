// A clamp / energy-meter channel (the power issues' wes-clamp-in and Modbus energy meters): one
// message per channel, msg.topic naming it (clamp1), msg.payload its values with units in the
// names. powerW is the active power's magnitude; direction says which way it flows.
import { accept, badOptional, isFiniteNumber, objectOf, refuse, type Read } from './read';

export type PowerDirection = 'import' | 'export' | 'unknown';

export interface ClampReading {
  powerW: number;
  currentA: number;
  apparentPowerVA: number;
  powerFactor: number;
  direction: PowerDirection;
  energyImportWh?: number;
  energyExportWh?: number;
  /** The supply, when the meter measures it. */
  voltageV?: number;
  frequencyHz?: number;
  acPresent?: boolean;
  /**
   * The clamp's samples hit the ADC's rails in the period (CT meter): the current is beyond the
   * clamp's range or its burden, and the values are underestimated.
   */
  clipped?: boolean;
  /** The same for the voltage input. */
  voltageClipped?: boolean;
}

const DIRECTIONS: readonly string[] = ['import', 'export', 'unknown'];

export function readClampReading(msg: { payload?: unknown }): Read<ClampReading> {
  const p = objectOf(msg.payload);
  if (!p || typeof p.direction !== 'string' || !isFiniteNumber(p.powerW)) return refuse('not-clamp-reading');
  if (!DIRECTIONS.includes(p.direction)) return refuse('bad-field', { field: 'direction', value: p.direction });
  for (const n of ['currentA', 'apparentPowerVA', 'powerFactor'] as const)
    if (!isFiniteNumber(p[n])) return refuse('bad-field', { field: n });
  const bad =
    badOptional(p, ['energyImportWh', 'energyExportWh', 'voltageV', 'frequencyHz'], isFiniteNumber) ??
    badOptional(p, ['acPresent', 'clipped', 'voltageClipped'], (v) => typeof v === 'boolean');
  if (bad !== null) return refuse('bad-field', { field: bad });
  if ((p.powerW as number) < 0 || (p.currentA as number) < 0 || (p.apparentPowerVA as number) < 0)
    return refuse('bad-field', { field: 'powerW' });
  if (Math.abs(p.powerFactor as number) > 1) return refuse('bad-field', { field: 'powerFactor' });
  return accept(p as unknown as ClampReading);
}

/** Import and export, W, from a channel: an unknown direction counts as import (the safe side). */
export function clampFlowW(r: ClampReading): { importW: number; exportW: number } {
  return r.direction === 'export' ? { importW: 0, exportW: r.powerW } : { importW: r.powerW, exportW: 0 };
}
