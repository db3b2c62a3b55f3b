// emonLibCM's continuous-monitoring maths (sensing.md §1.3), ported to a pure accumulator: sample
// sets in, one result per reporting period out. What it keeps from emonLibCM, and why:
// - the ADC's mid-scale is subtracted, then Σx, Σx² and Σv·i are summed; the true offset is
//   removed exactly at the end of the period (Σx²/N − (Σx/N)²), so no filter has to settle;
// - each current sample is held back one set, so it sits between two voltage samples, and the
//   voltage at the current's instant (shifted by the sensors' phase error) is interpolated with
//   coefficients x, y that are exact for a sinusoid: V(t0 + τ) = x·V(t0) + y·V(t0 + T);
// - a period ends on a confirmed positive-going zero crossing (3 samples of the new polarity),
//   so it holds whole mains cycles and a partial cycle never biases P;
// - AC presence is the rectified mean over a cycle, with hysteresis and persistence, so a
//   mains cut is seen within a few cycles even when the box itself rides on a UPS.
// The core knows no clock: time is counted in sample sets of a known interval.
import type { ChannelCalibration, VoltageCalibration } from './calibration';

export interface FrontEnd {
  adcBits: number;
  vrefV: number;
  /** Time from one voltage sample to the next, µs. */
  setIntervalUs: number;
  /** Per current channel: how long after the set's voltage sample its sample is taken, µs. */
  skewUs: readonly number[];
}

/** Raw ADC counts; `v` absent when the front end has no voltage input. */
export interface SampleFrame {
  v?: ArrayLike<number>;
  i: ReadonlyArray<ArrayLike<number>>;
  /** The samples do not follow the previous frame's (a new burst): nothing pairs across. */
  fresh?: boolean;
}

export interface ChannelResult {
  currentA: number;
  /** Signed real power: import positive, export negative; without direction, the apparent power. */
  powerW: number;
  apparentPowerVA: number;
  /** |P| / S, 0 when unknown. */
  powerFactor: number;
  /**
   * Samples of the period at the ADC's rails (0 or 2^bits − 1), present only when there were
   * some: the clamp's range or its burden is exceeded, and every value here is underestimated.
   */
  clippedSamples?: number;
}

export interface PeriodResult {
  /** The accumulator's set count at the period's first sample (time since start = startSet × interval). */
  startSet: number;
  sets: number;
  durationS: number;
  /** True when P is real power with a sign: a voltage input and AC for at least part of the period. */
  hasDirection: boolean;
  voltageV: number;
  /** 0 without AC or without voltage input. */
  frequencyHz: number;
  acPresent: boolean;
  /** False without a voltage input: nothing is known about the mains, acPresent means nothing. */
  acKnown: boolean;
  /** AC was absent for the whole period: energy must not be counted from guessed power. */
  noAc: boolean;
  channels: Array<ChannelResult | null>;
  /** Voltage samples at the rails in the period, present only when there were some. */
  voltageClippedSamples?: number;
}

export interface AcEvent {
  kind: 'ac-lost' | 'ac-back';
  /** Sets since this accumulator started. */
  atSet: number;
}

export interface AccumulatorOptions {
  frontEnd: FrontEnd;
  voltage: VoltageCalibration;
  channels: readonly ChannelCalibration[];
  periodS: number;
}

const POLARITY_CONFIRM = 3;
/** Rectified mean of a sine over its RMS value: 2√2/π. */
const RECTIFIED_PER_RMS = (2 * Math.SQRT2) / Math.PI;
const AC_ON = 0.12;
const AC_OFF = 0.08;
/** Cycles the rectified mean must stay across a threshold before AC is said present or absent. */
const AC_PERSIST = 2;

interface Sums {
  n: number;
  /** Sets whose held-back current had a previous voltage to pair with. */
  np: number;
  v: number;
  v2: number;
  /** Σ of the voltage samples that served as "previous" in the products. */
  vPrev: number;
  vCur: number;
  i: Float64Array;
  i2: Float64Array;
  ivPrev: Float64Array;
  ivCur: Float64Array;
  acSets: number;
  /** Samples at the ADC's rails: the voltage's, then each current's. */
  vClip: number;
  iClip: Uint32Array;
  crossings: number;
  firstCross: number;
  lastCross: number;
}

function emptySums(ch: number): Sums {
  return {
    n: 0,
    np: 0,
    v: 0,
    v2: 0,
    vPrev: 0,
    vCur: 0,
    i: new Float64Array(ch),
    i2: new Float64Array(ch),
    ivPrev: new Float64Array(ch),
    ivCur: new Float64Array(ch),
    acSets: 0,
    vClip: 0,
    iClip: new Uint32Array(ch),
    crossings: 0,
    firstCross: -1,
    lastCross: -1,
  };
}

/** Interpolation coefficients for a shift of `tauRad` between samples `stepRad` apart. */
export function phaseCoefficients(stepRad: number, tauRad: number): { x: number; y: number } {
  const y = Math.sin(tauRad) / Math.sin(stepRad);
  return { x: Math.cos(tauRad) - y * Math.cos(stepRad), y };
}

