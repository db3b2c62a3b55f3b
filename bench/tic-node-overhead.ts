// The whole TIC input inside Node-RED: bytes arrive on a real pty (socat), go through
// wes-serial-port and wes-tic-in, and leave as messages. The CPU the process spends per frame,
// against the frame's time on the wire, is the share of one core a live meter costs.

import { open } from 'node:fs/promises';
import { wireTimeMs, DEFAULT_BAUD } from '../nodes/core/tic/frame-encoder';
import { SimulatedMeter } from '../nodes/core/sim/simulated-meter';
import { TicDecoder } from '../nodes/core/tic/tic-decoder';
import { startPtyPair } from '../test/support/pty-pair';
import { waitFor } from '../test/support/wait';
import { helper, loadFlow, startServer, stopServer } from '../test/support/red-test-helper';
import ticInNode from '../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../nodes/wes-serial-port/wes-serial-port';

function framesOf(mode: 'historique' | 'standard', count: number): Buffer[] {
  const meter = new SimulatedMeter(
    { mode, phases: 1, producer: false, option: 'TEMPO', subscribedKva: 9, seed: 7 },
    Date.UTC(2026, 10, 25, 18),
  );
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) out.push(meter.frame(Date.UTC(2026, 10, 25, 18) + i * 1500));
  return out;
}

function coreCpuPerFrameUs(frames: Buffer[]): number {
  const d = new TicDecoder();
  const sink = { frame: () => undefined, event: () => undefined };
  const t0 = process.cpuUsage();
  frames.forEach((f, i) => d.push(f, i * 1500, sink));
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / frames.length;
}

async function measure(mode: 'historique' | 'standard'): Promise<void> {
  const a = `/tmp/wes-bench-${process.pid}-a`;
  const b = `/tmp/wes-bench-${process.pid}-b`;
  const pair = await startPtyPair(a, b);
  let received = 0;
  await loadFlow(
    [serialPortNode, ticInNode],
    [
      { id: 'port', type: 'wes-serial-port', path: b, baud: mode === 'standard' ? '9600' : '1200', maskBit7: false },
      { id: 'tic', type: 'wes-tic-in', topic: 'tic1', source: 'serial', port: 'port', output: 'every', wires: [['out'], []] },
      { id: 'out', type: 'helper' },
    ],
  );
  helper.getNode('out').on('input', () => {
    received++;
  });
  const frames = framesOf(mode, 1500);
  coreCpuPerFrameUs(frames); // warm-up
  const core = coreCpuPerFrameUs(frames);
  await new Promise((r) => setTimeout(r, 300));
  const fh = await open(a, 'w');
  const t0 = process.cpuUsage();
  // paced in bursts so the pty buffer never overflows; a pty carries bytes at memory speed.
  // The writes are asynchronous: a writeSync that blocks on a full pty buffer also blocks the
  // event loop that must drain the other end, and the bench stalled
  for (let i = 0; i < frames.length; i += 20) {
    for (const f of frames.slice(i, i + 20)) await fh.write(f);
    const want = Math.min(i + 19, frames.length - 1);
    await waitFor(() => received >= want, `frame ${want}`, 20_000, 25);
  }
  await waitFor(() => received >= frames.length - 1, 'the last frames', 20_000, 25);
  const u = process.cpuUsage(t0);
  await fh.close();
  const perFrameUs = (u.user + u.system) / received;
  const wireUs = wireTimeMs(frames[0].length, DEFAULT_BAUD[mode]) * 1000;
  console.log(
    `  ${mode} (${frames[0].length} B frames): ${perFrameUs.toFixed(0)} µs of CPU per frame in Node-RED ` +
      `(serial read + decode + message; an upper bound, the bench's own polling included), of which the decoder ${core.toFixed(1)} µs; ` +
      `the wire takes ${(wireUs / 1000).toFixed(0)} ms: one live meter costs ${((100 * perFrameUs) / wireUs).toFixed(3)} % of a core`,
  );
  await helper.unload();
  await pair.stop();
}

export async function runTicNodeBench(): Promise<void> {
  await startServer();
  console.log("wes-tic-in inside Node-RED: CPU per frame from a real pty, against the frame's wire time");
  try {
    await measure('historique');
    await measure('standard');
  } finally {
    await stopServer();
  }
}

if (require.main === module) {
  runTicNodeBench().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
