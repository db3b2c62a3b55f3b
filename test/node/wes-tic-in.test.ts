// wes-tic-in inside a real Node-RED runtime (node-red-node-test-helper): the simulated meter's
// bytes go through the same decoder as a real line and come out as typed state and events.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, helper, loadFlow, nextMessage, startServer, stopServer, waitFor } from '../support/red-test-helper';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';

const load = (flow: object[]): Promise<void> => loadFlow([serialPortNode, ticInNode], flow);

const wires = [['out'], ['events']];
const sinks = [
  { id: 'out', type: 'helper' },
  { id: 'events', type: 'helper' },
];

describe('wes-tic-in', () => {
  before(startServer);
  after(stopServer);
  afterEach(() => helper.unload());

  it('decodes a simulated standard meter into typed state, topic and link counters', async () => {
    await load([
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'simulated',
        simMode: 'standard',
        simOption: 'TEMPO',
        simPhases: 1,
        simKva: 9,
        simSeed: 3,
        output: 'every',
        wires,
      },
      ...sinks,
    ]);
    const msg = await nextMessage('out');
    assert.equal(msg.topic, 'tic1');
    const p = msg.payload as Record<string, unknown>;
    assert.equal(p.mode, 'standard');
    assert.equal(p.tariffOption, 'TEMPO');
    assert.equal(typeof p.powerVA, 'number');
    assert.equal(typeof p.energyWh, 'number');
    assert.equal(p.subscribedPowerVA, 9000);
    assert.ok((p.labels as Record<string, unknown>).ADSC, 'every label is there');
    const link = msg.link as { state: string; framesCorrect: number };
    assert.equal(link.state, 'ok');
    assert.ok(link.framesCorrect >= 1);
  });

  it('decodes a simulated historique three-phase meter', async () => {
    await load([
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'meter-b',
        source: 'simulated',
        simMode: 'historique',
        simOption: 'HC',
        simPhases: 3,
        simKva: 12,
        simSeed: 5,
        output: 'every',
        wires,
      },
      ...sinks,
    ]);
    // A three-phase historique meter sends short frames (ADIR, IINST per phase, no OPTARIF) while
    // a phase is overloaded; the simulated load follows the time of day, so at an evening peak
    // the first frames can be short ones. The contract comes with the first long frame.
    const msg = await nextMessage('out', (m) => 'OPTARIF' in ((m.payload as { labels?: object }).labels ?? {}), 60_000);
    const p = msg.payload as {
      mode: string;
      phases: number;
      currentA: number[];
      tariffOption: string;
      energyByPeriodWh: Record<string, number>;
    };
    assert.equal(msg.topic, 'meter-b');
    assert.equal(p.mode, 'historique');
    assert.equal(p.phases, 3);
    assert.equal(p.currentA.length, 3);
    assert.equal(p.tariffOption, 'HC');
    assert.deepEqual(Object.keys(p.energyByPeriodWh).sort(), ['HCHC', 'HCHP']);
  });

  it('raises an overload event when the simulated load exceeds the subscription, and its end', async () => {
    await load([
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'simulated',
        simMode: 'standard',
        simOption: 'BASE',
        simPhases: 1,
        simKva: 6,
        simSeed: 2,
        output: 'every',
        wires,
      },
      ...sinks,
    ]);
    await nextMessage('out');
    const overload = nextMessage('events', (m) => (m.payload as { event: string }).event === 'overload');
    helper.getNode('tic').receive({ payload: { forcePowerVA: 9000 } });
    const ev = await overload;
    assert.equal(ev.topic, 'tic1/event');
    assert.match(String((ev.payload as { time: string }).time), /^\d{4}-\d\d-\d\dT/);
    const end = nextMessage('events', (m) => (m.payload as { event: string }).event === 'overload-end');
    helper.getNode('tic').receive({ payload: { forcePowerVA: null } });
    await end;
  });

  it('rejects a bad input message with a catchable error and keeps running', async () => {
    await load([
      { id: 'tic', type: 'wes-tic-in', topic: 'tic1', source: 'simulated', simMode: 'standard', simOption: 'HC', output: 'every', wires },
      ...sinks,
    ]);
    const node = helper.getNode('tic');
    node.receive({ payload: { forcePowerVA: 'lots' } });
    node.receive({ payload: 'hello' });
    await waitFor(() => callsOf(node, 'error').length >= 2, 'both refusals');
    const errors = callsOf(node, 'error');
    assert.equal(errors.length, 2);
    assert.match(String(errors[0][0]), /forcePowerVA/);
    assert.deepEqual((errors[1][1] as { payload: unknown }).payload, 'hello', 'the message goes with the error, for a Catch node');
    await nextMessage('out');
  });

  it('an invalid configuration gives a red status and an error, not a crash', async () => {
    await load([{ id: 'tic', type: 'wes-tic-in', topic: '', source: 'telepathy', output: 'every', wires }, ...sinks]);
    const node = helper.getNode('tic');
    const errors = callsOf(node, 'error');
    assert.equal(errors.length, 1);
    assert.match(String(errors[0][0]), /invalid configuration: .*source/);
    assert.deepEqual(callsOf(node, 'status').at(-1)?.[0], { fill: 'red', shape: 'ring', text: 'invalid configuration' });
  });

  it('a serial source without a port config says so in its status', async () => {
    await load([{ id: 'tic', type: 'wes-tic-in', topic: 'tic1', source: 'serial', port: 'missing', output: 'every', wires }, ...sinks]);
    const node = helper.getNode('tic');
    assert.match(String(callsOf(node, 'error')[0]?.[0]), /no serial port/);
    assert.equal((callsOf(node, 'status').at(-1)?.[0] as { fill: string }).fill, 'red');
  });

  it('outputs only on change when asked', async () => {
    await load([
      {
        id: 'tic',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'simulated',
        simMode: 'standard',
        simOption: 'BASE',
        output: 'change',
        wires,
      },
      ...sinks,
    ]);
    const m = await nextMessage('out');
    assert.equal((m.payload as { mode: string }).mode, 'standard');
  });

  it('reads a meter from a port whose backend is simulated, and forcePowerVA drives it through the port', async () => {
    await load([
      {
        id: 'port',
        type: 'wes-serial-port',
        backend: 'simulated',
        path: '',
        baud: 'auto',
        simMode: 'historique',
        simOption: 'BASE',
        simPhases: '1',
        simKva: '6',
        simSeed: '7',
        simSpeedup: '',
      },
      { id: 'tic', type: 'wes-tic-in', topic: 'tic9', port: 'port', output: 'every', wires },
      ...sinks,
    ]);
    const msg = await nextMessage('out');
    assert.equal(msg.topic, 'tic9');
    assert.equal((msg.payload as { mode: string }).mode, 'historique');
    assert.equal((msg.payload as { subscribedPowerVA: number }).subscribedPowerVA, 6000);
    const overload = nextMessage('events', (m) => (m.payload as { event: string }).event === 'overload');
    helper.getNode('tic').receive({ payload: { forcePowerVA: 9000 } });
    await overload;
    assert.equal(callsOf(helper.getNode('tic'), 'error').length, 0);
  });

  it('forcePowerVA is refused when the port is a real line', async () => {
    await load([
      { id: 'port', type: 'wes-serial-port', path: '/dev/wes-no-such-tty', baud: '1200' },
      { id: 'tic', type: 'wes-tic-in', topic: 'tic1', port: 'port', output: 'every', wires },
      ...sinks,
    ]);
    const node = helper.getNode('tic');
    node.receive({ payload: { forcePowerVA: 100 } });
    await new Promise<void>((r) => {
      const poll = (): void => {
        if (callsOf(node, 'error').some((c) => /simulated meter/.test(String(c[0])))) r();
        else setImmediate(poll);
      };
      poll();
    });
  });

  it('an old-format flow (source and sim* on the input, env placeholders, a serial port beside it) still runs its simulated meter', async () => {
    process.env.WES_TIC1_SOURCE = 'simulated';
    process.env.WES_TIC1_PORT = '/dev/ttyAMA0';
    process.env.WES_TIC1_BAUD = 'auto';
    // copied from flows/wes-supervisor.json before the port carried the backend
    const oldPort = {
      id: '502734a81136deab',
      type: 'wes-serial-port',
      name: 'Meter 1 TIC port',
      path: '${WES_TIC1_PORT}',
      baud: '${WES_TIC1_BAUD}',
    };
    const oldTic = {
      id: 'b15141f968b38999',
      type: 'wes-tic-in',
      z: '8192325861dbc612',
      name: 'Meter 1 · Linky Tempo',
      topic: 'tic1',
      source: '${WES_TIC1_SOURCE}',
      port: '502734a81136deab',
      simMode: 'standard',
      simPhases: 1,
      simProducer: false,
      simOption: 'TEMPO',
      simKva: 9,
      simSeed: 1,
      output: 'every',
      interval: 10,
      lostAfter: 10,
      x: 360,
      y: 120,
      wires: [['out'], ['events']],
    };
    try {
      await load([oldPort, { ...oldTic }, ...sinks.map((n) => ({ ...n, z: '8192325861dbc612' })), { id: '8192325861dbc612', type: 'tab' }]);
      const msg = await nextMessage('out');
      const p = msg.payload as { mode: string; tariffOption: string; subscribedPowerVA: number };
      assert.equal(msg.topic, 'tic1');
      assert.equal(p.mode, 'standard');
      assert.equal(p.tariffOption, 'TEMPO');
      assert.equal(p.subscribedPowerVA, 9000);
      assert.equal(callsOf(helper.getNode('b15141f968b38999'), 'error').length, 0);
    } finally {
      delete process.env.WES_TIC1_SOURCE;
      delete process.env.WES_TIC1_PORT;
      delete process.env.WES_TIC1_BAUD;
    }
  });

  it('the port backend follows an env placeholder, as the shipped flow sets the source', async () => {
    process.env.WES_TIC9_SOURCE = 'simulated';
    try {
      await load([
        {
          id: 'port',
          type: 'wes-serial-port',
          backend: '${WES_TIC9_SOURCE}',
          path: '/dev/wes-no-such-tty',
          baud: 'auto',
          simMode: 'standard',
          simOption: 'EJP',
          configVersion: 1,
        },
        { id: 'tic', type: 'wes-tic-in', topic: 'tic1', port: 'port', output: 'every', configVersion: 1, wires },
        ...sinks,
      ]);
      const msg = await nextMessage('out');
      assert.equal((msg.payload as { tariffOption: string }).tariffOption, 'EJP');
    } finally {
      delete process.env.WES_TIC9_SOURCE;
    }
  });

  it('a serial port without a device, or with a line setting it cannot have, is refused with its reason', async () => {
    await load([
      { id: 'p1', type: 'wes-serial-port', backend: 'serial', path: '', baud: 'auto' },
      { id: 'p2', type: 'wes-serial-port', path: '/dev/ttyUSB0', baud: 'auto', parity: 'mark' },
      { id: 'tic', type: 'wes-tic-in', topic: 'tic1', port: 'p1', output: 'every', wires },
      ...sinks,
    ]);
    assert.match(String(callsOf(helper.getNode('p1'), 'error')[0]?.[0]), /path: a serial port needs a device/);
    assert.match(String(callsOf(helper.getNode('p2'), 'error')[0]?.[0]), /parity/);
    assert.match(String(callsOf(helper.getNode('tic'), 'error')[0]?.[0]), /invalid configuration \(see its error\)/);
  });
});
