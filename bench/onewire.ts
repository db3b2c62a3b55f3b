// A 1-Wire bus of 30 DS18B20: the time one cycle of ours takes (one conversion started for all,
// then 30 reads, each judged) against the physical limit of the bus itself: one 12-bit
// conversion of 750 ms for every probe at once, plus the bits on the wire at 15.4 kbit/s
// (standard speed). A ratio well below 1 means our software costs little next to the wire;
// the last ratio is what starting the conversions at once saves over reading probe after probe.
// Peers: a fake sysfs tree (the kernel's files, no wire time) and owserver --tester over TCP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc8 } from '../nodes/core/onewire/parse';
import { OneWireBus } from '../nodes/io/w1/bus';
import { OwserverBackend } from '../nodes/io/w1/owserver-backend';
import { SysfsBackend } from '../nodes/io/w1/sysfs-backend';
import type { OneWireBackend } from '../nodes/io/w1/types';
import { owserverInstalled, startOwserver } from '../test/support/owserver';

const PROBES = 30;
const BIT_S = 1 / 15_400;
const RESET_S = 0.00096; // 480 µs low + 480 µs presence window
// Skip ROM + Convert T for all; then per probe Match ROM (1 + 8 bytes), Read Scratchpad (1), 9 bytes back.
const CONVERT_S = 0.75 + RESET_S + 2 * 8 * BIT_S;
const PER_PROBE_S = RESET_S + (1 + 8 + 1 + 9) * 8 * BIT_S;
const physicalS = CONVERT_S + PROBES * PER_PROBE_S;
const oneByOneS = PROBES * (CONVERT_S + PER_PROBE_S);

function w1Slave(milliC: number): string {
  const raw = Math.round((milliC / 1000) * 16) & 0xffff;
  const bytes = [raw & 0xff, raw >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
  const hex = [...bytes, crc8(bytes)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${hex} : crc=${hex.slice(-2)} YES\n${hex} t=${milliC}\n`;
}

async function cycleSeconds(backend: OneWireBackend, cycles: number): Promise<{ s: number; readings: number }> {
  const bus = new OneWireBus(backend, { pollMs: 1e9, rescanMs: 0, probe: { maxJump: 10, lostAfter: 3 }, boards: [] }, {}, () => undefined);
  let readings = 0;
  bus.on('reading', () => readings++);
  await bus.rescan();
  await bus.readAll(); // warm-up
  readings = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < cycles; i++) await bus.readAll();
  const s = Number(process.hrtime.bigint() - t0) / 1e9 / cycles;
  await bus.close();
  return { s, readings: readings / cycles };
}

async function main(): Promise<void> {
  console.log(
    `physical limit for ${PROBES} probes: ${(physicalS * 1000).toFixed(0)} ms (one conversion + ${(PROBES * PER_PROBE_S * 1000).toFixed(0)} ms of bits)`,
  );
  const root = mkdtempSync(join(tmpdir(), 'wes-onewire-bench-'));
  try {
    mkdirSync(join(root, 'w1_bus_master1'));
    writeFileSync(join(root, 'w1_bus_master1', 'therm_bulk_read'), '0');
    for (let i = 0; i < PROBES; i++) {
      const rom = `28-${(0x1000 + i).toString(16).padStart(12, '0')}`;
      mkdirSync(join(root, rom));
      writeFileSync(join(root, rom, 'w1_slave'), w1Slave(20000 + i * 125));
    }
    const sys = await cycleSeconds(new SysfsBackend(root), 50);
    console.log(
      `sysfs tree:         one cycle ${(sys.s * 1000).toFixed(2)} ms for ${sys.readings} readings; our cost / physical limit = ${(sys.s / physicalS).toFixed(4)}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (owserverInstalled()) {
    const server = await startOwserver(24374, Array(PROBES).fill('28').join(','));
    try {
      const ow = await cycleSeconds(new OwserverBackend('127.0.0.1', 24374), 10);
      console.log(
        `owserver --tester:  one cycle ${(ow.s * 1000).toFixed(2)} ms for ${ow.readings} readings; our cost / physical limit = ${(ow.s / physicalS).toFixed(4)}`,
      );
    } finally {
      await server.stop();
    }
  } else console.log('owserver not installed: its ratio is skipped');
  console.log(
    `one conversion for all / one conversion per probe = ${(physicalS / oneByOneS).toFixed(3)} (${oneByOneS.toFixed(1)} s one by one)`,
  );
}

void main();
