// The real serial path end to end: a simulated meter writes real TIC bytes at the real pace
// into one end of a socat pty pair; wes-serial-port + wes-tic-in read the other end inside
// Node-RED. Then the writer's end disappears and returns, and the node recovers by itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { helper, loadFlow, startServer, stopServer } from '../support/red-test-helper';
import { startPtyPair, stopChild, type PtyPair } from '../support/pty-pair';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

const WRITER = join(__dirname, '..', '..', 'scripts', 'tic-pty-writer.js');
const A = `/tmp/wes-tic-${process.pid}-a`;
const B = `/tmp/wes-tic-${process.pid}-b`;

function startWriter(): ChildProcess {
  return spawn(process.execPath, [WRITER, '--device', A, '--mode', 'historique', '--option', 'TEMPO', '--seed', '4'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('TIC over a real serial line (socat pty pair)', () => {
  let pair: PtyPair | undefined;
  let writer: ChildProcess | undefined;
  const states: Record<string, unknown>[] = [];
  const events: string[] = [];
  const waiters: (() => void)[] = [];
  const notify = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  before(async () => {
    await startServer();
    pair = await startPtyPair(A, B);
    writer = startWriter();
    await loadFlow(
      [serialPortNode, ticInNode],
      [
        { id: 'port', type: 'wes-serial-port', path: B, baud: 'auto', maskBit7: false },
        {
          id: 'tic',
          type: 'wes-tic-in',
          topic: 'tic1',
          source: 'serial',
          port: 'port',
          output: 'every',
          lostAfter: 3,
          wires: [['out'], ['events']],
        },
        { id: 'out', type: 'helper' },
        { id: 'events', type: 'helper' },
      ],
    );
    helper.getNode('out').on('input', (m) => {
      states.push(m);
      notify();
    });
    helper.getNode('events').on('input', (m) => {
      events.push((m.payload as { event: string }).event);
      notify();
    });
  });

  after(async () => {
    await helper.unload();
    if (writer) await stopChild(writer);
    if (pair) await pair.stop();
    await stopServer();
  });

  it('decodes the bytes written at the wire pace', async () => {
    await until(() => states.length >= 2, 15_000, 'two decoded frames');
    const p = states[1].payload as { mode: string; tariffOption: string; powerVA: number; tempo: { today: string | null } };
    assert.equal(p.mode, 'historique');
    assert.equal(p.tariffOption, 'TEMPO');
    assert.equal(typeof p.powerVA, 'number');
    assert.ok(['BLEU', 'BLANC', 'ROUGE'].includes(String(p.tempo.today)));
    assert.deepEqual(events, [], 'the first frames after start are not a recovery');
  });

  it('notices the line going away and recovers by itself when it returns', async () => {
    if (writer) await stopChild(writer);
    if (pair) await pair.stop();
    await until(() => events.includes('tic-lost'), 10_000, 'tic-lost');
    const before = states.length;
    pair = await startPtyPair(A, B);
    writer = startWriter();
    await until(() => events.includes('tic-recovered') && states.length > before, 30_000, 'recovery');
    assert.deepEqual(events.slice(0, 2), ['tic-lost', 'tic-recovered']);
  });
});
