// Analog inputs through the Linux IIO interface, the way the ADS1115 driver (ti-ads1015) exposes
// them: /sys/bus/iio/devices/iio:deviceN/in_voltageM_raw and in_voltageM_scale (mV per count; some
// drivers share one in_voltage_scale). Reading the raw file triggers a conversion. The root is a
// parameter so a test points it at a fake folder with the same files.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface AnalogReading {
  raw: number;
  scaleMv: number;
  offset: number;
}

export interface AnalogSource {
  readonly description: string;
  read(): Promise<AnalogReading>;
}

export const DEFAULT_IIO_ROOT = '/sys/bus/iio/devices';

async function readNumber(path: string): Promise<number> {
  const text = (await readFile(path, 'utf8')).trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) throw new Error(`${path} holds "${text.slice(0, 20)}", not a number`);
  return n;
}

async function readOptional(path: string): Promise<number | null> {
  try {
    return await readNumber(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Find the device folder: "iio:device0" directly, or a device whose name file matches (e.g. "ads1115"). */
export async function resolveIioDevice(root: string, device: string): Promise<string> {
  const entries = await readdir(root);
  if (entries.includes(device)) return join(root, device);
  for (const e of entries.filter((n) => n.startsWith('iio:device'))) {
    try {
      if ((await readFile(join(root, e, 'name'), 'utf8')).trim() === device) return join(root, e);
    } catch {
      // a device without a name file cannot match a name
    }
  }
  throw new Error(`IIO device "${device}" not found under ${root} (has: ${entries.join(', ') || 'nothing'})`);
}

export class IioSource implements AnalogSource {
  private dir: string | null = null;
  constructor(
    private readonly root: string,
    private readonly device: string,
    private readonly channel: number,
  ) {}

  get description(): string {
    return `iio ${this.device} in_voltage${this.channel}`;
  }

  async read(): Promise<AnalogReading> {
    // Resolved on each failure-free read only once; a device that vanished is looked up again.
    this.dir ??= await resolveIioDevice(this.root, this.device);
    const dir = this.dir;
    try {
      const raw = await readNumber(join(dir, `in_voltage${this.channel}_raw`));
      const scaleMv =
        (await readOptional(join(dir, `in_voltage${this.channel}_scale`))) ?? (await readOptional(join(dir, 'in_voltage_scale')));
      if (scaleMv === null) throw new Error(`no in_voltage${this.channel}_scale or in_voltage_scale in ${dir}`);
      const offset =
        (await readOptional(join(dir, `in_voltage${this.channel}_offset`))) ?? (await readOptional(join(dir, 'in_voltage_offset'))) ?? 0;
      return { raw, scaleMv, offset };
    } catch (e) {
      this.dir = null;
      throw e;
    }
  }
}

/**
 * The simulated twin: an ADS1115 at ±4.096 V full scale (0.125 mV per count) reading a slowly
 * varying voltage around `volts`, with a little noise, so averaging and thresholds have work to do.
 */
export class SimulatedAnalogSource implements AnalogSource {
  readonly description = 'simulated ADS1115';
  private readonly scaleMv = 0.125;
  constructor(
    private readonly volts: number,
    private readonly swingVolts = 0.2,
    private readonly periodMs = 120_000,
    private readonly clock: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  async read(): Promise<AnalogReading> {
    const t = this.clock();
    const v = this.volts + this.swingVolts * Math.sin((2 * Math.PI * t) / this.periodMs) + (this.random() - 0.5) * 0.004;
    const raw = Math.max(-32768, Math.min(32767, Math.round((v * 1000) / this.scaleMv)));
    return { raw, scaleMv: this.scaleMv, offset: 0 };
  }
}
