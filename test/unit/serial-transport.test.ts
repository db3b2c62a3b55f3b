// The serial transport without hardware: the simulated line's pacing under a manual clock,
// the reopen/backoff logic of SerialPortSource against a fake port, and the port registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedMeter } from '../../nodes/core/sim/simulated-meter';
import { SimulatedTicSource } from '../../nodes/io/serial/simulated-tic-source';
import { SerialPortSource, type SerialPortLike, type SerialLineSettings } from '../../nodes/io/serial/serial-port-source';
import { PortRegistry, claimPort, portOwner } from '../../nodes/io/serial/port-registry';
import { ManualTimers } from '../support/manual-timers';

const T0 = Date.parse('2026-01-20T09:00:00Z');

function splitFrames(bytes: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  let start = bytes.indexOf(0x02);
  while (start >= 0) {
    const end = bytes.indexOf(0x03, start);
    if (end < 0) break;
    frames.push(bytes.subarray(start, end + 1));
    start = bytes.indexOf(0x02, end);
  }
  return frames;
}

for (const mode of ['historique', 'standard'] as const) {
  test(`simulated line (${mode}): bytes flow at baud/10 per second, in chunks, as whole meter frames`, () => {
    const timers = new ManualTimers(T0);
    const meter = new SimulatedMeter({ mode, phases: 1, producer: false, option: 'HC', subscribedKva: 6, seed: 4 }, T0);
    const twin = new SimulatedMeter({ mode, phases: 1, producer: false, option: 'HC', subscribedKva: 6, seed: 4 }, T0);
    const line = new SimulatedTicSource(meter, { timers });
    const chunks: Buffer[] = [];
    const events: string[] = [];
    line.on('data', (c) => chunks.push(c));
    line.on('open', () => events.push('open'));
    line.on('close', () => events.push('close'));
    line.start();
    assert.equal(line.state, 'open');
    const seconds = 60;
    for (let k = 0; k < seconds * 20; k++) timers.advance(50);
    const all = Buffer.concat(chunks);
    const rate = all.length / seconds;
    const nominal = (mode === 'standard' ? 9600 : 1200) / 10;
    // wire speed minus the 20 ms silences between frames
    assert.ok(rate <= nominal && rate > nominal * 0.97, `${rate} B/s vs ${nominal}`);
    assert.ok(chunks.length >= seconds * 20 * 0.95, 'a chunk per 50 ms tick');
    assert.ok(Math.max(...chunks.map((c) => c.length)) <= Math.ceil(nominal * 0.05) + 1, 'no burst');
    // the bytes are exactly the meter's frames, each generated when it started on the wire
    const frames = splitFrames(all);
    assert.ok(frames.length > 10);
    let at = T0;
    for (const f of frames) {
      assert.deepEqual(f, twin.frame(at));
      at += (f.length * 10_000) / (nominal * 10) + 20;
    }
    void line.stop();
    assert.equal(line.state, 'stopped');
    const before = all.length;
    timers.advance(5000);
    assert.equal(Buffer.concat(chunks).length, before, 'no bytes after stop');
    assert.deepEqual(events, ['open', 'close']);
  });
}

test('simulated line: speedup runs simulated time faster but not the wire', () => {
  const timers = new ManualTimers(T0);
  const meter = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 4 }, T0);
  const line = new SimulatedTicSource(meter, { timers, speedup: 600 });
  const chunks: Buffer[] = [];
  line.on('data', (c) => chunks.push(c));
  line.start();
  for (let k = 0; k < 200; k++) timers.advance(50); // 10 s of wire
  const dates = splitFrames(Buffer.concat(chunks)).map((f) => /DATE\t(\w+)/.exec(f.toString('latin1'))?.[1]);
  assert.ok(dates.length >= 8 && dates.length <= 11);
  // ≈ 1 s of wire per frame × 600 ⇒ ≈ 10 simulated minutes between frames
  assert.equal(dates[0], 'H260120100000');
  assert.ok(meter.timeMs - T0 > 90 * 60_000, `${(meter.timeMs - T0) / 60_000} simulated min`);
  assert.ok(Buffer.concat(chunks).length <= 9600, 'wire pace unchanged');
  void line.stop();
});

