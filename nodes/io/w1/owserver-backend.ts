// A bus served by owserver (owfs): a local adapter (DS9490, DS2482) or a remote box.
import { problem } from '../../core/problem';
import { canonicalRom, owfsRom } from '../../core/onewire/rom';
import { hih4000, parseOwfsNumber } from '../../core/onewire/parse';
import type { ReadResult } from '../../core/onewire/probes';
import { OwserverClient, OwserverError } from './owserver-client';
import type { OneWireBackend } from './types';

function failure(e: unknown): ReadResult {
  if (e instanceof OwserverError)
    return { ok: false, error: e.code === 'ENOENT' ? problem('onewire.absent') : problem('onewire.io', { code: e.code }) };
  return { ok: false, error: problem('onewire.unreachable', { text: (e as Error).message }) };
}

export class OwserverBackend implements OneWireBackend {
  readonly kind = 'owserver' as const;
  readonly description: string;
  readonly client: OwserverClient;
  constructor(host: string, port: number, timeoutMs = 5000) {
    this.client = new OwserverClient(host, port, timeoutMs);
    this.description = `owserver ${host}:${port}`;
  }

  async scan(): Promise<string[]> {
    const entries = await this.client.dirall('/');
    return entries
      .map(canonicalRom)
      .filter((r): r is string => r !== null)
      .sort();
  }

  async convertAll(): Promise<boolean> {
    // owfs starts one conversion on every probe of the bus; the reads that follow use it.
    await this.client.write('/simultaneous/temperature', '1');
    return true;
  }

  private async number(path: string): Promise<ReadResult> {
    try {
      return parseOwfsNumber(await this.client.read(path));
    } catch (e) {
      return failure(e);
    }
  }

  readTemperature(rom: string): Promise<ReadResult> {
    return this.number(`/${owfsRom(rom)}/temperature`);
  }

  async readHumidity(rom: string): Promise<ReadResult> {
    // Our own HIH-4000 formula on the raw voltages, so that sysfs and owserver agree.
    const base = `/${owfsRom(rom)}`;
    const t = await this.number(`${base}/temperature`);
    if (!t.ok) return t;
    const vad = await this.number(`${base}/VAD`);
    if (!vad.ok) return vad;
    const vdd = await this.number(`${base}/VDD`);
    if (!vdd.ok) return vdd;
    return hih4000(vad.value, vdd.value, t.value);
  }

  async readSwitch(rom: string): Promise<number> {
    const r = parseOwfsNumber(await this.client.read(`/${owfsRom(rom)}/PIO.BYTE`));
    if (!r.ok) throw new Error(`${rom}: PIO.BYTE unreadable`);
    return r.value & 0xff;
  }

  async writeSwitch(rom: string, onMask: number): Promise<void> {
    await this.client.write(`/${owfsRom(rom)}/PIO.BYTE`, String(onMask & 0xff));
  }

  async close(): Promise<void> {}
}
