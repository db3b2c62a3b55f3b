// wes-modbus in raw mode against a real slave that is not ours: pymodbus (test/peers/raw_slave.py)
// serving coils, discrete inputs and registers over TCP, and over RTU through a socat pty pair.
// Function codes 1 and 2 read the slave's image; 5, 6 and 15 written by our node are checked in
// the slave's own datastore (it prints every write) and read back by mbpoll, an independent
// master; what mbpoll writes, our node reads back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helper, loadFlow, startServer, stopServer, waitFor } from '../support/red-test-helper';
import { startPtyPair, stopChild } from '../support/pty-pair';
import { freePort } from '../support/supervisor-process';
import busNode from '../../nodes/wes-modbus-bus/wes-modbus-bus';
import modbusNode from '../../nodes/wes-modbus/wes-modbus';

type Msg = Record<string, unknown>;
const PEER = join(__dirname, '..', '..', '..', 'test', 'peers', 'raw_slave.py');
const IMAGE = {
  co: [1, 0, 1, 1, 0, 0, 0, 1, 1, 1],
  di: [0, 1, 1, 0, 1, 0, 0, 0, 1],
  hr: [10, 65535, 3],
};
const bits = (xs: number[]): Record<string, boolean> => Object.fromEntries(xs.map((b, i) => [String(i), b === 1]));
const missing = (cmd: string, arg = '-V'): boolean => spawnSync(cmd, [arg]).error !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'wes-modbus-raw-'));
const imagePath = join(dir, 'image.json');
writeFileSync(imagePath, JSON.stringify(IMAGE));

interface Slave {
  child: ChildProcess;
  /** The writes the slave stored, as it printed them: "fc address [values]". */
  writes: string[];
}