test('simulated line: pace runs the wire itself faster, frames still whole and in order', () => {
  const timers = new ManualTimers(T0);
  const opts = { mode: 'historique', phases: 1, producer: false, option: 'HC', subscribedKva: 6, seed: 4 } as const;
  const line = new SimulatedTicSource(new SimulatedMeter(opts, T0), { timers, pace: 100 });
  const twin = new SimulatedMeter(opts, T0);
  const chunks: Buffer[] = [];
  line.on('data', (c) => chunks.push(c));
  line.start();
  for (let k = 0; k < 20; k++) timers.advance(50); // 1 s of wall clock
  const all = Buffer.concat(chunks);
  // 100 × 120 B/s, less the (also 100 × shorter) silences between frames
  assert.ok(all.length <= 12_000 && all.length > 12_000 * 0.97, `${all.length} B in 1 s`);
  const frames = splitFrames(all);
  let at = T0;
  for (const f of frames) {
    assert.deepEqual(f, twin.frame(at));
    at += (f.length * 10_000) / 1200 / 100 + 0.2;
  }
  assert.ok(frames.length > 30);
  void line.stop();
});

test('simulated line: a stall drops stale bytes, a wrong baud rate gives garbage, disconnect reports once', async () => {
  const timers = new ManualTimers(T0);
  const meter = new SimulatedMeter({ mode: 'historique', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 4 }, T0);
  const line = new SimulatedTicSource(meter, { timers });
  let bytes = 0;
  let last: Buffer = Buffer.alloc(0);
  const errors: Error[] = [];
  const events: string[] = [];
  line.on('data', (c) => {
    bytes += c.length;
    last = c;
  });
  line.on('error', (e) => errors.push(e));
  line.on('open', () => events.push('open'));
  line.on('close', () => events.push('close'));
  line.start();
  timers.advance(1000);
  const before = bytes;
  // no tick for a minute (event loop blocked): the line kept going without us
  timers.jump(60_000);
  line.pump();
  assert.ok(bytes - before < 120 * 6, `at most the backlog window was delivered (${bytes - before})`);

  await line.setBaudRate(9600); // receiver 8× faster than a historique line
  line.pump();
  timers.advance(1000);
  line.pump();
  assert.ok(last.length > 0);
  assert.equal(last.includes(0x02) || last.includes(0x0a) || last.includes(0x0d), false, 'no TIC structure');

  line.disconnect();
  line.disconnect();
  assert.equal(line.state, 'retrying');
  const frozen = bytes;
  line.pump();
  assert.equal(bytes, frozen);
  line.reconnect();
  assert.equal(line.state, 'open');
  line.disconnect();
  assert.equal(errors.length, 2, 'one error per outage');
  assert.deepEqual(events, ['open', 'close', 'open', 'close']);
  await line.stop();
});

// ------------------------------------------------------------ SerialPortSource against a fake port

