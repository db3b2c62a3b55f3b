// Energy and cost per tariff period from the meter's own index registers. Differences of the
// registers are exact (the meter counts every Wh), where integrating power drifts. A register that
// goes back (a counter reset, a swapped meter) or jumps beyond what the subscribed power allows
// re-bases instead of counting: the totals never go negative and never spike.
// Prices come from a contract whose price periods have validity dates, so a price change costs the
// energy before it at the old price and after it at the new one.
import { addToTotals, emptyTotals, rollTotals, type PeriodTotals } from '../pulse/periods';
import { problem, type Problem } from '../problem';

export type ContractOption = 'BASE' | 'HC' | 'TEMPO' | 'EJP' | 'ZENFLEX';

const PRICE_KEYS: Record<ContractOption, string[]> = {
  BASE: ['BASE'],
  HC: ['HC', 'HP'],
  TEMPO: ['HCJB', 'HPJB', 'HCJW', 'HPJW', 'HCJR', 'HPJR'],
  EJP: ['HN', 'PM'],
  ZENFLEX: ['HC_ECO', 'HP_ECO', 'HC_SOB', 'HP_SOB'],
};

/** Historique labels → price keys (standard EASFnn follow the option's order in PRICE_KEYS). */
const HISTORIQUE_KEYS: Record<string, string> = {
  BASE: 'BASE',
  HCHC: 'HC',
  HCHP: 'HP',
  BBRHCJB: 'HCJB',
  BBRHPJB: 'HPJB',
  BBRHCJW: 'HCJW',
  BBRHPJW: 'HPJW',
  BBRHCJR: 'HCJR',
  BBRHPJR: 'HPJR',
  EJPHN: 'HN',
  EJPHPM: 'PM',
};

export interface PricePeriod {
  /** First day (YYYY-MM-DD, local) the prices apply. */
  from: string;
  /** €/kWh by price key. */
  prices: Record<string, number>;
  subscriptionEurPerMonth: number;
}

export interface Contract {
  option: ContractOption;
  /** Sorted by `from`; each applies until the next one starts. */
  periods: PricePeriod[];
  timeZone: string;
}

export type ContractCheck = { ok: true; contract: Contract } | { ok: false; error: Problem };

export function checkContract(c: Contract): ContractCheck {
  if (!PRICE_KEYS[c.option]) return { ok: false, error: problem('contract.option', { option: String(c.option) }) };
  if (c.periods.length === 0) return { ok: false, error: problem('contract.noPeriod') };
  const periods = [...c.periods].sort((a, b) => a.from.localeCompare(b.from));
  for (const p of periods) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.from)) return { ok: false, error: problem('contract.periodStart', { from: p.from }) };
    for (const k of PRICE_KEYS[c.option]) {
      const v = p.prices[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 10)
        return { ok: false, error: problem('contract.price', { from: p.from, key: k }) };
    }
    if (!(p.subscriptionEurPerMonth >= 0)) return { ok: false, error: problem('contract.subscription', { from: p.from }) };
  }
  for (let i = 1; i < periods.length; i++)
    if (periods[i].from === periods[i - 1].from) return { ok: false, error: problem('contract.twice', { from: periods[i].from }) };
  return { ok: true, contract: { ...c, periods } };
}

/** The price period for a local day key (YYYY-MM-DD); before the first one, the first one applies. */
export function pricePeriodOn(c: Contract, dayKey: string): PricePeriod {
  let found = c.periods[0];
  for (const p of c.periods) if (p.from <= dayKey) found = p;
  return found;
}

export function priceKeyOf(option: ContractOption, register: string): string | null {
  const h = HISTORIQUE_KEYS[register];
  if (h !== undefined) return PRICE_KEYS[option].includes(h) ? h : null;
  const m = /^EASF(\d{2})$/.exec(register);
  if (m) return PRICE_KEYS[option][Number(m[1]) - 1] ?? null;
  return null;
}

/**
 * The price key of the tariff period a TIC meter says is current: from its index number (1–10,
 * in the option's order, as EASFnn) or, failing that, from its period label (PTEC: HC, HPJB…).
 */
export function currentPriceKey(option: ContractOption, m: { tariffIndex?: number; tariffPeriod?: string }): string | null {
  if (option === 'BASE') return 'BASE';
  if (m.tariffIndex !== undefined && Number.isInteger(m.tariffIndex)) {
    const k = PRICE_KEYS[option][m.tariffIndex - 1];
    if (k !== undefined) return k;
  }
  return m.tariffPeriod !== undefined ? priceKey(option, m.tariffPeriod) : null;
}

