// npm run bench: pulse counting capacity and relay command latency of the real node code inside a
// Node-RED runtime (node-red-node-test-helper), on the fake GPIO backend, plus the cost of a relay
// write on the gpiod backend (a gpioset process restart, with a stand-in gpioset script).
// Figures are printed as ratios against what the hardware needs, so they hold on a noisy machine:
//   - the fastest S0 meter: 30 ms on + 30 ms off = 16.7 pulses/s (4 of them on a WES);
//   - a relay's own operate time (about 10 ms for a 10 A power relay).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeGpio } from '../nodes/io/gpio/fake-backend';
import { GpiodBackend } from '../nodes/io/gpio/gpiod-backend';
import { monotonicEpochMs } from '../nodes/io/gpio/types';
import type { WesGpioNode } from '../nodes/wes-gpio/gpio-node';
import { nodeRedPath } from '../test/support/node-red-path';
import gpioNode from '../nodes/wes-gpio/wes-gpio';
import pulseNode from '../nodes/wes-pulse-in/wes-pulse-in';
import relayNode from '../nodes/wes-relay-out/wes-relay-out';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-red-node-test-helper ships no types
const helper = require('node-red-node-test-helper');
const nodes = [gpioNode, pulseNode, relayNode];

interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: 'input', cb: (msg: Record<string, unknown>) => void): void;
}

const S0_MAX_HZ = 1000 / 60;
const RELAY_OPERATE_MS = 10;
const userDir = mkdtempSync(join(tmpdir(), 'wes-bench-'));
helper.init(nodeRedPath());
helper.settings({ userDir });

