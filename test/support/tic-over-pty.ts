// The rig of the serial system tests: a socat pty pair, and wes-serial-port + wes-tic-in in
// Node-RED reading one end (auto speed, lost after 3 s), with every state and event collected.
// The test writes the meter's side itself (a writer process, or frames through a file handle).
import { helper, loadFlow, startServer, stopServer } from './red-test-helper';
import { startPtyPair, type PtyPair } from './pty-pair';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

export interface TicOverPty {
  /** The meter's end of the pair (write here). */
  meterEnd: string;
  /** wes-tic-in's output 1, in order. */
  states: { payload: unknown }[];
  /** The `event` of each output-2 message, in order. */
  events: string[];
  /** The line speed the port is at now. */
  baud(): number;
  /** Takes the pair away (a modem unplugged) … */
  unplug(): Promise<void>;
  /** … and brings it back under the same names. */
  plugBack(): Promise<void>;
  stop(): Promise<void>;
}

export async function ticOverPty(name: string): Promise<TicOverPty> {
  const meterEnd = `/tmp/wes-${name}-${process.pid}-a`;
  const readerEnd = `/tmp/wes-${name}-${process.pid}-b`;
  await startServer();
  let pair: PtyPair | undefined = await startPtyPair(meterEnd, readerEnd);
  await loadFlow(
    [serialPortNode, ticInNode],
    [
      { id: 'port', type: 'wes-serial-port', path: readerEnd, baud: 'auto', maskBit7: false },
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
  const states: { payload: unknown }[] = [];
  const events: string[] = [];
  helper.getNode('out').on('input', (m) => states.push(m as { payload: unknown }));
  helper.getNode('events').on('input', (m) => events.push((m.payload as { event: string }).event));
  const port = helper.getNode('port') as unknown as { baud: number };
  return {
    meterEnd,
    states,
    events,
    baud: () => port.baud,
    async unplug() {
      await pair?.stop();
      pair = undefined;
    },
    async plugBack() {
      pair = await startPtyPair(meterEnd, readerEnd);
    },
    async stop() {
      await helper.unload();
      await pair?.stop();
      await stopServer();
    },
  };
}