/** A price key of the option as written by a user or a meter ('hp', 'HP..', 'HCJB'), or null. */
export function priceKey(option: ContractOption, text: string): string | null {
  const k = text.trim().replace(/\.+$/, '').toUpperCase();
  return PRICE_KEYS[option].includes(k) ? k : null;
}

export interface CostState {
  meterId: string | null;
  /** Last accepted register values, Wh. */
  registers: Record<string, number>;
  /** Monotonic time of the last sample (epoch-aligned, so a saved value still reads after a restart). */
  lastMs: number | null;
  energyWh: Record<string, PeriodTotals>;
  costEur: Record<string, PeriodTotals>;
  subscriptionEur: PeriodTotals;
  /** Day key whose subscription share is already counted. */
  subscribedDay: string | null;
  /** Wh set aside because a register went back or jumped. */
  anomalies: number;
}

export function emptyCostState(tMs: number, timeZone: string): CostState {
  return {
    meterId: null,
    registers: {},
    lastMs: null,
    energyWh: {},
    costEur: {},
    subscriptionEur: emptyTotals(tMs, timeZone),
    subscribedDay: null,
    anomalies: 0,
  };
}

export interface IndexSample {
  tMs: number;
  meterId: string;
  energyByPeriodWh: Record<string, number>;
  /** Lowers the bound of a plausible rise; never raises it above MAX_SUBSCRIBED_VA. */
  subscribedPowerVA?: number;
  /** Monotonic time of the sample, for the elapsed time of the spike guard (tMs is the calendar's). */
  monoMs?: number;
  /**
   * Registers priced at a given key rather than by their name: a circuit's single import index
   * (a Modbus meter, a clamp) whose rise since the last sample is priced at the period current now.
   */
  priceKeys?: Record<string, string>;
}

/**
 * The largest supply a WES-class home meter has (tarif bleu, 36 kVA). The spike guard's bound
 * comes from here and not from the message it checks: a message claiming 1e308 VA must not
 * make any jump plausible.
 */
const MAX_SUBSCRIBED_VA = 36_000;

export type RebaseReason =
  | { code: 'meter-changed'; params: { from: string; to: string } }
  | { code: 'went-back'; params: { from: number; to: number } }
  | { code: 'jumped'; params: { deltaWh: number; seconds: number } };

export interface CostUpdate {
  state: CostState;
  /** Registers re-based and why (meter swap, counter went back, jump): codes with parameters. */
  rebased: Array<{ register: string; reason: RebaseReason }>;
}