export class PowerAccumulator {
  private readonly nCh: number;
  private readonly mid: number;
  private readonly top: number;
  private readonly perCount: number;
  private readonly periodSets: number;
  private readonly cycleSets: number;
  private readonly hasV: boolean;
  private sums: Sums;
  private started = false;
  private total = 0;
  private lastV = 0;
  private readonly lastI: Float64Array;
  private paired = false;
  private offset = 0;
  private polarity = false;
  private run = 0;
  private block = 0;
  private blockN = 0;
  private above = 0;
  private below = 0;
  private ac = false;
  private hz: number;
  private xs: Float64Array;
  private ys: Float64Array;
  private readonly events: AcEvent[] = [];

  constructor(private readonly o: AccumulatorOptions) {
    const fe = o.frontEnd;
    if (!(fe.adcBits >= 8 && fe.adcBits <= 24)) throw new RangeError('adcBits');
    if (!(fe.setIntervalUs > 0)) throw new RangeError('setIntervalUs');
    if (fe.skewUs.length < o.channels.length) throw new RangeError('skewUs');
    this.nCh = o.channels.length;
    this.mid = 2 ** (fe.adcBits - 1);
    this.top = 2 ** fe.adcBits - 1;
    this.perCount = fe.vrefV / 2 ** fe.adcBits;
    this.cycleSets = Math.max(4, Math.round(1e6 / (o.voltage.nominalHz * fe.setIntervalUs)));
    this.periodSets = Math.max(this.cycleSets, Math.round((o.periodS * 1e6) / fe.setIntervalUs));
    this.hasV = o.voltage.enabled;
    this.sums = emptySums(this.nCh);
    this.lastI = new Float64Array(this.nCh);
    this.hz = o.voltage.nominalHz;
    this.xs = new Float64Array(this.nCh);
    this.ys = new Float64Array(this.nCh);
    this.updateCoefficients();
  }

  get acPresent(): boolean {
    return this.ac;
  }

  /** AC transitions seen since the last call. */
  takeEvents(): AcEvent[] {
    return this.events.splice(0);
  }

  private updateCoefficients(): void {
    const fe = this.o.frontEnd;
    const w = 2 * Math.PI * this.hz;
    const step = w * fe.setIntervalUs * 1e-6;
    for (let c = 0; c < this.nCh; c++) {
      const tau = w * fe.skewUs[c] * 1e-6 + (this.o.channels[c].phaseCalDeg * Math.PI) / 180;
      const k = phaseCoefficients(step, tau);
      this.xs[c] = k.x;
      this.ys[c] = k.y;
    }
  }

  /** Adds a frame; returns the periods it completed (usually none or one). */
  push(frame: SampleFrame): PeriodResult[] {
    const out: PeriodResult[] = [];
    const len = frame.i.length > 0 ? frame.i[0].length : (frame.v?.length ?? 0);
    if (frame.fresh) this.paired = false;
    const v = this.hasV ? frame.v : undefined;
    if (this.hasV && (!v || v.length !== len)) throw new RangeError('voltage samples');
    for (let c = 0; c < this.nCh; c++) if (frame.i[c].length !== len) throw new RangeError('current samples');
    for (let k = 0; k < len; k++) {
      const vk = v ? v[k] - this.mid : 0;
      const crossing = v ? this.track(vk) : false;
      if (!this.started) {
        if (crossing || (!this.ac && this.total >= 3 * this.cycleSets) || !v) this.started = true;
      }
      if (this.started) {
        const s = this.sums;
        s.n++;
        s.v += vk;
        s.v2 += vk * vk;
        if (this.ac) s.acSets++;
        if (this.paired) {
          s.np++;
          s.vPrev += this.lastV;
          s.vCur += vk;
        }
        for (let c = 0; c < this.nCh; c++) {
          const ic = this.lastI[c];
          if (this.paired) {
            s.i[c] += ic;
            s.i2[c] += ic * ic;
            s.ivPrev[c] += ic * this.lastV;
            s.ivCur[c] += ic * vk;
          }
        }
        if (crossing) {
          if (s.firstCross < 0) s.firstCross = s.n;
          s.lastCross = s.n;
          s.crossings++;
        }
        const due = s.n >= this.periodSets && (!v || !this.ac || crossing || s.n >= this.periodSets + 3 * this.cycleSets);
        if (due) out.push(this.close());
      }
      // a sample at a rail is counted in the period that sums it (the current is held back one set)
      for (let c = 0; c < this.nCh; c++) {
        const raw = frame.i[c][k];
        if (raw <= 0 || raw >= this.top) this.sums.iClip[c]++;
        this.lastI[c] = raw - this.mid;
      }
      if (v && (v[k] <= 0 || v[k] >= this.top)) this.sums.vClip++;
      this.lastV = vk;
      this.paired = true;
      this.total++;
    }
    return out;
  }

