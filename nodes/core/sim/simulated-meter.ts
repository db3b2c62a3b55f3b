// A virtual Linky: produces the groups a real meter would send at a given instant, in
// historique or standard mode, mono or three-phase, consumer or producer, for the BASE, HC,
// Tempo and EJP options. The household and the solar panels behind it are simulated (see
// nodes/core/sim/), the energy registers integrate the real power over simulated time, and
// every value has the exact field width of the specification, so the bytes that leave
// frame() are indistinguishable from a meter's.
import { encodeFrame } from '../tic/frame-encoder';
import type { TicGroup } from '../tic/types';
import type { TempoColour } from '../tic/types';
import { Prng, hash32, smoothNoise } from './prng';
import { HouseholdLoad } from './household-load';
import { solarPowerW } from './solar-production';
import { TariffCalendar, tariffPeriodAt, type TariffOptionName, type TariffPeriod } from './tariff-calendar';
import { parisOffsetMinutes, ticHorodate } from '../time/paris-clock';

export interface SimulatedMeterOptions {
  mode: 'historique' | 'standard';
  phases: 1 | 3;
  /** Producer meter (solar): standard mode adds EAIT, SINSTI, SMAXIN(-1), CCAIN(-1), ERQ1-4; STGE bit 8. */
  producer: boolean;
  option: TariffOptionName;
  /** PREF (standard); historique ISOUSC = round(kVA·1000 / 200 V / phases). */
  subscribedKva: number;
  /** 12 digits; by default derived from the seed with a Linky type code (61 mono, 63 or 76 tri). */
  meterId?: string;
  /** All randomness derives from it. */
  seed?: number;
  /** Scales the household load profile (mean apparent power over a day, VA). */
  meanPowerVA?: number;
  /** Producer: peak output of the panels, W (default 3000 mono, 6000 tri). */
  solarPeakW?: number;
}

/**
 * The meter's energy registers, Wh (VArh for reactive), as a real meter keeps them through a
 * power cut. Saved by the port that owns the simulated meter and given back at the next start,
 * so an index never goes back because Node-RED restarted.
 */
export interface SimulatedRegisters {
  supplierWh: number[];
  distributorWh: number[];
  injectedWh: number;
  reactiveVArh: number[];
}

const MINUTE_MS = 60_000;
const CURVE_PERIOD_MS = 30 * MINUTE_MS; // load-curve points (CCASN)
const UMOY_PERIOD_MS = 10 * MINUTE_MS; // mean-voltage period (UMOY)
const DAY_MS = 86_400_000;
/** Longest integration step: the load is held for at most this long between evaluations. */
const STEP_MS = 5_000;
/** When catching up more than an hour (a fast-forwarded simulation), minute steps keep it cheap. */
const CATCH_UP_STEP_MS = 60_000;
/** Historique three-phase: cycles of 20 short frames + 1 long while overloaded and 1 min after. */
const SHORT_FRAMES_PER_CYCLE = 20;
const OVERLOAD_TAIL_MS = 60_000;
const STGE_FIXED = 0x003a0000; // TIC standard (17), Euridis secured (19-20), CPL New/Lock (21)
const TEMPO_CODE: Record<TempoColour, number> = { BLEU: 1, BLANC: 2, ROUGE: 3 };

/** Electrical state at one instant. */
interface Sample {
  /** Net apparent power per phase, VA: positive = withdrawn, negative = injected. */
  netVA: number[];
  importVA: number;
  exportVA: number;
  importPerPhaseVA: number[];
  /** Power factor of the household load. */
  pf: number;
  voltageV: number[];
  currentA: number[];
}

interface Peak {
  va: number;
  at: number;
}

function pad(n: number, width: number): string {
  const max = 10 ** width - 1;
  const v = Math.max(0, Math.min(max, Math.round(n)));
  return String(v).padStart(width, '0');
}

function centre16(text: string): string {
  const t = text.slice(0, 16);
  const left = Math.floor((16 - t.length) / 2);
  return ' '.repeat(left) + t + ' '.repeat(16 - t.length - left);
}

