// The simulated front end of the CT meter: the house of ct-scenario behind an emonTx-like ADC
// (12 bits, 3.3 V, V then four currents at 104 µs each), producing the sample sets that elapsed
// since the last call. The sensors lead by emonLibCM's default phase error, so the default
// calibration is the right one, and a user who changes it sees what a real unit would show.
import type { FrontEnd, SampleFrame } from '../power/accumulator';
import { ICAL_SCT013_WES, PHASECAL_DEFAULT_DEG, VCAL_230_9 } from '../power/calibration';
import { ctScenarioState, type CtScenarioOptions } from './ct-scenario';
import { WaveformSynth } from './ct-waveform';

export const SIM_FRONT_END: FrontEnd = { adcBits: 12, vrefV: 3.3, setIntervalUs: 520, skewUs: [104, 208, 312, 416] };

/** Longest stretch made up at once: after a stalled event loop the rest is skipped, not queued. */
const MAX_CATCH_UP_S = 2;
/** The scenario is looked up this often: 500 sets of 520 µs exactly, so signal time is wall time. */
const STEP_S = 0.26;

export class SimulatedCtFrontEnd {
  private readonly synth: WaveformSynth;
  private lastMs: number;
  private forcedCutUntil = 0;

  constructor(
    private readonly o: CtScenarioOptions,
    nowMs: number,
  ) {
    this.synth = new WaveformSynth(SIM_FRONT_END, {
      vcal: VCAL_230_9,
      ical: [ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES],
      vLeadDeg: 0,
      iLeadDeg: [PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG],
      nominalHz: 50,
      vOffset: 3,
      iOffset: [-2, 4, 1, -3],
      noise: 0.7,
      seed: o.seed,
    });
    this.lastMs = nowMs;
  }

  /** A mains cut from now for `seconds` (demos, tests of the events). */
  cut(nowMs: number, seconds: number): void {
    this.forcedCutUntil = nowMs + seconds * 1000;
  }

  /** The frames of the signal between the last call and `nowMs`. */
  advance(nowMs: number): SampleFrame[] {
    const from = Math.max(this.lastMs, nowMs - MAX_CATCH_UP_S * 1000);
    const setsPerS = 1e6 / SIM_FRONT_END.setIntervalUs;
    const frames: SampleFrame[] = [];
    let t = from;
    const step = STEP_S * 1000;
    while (nowMs - t >= step) {
      const st = ctScenarioState(this.o, t);
      if (t < this.forcedCutUntil) st.live = false;
      frames.push(this.synth.frame(st, Math.round(STEP_S * setsPerS)));
      t += step;
    }
    this.lastMs = t;
    return frames;
  }
}
