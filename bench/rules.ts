// Load-shedding reaction time: from the last byte of an overload frame to the relay command.
// 1. In process: TicDecoder + readShedInput + the load-shedding reducer, timed from the push of the frame's
//    last byte (ETX) to the decision.
// 2. Inside Node-RED: the frame's bytes go down a real pty (socat) into wes-serial-port → wes-tic-in
//    → wes-load-shed → wes-relay-out on the simulated GPIO; timed from writing the last byte to the
//    relay's state message (the line has been driven by then).
// Both are printed against the 20 ms target and against the frame's own time on the wire.
import { openSync, writeSync, closeSync } from 'node:fs';
import { DEFAULT_BAUD, wireTimeMs } from '../nodes/core/tic/frame-encoder';
import { SimulatedMeter } from '../nodes/core/sim/simulated-meter';
import { TicDecoder, type TicSink } from '../nodes/core/tic/tic-decoder';
import { defaultShedOptions, type Decision } from '../nodes/core/rules/load-shed';
import { LoadShedEngine } from '../test/support/load-shed-harness';
import { readShedInput } from '../nodes/core/rules/shed-input';
import { startPtyPair } from '../test/support/pty-pair';
import { waitFor } from '../test/support/wait';
import { helper, loadFlow, startServer, stopServer } from '../test/support/red-test-helper';
import ticInNode from '../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../nodes/wes-serial-port/wes-serial-port';
import gpioNode from '../nodes/wes-gpio/wes-gpio';
import relayNode from '../nodes/wes-relay-out/wes-relay-out';
import loadShedNode from '../nodes/wes-load-shed/wes-load-shed';

const TARGET_MS = 20;
const T0 = Date.UTC(2026, 0, 15, 18);

function frames(mode: 'historique' | 'standard'): { normal: Buffer; overload: Buffer } {
  const meter = new SimulatedMeter({ mode, phases: 1, producer: false, option: 'BASE', subscribedKva: 9, seed: 5 }, T0);
  meter.forcePower(1500);
  const normal = meter.frame(T0 + 1000);
  meter.forcePower(12_000);
  const overload = meter.frame(T0 + 2000);
  return { normal, overload };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function core(mode: 'historique' | 'standard'): void {
  const { normal, overload } = frames(mode);
  const loads = [1, 2, 3].map((i) => ({ name: `load${i}`, powerW: 2000, kind: 'onoff' as const, minOnMs: 0, minOffMs: 0, rotate: false }));
  const basis = mode === 'standard' ? 'power' : 'current';
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const decoder = new TicDecoder();
    const engine = new LoadShedEngine({ ...defaultShedOptions(loads), restoreDelayMs: 0 }, T0);
    let got: Decision[] = [];
    const sink: TicSink = {
      frame(state) {
        const input = readShedInput({ topic: 'tic1', payload: state }, T0, { basis, fixedLimit: 0, voltageV: 230 });
        if (input.kind === 'sample') got = engine.sample(input.sample);
      },
      event() {
        /* not timed */
      },
    };
    decoder.push(normal, T0, sink);
    decoder.push(overload.subarray(0, overload.length - 1), T0, sink);
    const start = process.hrtime.bigint();
    decoder.push(overload.subarray(overload.length - 1), T0, sink);
    const us = Number(process.hrtime.bigint() - start) / 1000;
    if (got.length === 0) throw new Error('the overload frame shed nothing');
    if (i >= 200) samples.push(us); // after warm-up
  }
  const wire = wireTimeMs(overload.length, DEFAULT_BAUD[mode]);
  const p50 = percentile(samples, 50) / 1000;
  const p99 = percentile(samples, 99) / 1000;
  console.log(
    `  core, ${mode} (${overload.length} B frame, ${wire.toFixed(0)} ms on the wire at ${DEFAULT_BAUD[mode]} Bd): last byte → decision ` +
      `median ${(p50 * 1000).toFixed(0)} µs, p99 ${(p99 * 1000).toFixed(0)} µs = ${((p99 / TARGET_MS) * 100).toFixed(2)} % of the 20 ms target, ` +
      `${((p99 / wire) * 100).toFixed(3)} % of the frame's wire time`,
  );
}