function defaultMeterId(seed: number, phases: 1 | 3): string {
  const r = new Prng(hash32(seed, 0xad5));
  const maker = r.pick(['02', '03', '04']);
  const year = String(r.int(15, 23));
  const type = phases === 1 ? '61' : r.pick(['63', '76']);
  return `${maker}${year}${type}${pad(r.int(0, 999_999), 6)}`;
}

/** UTC instant of the local (Paris) midnight that starts the day containing utcMs. */
function localMidnight(utcMs: number): number {
  const off = parisOffsetMinutes(utcMs) * MINUTE_MS;
  const wallMidnight = Math.floor((utcMs + off) / DAY_MS) * DAY_MS;
  return wallMidnight - parisOffsetMinutes(wallMidnight - off) * MINUTE_MS;
}

export class SimulatedMeter {
  readonly options: Readonly<Required<SimulatedMeterOptions>>;
  private readonly calendar: TariffCalendar;
  private readonly load: HouseholdLoad;
  private readonly prm: string;
  private t: number;
  private forcedVA: number | null = null;

  // energy registers, Wh as floats (emitted floored)
  private readonly supplierWh = new Array<number>(10).fill(0);
  private readonly distributorWh = new Array<number>(4).fill(0);
  private injectedWh = 0;
  private readonly reactiveVArh = [0, 0, 0, 0];

  // daily maxima: index 0 = total, 1..3 = phases
  private day: number;
  private maxImport: Peak[];
  private maxImportPrev: Peak[];
  private maxExport: Peak;
  private maxExportPrev: Peak;

  // load curve
  private curvePeriod: number;
  private curveImportWh = 0;
  private curveExportWh = 0;
  private ccasn: Peak;
  private ccasnPrev: Peak;
  private ccain: Peak;
  private ccainPrev: Peak;

  private shortFrameCycle = 0;
  private overloadUntil = Number.NEGATIVE_INFINITY;

  constructor(options: SimulatedMeterOptions, startMs: number) {
    const seed = (options.seed ?? 1) >>> 0;
    const phases = options.phases;
    this.options = {
      mode: options.mode,
      phases,
      producer: options.producer,
      option: options.option,
      subscribedKva: options.subscribedKva,
      seed,
      meterId: options.meterId ?? defaultMeterId(seed, phases),
      meanPowerVA: options.meanPowerVA ?? (phases === 1 ? 700 : 1200),
      solarPeakW: options.solarPeakW ?? (phases === 1 ? 3000 : 6000),
    };
    if (!/^\d{12}$/.test(this.options.meterId)) throw new Error(`meterId must be 12 digits, got "${this.options.meterId}"`);
    if (!(options.subscribedKva >= 1 && options.subscribedKva <= 99)) throw new Error('subscribedKva must be within 1..99');
    this.calendar = new TariffCalendar(seed);
    this.load = new HouseholdLoad({
      seed,
      phases,
      meanPowerVA: this.options.meanPowerVA,
      offPeakWaterHeater: options.option === 'HC' || options.option === 'TEMPO',
    });
    const r = new Prng(hash32(seed, 0x1de));
    this.prm = `${r.int(0, 2)}${pad(r.int(0, 999_999), 6)}${pad(r.int(0, 9_999_999), 7)}`;
    this.initialiseRegisters(r);

    this.t = startMs;
    this.day = localMidnight(startMs);
    // the meter has been running before we met it: reconstruct its maxima and curve points
    this.maxImport = this.emptyPeaks(this.day);
    this.maxImportPrev = this.emptyPeaks(this.day - DAY_MS);
    this.maxExport = { va: 0, at: this.day };
    this.maxExportPrev = { va: 0, at: this.day - DAY_MS };
    this.replayMaxima(this.day - DAY_MS, this.day, this.maxImportPrev, this.maxExportPrev);
    this.replayMaxima(this.day, startMs, this.maxImport, this.maxExport);
    this.curvePeriod = Math.floor(startMs / CURVE_PERIOD_MS);
    const end = this.curvePeriod * CURVE_PERIOD_MS;
    this.ccasnPrev = this.replayCurve(end - 2 * CURVE_PERIOD_MS, 'import');
    this.ccasn = this.replayCurve(end - CURVE_PERIOD_MS, 'import');
    this.ccainPrev = this.replayCurve(end - 2 * CURVE_PERIOD_MS, 'export');
    this.ccain = this.replayCurve(end - CURVE_PERIOD_MS, 'export');
  }

