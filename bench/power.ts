// The CT meter's costs, as ratios. (1) core/power alone: sample sets measured per second of CPU
// against the real-time need of four clamps plus voltage at emonLibCM's rate (1923 sets/s, 5
// samples each). (2) The simulated front end (synthesis + core). (3) wes-ct-meter inside
// Node-RED with the simulated front end: the share of one core it costs. (4) The accuracy the
// core reaches on synthetic waveforms at 12 bits, 1 A to 100 A, as a worst relative error.
import { PowerAccumulator, type SampleFrame } from '../nodes/core/power/accumulator';
import { defaultChannel, defaultVoltage, ICAL_SCT013_WES, PHASECAL_DEFAULT_DEG, VCAL_230_9 } from '../nodes/core/power/calibration';
import { SIM_FRONT_END, SimulatedCtFrontEnd } from '../nodes/core/sim/ct-front-end';
import { WaveformSynth, truePower } from '../nodes/core/sim/ct-waveform';
import { helper, loadFlow, startServer, stopServer, waitFor } from '../test/support/red-test-helper';
import ctMeterNode from '../nodes/wes-ct-meter/wes-ct-meter';

const SETS_PER_S = 1e6 / SIM_FRONT_END.setIntervalUs;

function cpuS(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
}

function sensor(seed: number) {
  const ical = [ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES];
  const lead = [PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG, PHASECAL_DEFAULT_DEG];
  return { vcal: VCAL_230_9, ical, vLeadDeg: 0, iLeadDeg: lead, nominalHz: 50, vOffset: 0, iOffset: [0, 0, 0, 0], noise: 0.5, seed };
}

function core(): void {
  const synth = new WaveformSynth(SIM_FRONT_END, sensor(1));
  const v = [
    { order: 1, rms: 230, phaseDeg: 0 },
    { order: 3, rms: 5, phaseDeg: 20 },
  ];
  const i = [
    { order: 1, rms: 10, phaseDeg: -30 },
    { order: 3, rms: 2, phaseDeg: 90 },
  ];
  const frames: SampleFrame[] = [];
  for (let k = 0; k < 100; k++) frames.push(synth.frame({ hz: 50, voltage: v, currents: [i, i, i, i], live: true }, 500));
  const acc = new PowerAccumulator({
    frontEnd: SIM_FRONT_END,
    voltage: defaultVoltage(),
    channels: [0, 1, 2, 3].map(defaultChannel),
    periodS: 10,
  });
  for (const f of frames) acc.push(f); // warm-up
  const rounds = 20;
  const s = cpuS(() => {
    for (let r = 0; r < rounds; r++) for (const f of frames) acc.push(f);
  });
  const setsPerCpuS = (rounds * 100 * 500) / s;
  console.log(
    `  core: ${((setsPerCpuS * 5) / 1e6).toFixed(1)} M samples/s (${(setsPerCpuS / 1e3).toFixed(0)} k sets of V + 4 I per CPU second); ` +
      `real time needs ${SETS_PER_S.toFixed(0)} sets/s: ${(setsPerCpuS / SETS_PER_S).toFixed(0)}× real time on one core`,
  );
}

function simulated(): void {
  const start = Date.UTC(2026, 5, 21, 10);
  const sim = new SimulatedCtFrontEnd({ seed: 1, pvPeakW: 3000, cuts: true }, start);
  const acc = new PowerAccumulator({
    frontEnd: SIM_FRONT_END,
    voltage: defaultVoltage(),
    channels: [0, 1, 2, 3].map(defaultChannel),
    periodS: 10,
  });
  const seconds = 120;
  let t = start;
  const s = cpuS(() => {
    for (let k = 0; k < seconds; k++) {
      t += 1000;
      for (const f of sim.advance(t)) acc.push(f);
    }
  });
  console.log(
    `  simulated front end (synthesis + core): ${(seconds / s).toFixed(0)}× real time (${((100 * s) / seconds).toFixed(2)} % of a core)`,
  );
}

function accuracy(): void {
  let worst = 0;
  let worstW = 0;
  let worstAt = '';
  for (const a of [1, 2, 5, 10, 20, 50, 100])
    for (const phase of [0, -30, -60, 60, 180]) {
      const synth = new WaveformSynth(SIM_FRONT_END, sensor(a * 7 + phase));
      const acc = new PowerAccumulator({
        frontEnd: SIM_FRONT_END,
        voltage: defaultVoltage(),
        channels: [0, 1, 2, 3].map(defaultChannel),
        periodS: 2,
      });
      const v = [{ order: 1, rms: 230, phaseDeg: 0 }];
      const i = [{ order: 1, rms: a, phaseDeg: phase }];
      const truth = truePower(v, i);
      const rs = [];
      for (let k = 0; k < 24; k++) rs.push(...acc.push(synth.frame({ hz: 50, voltage: v, currents: [i, i, i, i], live: true }, 500)));
      for (const r of rs.slice(1))
        for (const c of r.channels) {
          const err = Math.abs((c?.powerW ?? 0) - truth) / Math.abs(truth);
          worstW = Math.max(worstW, Math.abs((c?.powerW ?? 0) - truth));
          if (err > worst) {
            worst = err;
            worstAt = `${a} A at ${phase}°`;
          }
        }
    }
  console.log(
    `  accuracy, 12 bits, 1-100 A, PF 1 / 0.87 / 0.5 / export: worst P error ${(worst * 100).toFixed(3)} % (${worstAt}), worst absolute ${worstW.toFixed(2)} W; target 0.5 % or 2 W`,
  );
}

async function inNodeRed(): Promise<void> {
  await startServer();
  try {
    await loadFlow(
      [ctMeterNode],
      [
        { id: 'ct', type: 'wes-ct-meter', source: 'simulated', periodS: 1, simCuts: false, wires: [['out'], []] },
        { id: 'out', type: 'helper' },
      ],
    );
    let got = 0;
    helper.getNode('out').on('input', () => got++);
    await waitFor(() => got >= 4, 'a first period', 10_000);
    const w0 = Date.now();
    const c0 = process.cpuUsage();
    const from = got;
    await waitFor(() => got >= from + 4 * 8, 'eight more periods', 20_000, 50);
    const u = process.cpuUsage(c0);
    const wallS = (Date.now() - w0) / 1000;
    console.log(
      `  wes-ct-meter in Node-RED, simulated front end: ${((100 * (u.user + u.system)) / 1e6 / wallS).toFixed(2)} % of a core ` +
        `over ${wallS.toFixed(1)} s (synthesis, core, messages, the runtime's own idle included)`,
    );
    await helper.unload();
  } finally {
    await stopServer();
  }
}

async function main(): Promise<void> {
  console.log('CT meter (issue 12): ratios');
  core();
  simulated();
  accuracy();
  await inNodeRed();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
