// The real serial path end to end: a simulated meter writes real TIC bytes at the real pace
// into one end of a socat pty pair; wes-serial-port + wes-tic-in read the other end inside
// Node-RED. Then the writer's end disappears and returns, and the node recovers by itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stopChild } from '../support/pty-pair';
import { ticOverPty, type TicOverPty } from '../support/tic-over-pty';
import { waitFor } from '../support/wait';

const WRITER = join(__dirname, '..', '..', 'scripts', 'tic-pty-writer.js');

describe('TIC over a real serial line (socat pty pair)', () => {
  let rig: TicOverPty;
  let writer: ChildProcess | undefined;
  const startWriter = (): ChildProcess =>
    spawn(process.execPath, [WRITER, '--device', rig.meterEnd, '--mode', 'historique', '--option', 'TEMPO', '--seed', '4'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  before(async () => {
    rig = await ticOverPty('tic');
    writer = startWriter();
  });

  after(async () => {
    if (writer) await stopChild(writer);
    await rig.stop();
  });

  it('decodes the bytes written at the wire pace', async () => {
    const { states, events } = rig;
    await waitFor(() => states.length >= 2, 'two decoded frames', 15_000);
    const p = states[1].payload as { mode: string; tariffOption: string; powerVA: number; tempo: { today: string | null } };
    assert.equal(p.mode, 'historique');
    assert.equal(p.tariffOption, 'TEMPO');
    assert.equal(typeof p.powerVA, 'number');
    assert.ok(['BLEU', 'BLANC', 'ROUGE'].includes(String(p.tempo.today)));
    assert.deepEqual(events, [], 'the first frames after start are not a recovery');
  });

  it('notices the line going away and recovers by itself when it returns', async () => {
    const { states, events } = rig;
    if (writer) await stopChild(writer);
    await rig.unplug();
    await waitFor(() => events.includes('tic-lost'), 'tic-lost', 10_000);
    const before = states.length;
    await rig.plugBack();
    writer = startWriter();
    await waitFor(() => events.includes('tic-recovered') && states.length > before, 'recovery', 30_000);
    assert.deepEqual(events.slice(0, 2), ['tic-lost', 'tic-recovered']);
  });
});