  /** Override the household load (VA, spread over the phases); null returns to the profile. */
  forcePower(va: number | null): void {
    this.forcedVA = va === null ? null : Math.max(0, va);
  }

  /** Simulated time reached so far. */
  get timeMs(): number {
    return this.t;
  }

  /** Advance the simulation to nowMs (never backwards) and return the next frame's groups. */
  groups(nowMs: number): TicGroup[] {
    this.advance(nowMs);
    const now = this.t;
    const s = this.sample(now);
    this.trackMaxima(now, s);
    const tariff = tariffPeriodAt(this.options.option, this.calendar, now);
    return this.options.mode === 'historique' ? this.historique(now, s, tariff) : this.standard(now, s, tariff);
  }

  /** The next frame's bytes, STX … ETX. */
  frame(nowMs: number): Buffer {
    return encodeFrame(this.options.mode, this.groups(nowMs));
  }

  // ---------------------------------------------------------------- simulation

  /** A copy of the energy registers, JSON-safe. */
  registers(): SimulatedRegisters {
    return {
      supplierWh: [...this.supplierWh],
      distributorWh: [...this.distributorWh],
      injectedWh: this.injectedWh,
      reactiveVArh: [...this.reactiveVArh],
    };
  }

  /**
   * Continue from registers saved by an earlier run of the same meter. Each register keeps the
   * larger of the two values: a saved file from another meter or a damaged one can never make an
   * index go back. Entries that are not finite numbers are ignored.
   */
  restoreRegisters(saved: Partial<SimulatedRegisters>): void {
    const merge = (into: number[], from: unknown): void => {
      if (!Array.isArray(from)) return;
      into.forEach((v, i) => {
        const x: unknown = from[i];
        if (typeof x === 'number' && Number.isFinite(x) && x > v) into[i] = x;
      });
    };
    merge(this.supplierWh, saved.supplierWh);
    merge(this.distributorWh, saved.distributorWh);
    merge(this.reactiveVArh, saved.reactiveVArh);
    if (this.options.producer && typeof saved.injectedWh === 'number' && Number.isFinite(saved.injectedWh))
      this.injectedWh = Math.max(this.injectedWh, saved.injectedWh);
  }

  private initialiseRegisters(r: Prng): void {
    const o = this.options;
    const years = r.range(0.5, 6);
    const totalWh = o.meanPowerVA * 0.94 * 8766 * years;
    const split: Record<TariffOptionName, number[]> = {
      BASE: [1],
      HC: [0.42, 0.58],
      TEMPO: [0.36, 0.44, 0.06, 0.08, 0.025, 0.035],
      EJP: [0.93, 0.07],
    };
    split[o.option].forEach((share, i) => {
      this.supplierWh[i] = Math.floor(totalWh * share * r.range(0.9, 1.1));
    });
    const supplierTotal = this.supplierWh.reduce((a, b) => a + b, 0);
    [0.17, 0.25, 0.24, 0.34].forEach((share, i) => {
      this.distributorWh[i] = Math.floor(supplierTotal * share);
    });
    this.distributorWh[3] += supplierTotal - this.distributorWh.reduce((a, b) => a + b, 0);
    if (o.producer) {
      this.injectedWh = Math.floor(o.solarPeakW * 1100 * years * r.range(0.4, 0.7));
      this.reactiveVArh[0] = Math.floor(totalWh * 0.18);
      this.reactiveVArh[1] = Math.floor(this.injectedWh * 0.05);
      this.reactiveVArh[2] = Math.floor(this.injectedWh * 0.01);
      this.reactiveVArh[3] = Math.floor(totalWh * 0.03);
    }
  }

  private emptyPeaks(at: number): Peak[] {
    return Array.from({ length: this.options.phases + 1 }, () => ({ va: 0, at }));
  }