class FakePort extends EventEmitter implements SerialPortLike {
  isOpen = false;
  written: Buffer[] = [];
  updates: number[] = [];
  constructor(
    readonly settings: SerialLineSettings,
    private readonly openError: Error | null,
  ) {
    super();
  }
  open(cb: (err: Error | null) => void): void {
    queueMicrotask(() => {
      if (!this.openError) this.isOpen = true;
      cb(this.openError);
    });
  }
  close(cb?: (err: Error | null) => void): void {
    this.isOpen = false;
    queueMicrotask(() => {
      this.emit('close', null);
      cb?.(null);
    });
  }
  update(o: { baudRate: number }, cb: (err: Error | null | undefined) => void): void {
    this.updates.push(o.baudRate);
    cb(null);
  }
  write(data: Buffer): boolean {
    this.written.push(data);
    return true;
  }
  unplug(): void {
    this.isOpen = false;
    this.emit('close', Object.assign(new Error('Input/output error'), { disconnected: true }));
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('SerialPortSource: 7E1, backoff doubling to the cap, one error per outage, reset after open', async () => {
  const timers = new ManualTimers(0);
  const ports: FakePort[] = [];
  let present = false;
  const source = new SerialPortSource({
    path: '/dev/ttyUSB9',
    baudRate: 1200,
    timers,
    backoff: { initialMs: 500, maxMs: 4000 },
    openPort: (s) => {
      const p = new FakePort(s, present ? null : new Error('No such file or directory'));
      ports.push(p);
      return p;
    },
  });
  const errors: string[] = [];
  const events: string[] = [];
  const data: string[] = [];
  source.on('error', (e) => errors.push(e.message));
  source.on('open', () => events.push('open'));
  source.on('close', () => events.push('close'));
  source.on('data', (c) => data.push(c.toString()));
  source.start();
  assert.equal(source.state, 'opening');
  await tick();
  assert.deepEqual({ ...ports[0].settings }, { path: '/dev/ttyUSB9', baudRate: 1200, dataBits: 7, parity: 'even', stopBits: 1 });
  assert.equal(source.state, 'retrying');
  const delays: number[] = [];
  for (let k = 0; k < 6; k++) {
    delays.push(timers.scheduledDelays()[0]);
    timers.advance(delays[k]);
    await tick();
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000, 4000]);
  assert.equal(errors.length, 1, 'one error for the whole outage');
  assert.match(errors[0], /cannot open serial port \/dev\/ttyUSB9: No such file/);

  present = true;
  timers.advance(timers.scheduledDelays()[0]);
  await tick();
  assert.equal(source.state, 'open');
  ports[ports.length - 1].emit('data', Buffer.from('abc'));
  assert.deepEqual(data, ['abc']);
  assert.equal(source.write(Buffer.from('xyz')), true);
  assert.deepEqual(ports[ports.length - 1].written.map(String), ['xyz']);
  await source.setBaudRate(9600);
  assert.deepEqual(ports[ports.length - 1].updates, [9600]);

  // the modem is unplugged: close, one new error, reopen at the initial delay with the new speed
  present = false;
  ports[ports.length - 1].unplug();
  assert.equal(source.state, 'retrying');
  assert.equal(source.write(Buffer.from('lost')), false);
  assert.deepEqual(timers.scheduledDelays(), [500]);
  assert.equal(errors.length, 2);
  assert.match(errors[1], /disconnected/);
  for (let k = 0; k < 3; k++) {
    timers.advance(timers.scheduledDelays()[0]);
    await tick();
  }
  assert.equal(errors.length, 2, 'failed reopens of the same outage stay silent');
  present = true;
  timers.advance(timers.scheduledDelays()[0]);
  await tick();
  assert.equal(source.state, 'open');
  assert.equal(ports[ports.length - 1].settings.baudRate, 9600);
  assert.deepEqual(events, ['open', 'close', 'open']);

  await source.stop();
  assert.equal(source.state, 'stopped');
  assert.deepEqual(events, ['open', 'close', 'open', 'close']);
  assert.deepEqual(timers.scheduledDelays(), []);
});

test('SerialPortSource: a device that vanishes without a hang-up is noticed by its name, once per outage', async () => {
  const timers = new ManualTimers(0);
  const ports: FakePort[] = [];
  let present = true;
  const source = new SerialPortSource({
    path: '/dev/ttyUSB7',
    baudRate: 9600,
    timers,
    backoff: { initialMs: 500, maxMs: 500 },
    presenceCheckMs: 1000,
    deviceExists: () => present,
    openPort: (s) => {
      const p = new FakePort(s, present ? null : new Error('No such file or directory'));
      ports.push(p);
      return p;
    },
  });
  const errors: string[] = [];
  const events: string[] = [];
  source.on('error', (e) => errors.push(e.message));
  source.on('open', () => events.push('open'));
  source.on('close', () => events.push('close'));
  source.start();
  await tick();
  assert.equal(source.state, 'open');
  timers.advance(5000);
  assert.equal(source.state, 'open', 'a present device is left alone');
  // the adapter is pulled but the open fd never hangs up: no close event from the port
  present = false;
  timers.advance(1000);
  await tick();
  assert.equal(source.state, 'retrying');
  assert.deepEqual(events, ['open', 'close']);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /\/dev\/ttyUSB7 disconnected \(the device is gone\)/);
  for (let k = 0; k < 4; k++) {
    timers.advance(500);
    await tick();
  }
  assert.equal(errors.length, 1, 'the failed reopens of the outage stay silent');
  present = true;
  timers.advance(500);
  await tick();
  assert.equal(source.state, 'open');
  assert.deepEqual(events, ['open', 'close', 'open']);
  await source.stop();
  timers.advance(5000);
  assert.deepEqual(events, ['open', 'close', 'open', 'close'], 'no presence check after stop');
  assert.equal(errors.length, 1);
});

