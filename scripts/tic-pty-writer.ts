#!/usr/bin/env node
// Feeds a serial device (typically one end of a socat pty pair) with a simulated Linky's TIC
// bytes at the real wire pace, forever, reopening the device if it disappears. Used by the
// system tests and to try the nodes without a meter:
//   socat -d -d pty,raw,echo=0,link=/tmp/tic-a pty,raw,echo=0,link=/tmp/tic-b &
//   node dist/scripts/tic-pty-writer.js --device /tmp/tic-a --mode standard --option TEMPO
// then point wes-serial-port at /tmp/tic-b.
import { parseArgs } from 'node:util';
import { SimulatedMeter, type SimulatedMeterOptions } from '../nodes/core/sim/simulated-meter';
import { SimulatedTicSource } from '../nodes/io/serial/simulated-tic-source';
import { SerialPortSource } from '../nodes/io/serial/serial-port-source';
import { DEFAULT_BAUD } from '../nodes/core/tic/frame-encoder';

const USAGE = `usage: tic-pty-writer --device PATH [--mode historique|standard] [--phases 1|3] [--producer]
       [--option BASE|HC|TEMPO|EJP] [--kva N] [--seed N] [--speedup N] [--start ISO-DATE] [--tee]
  --speedup N   simulated time runs N× faster (the wire pace stays real)
  --start       simulated instant to begin at (default now)
  --tee         also copy every byte written to stdout (logs go to stderr)`;

function fail(message: string): never {
  process.stderr.write(`tic-pty-writer: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        device: { type: 'string' },
        mode: { type: 'string', default: 'standard' },
        phases: { type: 'string', default: '1' },
        producer: { type: 'boolean', default: false },
        option: { type: 'string', default: 'HC' },
        kva: { type: 'string', default: '9' },
        seed: { type: 'string', default: '1' },
        speedup: { type: 'string', default: '1' },
        start: { type: 'string' },
        tee: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const device = values.device ?? fail('--device is required');
  const mode = values.mode;
  if (mode !== 'historique' && mode !== 'standard') fail(`bad --mode ${mode}`);
  const phases = Number(values.phases);
  if (phases !== 1 && phases !== 3) fail(`bad --phases ${values.phases}`);
  const option = values.option.toUpperCase();
  if (!['BASE', 'HC', 'TEMPO', 'EJP'].includes(option)) fail(`bad --option ${values.option}`);
  const kva = Number(values.kva);
  const seed = Number(values.seed);
  const speedup = Number(values.speedup);
  if (!Number.isFinite(kva) || !Number.isInteger(seed) || !(speedup > 0)) fail('bad --kva, --seed or --speedup');
  const simStartMs = values.start !== undefined ? Date.parse(values.start) : Date.now();
  if (Number.isNaN(simStartMs)) fail(`bad --start ${String(values.start)}`);

  const meterOptions: SimulatedMeterOptions = {
    mode,
    phases,
    producer: values.producer,
    option: option as SimulatedMeterOptions['option'],
    subscribedKva: kva,
    seed,
  };
  const meter = new SimulatedMeter(meterOptions, simStartMs);
  const line = new SimulatedTicSource(meter, { speedup, simStartMs });
  const port = new SerialPortSource({ path: device, baudRate: DEFAULT_BAUD[mode], backoff: { initialMs: 200, maxMs: 2000 } });
  const log = (text: string): void => {
    process.stderr.write(`tic-pty-writer: ${text}\n`);
  };

  port.on('open', () => log(`writing ${mode} ${phases}-phase ${option} frames to ${device}`));
  port.on('error', (err) => log(`${err.message} (retrying)`));
  port.on('data', () => undefined); // a pty echoes nothing (raw, echo=0); ignore what comes back
  line.on('data', (chunk) => {
    // the meter never waits: bytes emitted while the device is away are lost, as on a real line
    if (port.write(chunk) && values.tee) process.stdout.write(chunk);
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    void Promise.all([line.stop(), port.stop()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  port.start();
  line.start();
}

main();
