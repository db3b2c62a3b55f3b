// The CT meter's serial source over a socat pty pair: a writer prints emonTx-style lines into
// one end, as an emonTx V3 CM firmware would, and wes-serial-port + wes-ct-meter read the other
// through the real serialport stack. Signed power, energy integrated from it, a mains cut seen
// as Vrms falling to 0 and a line of noise skipped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { helper, loadFlow, startServer, stopServer, waitFor } from '../support/red-test-helper';
import { startPtyPair, type PtyPair } from '../support/pty-pair';
import { readClampReading, type ClampReading } from '../../nodes/core/contracts/clamp';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

const A = `/tmp/wes-ct-${process.pid}-a`;
const B = `/tmp/wes-ct-${process.pid}-b`;

type Msg = { topic: string; payload: ClampReading };

describe('wes-ct-meter serial source over a pty pair', () => {
  let pair: PtyPair | undefined;
  let fh: FileHandle | undefined;
  const out: Msg[] = [];
  const events: string[] = [];

  before(async () => {
    await startServer();
    pair = await startPtyPair(A, B);
    fh = await open(A, 'w');
    await loadFlow(
      [serialPortNode, ctMeterNode],
      [
        // a pty ignores the speed; on a real line this is the MCU's 8N1
        { id: 'port', type: 'wes-serial-port', path: B, baud: '19200', dataBits: 8, parity: 'none', stopBits: 1 },
        { id: 'ct', type: 'wes-ct-meter', source: 'serial', port: 'port', lostAfterS: 5, ch3Invert: true, wires: [['out'], ['ev']] },
        { id: 'out', type: 'helper' },
        { id: 'ev', type: 'helper' },
      ],
    );
    helper.getNode('out').on('input', (m) => out.push(m as unknown as Msg));
    helper.getNode('ev').on('input', (m) => events.push((m.payload as { event: string }).event));
  });

  after(async () => {
    await fh?.close();
    await helper.unload();
    if (pair) await pair.stop();
    await stopServer();
  });

  it('reads signed power per clamp, with the voltage, on the clamp contract', async () => {
    await fh?.write('MSG:1,Vrms:230.1,P1:79,P2:-1200,P3:-400,P4:0,E1:0,E2:0,T1:20.5,pulse:1\r\n');
    await waitFor(() => out.length >= 4, 'four clamp messages');
    const by = (topic: string) => out.find((m) => m.topic === topic)?.payload;
    for (const m of out.slice(0, 4)) assert.ok(readClampReading(m).ok, JSON.stringify(m));
    assert.deepEqual([by('clamp1')?.powerW, by('clamp1')?.direction], [79, 'import']);
    assert.deepEqual([by('clamp2')?.powerW, by('clamp2')?.direction], [1200, 'export']);
    assert.deepEqual([by('clamp3')?.powerW, by('clamp3')?.direction], [400, 'import'], 'inverted in the node');
    assert.equal(by('clamp1')?.voltageV, 230.1);
  });

  it('skips a line of noise, integrates energy between lines, and sees a cut when Vrms drops', async () => {
    const before = out.length;
    await fh?.write('\u0000\u00ff garbage\n');
    // 3600 W for the time between two lines: the export index of clamp 2 grows
    await fh?.write('MSG:2,Vrms:229.8,P1:3600,P2:-3600,P3:0,P4:0\n');
    await waitFor(() => out.length >= before + 4, 'the next line');
    const t0 = Date.now();
    await waitFor(() => Date.now() - t0 >= 1100, 'a second between two lines', 3000, 50);
    await fh?.write('MSG:3,Vrms:229.8,P1:3600,P2:-3600,P3:0,P4:0\n');
    await waitFor(() => out.length >= before + 8, 'the third line');
    const last = (topic: string) => [...out].reverse().find((m) => m.topic === topic)?.payload;
    assert.ok((last('clamp1')?.energyImportWh ?? 0) >= 1, `import ${last('clamp1')?.energyImportWh}`);
    assert.ok((last('clamp2')?.energyExportWh ?? 0) >= 1, `export ${last('clamp2')?.energyExportWh}`);
    await fh?.write('MSG:4,Vrms:0.4,P1:0,P2:0,P3:0,P4:0\n');
    await waitFor(() => events.includes('mains-cut'), 'mains-cut');
    await fh?.write('MSG:5,Vrms:231,P1:10,P2:0,P3:0,P4:0\n');
    await waitFor(() => events.includes('mains-back'), 'mains-back');
    assert.deepEqual(events, ['mains-cut', 'mains-back']);
  });
});