  /** Electrical state at an instant: household load, solar, voltages and currents. */
  private sample(at: number): Sample {
    const o = this.options;
    const n = o.phases;
    const household = this.load.at(at);
    let loadVA = household.perPhaseVA;
    let resistive = household.resistiveVA;
    if (this.forcedVA !== null) {
      loadVA = new Array<number>(n).fill(this.forcedVA / n);
      resistive = this.forcedVA * 0.8;
    }
    const totalLoad = loadVA.reduce((a, b) => a + b, 0);
    const pf = totalLoad > 0 ? (0.985 * resistive + 0.9 * (totalLoad - resistive)) / totalLoad : 0.95;
    const solar = o.producer ? solarPowerW(o.seed, o.solarPeakW, at) : 0;
    const netVA = loadVA.map((v) => v - solar / n);
    const total = netVA.reduce((a, b) => a + b, 0);
    const voltageV = netVA.map((v, i) => this.baseVoltage(i, at) - 0.0009 * v * n);
    return {
      netVA,
      importVA: Math.max(0, total),
      exportVA: Math.max(0, -total),
      importPerPhaseVA: netVA.map((v) => Math.max(0, v)),
      pf,
      voltageV,
      currentA: netVA.map((v, i) => Math.abs(v) / voltageV[i]),
    };
  }

  /** The grid voltage before this house's own drop: wanders a few volts around 230 V. */
  private baseVoltage(phase: number, at: number): number {
    return 231 + 3.5 * smoothNoise(at / (17 * MINUTE_MS), this.options.seed, 0x40 + phase);
  }

  private advance(to: number): void {
    while (this.t < to) {
      // steps end on half-hours: every tariff switch (22:00, 06:00, 06:30, 07:00, 01:00,
      // midnight) and every load-curve period falls on one, so energy lands in the right register
      const boundary = (Math.floor(this.t / CURVE_PERIOD_MS) + 1) * CURVE_PERIOD_MS;
      const step = to - this.t > 3_600_000 ? CATCH_UP_STEP_MS : STEP_MS;
      const end = Math.min(to, this.t + step, boundary);
      this.integrate(this.t, end);
      this.t = end;
    }
  }

  private integrate(from: number, to: number): void {
    const s = this.sample(from);
    this.trackMaxima(from, s);
    const hours = (to - from) / 3_600_000;
    const tariff = tariffPeriodAt(this.options.option, this.calendar, from);
    const importWh = s.importVA * s.pf * hours;
    const exportWh = s.exportVA * 0.99 * hours;
    this.supplierWh[tariff.index - 1] += importWh;
    this.distributorWh[tariff.distributorIndex - 1] += importWh;
    if (this.options.producer) {
      this.injectedWh += exportWh;
      this.reactiveVArh[0] += s.importVA * Math.sqrt(1 - s.pf * s.pf) * hours;
      this.reactiveVArh[1] += s.exportVA * 0.1 * hours;
      this.reactiveVArh[2] += s.exportVA * 0.02 * hours;
      this.reactiveVArh[3] += s.importVA * 0.03 * hours;
    }
    const period = Math.floor(from / CURVE_PERIOD_MS);
    if (period !== this.curvePeriod) this.closeCurvePeriods(period);
    this.curveImportWh += importWh;
    this.curveExportWh += exportWh;
  }

  private closeCurvePeriods(period: number): void {
    const contiguous = period === this.curvePeriod + 1;
    const end = (this.curvePeriod + 1) * CURVE_PERIOD_MS;
    // mean active power of the half-hour = its energy × 2
    const imp = { va: contiguous ? this.curveImportWh * 2 : 0, at: end };
    const exp = { va: contiguous ? this.curveExportWh * 2 : 0, at: end };
    if (contiguous) {
      this.ccasnPrev = this.ccasn;
      this.ccasn = imp;
      this.ccainPrev = this.ccain;
      this.ccain = exp;
    } else {
      this.ccasnPrev = { va: 0, at: (period - 1) * CURVE_PERIOD_MS };
      this.ccasn = { va: 0, at: period * CURVE_PERIOD_MS };
      this.ccainPrev = { ...this.ccasnPrev };
      this.ccain = { ...this.ccasn };
    }
    this.curvePeriod = period;
    this.curveImportWh = 0;
    this.curveExportWh = 0;
  }

