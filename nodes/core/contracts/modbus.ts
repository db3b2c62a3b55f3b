// Modbus values (the modbus issue's reader node): payload an object of named values, each a
// number (scaled, unit in the name: voltageV) or a boolean (coils, discrete inputs); msg.topic
// names the device, msg.modbus where they were read.
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

export interface ModbusValues {
  values: Record<string, number | boolean>;
  unitId?: number;
}

export function readModbusValues(msg: { payload?: unknown; modbus?: unknown }): Read<ModbusValues> {
  const p = objectOf(msg.payload);
  const m = objectOf(msg.modbus);
  if (!p || !m) return refuse('not-modbus-values');
  for (const [k, v] of Object.entries(p)) if (!isFiniteNumber(v) && typeof v !== 'boolean') return refuse('bad-field', { field: k });
  if (m.unitId !== undefined && !(Number.isInteger(m.unitId) && (m.unitId as number) >= 0 && (m.unitId as number) <= 255))
    return refuse('bad-field', { field: 'modbus.unitId' });
  return accept({ values: p as Record<string, number | boolean>, ...(typeof m.unitId === 'number' ? { unitId: m.unitId } : {}) });
}
