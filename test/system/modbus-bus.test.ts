// The bus owner against real peers: a pymodbus RTU slave serving an SDM630 register image over
// a socat pty pair (values, exception 2 by name, a wrong unit id that times out without
// blocking the real one, the adapter unplugged and back), our simulator on modbus-serial's
// ServerTCP read by our bus, and mbpoll, an independent master, reading and writing our
// simulator over TCP and RTU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModbusBus, type BusOptions, type ModbusResult } from '../../nodes/io/modbus/bus';
import { ModbusSimulator, SCRATCH_START } from '../../nodes/io/modbus/simulator';
import { decodePoints, meterReading, profileBlocks } from '../../nodes/core/modbus/profile';
import { encodeImage, PROFILES } from '../../nodes/core/modbus/profiles';
import { startPtyPair, stopChild, type PtyPair } from '../support/pty-pair';
import { waitFor } from '../support/wait';

const PEER = join(__dirname, '..', '..', '..', 'test', 'peers', 'sdm_sim.py');
const line = { baudRate: 9600, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const };
const opts: BusOptions = { timeoutMs: 300, retries: 1, backoffMaxMs: 4000, reopenMs: 200 };
const sdm630 = PROFILES.get('sdm630')!;
const TRUTH = {
  voltageL1V: 230.5,
  voltageL2V: 231.25,
  voltageL3V: 229.75,
  currentL1A: 5.25,
  currentL2A: 1.5,
  currentL3A: 0.5,
  powerL1W: -1150.5,
  powerL2W: 300,
  powerL3W: 100,
  powerW: -750.5,
  apparentPowerVA: 1670,
  powerFactor: -0.5,
  frequencyHz: 50,
  energyImportWh: 1234500,
  energyExportWh: 6789000,
  totalEnergyWh: 8023500,
};

const missing = (cmd: string, arg = '-V'): boolean => spawnSync(cmd, [arg]).error !== undefined;

function imageJson(): Record<string, Record<string, number>> {
  const image = encodeImage(sdm630, TRUTH);
  const fc4: Record<string, number> = {};
  // the whole first block is mapped, as on the meter; 0x0200 and above are not
  for (const b of profileBlocks(sdm630)) for (let a = b.start; a < b.start + b.count; a++) fc4[a] = image.get(4)?.get(a) ?? 0;
  return { fc4 };
}

