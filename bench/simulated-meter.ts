// How much faster than real time the simulated meter produces its frames. Printed as ratios
// (simulated time / CPU time, wire time / CPU time) so the figures hold on a noisy machine.
import { SimulatedMeter, type SimulatedMeterOptions } from '../nodes/core/sim/simulated-meter';
import { DEFAULT_BAUD, wireTimeMs } from '../nodes/core/tic/frame-encoder';

const cases: [string, SimulatedMeterOptions][] = [
  ['historique mono BASE', { mode: 'historique', phases: 1, producer: false, option: 'BASE', subscribedKva: 6 }],
  ['historique mono TEMPO', { mode: 'historique', phases: 1, producer: false, option: 'TEMPO', subscribedKva: 9 }],
  ['standard mono HC', { mode: 'standard', phases: 1, producer: false, option: 'HC', subscribedKva: 9 }],
  ['standard tri producer TEMPO', { mode: 'standard', phases: 3, producer: true, option: 'TEMPO', subscribedKva: 12 }],
];

const start = Date.parse('2026-01-15T00:00:00Z');
console.log('case | frame bytes | wire time / generation time (1 frame) | simulated day / CPU time (frame every 2 s)');
for (const [name, options] of cases) {
  const meter = new SimulatedMeter({ ...options, seed: 1 }, start);
  let bytes = 0;
  let frames = 0;
  const t0 = process.hrtime.bigint();
  for (let t = start; t < start + 86_400_000; t += 2000) {
    bytes += meter.frame(t).length;
    frames++;
  }
  const cpuMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const perFrame = bytes / frames;
  const wire = wireTimeMs(perFrame, DEFAULT_BAUD[options.mode]);
  console.log(`${name} | ${perFrame.toFixed(0)} | ${(wire / (cpuMs / frames)).toFixed(0)}× | ${(86_400_000 / cpuMs).toFixed(0)}×`);
}