test('SerialPortSource: stop while retrying cancels the retry; errors without listener do not throw', async () => {
  const timers = new ManualTimers(0);
  let opened = 0;
  const source = new SerialPortSource({
    path: '/dev/none',
    baudRate: 9600,
    timers,
    openPort: (s) => {
      opened++;
      return new FakePort(s, new Error('ENOENT'));
    },
  });
  source.start();
  await tick();
  assert.equal(source.state, 'retrying');
  assert.match(source.lastError?.message ?? '', /ENOENT/);
  await source.stop();
  timers.advance(60_000);
  await tick();
  assert.equal(opened, 1);
  assert.equal(source.state, 'stopped');
});

test('port registry: one owner per device, aliases resolved, clear error, stale release harmless', () => {
  const reg = new PortRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'wes-reg-'));
  const dev = join(dir, 'ttyAMA0');
  writeFileSync(dev, '');
  symlinkSync(dev, join(dir, 'serial0'));
  const release = reg.claimPort(dev, 'node A');
  assert.throws(() => reg.claimPort(join(dir, 'serial0'), 'node B'), /serial0 \(.*ttyAMA0\) is already used by node A/);
  assert.equal(reg.ownerOf(join(dir, 'serial0')), 'node A');
  // the same owner may claim again (redeploy); the first release is then stale
  const again = reg.claimPort(dev, 'node A');
  release();
  assert.equal(reg.ownerOf(dev), 'node A');
  again();
  assert.equal(reg.ownerOf(dev), undefined);
  const b = reg.claimPort(join(dir, 'serial0'), 'node B');
  assert.equal(reg.ownerOf(dev), 'node B');
  b();
  // the process-wide helpers share one registry
  const r1 = claimPort('/dev/ttyUSB-absent', 'x');
  assert.throws(() => claimPort('/dev/ttyUSB-absent', 'y'), /already used by x/);
  assert.equal(portOwner('/dev/ttyUSB-absent'), 'x');
  r1();
  assert.equal(portOwner('/dev/ttyUSB-absent'), undefined);
});

test('SerialPortSource: line settings reach the port (8E1 for Modbus RTU), 7E1 when none given', async () => {
  const seen: SerialLineSettings[] = [];
  const open = (line?: { dataBits: 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 }): SerialPortSource =>
    new SerialPortSource({
      path: '/dev/ttyUSB8',
      baudRate: 19200,
      line,
      timers: new ManualTimers(0),
      openPort: (s) => {
        seen.push(s);
        return new FakePort(s, null);
      },
    });
  const modbus = open({ dataBits: 8, parity: 'even', stopBits: 1 });
  const tic = open();
  modbus.start();
  tic.start();
  await tick();
  assert.deepEqual({ ...seen[0] }, { path: '/dev/ttyUSB8', baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 });
  assert.deepEqual({ ...seen[1] }, { path: '/dev/ttyUSB8', baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 1 });
  await modbus.stop();
  await tic.stop();
});

test('simulated line read as 8N1: the parity bit arrives as bit 7, and clearing it gives the 7E1 bytes back', () => {
  const read = (line?: { dataBits: 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 }): Buffer => {
    const timers = new ManualTimers(T0);
    const meter = new SimulatedMeter({ mode: 'historique', phases: 1, producer: false, option: 'BASE', subscribedKva: 6, seed: 4 }, T0);
    const src = new SimulatedTicSource(meter, { timers, line });
    const chunks: Buffer[] = [];
    src.on('data', (c) => chunks.push(c));
    src.start();
    for (let k = 0; k < 40; k++) timers.advance(50);
    void src.stop();
    return Buffer.concat(chunks);
  };
  const e71 = read();
  const n81 = read({ dataBits: 8, parity: 'none', stopBits: 1 });
  assert.equal(n81.length, e71.length);
  assert.ok(
    n81.some((b) => b >= 0x80),
    'some characters have an odd number of ones',
  );
  assert.deepEqual(Buffer.from(n81.map((b) => b & 0x7f)), e71);
  for (const b of n81) {
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    assert.equal(ones % 2, 0, 'even parity over the 8 bits');
  }
  const odd = read({ dataBits: 7, parity: 'odd', stopBits: 1 });
  assert.equal(splitFrames(odd).length, 0, 'odd parity never yields a frame');
});