  /** Polarity with 3-sample confirmation and the cycle-long rectified mean; true on a positive crossing. */
  private track(vk: number): boolean {
    const vc = vk - this.offset;
    this.block += Math.abs(vc);
    if (++this.blockN >= this.cycleSets) {
      const meanV = (this.block / this.blockN) * this.perCount * this.o.voltage.vcal;
      const nominal = this.o.voltage.nominalV * RECTIFIED_PER_RMS;
      if (meanV > nominal * AC_ON) {
        this.below = 0;
        if (!this.ac && ++this.above >= AC_PERSIST) this.setAc(true);
      } else if (meanV < nominal * AC_OFF) {
        this.above = 0;
        if (this.ac && ++this.below >= AC_PERSIST) this.setAc(false);
      } else {
        this.above = 0;
        this.below = 0;
      }
      this.block = 0;
      this.blockN = 0;
    }
    const pol = vc >= 0;
    if (pol === this.polarity) {
      this.run = 0;
      return false;
    }
    if (++this.run < POLARITY_CONFIRM) return false;
    this.polarity = pol;
    this.run = 0;
    return pol && this.ac;
  }

  private setAc(on: boolean): void {
    this.ac = on;
    this.above = 0;
    this.below = 0;
    this.events.push({ kind: on ? 'ac-back' : 'ac-lost', atSet: this.total });
  }

  private close(): PeriodResult {
    const s = this.sums;
    this.sums = emptySums(this.nCh);
    const fe = this.o.frontEnd;
    const vc = this.o.voltage;
    const n = s.n;
    const pc = this.perCount;
    const meanV = s.v / n;
    const vrms = this.hasV ? Math.sqrt(Math.max(0, s.v2 / n - meanV * meanV)) * pc * vc.vcal : 0;
    const noAc = !this.hasV || s.acSets === 0;
    const hasDirection = this.hasV && !noAc;
    let hz = 0;
    if (hasDirection && s.crossings >= 2) {
      hz = (s.crossings - 1) / ((s.lastCross - s.firstCross) * fe.setIntervalUs * 1e-6);
      if (hz > vc.nominalHz * 0.8 && hz < vc.nominalHz * 1.2) {
        this.hz = hz;
        this.updateCoefficients();
      } else hz = 0;
    }
    // the next period's polarity test looks at the signal around its own mean
    if (this.hasV) this.offset = meanV;
    const channels: Array<ChannelResult | null> = [];
    for (let c = 0; c < this.nCh; c++) {
      const cal = this.o.channels[c];
      if (!cal.enabled) {
        channels.push(null);
        continue;
      }
      const np = Math.max(1, s.np);
      const mi = s.i[c] / np;
      const irms = Math.sqrt(Math.max(0, s.i2[c] / np - mi * mi)) * pc * cal.ical;
      const clip = s.iClip[c] > 0 ? { clippedSamples: s.iClip[c] } : {};
      if (!hasDirection) {
        const va = irms * vc.nominalV;
        channels.push({ currentA: irms, powerW: va, apparentPowerVA: va, powerFactor: 0, ...clip });
        continue;
      }
      const x = this.xs[c];
      const y = this.ys[c];
      const meanVi = (x * s.vPrev + y * s.vCur) / np;
      const pCounts = (x * s.ivPrev[c] + y * s.ivCur[c]) / np - mi * meanVi;
      const p = pCounts * pc * pc * vc.vcal * cal.ical * (cal.invert ? -1 : 1);
      const va = vrms * irms;
      let pf = va > 0 ? Math.abs(p) / va : 0;
      if (!Number.isFinite(pf) || pf > 1.05) pf = 0;
      channels.push({ currentA: irms, powerW: p, apparentPowerVA: va, powerFactor: Math.min(1, pf), ...clip });
    }
    return {
      startSet: this.total + 1 - n,
      sets: n,
      durationS: n * fe.setIntervalUs * 1e-6,
      hasDirection,
      voltageV: vrms,
      frequencyHz: hz,
      acPresent: this.ac,
      acKnown: this.hasV,
      noAc: this.hasV && noAc,
      channels,
      ...(s.vClip > 0 ? { voltageClippedSamples: s.vClip } : {}),
    };
  }
}

/** One burst measured on its own (the SPI sampler): whole cycles inside it, or null if too short. */
export function measureBurst(frame: SampleFrame, o: Omit<AccumulatorOptions, 'periodS'>): PeriodResult | null {
  const len = frame.i.length > 0 ? frame.i[0].length : (frame.v?.length ?? 0);
  const cycleS = 1 / o.voltage.nominalHz;
  const spanS = len * o.frontEnd.setIntervalUs * 1e-6;
  // room for AC detection (2 cycles), the start on a crossing and the closing crossing
  const periodS = spanS - 5 * cycleS;
  if (periodS < 2 * cycleS) return null;
  const acc = new PowerAccumulator({ ...o, periodS });
  return acc.push({ ...frame, fresh: true })[0] ?? null;
}
