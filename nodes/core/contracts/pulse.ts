// wes-pulse-in output 1: a counter's readings (payload), with msg.unit (m³, kWh, L…) and msg.kind.
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

export interface PulseReading {
  index: number;
  today: number;
  yesterday: number;
  month: number;
  year: number;
  pulses: number;
  rate: number;
  rateUnit: string;
  ratePerHour: number;
  leak: boolean;
  /** The GPIO line stopped answering: the values are the last known ones, since lostSince (ISO). */
  inputLost: boolean;
  lostSince: string | null;
  unit: string;
  kind?: string;
}

const NUMBERS = ['index', 'today', 'yesterday', 'month', 'year', 'pulses', 'rate', 'ratePerHour'] as const;

export function readPulseReading(msg: { payload?: unknown; unit?: unknown; kind?: unknown }): Read<PulseReading> {
  const p = objectOf(msg.payload);
  if (!p || !isFiniteNumber(p.index) || typeof msg.unit !== 'string') return refuse('not-pulse-reading');
  for (const n of NUMBERS) if (!isFiniteNumber(p[n])) return refuse('bad-field', { field: n });
  if (typeof p.rateUnit !== 'string') return refuse('bad-field', { field: 'rateUnit' });
  return accept({
    index: p.index,
    today: p.today as number,
    yesterday: p.yesterday as number,
    month: p.month as number,
    year: p.year as number,
    pulses: p.pulses as number,
    rate: p.rate as number,
    rateUnit: p.rateUnit,
    ratePerHour: p.ratePerHour as number,
    leak: p.leak === true,
    inputLost: p.inputLost === true,
    lostSince: p.inputLost === true && typeof p.lostSince === 'string' ? p.lostSince : null,
    unit: msg.unit,
    ...(typeof msg.kind === 'string' ? { kind: msg.kind } : {}),
  });
}