async function startSlave(args: string[]): Promise<Slave> {
  const child = spawn('/usr/bin/python3', [PEER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const writes: string[] = [];
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const m of out.matchAll(/^write (.+)$/gm)) if (!writes.includes(m[1])) writes.push(m[1]);
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await waitFor(
    () => out.includes('ready'),
    'the pymodbus slave',
    8000,
    20,
    () => out + err,
  );
  return { child, writes };
}

function mbpoll(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('mbpoll', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** mbpoll's "[address]: value" lines (for registers, the unsigned value before "(signed)"). */
function polled(out: string): Record<string, number> {
  const got: Record<string, number> = {};
  for (const m of out.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm)) got[m[1]] = Number(m[2]);
  return got;
}

/** Sends one message to a wes-modbus node; resolves with its output or the error a Catch node got. */
function ask(id: string, msg: Msg): Promise<{ out?: Msg; error?: string }> {
  return new Promise((resolve) => {
    // the helper's node type names only `on`; the node is an EventEmitter
    const out = helper.getNode('out') as unknown as EventEmitter;
    const caught = helper.getNode('caught') as unknown as EventEmitter;
    const onOut = (m: Msg): void => {
      if (m._msgid !== sent._msgid) return;
      done();
      resolve({ out: m });
    };
    const onErr = (m: Msg): void => {
      done();
      resolve({ error: String((m.error as Msg).message) });
    };
    const done = (): void => {
      out.removeListener('input', onOut);
      caught.removeListener('input', onErr);
    };
    out.on('input', onOut);
    caught.on('input', onErr);
    const sent = { _msgid: `m${Math.random().toString(16).slice(2)}`, ...msg };
    helper.getNode(id).receive(sent);
  });
}

const rawNode = (id: string, extra: Msg): Msg => ({
  id,
  type: 'wes-modbus',
  bus: 'bus',
  topic: `raw-${id}`,
  mode: 'raw',
  unitId: 1,
  poll: 0,
  wires: [['out']],
  ...extra,
});

function flow(bus: Msg, unitId: number): object[] {
  return [
    { id: 'bus', type: 'wes-modbus-bus', timeout: 500, retries: 1, ...bus },
    // function codes from the node's config...
    rawNode('coils', { fc: 1, address: 0, count: 10, unitId }),
    rawNode('inputs', { fc: 2, address: 0, count: 9, unitId }),
    rawNode('coil', { fc: 5, address: 30, unitId }),
    rawNode('register', { fc: 6, address: 5, valueType: 'i16', unitId }),
    rawNode('manyCoils', { fc: 15, address: 20, unitId }),
    // ...and from msg.modbus
    rawNode('any', { fc: 3, address: 0, count: 1, unitId }),
    { id: 'c', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'out', type: 'helper' },
    { id: 'caught', type: 'helper' },
  ];
}

before(startServer);
after(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'TCP: FC 1 and 2 read the image, FC 5, 6 and 15 land in the slave and mbpoll reads them back, and the reverse',
  { timeout: 30_000 },
  async (t) => {
    if (missing('/usr/bin/python3') || missing('mbpoll')) {
      t.skip('python3-pymodbus or mbpoll not installed');
      return;
    }
    const port = await freePort();
    const slave = await startSlave(['tcp', String(port), imagePath, '1']);
    const mb = (args: string[], values: string[] = []) =>
      mbpoll(['-m', 'tcp', '-p', String(port), '-a', '1', '-0', '-1', ...args, '127.0.0.1', ...values]);
    try {
      await loadFlow([busNode, modbusNode], flow({ backend: 'tcp', host: '127.0.0.1', port }, 1));
      await waitFor(async () => (await ask('coils', {})).out, 'the TCP bus answering', 10_000, 50);

      // FC 1 / FC 2: the image as the slave holds it, and as mbpoll sees it
      const coils = await ask('coils', {});
      assert.deepEqual(coils.out?.payload, bits(IMAGE.co));
      assert.deepEqual((coils.out?.modbus as Msg).fc, 1);
      const seen = polled((await mb(['-t', '0', '-r', '0', '-c', '10'])).out);
      assert.deepEqual(
        Object.values(seen).map((v) => v === 1),
        Object.values(coils.out?.payload as Record<string, boolean>),
      );
      const inputs = await ask('inputs', {});
      assert.deepEqual(inputs.out?.payload, bits(IMAGE.di));
      const seenDi = polled((await mb(['-t', '1', '-r', '0', '-c', '9'])).out);
      assert.deepEqual(seenDi, Object.fromEntries(IMAGE.di.map((b, i) => [String(i), b])));
      // a bit count that is not a multiple of 8 keeps its length
      const three = await ask('any', { modbus: { fc: 2, address: 1, count: 3 } });
      assert.deepEqual(three.out?.payload, { '1': true, '2': true, '3': false });

      // FC 5: one coil on, then off
      assert.equal((await ask('coil', { payload: true })).out?.payload, true);
      await waitFor(
        () => slave.writes.includes('5 30 [1]'),
        'the slave storing coil 30 = 1',
        5000,
        10,
        () => slave.writes.join('\n'),
      );
      assert.deepEqual(polled((await mb(['-t', '0', '-r', '30', '-c', '1'])).out), { '30': 1 });
      await ask('coil', { payload: 0 });
      assert.deepEqual(polled((await mb(['-t', '0', '-r', '30', '-c', '1'])).out), { '30': 0 });

      // FC 6: a signed 16-bit value, two's complement on the wire
      assert.deepEqual((await ask('register', { payload: -1234 })).out?.modbus, { unitId: 1, fc: 6, address: 5, written: true });
      await waitFor(
        () => slave.writes.includes('6 5 [64302]'),
        'the slave storing register 5 = 64302',
        5000,
        10,
        () => slave.writes.join('\n'),
      );
      assert.match((await mb(['-t', '4', '-r', '5', '-c', '1'])).out, /\[5\]:\s+64302 \(-1234\)/);
      const back = await ask('any', { modbus: { address: 5, type: 'i16' } });
      assert.deepEqual(back.out?.payload, { '5': -1234 });

      // FC 15: several coils in one request
      const pattern = [true, false, true, true, false, false, true, true, true, false, true];
      await ask('manyCoils', { payload: pattern });
      await waitFor(
        () => slave.writes.includes('15 20 [1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1]'),
        'the slave storing coils 20..30',
        5000,
        10,
        () => slave.writes.join('\n'),
      );
      const seen15 = polled((await mb(['-t', '0', '-r', '20', '-c', '11'])).out);
      assert.deepEqual(
        Object.values(seen15).map((v) => v === 1),
        pattern,
      );

      // the reverse: mbpoll writes, our node reads
      const w = await mb(['-t', '0', '-r', '40'], ['1', '1', '0', '1']);
      assert.equal(w.code, 0, w.out);
      const readCoils = await ask('any', { modbus: { fc: 1, address: 40, count: 4 } });
      assert.deepEqual(readCoils.out?.payload, { '40': true, '41': true, '42': false, '43': true });
      const wr = await mb(['-t', '4', '-r', '50'], ['4242']);
      assert.equal(wr.code, 0, wr.out);
      assert.ok(slave.writes.includes('6 50 [4242]'), `mbpoll's single value is a function 6: ${slave.writes.join(' | ')}`);
      assert.deepEqual((await ask('any', { modbus: { address: 50 } })).out?.payload, { '50': 4242 });

      // refusals: a value FC 5 cannot carry, a coil beyond the slave's 100
      assert.match((await ask('coil', { payload: 2 })).error ?? '', /function 5/);
      assert.match((await ask('any', { modbus: { fc: 1, address: 99, count: 5 } })).error ?? '', /ILLEGAL DATA ADDRESS/);
    } finally {
      await helper.unload();
      await stopChild(slave.child);
    }
  },
);

test(
  'RTU over a pty pair: FC 1, 2 read; FC 5, 6, 15 stored by the slave; mbpoll reads them back on the same line afterwards',
  { timeout: 30_000 },
  async (t) => {
    if (missing('/usr/bin/python3') || missing('socat') || missing('mbpoll')) {
      t.skip('python3-pymodbus, socat or mbpoll not installed');
      return;
    }
    const a = `/tmp/wes-modbus-raw-${process.pid}-a`;
    const b = `/tmp/wes-modbus-raw-${process.pid}-b`;
    const pty = await startPtyPair(a, b);
    const slave = await startSlave(['rtu', a, imagePath, '3']);
    try {
      await loadFlow([busNode, modbusNode], flow({ backend: 'rtu', path: b, baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, 3));
      await waitFor(async () => (await ask('coils', {})).out, 'the RTU bus answering', 10_000, 50);
      assert.deepEqual((await ask('coils', {})).out?.payload, bits(IMAGE.co));
      assert.deepEqual((await ask('inputs', {})).out?.payload, bits(IMAGE.di));

      await ask('coil', { payload: true });
      await ask('register', { payload: -1234 });
      await ask('manyCoils', { payload: [false, true, true] });
      await waitFor(
        () => ['5 30 [1]', '6 5 [64302]', '15 20 [0, 1, 1]'].every((w) => slave.writes.includes(w)),
        'the three writes in the slave',
        5000,
        10,
        () => slave.writes.join('\n'),
      );
      // and read back by our node through FC 1 and FC 3
      assert.deepEqual((await ask('any', { modbus: { fc: 1, address: 20, count: 3 } })).out?.payload, {
        '20': false,
        '21': true,
        '22': true,
      });
      assert.deepEqual((await ask('any', { modbus: { fc: 3, address: 5, type: 'i16' } })).out?.payload, { '5': -1234 });
    } finally {
      await helper.unload();
    }
    try {
      // our bus has let the line go: an independent master takes it and reads what we wrote
      const rtu = (args: string[]) => mbpoll(['-m', 'rtu', '-a', '3', '-b', '9600', '-P', 'none', '-0', '-1', ...args, b]);
      const coils = await rtu(['-t', '0', '-r', '20', '-c', '11']);
      assert.equal(coils.code, 0, coils.out);
      assert.deepEqual(polled(coils.out), {
        '20': 0,
        '21': 1,
        '22': 1,
        '23': 0,
        '24': 0,
        '25': 0,
        '26': 0,
        '27': 0,
        '28': 0,
        '29': 0,
        '30': 1,
      });
      assert.match((await rtu(['-t', '4', '-r', '5', '-c', '1'])).out, /\[5\]:\s+64302 \(-1234\)/);
    } finally {
      await stopChild(slave.child);
      await pty.stop();
    }
  },
);
