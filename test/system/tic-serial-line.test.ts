// Issue 16 over a real pty: a standby meter on auto speed locks and stays locked, a
// three-phase overload cycle raises one overload and one overload-end, and a locked speed
// survives a 30 s silence, through the real serialport stack, wes-serial-port and wes-tic-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { ticOverPty, type TicOverPty } from '../support/tic-over-pty';
import { waitFor } from '../support/wait';
import { HIST_HC_TRI, HIST_TRI_SHORT, frameOf } from '../support/tic-frames';
import { wireTimeMs } from '../../nodes/core/tic/frame-encoder';

describe('TIC line behaviour over a socat pty pair (issue 16)', () => {
  let rig: TicOverPty;
  let fh: FileHandle | undefined;
  const states = (): { payload: { alerts: { overload: boolean } } }[] => rig.states as { payload: { alerts: { overload: boolean } } }[];
  /** Writes a frame and waits for its wire time at 1200 bd, as the meter would pace it. */
  async function send(frame: Buffer): Promise<void> {
    await fh?.write(frame);
    await new Promise((r) => setTimeout(r, wireTimeMs(frame.length, 1200)));
  }

  before(async () => {
    rig = await ticOverPty('ticline');
    fh = await open(rig.meterEnd, 'w');
  });

  after(async () => {
    await fh?.close();
    await rig.stop();
  });

  it('a standby meter (ADCO-only frames) on auto speed locks at 1200 bd and stays there', async () => {
    const standby = frameOf([{ label: 'ADCO', data: '031428097115' }], 'historique');
    // longer than the hunter's hop time (6 s): an unlocked hunter would have moved to 9600
    const frames = Math.ceil(8000 / wireTimeMs(standby.length, 1200));
    for (let i = 0; i < frames; i++) {
      await send(standby);
      assert.equal(rig.baud(), 1200, `frame ${i}`);
    }
    await waitFor(() => rig.events.includes('standby'), 'standby', 5000);
    assert.equal(states().length, 0, 'standby frames reach no output 1');
  });

  it('a three-phase overload cycle (short frames, a long frame, short frames) is one overload', async () => {
    const long = frameOf(HIST_HC_TRI, 'historique');
    const short = frameOf(HIST_TRI_SHORT, 'historique');
    const cycle = [long, short, short, short, long, short, short, short, long, long];
    for (const f of cycle) await send(f);
    await waitFor(() => states().length >= cycle.length, 'every frame decoded', 10_000);
    assert.deepEqual(
      rig.events.filter((e) => e.startsWith('overload')),
      ['overload', 'overload-end'],
    );
    assert.equal(states()[states().length - 2].payload.alerts.overload, true, 'the long frame in the cycle keeps it');
    assert.equal(states()[states().length - 1].payload.alerts.overload, false);
  });

  it('a locked speed survives 30 s of silence, and the first frame after it is decoded', async () => {
    const long = frameOf(HIST_HC_TRI, 'historique');
    await send(long);
    await waitFor(() => states().length > 0 && rig.baud() === 1200, 'locked at 1200 bd', 10_000);
    // the silence is the stimulus: longer than the hunter's 20 s doubt time, with the default
    // thresholds, so the port must not have moved when bytes come back
    const silenceEnd = Date.now() + 30_000;
    await waitFor(() => rig.events.includes('tic-lost'), 'tic-lost', 15_000);
    while (Date.now() < silenceEnd) {
      assert.equal(rig.baud(), 1200, 'a silent line proves nothing about the speed');
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.equal(rig.baud(), 1200);
    const before = states().length;
    await send(long);
    await waitFor(() => states().length > before, 'the first frame after the silence', 5000);
    assert.equal(rig.events[rig.events.length - 1], 'tic-recovered');
    assert.equal(rig.baud(), 1200);
  });
});