  private trackMaxima(at: number, s: Sample): void {
    const midnight = localMidnight(at);
    if (midnight !== this.day) {
      const adjacent = midnight - this.day <= DAY_MS + 3_600_000;
      this.maxImportPrev = adjacent ? this.maxImport : this.emptyPeaks(midnight - DAY_MS);
      this.maxExportPrev = adjacent ? this.maxExport : { va: 0, at: midnight - DAY_MS };
      this.maxImport = this.emptyPeaks(midnight);
      this.maxExport = { va: 0, at: midnight };
      this.day = midnight;
    }
    this.raise(this.maxImport, this.maxExport, at, s);
  }

  private raise(imports: Peak[], exportPeak: Peak, at: number, s: Sample): void {
    const values = [s.importVA, ...s.importPerPhaseVA];
    values.forEach((va, i) => {
      if (Math.round(va) > imports[i].va) imports[i] = { va: Math.round(va), at };
    });
    if (Math.round(s.exportVA) > exportPeak.va) {
      exportPeak.va = Math.round(s.exportVA);
      exportPeak.at = at;
    }
  }

  /** Maxima of [from, to) from the profile, minute by minute (before the simulation started). */
  private replayMaxima(from: number, to: number, imports: Peak[], exportPeak: Peak): void {
    for (let at = from; at < to; at += MINUTE_MS) this.raise(imports, exportPeak, at, this.sample(at));
  }

  private replayCurve(start: number, direction: 'import' | 'export'): Peak {
    let sum = 0;
    let count = 0;
    for (let at = start; at < start + CURVE_PERIOD_MS; at += MINUTE_MS) {
      const s = this.sample(at);
      sum += direction === 'import' ? s.importVA * s.pf : s.exportVA * 0.99;
      count++;
    }
    return { va: sum / count, at: start + CURVE_PERIOD_MS };
  }

  private meanVoltage(phase: number, now: number): { v: number; at: number } {
    const end = Math.floor(now / UMOY_PERIOD_MS) * UMOY_PERIOD_MS;
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += this.baseVoltage(phase, end - UMOY_PERIOD_MS + k * MINUTE_MS + 30_000);
    return { v: sum / 10 - 1, at: end };
  }

  // ---------------------------------------------------------------- frames

  private isousc(): number {
    return Math.round((this.options.subscribedKva * 1000) / 200 / this.options.phases);
  }