function daysInMonth(dayKey: string): number {
  const [y, m] = dayKey.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addIndexSample(s0: CostState, x: IndexSample, c: Contract): CostUpdate {
  const tz = c.timeZone;
  const rebased: CostUpdate['rebased'] = [];
  const s: CostState = { ...s0, registers: { ...s0.registers }, energyWh: { ...s0.energyWh }, costEur: { ...s0.costEur } };
  const day = emptyTotals(x.tMs, tz).dayKey;
  const period = pricePeriodOn(c, day);
  // The subscription is counted a day at a time, at the month's daily rate.
  if (s.subscribedDay !== day) {
    s.subscriptionEur = addToTotals(s.subscriptionEur, period.subscriptionEurPerMonth / daysInMonth(day), x.tMs, tz);
    s.subscribedDay = day;
  }
  if (s.meterId !== null && s.meterId !== x.meterId) {
    rebased.push({ register: '*', reason: { code: 'meter-changed', params: { from: s.meterId, to: x.meterId } } });
    s.registers = {};
  }
  s.meterId = x.meterId;
  // Elapsed time on the monotonic clock: a wall-clock step back would make every true rise a jump.
  const at = x.monoMs ?? x.tMs;
  const hours = s.lastMs === null ? 0 : Math.max(0, at - s.lastMs) / 3_600_000;
  const claimed = x.subscribedPowerVA;
  const limitVA =
    typeof claimed === 'number' && Number.isFinite(claimed) && claimed > 0 ? Math.min(claimed, MAX_SUBSCRIBED_VA) : MAX_SUBSCRIBED_VA;
  // The meter cannot count faster than its breaker lets through; 50 % margin and 10 Wh of rounding.
  const maxWh = limitVA * 1.5 * hours + 10;
  for (const [register, wh] of Object.entries(x.energyByPeriodWh)) {
    if (!Number.isFinite(wh) || wh < 0) continue;
    const given = x.priceKeys?.[register];
    const key = given !== undefined ? (PRICE_KEYS[c.option].includes(given) ? given : null) : priceKeyOf(c.option, register);
    const prev = s.registers[register];
    s.registers[register] = wh;
    if (prev === undefined || key === null) continue;
    const delta = wh - prev;
    if (delta === 0) continue;
    if (delta < 0) {
      rebased.push({ register, reason: { code: 'went-back', params: { from: prev, to: wh } } });
      s.anomalies++;
      continue;
    }
    if (delta > maxWh) {
      rebased.push({ register, reason: { code: 'jumped', params: { deltaWh: delta, seconds: Math.round(hours * 3600) } } });
      s.anomalies++;
      continue;
    }
    s.energyWh[key] = addToTotals(s.energyWh[key] ?? emptyTotals(x.tMs, tz), delta, x.tMs, tz);
    s.costEur[key] = addToTotals(s.costEur[key] ?? emptyTotals(x.tMs, tz), (delta / 1000) * (period.prices[key] ?? 0), x.tMs, tz);
  }
  s.lastMs = at;
  return { state: s, rebased };
}

export interface CostSummary {
  energyWh: number;
  costEur: number;
  subscriptionEur: number;
  totalEur: number;
  byPeriod: Record<string, { energyWh: number; costEur: number }>;
}

export interface CostReport {
  today: CostSummary;
  yesterday: CostSummary;
  month: CostSummary;
  year: CostSummary;
  /** €/kWh now, by price key, from the price period in force. */
  prices: Record<string, number>;
  priceFrom: string;
}

const round = (n: number, d: number): number => Math.round(n * 10 ** d) / 10 ** d;

export function costReport(s: CostState, tMs: number, c: Contract): CostReport {
  const tz = c.timeZone;
  const pick = (f: 'today' | 'yesterday' | 'month' | 'year'): CostSummary => {
    const byPeriod: CostSummary['byPeriod'] = {};
    let e = 0;
    let cost = 0;
    for (const key of PRICE_KEYS[c.option]) {
      const et = s.energyWh[key] ? rollTotals(s.energyWh[key], tMs, tz)[f] : 0;
      const ct = s.costEur[key] ? rollTotals(s.costEur[key], tMs, tz)[f] : 0;
      byPeriod[key] = { energyWh: round(et, 3), costEur: round(ct, 4) };
      e += et;
      cost += ct;
    }
    const sub = rollTotals(s.subscriptionEur, tMs, tz)[f];
    return { energyWh: round(e, 3), costEur: round(cost, 4), subscriptionEur: round(sub, 4), totalEur: round(cost + sub, 4), byPeriod };
  };
  const p = pricePeriodOn(c, emptyTotals(tMs, tz).dayKey);
  return {
    today: pick('today'),
    yesterday: pick('yesterday'),
    month: pick('month'),
    year: pick('year'),
    prices: { ...p.prices },
    priceFrom: p.from,
  };
}

/**
 * Price periods as the contract node's editor writes them, one per line:
 *   2025-08-01 HC=0.2068 HP=0.2700 sub=15.65
 * (€/kWh per price key, subscription in €/month; `#` starts a comment).
 */
export function parsePricePeriods(text: string, option: ContractOption, timeZone: string): ContractCheck {
  const periods: PricePeriod[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/#.*$/, '').trim();
    if (!line) continue;
    const [from, ...pairs] = line.split(/\s+/);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) return { ok: false, error: problem('contract.lineDate', { line: n + 1, text: from }) };
    const p: PricePeriod = { from, prices: {}, subscriptionEurPerMonth: 0 };
    for (const pair of pairs) {
      const m = /^([A-Za-z_]+)=(\d+(?:[.,]\d+)?)$/.exec(pair);
      if (!m) return { ok: false, error: problem('contract.linePair', { line: n + 1, text: pair }) };
      const key = m[1].toUpperCase();
      const v = Number(m[2].replace(',', '.'));
      if (key === 'SUB' || key === 'ABO') p.subscriptionEurPerMonth = v;
      else if (PRICE_KEYS[option].includes(key)) p.prices[key] = v;
      else return { ok: false, error: problem('contract.lineKey', { line: n + 1, key, option, keys: PRICE_KEYS[option].join(', ') }) };
    }
    periods.push(p);
  }
  return checkContract({ option, timeZone, periods });
}
