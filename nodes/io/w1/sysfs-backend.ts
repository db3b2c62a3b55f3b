// The kernel's w1 sysfs (w1_therm, w1_ds2438, w1_ds2408). The root is configurable so that a
// test, or a box with its bus elsewhere, uses a tree of the same files.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { problem } from '../../core/problem';
import { canonicalRom } from '../../core/onewire/rom';
import {
  ds2438Temperature,
  ds2438Volts,
  hih4000,
  onMaskFromRawLatch,
  parseDs2408Byte,
  parseInteger,
  parseW1Slave,
  rawLatchFromOnMask,
} from '../../core/onewire/parse';
import type { ReadResult } from '../../core/onewire/probes';
import type { OneWireBackend } from './types';

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'EIO';

function readFailure(e: unknown): ReadResult {
  const code = errno(e);
  return { ok: false, error: code === 'ENOENT' ? problem('onewire.absent') : problem('onewire.io', { code }) };
}

export class SysfsBackend implements OneWireBackend {
  readonly kind = 'sysfs' as const;
  readonly description: string;
  constructor(private readonly root: string) {
    this.description = `sysfs ${root}`;
  }

  private async masters(): Promise<string[]> {
    const names = await fs.readdir(this.root);
    return names.filter((n) => n.startsWith('w1_bus_master'));
  }

  async scan(): Promise<string[]> {
    for (const m of await this.masters()) {
      // A write of 1 asks the master for one search now rather than at its next timeout (10 s).
      await fs.writeFile(join(this.root, m, 'w1_master_search'), '1').catch(() => undefined);
    }
    const found = new Set<string>();
    for (const n of await fs.readdir(this.root)) {
      const rom = canonicalRom(n);
      if (rom) found.add(rom);
    }
    return [...found].sort();
  }

  async convertAll(): Promise<boolean> {
    let any = false;
    for (const m of await this.masters()) {
      try {
        await fs.access(join(this.root, m, 'therm_bulk_read'));
        await fs.writeFile(join(this.root, m, 'therm_bulk_read'), 'trigger');
        any = true;
      } catch {
        // An older kernel without bulk reads: each w1_slave read converts on its own.
      }
    }
    return any;
  }

  async readTemperature(rom: string): Promise<ReadResult> {
    const dir = join(this.root, rom);
    try {
      return parseW1Slave(await fs.readFile(join(dir, 'w1_slave'), 'utf8'));
    } catch (e) {
      if (errno(e) !== 'ENOENT') return readFailure(e);
    }
    try {
      // Some drivers (and DS28EA00 chains) expose only the millidegree file.
      const r = parseInteger(await fs.readFile(join(dir, 'temperature'), 'utf8'));
      return r.ok ? { ok: true, value: r.value / 1000 } : r;
    } catch (e) {
      return readFailure(e);
    }
  }

  async readHumidity(rom: string): Promise<ReadResult> {
    const dir = join(this.root, rom);
    try {
      const [t, vad, vdd] = await Promise.all(
        ['temperature', 'vad', 'vdd'].map((f) => fs.readFile(join(dir, f), 'utf8').then(parseInteger)),
      );
      for (const r of [t, vad, vdd]) if (!r.ok) return r;
      const v = (r: typeof t) => (r as { value: number }).value;
      return hih4000(ds2438Volts(v(vad)), ds2438Volts(v(vdd)), ds2438Temperature(v(t)));
    } catch (e) {
      return readFailure(e);
    }
  }

  async readSwitch(rom: string): Promise<number> {
    // `output` is the latch as written: reading it back confirms the write reached the board.
    const r = parseDs2408Byte(await fs.readFile(join(this.root, rom, 'output')));
    if (!r.ok) throw new Error(`${rom}: empty read`);
    return onMaskFromRawLatch(r.value);
  }

  async writeSwitch(rom: string, onMask: number): Promise<void> {
    await fs.writeFile(join(this.root, rom, 'output'), Buffer.from([rawLatchFromOnMask(onMask)]));
  }

  async close(): Promise<void> {}
}
