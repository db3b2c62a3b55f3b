// PME-PMI meters (02E §2.9): units travel with the values (`kWh`, `kW`, `kVA`), two calendars
// in one frame; the state exposes the first calendar in the same fields as Linky meters.
import type { LabelValue, MeterState } from './meter-state';

const SCALE: Readonly<Record<string, number>> = { Wh: 1, kWh: 1000, MWh: 1_000_000, W: 1, kW: 1000, VA: 1, kVA: 1000 };

function scaled(v: LabelValue | undefined, units: readonly string[]): number | undefined {
  if (v === undefined || typeof v.value !== 'number' || v.unit === undefined || !units.includes(v.unit)) return undefined;
  return v.value * SCALE[v.unit];
}

export function fillPmeState(state: MeterState, labels: Record<string, LabelValue>): void {
  const text = (k: string): string | undefined => (typeof labels[k]?.value === 'string' ? (labels[k].value as string) : undefined);
  const contract = text('MESURES1');
  if (contract !== undefined) state.contract = contract;
  const period = text('PTCOUR1');
  if (period !== undefined) state.tariffPeriod = period;
  const energy = scaled(labels.EA_s, ['Wh', 'kWh', 'MWh']);
  if (energy !== undefined) {
    state.energyWh = energy;
    state.energyByPeriodWh[period ?? 'EA_s'] = energy;
  }
  const injected = scaled(labels.EA_i, ['Wh', 'kWh', 'MWh']);
  if (injected !== undefined) state.injectedEnergyWh = injected;
  // the meter gives its last 1-minute mean power; it is the closest to an instantaneous value
  const power = scaled(labels.PA1MN, ['W', 'kW', 'VA', 'kVA']);
  if (power !== undefined) state.powerVA = power;
  const ps = scaled(labels.PS, ['kW', 'kVA', 'W', 'VA']);
  if (ps !== undefined) state.subscribedPowerVA = ps;
  // PREAVIS DEP: the 1-minute power is above 90 % of the subscribed power
  state.alerts.overload = text('PREAVIS') === 'DEP';
}
