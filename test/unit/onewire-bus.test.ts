// The kernel backend on a fake sysfs tree with the drivers' exact formats (a temporary folder,
// as docs/sensing.md §3.1 advises: no w1 here), each error case, a probe unplugged and put
// back; and the simulated bus's relay boards written, read back and restored after a reset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc8 } from '../../nodes/core/onewire/parse';
import { SysfsBackend } from '../../nodes/io/w1/sysfs-backend';
import { SimulatedBackend } from '../../nodes/io/w1/simulated-backend';
import { OneWireBus, type BusOptions } from '../../nodes/io/w1/bus';
import { waitFor } from '../support/wait';

/** The two lines w1_therm prints for a DS18B20 at `milliC`, with a real scratchpad and CRC. */
function w1Slave(milliC: number, verdict: 'YES' | 'NO' = 'YES'): string {
  const raw = Math.round((milliC / 1000) * 16) & 0xffff;
  const bytes = [raw & 0xff, raw >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
  const hex = [...bytes, crc8(bytes)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${hex} : crc=${hex.slice(-2)} ${verdict}\n${hex} t=${milliC}\n`;
}

function fakeTree() {
  const root = mkdtempSync(join(tmpdir(), 'wes-onewire-'));
  mkdirSync(join(root, 'w1_bus_master1'));
  writeFileSync(join(root, 'w1_bus_master1', 'w1_master_search'), '-1\n');
  writeFileSync(join(root, 'w1_bus_master1', 'therm_bulk_read'), '0\n');
  const put = (rom: string, file: string, content: string | Buffer) => {
    mkdirSync(join(root, rom), { recursive: true });
    writeFileSync(join(root, rom, file), content);
  };
  return { root, put, done: () => rmSync(root, { recursive: true, force: true }) };
}

const options = (o: Partial<BusOptions> = {}): BusOptions => ({
  pollMs: 5,
  rescanMs: 0,
  probe: { maxJump: 10, lostAfter: 3 },
  boards: [],
  ...o,
});

test('sysfs: the scan forces a search, a cycle triggers the bulk conversion, each error case is refused', async () => {
  const t = fakeTree();
  try {
    t.put('28-000000000001', 'w1_slave', w1Slave(21500));
    t.put('28-000000000002', 'w1_slave', w1Slave(21500, 'NO'));
    t.put('28-000000000003', 'w1_slave', '');
    t.put('28-000000000004', 'w1_slave', w1Slave(85000));
    t.put('28-000000000005', 'w1_slave', w1Slave(127937));
    t.put('28-000000000006', 'temperature', '-3250\n');
    t.put('26-000000000007', 'temperature', String(22 * 256));
    t.put('26-000000000007', 'vad', '232');
    t.put('26-000000000007', 'vdd', '500');
    t.put('29-000000000008', 'output', Buffer.from([0xff]));
    const b = new SysfsBackend(t.root);
    const saved: Record<string, string>[] = [];
    const bus = new OneWireBus(b, options(), {}, (n) => saved.push(n));
    const got: Record<string, string | number> = {};
    bus.on('reading', (r) => (got[r.romId] = r.value));
    bus.on('refused', (r) => (got[r.romId] = r.problem.code));
    const added: string[] = [];
    bus.on('added', (e) => added.push(e.romId));
    await bus.rescan();
    assert.equal(readFileSync(join(t.root, 'w1_bus_master1', 'w1_master_search'), 'utf8'), '1');
    assert.equal(added.length, 8);
    await bus.readAll();
    assert.equal(readFileSync(join(t.root, 'w1_bus_master1', 'therm_bulk_read'), 'utf8'), 'trigger');
    const rh = got['26-000000000007'] as number;
    assert.ok(Math.abs(rh - (232 / 500 - 0.16) / 0.0062 / (1.0546 - 0.00216 * 22)) < 1e-9);
    delete got['26-000000000007'];
    assert.deepEqual(got, {
      '28-000000000001': 21.5,
      '28-000000000002': 'onewire.crc',
      '28-000000000003': 'onewire.empty',
      '28-000000000004': 'onewire.powerOnReset',
      '28-000000000005': 'onewire.insufficientPower',
      '28-000000000006': -3.25,
    });
    // A value far from the last one is refused once.
    t.put('28-000000000001', 'w1_slave', w1Slave(61500));
    await bus.readAll();
    assert.equal(got['28-000000000001'], 'onewire.jump');
    assert.deepEqual(saved.at(-1), {
      '26-000000000007': 'humidity1',
      '28-000000000001': 'temp1',
      '28-000000000002': 'temp2',
      '28-000000000003': 'temp3',
      '28-000000000004': 'temp4',
      '28-000000000005': 'temp5',
      '28-000000000006': 'temp6',
      '29-000000000008': 'board1',
    });
    // The DS2408's latch is written raw (0 = on) and read back.
    await bus.setRelay(1, 3, true);
    assert.deepEqual([...readFileSync(join(t.root, '29-000000000008', 'output'))], [0xfb]);
    await bus.close();
  } finally {
    t.done();
  }
});

test('sysfs: a probe unplugged is removed then lost; put back, it is added and recovered, under the same name', async () => {
  const t = fakeTree();
  try {
    t.put('28-00000000000a', 'w1_slave', w1Slave(19000));
    t.put('28-00000000000b', 'w1_slave', w1Slave(20000));
    const bus = new OneWireBus(new SysfsBackend(t.root), options({ rescanMs: 1 }), { '28-00000000000b': 'salon' }, () => undefined);
    const events: string[] = [];
    for (const e of ['added', 'removed', 'lost', 'recovered'] as const) bus.on(e, (p) => events.push(`${e} ${p.name}`));
    let lastSalon = 0;
    bus.on('reading', (r) => {
      if (r.name === 'salon') lastSalon = r.value;
    });
    bus.start();
    await waitFor(() => lastSalon === 20, 'a first reading of salon');
    rmSync(join(t.root, '28-00000000000b'), { recursive: true });
    await waitFor(() => events.includes('lost salon'), 'salon lost');
    t.put('28-00000000000b', 'w1_slave', w1Slave(20500));
    await waitFor(() => events.includes('recovered salon'), 'salon recovered');
    await bus.close();
    assert.deepEqual(
      events.filter((e) => e.endsWith('salon')),
      ['added salon', 'removed salon', 'lost salon', 'added salon', 'recovered salon'],
    );
    assert.equal(lastSalon, 20.5);
  } finally {
    t.done();
  }
});

test('simulated bus: relays written and read back, a board reset restored, a missing board refused', async () => {
  const sim = new SimulatedBackend(() => Date.UTC(2026, 0, 15, 12));
  const bus = new OneWireBus(sim, options(), {}, () => undefined);
  const restored: number[] = [];
  bus.on('restored', (r) => restored.push(r.board));
  await bus.rescan();
  assert.equal(bus.boardRom(1), '29-000000a1b201');
  assert.equal(bus.boardRom(2), '29-000000a1b202');
  await bus.setRelay(1, 1, true);
  await bus.setRelay(1, 8, true);
  await bus.setRelay(2, 4, true);
  await bus.setRelay(1, 1, false);
  assert.equal(await sim.readSwitch('29-000000a1b201'), 0x80);
  assert.equal(await sim.readSwitch('29-000000a1b202'), 0x08);
  const writes = sim.writes.get('29-000000a1b201');
  await bus.readAll();
  assert.equal(sim.writes.get('29-000000a1b201'), writes, 'a latch that holds is not rewritten');
  sim.resetBoard('29-000000a1b201');
  await bus.readAll();
  assert.deepEqual(restored, [1]);
  assert.equal(await sim.readSwitch('29-000000a1b201'), 0x80);
  await assert.rejects(bus.setRelay(3, 1, true), /board 3 not found/);
  sim.unplug('29-000000a1b202');
  await assert.rejects(bus.setRelay(2, 1, true), /no such DS2408/);
  // Readings of the day-following probes are on the bus too.
  const names = bus.probes().map((p) => `${p.name}:${p.kind}`);
  assert.deepEqual(names, [
    'temp1:temperature',
    'humidity1:humidity',
    'temp2:temperature',
    'temp3:temperature',
    'board1:switch',
    'board2:switch',
  ]);
  assert.ok(bus.probes().every((p) => p.kind === 'switch' || typeof p.value === 'number'));
  await bus.close();
});
