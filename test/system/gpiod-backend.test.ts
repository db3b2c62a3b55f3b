// The character-device backend against stand-ins for Debian's gpiomon/gpioget/gpioset (libgpiod
// 1.6 command line and output format): real child processes, real pipes and signals, canned edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpiodBackend } from '../../nodes/io/gpio/gpiod-backend';
import { waitFor } from '../support/wait';

function script(dir: string, name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

test('gpiod backend (libgpiod 1.6 tools): kernel-stamped edges from gpiomon, outputs held by gpioset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-gpiod-'));
  const log = join(dir, 'calls.log');
  // CLOCK_MONOTONIC-like stamps (seconds since boot), as kernels >= 5.7 give.
  const gpiomon = script(
    dir,
    'gpiomon',
    `
if [ "$1" = "--version" ]; then echo "gpiomon (libgpiod) v1.6.3"; exit 0; fi
echo "gpiomon $*" >> ${log}
echo "0 17 100 000000000"
echo "1 17 100 045000000"
echo "0 99 100 050000000"
echo "not an event"
echo "0 17 101 000000000"
trap 'exit 0' TERM
while :; do sleep 0.05; done`,
  );
  const gpioget = script(dir, 'gpioget', `echo "gpioget $*" >> ${log}; echo 1`);
  const gpioset = script(
    dir,
    'gpioset',
    `echo "gpioset $*" >> ${log}
trap 'exit 0' TERM
while :; do sleep 0.05; done`,
  );

  const b = await GpiodBackend.create({ chip: 'gpiochip0', gpiomon, gpioget, gpioset });
  assert.equal(b.version, 1);
  assert.equal(b.description, 'gpiod v1 (gpiochip0)');
  const edges: { level: number; tMs: number }[] = [];
  const input = await b.openInput(
    { line: 17, bias: 'pull-up' },
    (e) => edges.push(e),
    () => undefined,
  );
  await waitFor(() => edges.length === 3, 'three edges of line 17');
  assert.deepEqual(
    edges.map((e) => e.level),
    [0, 1, 0],
  );
  assert.ok(Math.abs(edges[1].tMs - edges[0].tMs - 45) < 1e-6, 'intervals come from the kernel stamps');
  assert.ok(Math.abs(edges[0].tMs - Date.now()) < 7 * 86_400_000, 'stamps are mapped to epoch time');
  assert.equal(await input.read(), 0);

  const out = await b.openOutput({ line: 27, initial: 0 });
  const logged = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  await waitFor(() => logged().includes('27=0'), 'the first gpioset running');
  await out.write(1);
  assert.equal(out.level, 1);
  await waitFor(() => logged().includes('27=1'), 'the second gpioset running');
  await b.close();
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.deepEqual(calls, [
    'gpioget -B pull-up gpiochip0 17',
    'gpiomon -b -B pull-up -F %e %o %s %n gpiochip0 17',
    'gpioset -m signal gpiochip0 27=0',
    'gpioset -m signal gpiochip0 27=1',
  ]);
  rmSync(dir, { recursive: true, force: true });
});

test('gpiod backend: a gpiomon that dies is reported and restarted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-gpiod-'));
  const gpiomon = script(
    dir,
    'gpiomon',
    `
if [ "$1" = "--version" ]; then echo "gpiomon (libgpiod) v1.6.3"; exit 0; fi
echo "0 5 1 0"
echo "gpiomon: error waiting for events: Device or resource busy" >&2
exit 1`,
  );
  const gpioget = script(dir, 'gpioget', 'echo 1');
  const b = await GpiodBackend.create({ chip: 'gpiochip0', gpiomon, gpioget, respawnMs: 20 });
  const errors: string[] = [];
  let edges = 0;
  const h = await b.openInput(
    { line: 5, bias: 'as-is' },
    () => edges++,
    (e) => errors.push(e.message),
  );
  await waitFor(() => errors.length >= 2 && edges >= 2, 'two failures and a restart');
  assert.match(errors[0], /gpiomon for line 5 stopped \(exit 1\): gpiomon: error waiting for events: Device or resource busy/);
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