const tick = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function loadPulse(): Promise<{ fake: FakeGpio; received: () => number }> {
  await helper.load(nodes, [
    { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
    {
      id: 'p',
      type: 'wes-pulse-in',
      gpio: 'g',
      line: 17,
      kind: 'electricity',
      weight: 1,
      unit: 'Wh',
      debounceMs: 0,
      simRate: 0,
      persistS: 60,
      wires: [['out'], []],
    },
    { id: 'out', type: 'helper' },
  ]);
  const fake = (await (helper.getNode('g') as WesGpioNode).ready()) as FakeGpio;
  while (!fake.inputs.get(17)?.onEdge) await sleep(1);
  let n = 0;
  (helper.getNode('out') as TestNode).on('input', () => n++);
  return { fake, received: () => n };
}

/** Drive `rate` pulses/s for durationMs in real time; true when every pulse was counted and the driver kept pace. */
async function drive(rate: number, durationMs: number): Promise<{ ok: boolean; sent: number; got: number; lagMs: number }> {
  const { fake, received } = await loadPulse();
  const period = 1000 / rate;
  const start = monotonicEpochMs();
  let sent = 0;
  let lagMs = 0;
  for (;;) {
    const now = monotonicEpochMs();
    const due = Math.min(Math.floor(((now - start) / 1000) * rate), Math.floor((durationMs / 1000) * rate));
    lagMs = Math.max(lagMs, now - start - sent * period);
    while (sent < due) {
      const t = start + sent * period;
      fake.inject(17, 0, t);
      fake.inject(17, 1, t + period / 2);
      sent++;
    }
    if (now - start >= durationMs) break;
    await sleep(2);
  }
  const end = monotonicEpochMs();
  while (received() < sent && monotonicEpochMs() < end + 5000) await tick();
  // The backlog of messages still to deliver when the driving stopped counts as lag too: on hardware
  // it would sit in gpiomon's pipe and the kernel's event FIFO, which overflow.
  lagMs = Math.max(lagMs, monotonicEpochMs() - end);
  const got = received();
  await helper.unload();
  // Kept pace: never more than 100 ms behind the schedule.
  return { ok: got === sent && lagMs < 100, sent, got, lagMs };
}

async function saturate(n: number): Promise<number> {
  const { fake, received } = await loadPulse();
  const t0 = performance.now();
  let t = monotonicEpochMs();
  for (let i = 0; i < n; i++) {
    fake.inject(17, 0, t);
    fake.inject(17, 1, (t += 0.5));
    t += 0.5;
    if (i % 500 === 499) await tick();
  }
  while (received() < n) await tick();
  const rate = n / ((performance.now() - t0) / 1000);
  await helper.unload();
  return rate;
}

async function relayLatency(samples: number): Promise<number[]> {
  await helper.load(nodes, [
    { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
    {
      id: 'r',
      type: 'wes-relay-out',
      gpio: 'g',
      line: 27,
      number: 1,
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 0,
      wires: [[]],
    },
  ]);
  const fake = (await (helper.getNode('g') as WesGpioNode).ready()) as FakeGpio;
  while (!fake.outputs.has(27)) await sleep(1);
  await sleep(20);
  const relay = helper.getNode('r') as TestNode;
  const lat: number[] = [];
  for (let i = 0; i < samples; i++) {
    const done = new Promise<number>((resolve) => fake.once('write', (w: { tMs: number }) => resolve(w.tMs)));
    const t0 = monotonicEpochMs();
    relay.receive({ payload: i % 2 === 0 ? 'on' : 'off' });
    lat.push((await done) - t0);
    await sleep(1);
  }
  await helper.unload();
  return lat.sort((a, b) => a - b);
}

async function gpiodWriteLatency(samples: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-bench-gpiod-'));
  const gpioset = join(dir, 'gpioset');
  // exec: SIGTERM reaches a process that exits at once, as gpioset -m signal does.
  writeFileSync(gpioset, '#!/bin/sh\nexec sleep 3600\n');
  chmodSync(gpioset, 0o755);
  const b = await GpiodBackend.create({ chip: 'gpiochip0', gpioset, version: 1 });
  const out = await b.openOutput({ line: 27, initial: 0 });
  const lat: number[] = [];
  for (let i = 0; i < samples; i++) {
    await sleep(20);
    const t0 = performance.now();
    await out.write(i % 2 === 0 ? 1 : 0);
    lat.push(performance.now() - t0);
  }
  await b.close();
  rmSync(dir, { recursive: true, force: true });
  return lat.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  await new Promise<void>((r) => helper.startServer(r));
  console.log('# pulse counting and relay latency (wes-pulse-in / wes-relay-out inside Node-RED, fake GPIO backend)');

  const sat = await saturate(20_000);
  console.log(
    `saturation: ${sat.toFixed(0)} pulses/s through debounce + meter + message = ${(sat / S0_MAX_HZ).toFixed(0)}x the fastest S0 meter, ${(sat / (4 * S0_MAX_HZ)).toFixed(0)}x four of them`,
  );

  let best = 0;
  for (const rate of [500, 1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 50_000]) {
    const r = await drive(rate, 1500);
    console.log(
      `  real-time drive ${rate} pulses/s for 1.5 s: sent ${r.sent}, counted ${r.got}, max lag ${r.lagMs.toFixed(1)} ms -> ${r.ok ? 'no loss' : 'LOSS or fell behind'}`,
    );
    if (!r.ok) break;
    best = rate;
  }
  console.log(
    `highest rate counted without loss in real time: ${best} pulses/s = ${(best / S0_MAX_HZ).toFixed(0)}x the fastest S0 meter (16.7/s), ${(best / (4 * S0_MAX_HZ)).toFixed(0)}x four S0 meters`,
  );

  const lat = await relayLatency(300);
  const med = pct(lat, 0.5);
  const p99 = pct(lat, 0.99);
  console.log(
    `relay command message -> output line (fake backend): median ${med.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms = ${(med / RELAY_OPERATE_MS).toFixed(4)} / ${(p99 / RELAY_OPERATE_MS).toFixed(4)} of a relay's own ~10 ms operate time`,
  );

  const g = await gpiodWriteLatency(30);
  console.log(
    `gpiod backend write (stop gpioset, start a new one; stand-in script): median ${pct(g, 0.5).toFixed(1)} ms, p99 ${pct(g, 0.99).toFixed(1)} ms = ${(pct(g, 0.5) / RELAY_OPERATE_MS).toFixed(2)}x a relay's operate time`,
  );

  await new Promise<void>((r) => helper.stopServer(r));
  rmSync(userDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
