// Energy and cost per bucket of a calendar period (hours of a day, days of a month, months of a
// year) from the logger's aggregate rows. The aggregates already hold, per counter field, the sum
// of the index's rises in the bucket (a step down is a reset and counts 0), so a bucket's energy is
// an index difference, exact to the Wh, where integrating power drifts. Withdrawn energy is split
// per tariff register (HCHC / HCHP, the six Tempo ones, EASF01…) and priced with the contract of
// that day; injected energy (EAIT, a clamp's or a Modbus meter's export) stands beside it.
import { dayKey, endOfLocalDay, parseDayKey } from '../csv/local-time';
import type { Row } from '../csv/rows';
import { bucketEnd, bucketStart } from '../history/buckets';
import { type Contract, priceKeyOf, pricePeriodOn } from '../rules/costs';
import { problem, type Problem } from '../problem';

export type EnergyPeriod = 'day' | 'month' | 'year';
const ENERGY_PERIODS: readonly EnergyPeriod[] = ['day', 'month', 'year'];

export interface EnergyRange {
  period: EnergyPeriod;
  /** First local day of the period, YYYY-MM-DD (the 1st of the month, January 1st). */
  date: string;
  from: number;
  to: number;
  /** The aggregate resolution the buckets are read from. */
  resolution: 'hour' | 'day';
  previous: string;
  next: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The period containing a local day, with the first days of the periods before and after it. */
export function energyRange(period: EnergyPeriod, date: string): EnergyRange | Problem {
  if (!(ENERGY_PERIODS as readonly string[]).includes(period)) return problem('energy.period');
  const t = parseDayKey(date);
  if (!Number.isFinite(t)) return problem('energy.date', { value: date });
  // Calendar arithmetic on the day's own numbers (UTC dates as plain calendar days): the machine's
  // time zone must not move a Paris day; the instants come from parseDayKey, which is Paris time.
  const [y, m1, d1] = date.split('-').map(Number) as [number, number, number];
  const m = m1 - 1;
  const key = (yy: number, mm: number, dd: number): string => new Date(Date.UTC(yy, mm, dd)).toISOString().slice(0, 10);
  const at = (yy: number, mm: number, dd: number): number => parseDayKey(key(yy, mm, dd));
  if (period === 'day')
    return {
      period,
      date,
      from: t,
      to: endOfLocalDay(t),
      resolution: 'hour',
      previous: key(y, m, d1 - 1),
      next: key(y, m, d1 + 1),
    };
  if (period === 'month')
    return {
      period,
      date: `${y}-${pad(m + 1)}-01`,
      from: at(y, m, 1),
      to: at(y, m + 1, 1),
      resolution: 'day',
      previous: key(y, m - 1, 1),
      next: key(y, m + 1, 1),
    };
  return {
    period,
    date: `${y}-01-01`,
    from: at(y, 0, 1),
    to: at(y + 1, 0, 1),
    resolution: 'day',
    previous: key(y - 1, 0, 1),
    next: key(y + 1, 0, 1),
  };
}

/** Bucket starts covering the period: 23, 24 or 25 hours, the days of the month, 12 months. */
export function bucketStarts(r: EnergyRange): number[] {
  const out: number[] = [];
  if (r.period === 'year') {
    const y = Number(r.date.slice(0, 4));
    for (let m = 0; m < 12; m++) out.push(parseDayKey(`${y}-${pad(m + 1)}-01`));
    return out;
  }
  const res = r.period === 'day' ? 'hour' : 'day';
  for (let t = r.from; t < r.to; t = bucketEnd(t, res)) out.push(bucketStart(t, res));
  return out;
}

export type FieldRole = { role: 'import'; register: string } | { role: 'import-total' } | { role: 'export' };

/**
 * What an aggregate counter field measures, or undefined when it is not electrical energy (a water
 * index, a day counter). Per-register fields come from wes-tic-in (energyByPeriodWh_<label>);
 * energyWh is their sum, used only when a source has no register; injectedEnergyWh is EAIT;
 * energyImportWh / energyExportWh are a clamp's or a Modbus meter's two directions.
 */
export function fieldRole(name: string): FieldRole | undefined {
  // Register labels have no "_": energyByPeriodWh_HCHC_last is the aggregate's index, not energy.
  const reg = /^energyByPeriodWh_([A-Za-z0-9]+)$/.exec(name);
  if (reg) return { role: 'import', register: reg[1] as string };
  if (name === 'energyWh' || name === 'energyImportWh') return { role: 'import-total' };
  if (name === 'injectedEnergyWh' || name === 'energyExportWh') return { role: 'export' };
  return undefined;
}

/** A register's price key under the contract (HC, HPJR…), else the register's own name. */
function periodKey(register: string, contract?: Contract): string {
  return (contract && priceKeyOf(contract.option, register)) || register;
}

export interface EnergyBucket {
  t: number;
  /** Withdrawn Wh per tariff period (price key, or register name without a contract; "total" without registers). */
  importWh: Record<string, number>;
  exportWh: number;
  /** € of the withdrawn energy at the prices of its day; null without a contract. */
  costEur: number | null;
}

export interface EnergyTotals {
  importWh: number;
  exportWh: number;
  costEur: number | null;
  /**
   * The subscription's share of the period's days up to now: each day costs its month's price over
   * the month's days, so a day, a month and a year add up. Null without a contract.
   */
  subscriptionEur: number | null;
  byPeriod: Record<string, { energyWh: number; costEur: number | null }>;
}

export interface EnergyReport {
  range: EnergyRange;
  /** Tariff periods seen, in the contract's order when there is one. */
  periods: string[];
  buckets: EnergyBucket[];
  totals: EnergyTotals;
  /** The source records injection (a producer meter or an exporting clamp). */
  exports: boolean;
}

const round = (n: number, d: number): number => Math.round(n * 10 ** d) / 10 ** d;

/**
 * Folds aggregate rows (hour rows for a day, day rows for a month or a year) into the period's
 * buckets. Rows outside the period are ignored; a bucket without rows is zero.
 */
/** The subscription of the period's days that have begun by nowMs, at the price of each day. */
function subscriptionOf(range: EnergyRange, contract: Contract, nowMs: number): number {
  let eur = 0;
  for (let t = range.from; t < range.to && t <= nowMs; t = endOfLocalDay(t)) {
    const day = dayKey(t);
    const [y, m] = day.split('-').map(Number) as [number, number];
    eur += pricePeriodOn(contract, day).subscriptionEurPerMonth / new Date(Date.UTC(y, m, 0)).getUTCDate();
  }
  return eur;
}

export function energyReport(range: EnergyRange, rows: readonly Row[], contract?: Contract, nowMs = Infinity): EnergyReport {
  const starts = bucketStarts(range);
  const buckets: EnergyBucket[] = starts.map((t) => ({ t, importWh: {}, exportWh: 0, costEur: contract ? 0 : null }));
  const indexOf = (t: number): number => {
    let i = -1;
    for (let k = 0; k < starts.length && (starts[k] as number) <= t; k++) i = k;
    return i;
  };
  const registersSeen = new Set<string>();
  let exports = false;
  for (const row of rows) {
    if (row.t < range.from || row.t >= range.to) continue;
    const b = buckets[indexOf(row.t)];
    if (!b) continue;
    const perRegister: Array<[string, number]> = [];
    let total: number | undefined;
    for (const [name, v] of Object.entries(row.values)) {
      const role = fieldRole(name);
      if (!role || !Number.isFinite(v) || v < 0) continue;
      if (role.role === 'export') {
        exports = true;
        b.exportWh += v;
      } else if (role.role === 'import') perRegister.push([role.register, v]);
      else total = (total ?? 0) + v;
    }
    const parts: Array<[string, number]> = perRegister.length ? perRegister : total !== undefined ? [['total', total]] : [];
    const prices = contract ? pricePeriodOn(contract, dayKey(row.t)).prices : undefined;
    for (const [register, wh] of parts) {
      const key = register === 'total' ? 'total' : periodKey(register, contract);
      registersSeen.add(key);
      b.importWh[key] = (b.importWh[key] ?? 0) + wh;
      if (b.costEur !== null && prices) b.costEur += (wh / 1000) * (prices[key] ?? 0);
    }
  }
  const order = contract ? Object.keys(pricePeriodOn(contract, range.date).prices) : [];
  const periods = [...registersSeen].sort((a, b) => {
    const ia = order.indexOf(a),
      ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const totals: EnergyTotals = {
    importWh: 0,
    exportWh: 0,
    costEur: contract ? 0 : null,
    subscriptionEur: contract ? round(subscriptionOf(range, contract, nowMs), 4) : null,
    byPeriod: {},
  };
  for (const b of buckets) {
    for (const [k, wh] of Object.entries(b.importWh)) {
      totals.importWh += wh;
      const p = (totals.byPeriod[k] ??= { energyWh: 0, costEur: contract ? 0 : null });
      p.energyWh += wh;
      if (p.costEur !== null) p.costEur += (wh / 1000) * (pricePeriodOn(contract as Contract, dayKey(b.t)).prices[k] ?? 0);
    }
    totals.exportWh += b.exportWh;
    if (totals.costEur !== null && b.costEur !== null) totals.costEur += b.costEur;
    if (b.costEur !== null) b.costEur = round(b.costEur, 4);
  }
  // A standard meter sends ten supplier registers whatever the contract: the unused ones stay at
  // zero and would only crowd the legend.
  for (const [k, p] of Object.entries(totals.byPeriod)) {
    if (p.energyWh > 0) continue;
    delete totals.byPeriod[k];
    periods.splice(periods.indexOf(k), 1);
    for (const b of buckets) delete b.importWh[k];
  }
  totals.importWh = round(totals.importWh, 3);
  totals.exportWh = round(totals.exportWh, 3);
  if (totals.costEur !== null) totals.costEur = round(totals.costEur, 4);
  for (const p of Object.values(totals.byPeriod)) {
    p.energyWh = round(p.energyWh, 3);
    if (p.costEur !== null) p.costEur = round(p.costEur, 4);
  }
  return { range, periods, buckets, totals, exports };
}

/** Change from the previous period in % (null when the previous one is zero: no meaningful ratio). */
export function changePercent(now: number, before: number): number | null {
  return before > 0 ? round(((now - before) / before) * 100, 1) : null;
}
