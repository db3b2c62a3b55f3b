// The simulated CT front end: real ADC sample sets from a description of the mains voltage and
// the clamp currents (harmonics with their phases), through the same sensor and ADC model as the
// hardware: sensor phase leads, the ADC's per-channel skew, a DC offset, noise, quantisation and
// clipping. The power core then computes from these counts exactly as it would from an ADC, so
// what the simulated supervisor shows is computed, never made up.
import type { FrontEnd, SampleFrame } from '../power/accumulator';
import { Prng } from './prng';

/** One harmonic: its order (1 = fundamental), RMS value and phase (degrees, at t = 0). */
export interface Tone {
  order: number;
  rms: number;
  phaseDeg: number;
}

export interface WaveState {
  /** Mains fundamental frequency, Hz. */
  hz: number;
  /** Volts. */
  voltage: readonly Tone[];
  /** Amps, per clamp; a current in phase with the voltage is import. */
  currents: ReadonlyArray<readonly Tone[]>;
  /** False: the mains is cut (no voltage, no current). */
  live: boolean;
}

export interface SensorModel {
  vcal: number;
  ical: readonly number[];
  /** Time leads of the sensors, expressed as degrees of the nominal fundamental. */
  vLeadDeg: number;
  iLeadDeg: readonly number[];
  nominalHz: number;
  /** DC offset from mid-scale, counts. */
  vOffset: number;
  iOffset: readonly number[];
  /** RMS of the white noise added before quantisation, counts. */
  noise: number;
  seed: number;
}

/** Σ Vh·Ih·cos(φv − φi) over the orders both carry: the real power of a clamp, W. */
export function truePower(voltage: readonly Tone[], current: readonly Tone[]): number {
  let p = 0;
  for (const v of voltage)
    for (const i of current) if (v.order === i.order) p += v.rms * i.rms * Math.cos(((v.phaseDeg - i.phaseDeg) * Math.PI) / 180);
  return p;
}

export function trueRms(tones: readonly Tone[]): number {
  return Math.sqrt(tones.reduce((a, t) => a + t.rms * t.rms, 0));
}

export class WaveformSynth {
  private readonly mid: number;
  private readonly top: number;
  private readonly perCount: number;
  private readonly rng: Prng;
  private spare: number | null = null;
  /** Seconds of signal produced so far: the phase reference stays continuous across frames. */
  private t = 0;

  constructor(
    private readonly fe: FrontEnd,
    private readonly sensor: SensorModel,
  ) {
    this.mid = 2 ** (fe.adcBits - 1);
    this.top = 2 ** fe.adcBits - 1;
    this.perCount = fe.vrefV / 2 ** fe.adcBits;
    this.rng = new Prng(sensor.seed);
  }

  get timeS(): number {
    return this.t;
  }

  private gauss(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = Math.max(1e-12, this.rng.next());
    const v = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  private count(volts: number, offset: number): number {
    const n = this.sensor.noise > 0 ? this.gauss() * this.sensor.noise : 0;
    const c = Math.round(volts / this.perCount + this.mid + offset + n);
    return c < 0 ? 0 : c > this.top ? this.top : c;
  }

  /** `sets` sample sets of the given state; the phase continues from the previous call. */
  frame(state: WaveState, sets: number): SampleFrame {
    const T = this.fe.setIntervalUs * 1e-6;
    const s = this.sensor;
    const nCh = state.currents.length;
    const v = new Uint16Array(sets);
    const i = Array.from({ length: nCh }, () => new Uint16Array(sets));
    const w = 2 * Math.PI * state.hz;
    const leadS = (deg: number): number => deg / 360 / s.nominalHz;
    const wave = (tones: readonly Tone[], t: number): number => {
      let x = 0;
      for (const tone of tones) x += tone.rms * Math.SQRT2 * Math.sin(tone.order * w * t + (tone.phaseDeg * Math.PI) / 180);
      return x;
    };
    for (let k = 0; k < sets; k++) {
      const t = this.t + k * T;
      v[k] = this.count(state.live ? wave(state.voltage, t + leadS(s.vLeadDeg)) / s.vcal : 0, s.vOffset);
      for (let c = 0; c < nCh; c++) {
        const tc = t + this.fe.skewUs[c] * 1e-6 + leadS(s.iLeadDeg[c] ?? 0);
        i[c][k] = this.count(state.live ? wave(state.currents[c], tc) / s.ical[c] : 0, s.iOffset[c] ?? 0);
      }
    }
    this.t += sets * T;
    return { v, i };
  }
}