async function startSlave(dev: string, imagePath: string): Promise<ChildProcess> {
  const child = spawn('/usr/bin/python3', [PEER, dev, '9600', imagePath, '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(
    () => out.includes('ready'),
    'the pymodbus slave',
    8000,
    20,
    () => out,
  );
  return child;
}

async function readProfile(bus: ModbusBus, unitId: number): Promise<ReturnType<typeof meterReading> | ModbusResult> {
  const blocks = profileBlocks(sdm630);
  const data: number[][] = [];
  for (const b of blocks) {
    const r = await bus.request({ unitId, fc: b.fc, address: b.start, count: b.count });
    if (!r.ok) return r;
    data.push(r.data as number[]);
  }
  return meterReading(sdm630, decodePoints(sdm630, blocks, data));
}

test(
  'RTU against pymodbus: SDM630 values, exception 2 by name, a silent unit rested without blocking the others, unplug and back',
  { timeout: 40_000 },
  async (t) => {
    if (missing('socat') || missing('/usr/bin/python3')) {
      t.skip('socat or python3-pymodbus not installed');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'wes-modbus-'));
    const imagePath = join(dir, 'sdm630.json');
    writeFileSync(imagePath, JSON.stringify(imageJson()));
    const a = `/tmp/wes-modbus-${process.pid}-a`;
    const b = `/tmp/wes-modbus-${process.pid}-b`;
    let pty: PtyPair = await startPtyPair(a, b);
    let slave = await startSlave(a, imagePath);
    const bus = new ModbusBus({ kind: 'rtu', path: b, line }, opts);
    const states: string[] = [];
    const devices: string[] = [];
    bus.on('state', (s: string) => states.push(s));
    bus.on('device', (id: number, s: string) => devices.push(`${id}:${s}`));
    try {
      bus.start();
      await waitFor(() => bus.state === 'open', 'the bus open');

      const r = await readProfile(bus, 1);
      assert.ok(!('ok' in r), JSON.stringify(r));
      const m = r as ReturnType<typeof meterReading>;
      assert.deepEqual([m.powerW, m.direction, m.currentA, m.energyImportWh, m.energyExportWh], [750.5, 'export', 5.25, 1234500, 6789000]);
      assert.deepEqual(
        m.phases!.map((p) => [p.voltageV, p.powerW, p.direction]),
        [
          [230.5, 1150.5, 'export'],
          [231.25, 300, 'import'],
          [229.75, 100, 'import'],
        ],
      );

      const bad = await bus.request({ unitId: 1, fc: 4, address: 0x0200, count: 2 });
      assert.deepEqual(bad, { ok: false, failure: { kind: 'exception', unitId: 1, exception: 2, name: 'ILLEGAL DATA ADDRESS' } });

      // unit 7 is not on the bus: it times out (with its retry) while unit 1, queued behind it, is served
      const [silent, alive] = await Promise.all([
        bus.request({ unitId: 7, fc: 4, address: 0, count: 2 }),
        bus.request({ unitId: 1, fc: 4, address: 0, count: 2 }),
      ]);
      assert.equal(!silent.ok && silent.failure.kind, 'timeout');
      assert.ok(alive.ok);
      assert.deepEqual(devices, ['7:down']);
      assert.deepEqual(bus.stats().resting, [7]);
      // now resting: its requests fail at once and cost the line nothing, unit 1 keeps its turn
      const [rest, again] = await Promise.all([
        bus.request({ unitId: 7, fc: 4, address: 0, count: 2 }),
        bus.request({ unitId: 1, fc: 4, address: 0x0c, count: 2 }),
      ]);
      assert.equal(!rest.ok && rest.failure.kind, 'resting');
      assert.ok(again.ok && Buffer.from(new Uint16Array(again.data as number[]).buffer).length === 4);

      // the adapter is unplugged: the pty pair and the slave go away
      await stopChild(slave);
      await pty.stop();
      await waitFor(async () => {
        await bus.request({ unitId: 1, fc: 4, address: 0, count: 2 });
        return bus.state !== 'open';
      }, 'the bus to notice the line is gone');
      const closedAt = states.length;
      // it keeps trying to reopen, and says it once
      await waitFor(() => (bus as unknown as { reopenDelay: number }).reopenDelay >= 1600, 'several reopen attempts');
      assert.equal(states.slice(closedAt).filter((s) => s === 'closed').length, 0, `one outage, one report: ${states.join(' ')}`);

      pty = await startPtyPair(a, b);
      slave = await startSlave(a, imagePath);
      await waitFor(() => bus.state === 'open', 'the bus reopened', 15_000);
      const back = await readProfile(bus, 1);
      assert.equal((back as ReturnType<typeof meterReading>).powerW, 750.5);
      assert.deepEqual(
        states.filter((s) => s !== 'opening'),
        ['open', 'closed', 'open'],
      );
    } finally {
      await bus.stop();
      await stopChild(slave);
      await pty.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

function mbpoll(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('mbpoll', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const fixed = new Map([
  [1, { profile: sdm630, values: () => TRUTH }],
  [
    2,
    {
      profile: PROFILES.get('pzem-004t')!,
      values: () => ({
        voltageV: 231.2,
        currentA: 4.321,
        powerW: 950.4,
        energyImportWh: 123456,
        frequencyHz: 49.9,
        powerFactor: 0.95,
        alarm: 0,
      }),
    },
  ],
]);

test('our simulator on ServerTCP: read by our bus (two meters, exception, unknown unit) and by mbpoll', { timeout: 20_000 }, async (t) => {
  const port = 15501;
  const sim = new ModbusSimulator(fixed);
  await sim.start({ kind: 'tcp', host: '127.0.0.1', port });
  const bus = new ModbusBus({ kind: 'tcp', host: '127.0.0.1', port }, opts);
  try {
    bus.start();
    await waitFor(() => bus.state === 'open', 'the TCP bus open');
    const m = (await readProfile(bus, 1)) as ReturnType<typeof meterReading>;
    assert.deepEqual([m.powerW, m.direction, m.voltageV !== undefined], [750.5, 'export', true]);
    const pz = PROFILES.get('pzem-004t')!;
    const r = await bus.request({ unitId: 2, fc: 4, address: 0, count: 10 });
    assert.ok(r.ok);
    const pr = meterReading(pz, decodePoints(pz, profileBlocks(pz), [r.data as number[]]));
    assert.deepEqual([pr.powerW, pr.direction, pr.currentA], [950.4, 'unknown', 4.321]);
    const ex = await bus.request({ unitId: 2, fc: 4, address: 100, count: 1 });
    assert.equal(!ex.ok && ex.failure.name, 'ILLEGAL DATA ADDRESS');
    const none = await bus.request({ unitId: 9, fc: 3, address: SCRATCH_START, count: 1 });
    assert.equal(!none.ok && none.failure.kind, 'timeout');
    const w = await bus.request({ unitId: 1, fc: 16, address: SCRATCH_START, values: [1, 2, 3] });
    assert.ok(w.ok);
    assert.deepEqual(sim.holding(1).slice(0, 3), [1, 2, 3]);

    if (missing('mbpoll', '-V')) {
      t.diagnostic('mbpoll not installed: the independent master part is skipped');
      return;
    }
    const read = await mbpoll([
      '-m',
      'tcp',
      '-p',
      String(port),
      '-a',
      '1',
      '-t',
      '3:float',
      '-B',
      '-0',
      '-r',
      '0',
      '-c',
      '2',
      '-1',
      '127.0.0.1',
    ]);
    assert.equal(read.code, 0, read.out);
    assert.match(read.out, /\[0\]:\s+230\.5\b/);
    assert.match(read.out, /\[2\]:\s+231\.25\b/);
    const write = await mbpoll([
      '-m',
      'tcp',
      '-p',
      String(port),
      '-a',
      '2',
      '-t',
      '4',
      '-0',
      '-r',
      String(SCRATCH_START + 3),
      '-1',
      '127.0.0.1',
      '4242',
    ]);
    assert.equal(write.code, 0, write.out);
    assert.equal(sim.holding(2)[3], 4242);
    const illegal = await mbpoll(['-m', 'tcp', '-p', String(port), '-a', '1', '-t', '3', '-0', '-r', '500', '-c', '1', '-1', '127.0.0.1']);
    assert.match(illegal.out, /Illegal data address/i);

    // the TCP peer goes away and comes back: the bus reopens by itself
    await sim.stop();
    await waitFor(async () => {
      await bus.request({ unitId: 1, fc: 4, address: 0, count: 2 });
      return bus.state === 'closed';
    }, 'the bus to see the peer gone');
    await sim.start({ kind: 'tcp', host: '127.0.0.1', port });
    await waitFor(() => bus.state === 'open', 'the bus reopened', 15_000);
    assert.ok((await bus.request({ unitId: 1, fc: 4, address: 0, count: 2 })).ok);
  } finally {
    await bus.stop();
    await sim.stop();
  }
});

test('our simulator on ServerSerial over a pty: mbpoll reads it as an RTU master', { timeout: 20_000 }, async (t) => {
  if (missing('socat') || missing('mbpoll', '-V')) {
    t.skip('socat or mbpoll not installed');
    return;
  }
  const a = `/tmp/wes-modbus-${process.pid}-sa`;
  const b = `/tmp/wes-modbus-${process.pid}-sb`;
  const pty = await startPtyPair(a, b);
  const sim = new ModbusSimulator(fixed);
  try {
    await sim.start({ kind: 'rtu', path: a, line });
    const read = await mbpoll([
      '-m',
      'rtu',
      '-a',
      '1',
      '-b',
      '9600',
      '-P',
      'none',
      '-t',
      '3:float',
      '-B',
      '-0',
      '-r',
      '12',
      '-c',
      '2',
      '-1',
      b,
    ]);
    assert.equal(read.code, 0, read.out);
    assert.match(read.out, /\[12\]:\s+-1150\.5\b/);
  } finally {
    await sim.stop();
    await pty.stop();
  }
});
