// The real serial stack against a real peer: a socat pty pair, the pty writer CLI feeding one
// end with a simulated Linky, SerialPortSource (serialport 13, 7E1) reading the other end.
// Then the "device" disappears (socat killed, links gone) and comes back: the source must
// reopen by itself, report the outage once, and receive data again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPortSource } from '../../nodes/io/serial/serial-port-source';
import { waitFor } from '../support/wait';

const WRITER = join(__dirname, '..', '..', 'scripts', 'tic-pty-writer.js');

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function startSocat(a: string, b: string): Promise<ChildProcess> {
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  await waitFor(() => existsSync(a) && existsSync(b), 'socat links');
  return socat;
}

test('SerialPortSource reads a pty fed by the writer, survives the device vanishing and comes back', { timeout: 30_000 }, async (t) => {
  if (spawnSync('socat', ['-V']).error) {
    t.skip('socat not installed (apt-get install -y socat)');
    return;
  }
  const id = `${process.pid}-${Date.now().toString(36)}`;
  const a = `/tmp/wes-${id}-a`;
  const b = `/tmp/wes-${id}-b`;
  let socat = await startSocat(a, b);
  const writer = spawn(
    process.execPath,
    [WRITER, '--device', a, '--mode', 'standard', '--option', 'TEMPO', '--phases', '3', '--seed', '5', '--tee'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const written: Buffer[] = [];
  writer.stdout?.on('data', (c: Buffer) => written.push(c));
  let writerLog = '';
  writer.stderr?.on('data', (c: Buffer) => {
    writerLog += c.toString();
  });

  const source = new SerialPortSource({ path: b, baudRate: 9600, backoff: { initialMs: 100, maxMs: 400 } });
  const received: Buffer[] = [];
  const errors: Error[] = [];
  let opens = 0;
  let closes = 0;
  source.on('data', (c) => received.push(c));
  source.on('error', (e) => errors.push(e));
  source.on('open', () => {
    opens++;
  });
  source.on('close', () => {
    closes++;
  });
  try {
    source.start();
    await waitFor(() => opens === 1, 'first open');
    await waitFor(() => Buffer.concat(received).length >= 1500, '1500 bytes');
    const first = Buffer.concat(received);
    // exactly the writer's bytes, in order, nothing altered by the 7E1 line settings
    await waitFor(() => Buffer.concat(written).includes(first), 'the writer to have teed those bytes');
    assert.ok(first.toString('latin1').includes('ADSC\t'), 'standard TIC groups');
    assert.equal(errors.length, 0);

    // the device vanishes
    socat.kill('SIGTERM');
    await exited(socat);
    await waitFor(() => source.state === 'retrying', 'the loss to be noticed');
    assert.equal(closes, 1);
    await waitFor(() => source.nextRetryDelayMs >= 400, 'a few failed reopen attempts');
    assert.equal(errors.length, 1, 'one error for the outage, not one per retry');
    const beforeReturn = Buffer.concat(received).length;

    // and comes back under the same name
    socat = await startSocat(a, b);
    await waitFor(() => opens === 2, 'reopen');
    await waitFor(() => Buffer.concat(received).length >= beforeReturn + 1000, 'data after the return');
    const after = Buffer.concat(received).subarray(beforeReturn);
    await waitFor(() => Buffer.concat(written).includes(after), 'the writer to have teed those bytes');
    assert.equal(errors.length, 1, `still one error: ${errors.map((e) => e.message).join(' | ')}`);
    assert.match(errors[0].message, /\/tmp\/wes-.*-b/);
    assert.equal(source.state, 'open');
  } finally {
    await source.stop();
    writer.kill('SIGTERM');
    const code = await exited(writer);
    socat.kill('SIGTERM');
    await exited(socat);
    assert.equal(code, 0, `writer exits cleanly on SIGTERM (log: ${writerLog})`);
  }
});