  private historique(now: number, s: Sample, tariff: TariffPeriod): TicGroup[] {
    const o = this.options;
    const g: TicGroup[] = [];
    const add = (label: string, data: string): void => {
      g.push({ label, data });
    };
    const isousc = this.isousc();
    const amps = s.currentA.map((a) => Math.round(a));
    const over = amps.map((a) => a > isousc);

    if (o.phases === 3) {
      if (over.some(Boolean)) this.overloadUntil = now + OVERLOAD_TAIL_MS;
      if (now < this.overloadUntil) {
        const position = this.shortFrameCycle;
        this.shortFrameCycle = (this.shortFrameCycle + 1) % (SHORT_FRAMES_PER_CYCLE + 1);
        if (position < SHORT_FRAMES_PER_CYCLE) {
          amps.forEach((a, i) => {
            if (over[i]) add(`ADIR${i + 1}`, pad(a, 3));
          });
          add('ADCO', o.meterId);
          amps.forEach((a, i) => add(`IINST${i + 1}`, pad(a, 3)));
          return g;
        }
      } else {
        this.shortFrameCycle = 0;
      }
    }

    add('ADCO', o.meterId);
    add('OPTARIF', { BASE: 'BASE', HC: 'HC..', EJP: 'EJP.', TEMPO: 'BBR(' }[o.option]);
    add('ISOUSC', pad(isousc, 2));
    const idx = (i: number): string => pad(Math.floor(this.supplierWh[i]), 9);
    switch (o.option) {
      case 'BASE':
        add('BASE', idx(0));
        break;
      case 'HC':
        add('HCHC', idx(0));
        add('HCHP', idx(1));
        break;
      case 'EJP':
        add('EJPHN', idx(0));
        add('EJPHPM', idx(1));
        break;
      case 'TEMPO':
        ['BBRHCJB', 'BBRHPJB', 'BBRHCJW', 'BBRHPJW', 'BBRHCJR', 'BBRHPJR'].forEach((l, i) => add(l, idx(i)));
        break;
    }
    if (tariff.ejpNotice || tariff.ejpPeak) add('PEJP', '30');
    add('PTEC', tariff.ptec);
    if (o.option === 'TEMPO') {
      const t = tariff.tempoTomorrow;
      add('DEMAIN', t === null || t === undefined ? '----' : { BLEU: 'BLEU', BLANC: 'BLAN', ROUGE: 'ROUG' }[t]);
    }
    if (o.phases === 1) {
      add('IINST', pad(amps[0], 3));
      if (over[0]) add('ADPS', pad(amps[0], 3));
      add('IMAX', '090');
    } else {
      amps.forEach((a, i) => add(`IINST${i + 1}`, pad(a, 3)));
      for (let i = 1; i <= 3; i++) add(`IMAX${i}`, '060');
      add('PMAX', pad(this.maxImportPrev[0].va, 5));
    }
    add('PAPP', pad(Math.round(s.importVA / 10) * 10, 5));
    add('HHPHC', 'A');
    add('MOTDETAT', '000000');
    if (o.phases === 3) add('PPOT', '00');
    return g;
  }

  private standard(now: number, s: Sample, tariff: TariffPeriod): TicGroup[] {
    const o = this.options;
    const tri = o.phases === 3;
    const g: TicGroup[] = [];
    const add = (label: string, data: string, horodate?: string): void => {
      g.push(horodate === undefined ? { label, data } : { label, data, horodate });
    };
    const phases = tri ? [1, 2, 3] : [1];
    const prefVA = o.subscribedKva * 1000;

    add('ADSC', o.meterId);
    add('VTIC', '02');
    add('DATE', '', ticHorodate(now));
    add('NGTF', centre16({ BASE: 'BASE', HC: 'H PLEINE/CREUSE', TEMPO: 'TEMPO', EJP: 'EJP' }[o.option]));
    add('LTARF', centre16(tariff.label));
    const supplier = this.supplierWh.map((v) => Math.floor(v));
    add('EAST', pad(Math.floor(this.supplierWh.reduce((a, b) => a + b, 0)), 9));
    supplier.forEach((v, i) => add(`EASF${pad(i + 1, 2)}`, pad(v, 9)));
    this.distributorWh.forEach((v, i) => add(`EASD${pad(i + 1, 2)}`, pad(Math.floor(v), 9)));
    if (o.producer) {
      add('EAIT', pad(Math.floor(this.injectedWh), 9));
      this.reactiveVArh.forEach((v, i) => add(`ERQ${i + 1}`, pad(Math.floor(v), 9)));
    }
    phases.forEach((p) => add(`IRMS${p}`, pad(s.currentA[p - 1], 3)));
    phases.forEach((p) => add(`URMS${p}`, pad(s.voltageV[p - 1], 3)));
    add('PREF', pad(o.subscribedKva, 2));
    add('PCOUP', pad(o.subscribedKva, 2));
    add('SINSTS', pad(s.importVA, 5));
    if (tri) phases.forEach((p) => add(`SINSTS${p}`, pad(s.importPerPhaseVA[p - 1], 5)));
    const peak = (label: string, pk: Peak): void => add(label, pad(pk.va, 5), ticHorodate(pk.at));
    peak('SMAXSN', this.maxImport[0]);
    if (tri) phases.forEach((p) => peak(`SMAXSN${p}`, this.maxImport[p]));
    peak('SMAXSN-1', this.maxImportPrev[0]);
    if (tri) phases.forEach((p) => peak(`SMAXSN${p}-1`, this.maxImportPrev[p]));
    if (o.producer) {
      add('SINSTI', pad(s.exportVA, 5));
      peak('SMAXIN', this.maxExport);
      peak('SMAXIN-1', this.maxExportPrev);
    }
    peak('CCASN', this.ccasn);
    peak('CCASN-1', this.ccasnPrev);
    if (o.producer) {
      peak('CCAIN', this.ccain);
      peak('CCAIN-1', this.ccainPrev);
    }
    phases.forEach((p) => {
      const m = this.meanVoltage(p - 1, now);
      add(`UMOY${p}`, pad(m.v, 3), ticHorodate(m.at));
    });
    add('STGE', this.stge(s, tariff, prefVA));
    if (tariff.ejpWindow !== undefined) {
      add('DPM1', '00', ` ${tariff.ejpWindow.start}`);
      add('FPM1', '00', ` ${tariff.ejpWindow.end}`);
    }
    add('MSG1', 'PAS DE          MESSAGE         ');
    add('PRM', this.prm);
    add('RELAIS', pad(tariff.dryContactClosed ? 1 : 0, 3));
    add('NTARF', pad(tariff.index, 2));
    const days = this.dayProfiles(tariff);
    add('NJOURF', pad(days.today, 2));
    add('NJOURF+1', pad(days.tomorrow, 2));
    add('PJOURF+1', days.profile);
    return g;
  }