async function inNodeRed(mode: 'historique' | 'standard'): Promise<void> {
  const { normal, overload } = frames(mode);
  const a = `/tmp/wes-bench-rules-${process.pid}-a`;
  const b = `/tmp/wes-bench-rules-${process.pid}-b`;
  const pair = await startPtyPair(a, b);
  await loadFlow(
    [serialPortNode, ticInNode, gpioNode, relayNode, loadShedNode],
    [
      { id: 'port', type: 'wes-serial-port', path: b, baud: String(DEFAULT_BAUD[mode]), maskBit7: false },
      { id: 'tic', type: 'wes-tic-in', topic: 'tic1', source: 'serial', port: 'port', output: 'every', wires: [['ls'], ['ls']] },
      { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
      {
        id: 'ls',
        type: 'wes-load-shed',
        basis: mode === 'standard' ? 'power' : 'current',
        restoreDelayS: 0,
        settleS: 0,
        rotateAfterMin: 0,
        loads: [{ name: 'load1', powerW: 2000, relay: 1 }],
        wires: [['r1'], []],
      },
      {
        id: 'r1',
        type: 'wes-relay-out',
        name: 'load1',
        gpio: 'g',
        line: 20,
        number: 1,
        startState: 'on',
        minOnS: 0,
        minOffS: 0,
        overrideMin: 0,
        wires: [['out']],
      },
      { id: 'out', type: 'helper' },
    ],
  );
  let offAt: bigint | null = null;
  let onCount = 0;
  helper.getNode('out').on('input', (m) => {
    if (m.payload === false && offAt === null) offAt = process.hrtime.bigint();
    if (m.payload === true) onCount++;
  });
  await waitFor(() => onCount >= 1, 'the relay to open its line', 10_000, 25);
  const fd = openSync(a, 'w');
  const samples: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const ons = onCount;
      writeSync(fd, normal); // below 80 %: the load comes back (restore delay 0)
      await waitFor(() => onCount > ons || i === 0, 'restore', 5000, 25);
      await new Promise((r) => setTimeout(r, 30));
      offAt = null;
      writeSync(fd, overload.subarray(0, overload.length - 1));
      await new Promise((r) => setTimeout(r, 30));
      const start = process.hrtime.bigint();
      writeSync(fd, overload.subarray(overload.length - 1));
      await waitFor(() => offAt !== null, 'the shed command', 5000, 25);
      const ms = Number((offAt as unknown as bigint) - start) / 1e6;
      if (i >= 5) samples.push(ms);
    }
  } finally {
    closeSync(fd);
    await helper.unload();
    await pair.stop();
  }
  const wire = wireTimeMs(overload.length, DEFAULT_BAUD[mode]);
  const p50 = percentile(samples, 50);
  const max = Math.max(...samples);
  console.log(
    `  Node-RED through a pty, ${mode}: last byte written → relay switched and reported: median ${p50.toFixed(2)} ms, max ${max.toFixed(2)} ms ` +
      `(${samples.length} overloads) = ${((max / TARGET_MS) * 100).toFixed(1)} % of the 20 ms target ${max < TARGET_MS ? '(met)' : '(MISSED)'}, ` +
      `${((max / wire) * 100).toFixed(2)} % of the frame's ${wire.toFixed(0)} ms wire time`,
  );
}

async function main(): Promise<void> {
  console.log('load shedding: from the last byte of an overload frame to the relay command (target < 20 ms)');
  core('historique');
  core('standard');
  await startServer();
  try {
    await inNodeRed('historique');
    await inNodeRed('standard');
  } finally {
    await stopServer();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
