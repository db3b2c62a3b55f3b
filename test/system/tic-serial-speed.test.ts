// The speed hunt end to end over a pty. A pty ignores the baud rate, so the writer plays the
// UART: while the reader's termios speed differs from the meter's, it sends what a receiver
// at the wrong speed would deliver (a few bytes of framing debris per character, never a
// group), and the real bytes once the speeds agree.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { callsOf, helper, lastStatus } from '../support/red-test-helper';
import { ticOverPty, type TicOverPty } from '../support/tic-over-pty';
import { waitFor } from '../support/wait';
import { STD_TEMPO_MONO, frameOf } from '../support/tic-frames';
import { wireTimeMs } from '../../nodes/core/tic/frame-encoder';

/**
 * What a UART at `readerBaud` makes of `bytes` sent at `meterBaud`. Slower than the meter, it
 * sees one start bit per `ratio` characters and samples mostly idle-high bits with the start
 * bits of later characters as zeros; faster, it sees each meter bit as several of its own and
 * returns a run of 0x00 / 0xF0-like bytes per character. Neither ever contains LF … CR.
 */
function asSeenAt(bytes: Buffer, meterBaud: number, readerBaud: number): Buffer {
  if (meterBaud === readerBaud) return bytes;
  if (readerBaud < meterBaud) {
    const ratio = Math.round(meterBaud / readerBaud);
    const out = Buffer.alloc(Math.ceil(bytes.length / ratio));
    for (let i = 0; i < out.length; i++) out[i] = 0x80 | (bytes[i * ratio] & 0x01 ? 0x7e : 0x70);
    return out;
  }
  const out: number[] = [];
  for (const b of bytes) out.push(0x00, b & 0x01 ? 0xf0 : 0x80);
  return Buffer.from(out);
}

describe('TIC speed hunt over a socat pty pair (wrong speed emulated by the writer)', () => {
  let rig: TicOverPty;
  let fh: FileHandle | undefined;

  before(async () => {
    rig = await ticOverPty('ticspeed');
    fh = await open(rig.meterEnd, 'w');
  });

  after(async () => {
    await fh?.close();
    await rig.stop();
  });

  it('a standard meter at 9600 bd, reader starting at 1200 bd: the hunter moves to 9600 and frames decode', async () => {
    const baudNow = rig.baud;
    assert.equal(baudNow(), 1200, 'auto starts at the historique speed');
    const frame = frameOf(STD_TEMPO_MONO, 'standard');
    const end = Date.now() + 30_000;
    let atWrongSpeed = 0;
    while (rig.states.length < 3) {
      if (Date.now() > end) throw new Error(`no frame decoded (reader at ${baudNow()} bd)`);
      const seen = baudNow();
      if (seen !== 9600) atWrongSpeed++;
      else assert.ok(atWrongSpeed > 0, 'the hunt started at the wrong speed');
      await fh?.write(asSeenAt(frame, 9600, seen));
      // Not a wait for a result: a meter paces its frames at the wire's speed, the stimulus the hunter reads.
      await new Promise((r) => setTimeout(r, wireTimeMs(frame.length, 9600)));
    }
    assert.equal(baudNow(), 9600);
    // the status named the speed being tried, and no longer does once groups check out
    const ticNode = helper.getNode('tic');
    assert.ok(
      callsOf(ticNode, 'status').some((a) => /trying/.test(String((a[0] as { text?: string }).text))),
      'a status said which speed was tried',
    );
    const tic = helper.getNode('tic');
    const texts = (): string[] => callsOf(tic, 'status').map((a) => String((a[0] as { text?: string }).text));
    // the meter stops: the lost status names the port, which must now say the speed it locked on
    await waitFor(() => /TIC lost/.test(String(lastStatus(tic).text)), `TIC lost: ${texts().join(' | ')}`, 10_000);
    const lost = String(lastStatus(tic).text);
    assert.doesNotMatch(lost, /trying/);
    assert.match(lost, /9600/);
  });
});
