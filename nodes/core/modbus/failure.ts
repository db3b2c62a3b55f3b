// Why a Modbus request gave no value, as a code the adapters translate: an exception from the
// device (by its name in the Modbus specification), a timeout, a corrupt frame, a closed line,
// or a device the bus is resting after it stopped answering.
import { problem, type Problem } from '../problem';

/** Exception codes and their names in the Modbus Application Protocol specification v1.1b3, §7. */
const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'ILLEGAL FUNCTION',
  2: 'ILLEGAL DATA ADDRESS',
  3: 'ILLEGAL DATA VALUE',
  4: 'SERVER DEVICE FAILURE',
  5: 'ACKNOWLEDGE',
  6: 'SERVER DEVICE BUSY',
  8: 'MEMORY PARITY ERROR',
  10: 'GATEWAY PATH UNAVAILABLE',
  11: 'GATEWAY TARGET DEVICE FAILED TO RESPOND',
};

export type FailureKind = 'exception' | 'timeout' | 'crc' | 'closed' | 'resting' | 'other';

export interface Failure {
  kind: FailureKind;
  unitId: number;
  /** The exception code, for kind "exception". */
  exception?: number;
  /** Its name, for kind "exception". */
  name?: string;
  detail?: string;
}

/** A failure from what modbus-serial (or a socket) threw. */
export function classify(e: unknown, unitId: number): Failure {
  const err = e as { modbusCode?: unknown; errno?: unknown; code?: unknown; message?: unknown };
  if (typeof err?.modbusCode === 'number') {
    return { kind: 'exception', unitId, exception: err.modbusCode, name: EXCEPTION_NAMES[err.modbusCode] ?? `EXCEPTION ${err.modbusCode}` };
  }
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (err?.errno === 'ETIMEDOUT' || message === 'Timed out') return { kind: 'timeout', unitId };
  if (/CRC/i.test(message)) return { kind: 'crc', unitId };
  if (/Port Not Open|ECONNREFUSED|ECONNRESET|EPIPE|closed|No such file|ENOENT/i.test(message) || err?.errno === 'ECONNREFUSED')
    return { kind: 'closed', unitId, detail: message };
  return { kind: 'other', unitId, detail: message };
}

export function failureProblem(f: Failure): Problem {
  switch (f.kind) {
    case 'exception':
      return problem('modbus.exception', { unitId: f.unitId, exception: f.exception ?? 0, name: f.name ?? '' });
    case 'timeout':
      return problem('modbus.timeout', { unitId: f.unitId });
    case 'crc':
      return problem('modbus.crc', { unitId: f.unitId });
    case 'closed':
      return problem('modbus.closed', { unitId: f.unitId });
    case 'resting':
      return problem('modbus.resting', { unitId: f.unitId });
    case 'other':
      return problem('modbus.other', { unitId: f.unitId, text: f.detail ?? '' });
  }
}
