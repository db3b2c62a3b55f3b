// The "simulated" backend of a serial port: a virtual Linky behind the simulated twin of the
// line, so a TIC input cannot tell it from a real modem. Also used by a wes-tic-in of the old
// format (source: simulated, no port), which carries the same settings itself.
import { SimulatedMeter } from '../core/sim/simulated-meter';
import { SimulatedTicSource } from '../io/serial/simulated-tic-source';
import type { LineFormat } from '../io/serial/serial-port-source';
import type { SimulatedMeterSettings } from './serial-port-api';

export function simulatedLine(
  s: SimulatedMeterSettings,
  nowMs: number,
  receiver?: { line?: LineFormat; baudRate?: number; pace?: number },
): SimulatedTicSource {
  const meter = new SimulatedMeter(
    { mode: s.simMode, phases: s.simPhases, producer: s.simProducer, option: s.simOption, subscribedKva: s.simKva, seed: s.simSeed },
    nowMs,
  );
  return new SimulatedTicSource(meter, { speedup: s.simSpeedup, line: receiver?.line, baudRate: receiver?.baudRate, pace: receiver?.pace });
}

/** Schema properties of the simulated meter, shared by the port and the legacy wes-tic-in. */
export const simulatedMeterProperties = {
  simMode: { type: 'string', enum: ['historique', 'standard'], default: 'standard' },
  simPhases: { type: 'integer', enum: [1, 3], default: 1 },
  simProducer: { type: 'boolean', default: false },
  simOption: { type: 'string', enum: ['BASE', 'HC', 'TEMPO', 'EJP'], default: 'HC' },
  simKva: { type: 'number', minimum: 3, maximum: 36, default: 9 },
  simSeed: { type: 'integer', default: 1 },
  simSpeedup: { type: 'number', minimum: 1, maximum: 3600, default: 1 },
} as const;
