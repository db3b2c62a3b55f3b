// tic-lost (which load shedding's fail-safe waits for) through the real serial path: a simulated
// meter writes TIC bytes into a socat pty pair, the writer stops (the line goes silent, the port
// stays open) and at that moment the wall clock steps back an hour. The event must still come
// after lostAfter seconds, dated on the (stepped) wall clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { collector, helper, loadFlow, startServer, stopServer, waitFor } from '../support/red-test-helper';
import { startPtyPair, stopChild, type PtyPair } from '../support/pty-pair';
import { restoreWallClock, stepWallClock } from '../support/wall-clock';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

const WRITER = join(__dirname, '..', '..', 'scripts', 'tic-pty-writer.js');
const A = `/tmp/wes-rel-tic-${process.pid}-a`;
const B = `/tmp/wes-rel-tic-${process.pid}-b`;
let pair: PtyPair | undefined;
let writer: ChildProcess | undefined;

before(async () => {
  await startServer();
  pair = await startPtyPair(A, B);
  writer = spawn(process.execPath, [WRITER, '--device', A, '--mode', 'historique', '--option', 'BASE', '--seed', '7'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
});
after(async () => {
  restoreWallClock();
  await helper.unload();
  if (writer) await stopChild(writer);
  if (pair) await pair.stop();
  await stopServer();
});

test('tic-lost comes after lostAfter seconds although the wall clock stepped back an hour', { timeout: 60_000 }, async () => {
  await loadFlow(
    [serialPortNode, ticInNode],
    [
      { id: 'port', type: 'wes-serial-port', path: B, baud: '1200', maskBit7: false },
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'serial',
        port: 'port',
        output: 'every',
        lostAfter: 2,
        wires: [['out'], ['events']],
      },
      { id: 'out', type: 'helper' },
      { id: 'events', type: 'helper' },
    ],
  );
  const states = collector('out');
  const events = collector('events');
  await waitFor(() => states.length >= 2, 'two decoded frames', 20_000);
  if (writer) await stopChild(writer);
  writer = undefined;
  stepWallClock(-3_600_000);
  const lost = (await waitFor(() => events.find((m) => (m.payload as { event: string }).event === 'tic-lost'), 'tic-lost', 8000)) as {
    payload: { time: string };
  };
  assert.ok(Math.abs(Date.parse(lost.payload.time) - Date.now()) < 10_000, 'the event is dated on the wall clock');
});