  private stge(s: Sample, tariff: TariffPeriod, prefVA: number): string {
    let v = STGE_FIXED;
    if (!tariff.dryContactClosed) v |= 1;
    if (Math.round(s.importVA) > prefVA) v |= 1 << 7;
    if (this.options.producer) v |= 1 << 8;
    if (Math.round(s.exportVA) > 0) v |= 1 << 9; // as SINSTI shows it
    v |= (tariff.index - 1) << 10;
    v |= (tariff.distributorIndex - 1) << 14;
    if (tariff.tempoToday !== undefined) v |= TEMPO_CODE[tariff.tempoToday] << 24;
    if (tariff.tempoTomorrow) v |= TEMPO_CODE[tariff.tempoTomorrow] << 26;
    if (tariff.ejpNotice) v |= 1 << 28;
    if (tariff.ejpPeak) v |= 1 << 30;
    return (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
  }

  /** NJOURF, NJOURF+1 and the next day's profile (PJOURF+1: 11 blocks HHMMSSSS, unused = NONUTILE). */
  private dayProfiles(tariff: TariffPeriod): { today: number; tomorrow: number; profile: string } {
    // action word: bits 0-3 index, bits 14-15 dry contact (10 open, 11 closed)
    const block = (hh: number, index: number, closed: boolean): string =>
      `${pad(hh, 2)}00${((closed ? 0xc000 : 0x8000) | index).toString(16).toUpperCase().padStart(4, '0')}`;
    const profile = (blocks: string[]): string => [...blocks, ...new Array<string>(11 - blocks.length).fill('NONUTILE')].join(' ');
    switch (this.options.option) {
      case 'BASE':
        return { today: 1, tomorrow: 1, profile: profile([block(0, 1, false)]) };
      case 'HC':
        return { today: 1, tomorrow: 1, profile: profile([block(0, 1, true), block(6, 2, false), block(22, 1, true)]) };
      case 'EJP': {
        const today = tariff.ejpPeak || tariff.ejpNotice ? 2 : 1;
        const blocks = today === 2 ? [block(0, 2, false), block(1, 1, false)] : [block(0, 1, false)];
        return { today, tomorrow: 1, profile: profile(blocks) };
      }
      case 'TEMPO': {
        const colour = tariff.tempoToday ?? 'BLEU';
        const next = tariff.tempoTomorrow;
        if (next === null || next === undefined) return { today: TEMPO_CODE[colour], tomorrow: 0, profile: profile([]) };
        const first = { BLEU: 1, BLANC: 3, ROUGE: 5 };
        return {
          today: TEMPO_CODE[colour],
          tomorrow: TEMPO_CODE[next],
          profile: profile([block(0, first[colour], true), block(6, first[next] + 1, false), block(22, first[next], true)]),
        };
      }
    }
  }
}
