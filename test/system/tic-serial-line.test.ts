// Issue 16 over a real pty: a standby meter on auto speed locks and stays locked, a
// three-phase overload cycle raises one overload and one overload-end, and a locked speed
// survives a 30 s silence, through the real serialport stack, wes-serial-port and wes-tic-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { helper, loadFlow, startServer, stopServer } from '../support/red-test-helper';
import { startPtyPair, type PtyPair } from '../support/pty-pair';
import { HIST_HC_TRI, HIST_TRI_SHORT, frameOf } from '../support/tic-frames';
import { wireTimeMs } from '../../nodes/core/tic/frame-encoder';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

const A = `/tmp/wes-ticline-${process.pid}-a`;
const B = `/tmp/wes-ticline-${process.pid}-b`;

describe('TIC line behaviour over a socat pty pair (issue 16)', () => {
  let pair: PtyPair | undefined;
  let fh: FileHandle | undefined;
  const states: { payload: { alerts: { overload: boolean } } }[] = [];
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
  /** Writes a frame and waits for its wire time at 1200 bd, as the meter would pace it. */
  async function send(frame: Buffer): Promise<void> {
    await fh?.write(frame);
    await new Promise((r) => setTimeout(r, wireTimeMs(frame.length, 1200)));
  }

  before(async () => {
    await startServer();
    pair = await startPtyPair(A, B);
    fh = await open(A, 'w');
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
      states.push(m as unknown as (typeof states)[number]);
      notify();
    });
    helper.getNode('events').on('input', (m) => {
      events.push((m.payload as { event: string }).event);
      notify();
    });
  });

  after(async () => {
    await fh?.close();
    await helper.unload();
    if (pair) await pair.stop();
    await stopServer();
  });

  it('a standby meter (ADCO-only frames) on auto speed locks at 1200 bd and stays there', async () => {
    const port = helper.getNode('port') as unknown as { baud: number };
    const standby = frameOf([{ label: 'ADCO', data: '031428097115' }], 'historique');
    // longer than the hunter's hop time (6 s): an unlocked hunter would have moved to 9600
    const frames = Math.ceil(8000 / wireTimeMs(standby.length, 1200));
    for (let i = 0; i < frames; i++) {
      await send(standby);
      assert.equal(port.baud, 1200, `frame ${i}`);
    }
    await until(() => events.includes('standby'), 5000, 'standby');
    assert.equal(states.length, 0, 'standby frames reach no output 1');
  });

  it('a three-phase overload cycle (short frames, a long frame, short frames) is one overload', async () => {
    const long = frameOf(HIST_HC_TRI, 'historique');
    const short = frameOf(HIST_TRI_SHORT, 'historique');
    const cycle = [long, short, short, short, long, short, short, short, long, long];
    for (const f of cycle) await send(f);
    await until(() => states.length >= cycle.length, 10_000, 'every frame decoded');
    assert.deepEqual(
      events.filter((e) => e.startsWith('overload')),
      ['overload', 'overload-end'],
    );
    assert.equal(states[states.length - 2].payload.alerts.overload, true, 'the long frame in the cycle keeps it');
    assert.equal(states[states.length - 1].payload.alerts.overload, false);
  });

  it('a locked speed survives 30 s of silence, and the first frame after it is decoded', async () => {
    const port = helper.getNode('port') as unknown as { baud: number };
    const long = frameOf(HIST_HC_TRI, 'historique');
    await send(long);
    await until(() => states.length > 0 && port.baud === 1200, 10_000, 'locked at 1200 bd');
    // the silence is the stimulus: longer than the hunter's 20 s doubt time, with the default
    // thresholds, so the port must not have moved when bytes come back
    const silenceEnd = Date.now() + 30_000;
    await until(() => events.includes('tic-lost'), 15_000, 'tic-lost');
    while (Date.now() < silenceEnd) {
      assert.equal(port.baud, 1200, 'a silent line proves nothing about the speed');
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.equal(port.baud, 1200);
    const before = states.length;
    await send(long);
    await until(() => states.length > before, 5000, 'the first frame after the silence');
    assert.equal(events[events.length - 1], 'tic-recovered');
    assert.equal(port.baud, 1200);
  });
});
