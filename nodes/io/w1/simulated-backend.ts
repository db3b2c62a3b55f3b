// The simulated twin for `npm start` and the tests: three probes whose temperatures follow the
// day (nodes/core/sim/onewire-climate.ts), an HIH-4000 humidity board and two DS2408 relay
// boards whose latches are stored and read back. Probes can be unplugged and plugged again,
// and a board can be put through a power-on reset (its latch falls back to all off), so the
// bus's lost/recovered events and its relay restore are testable without hardware.
import { problem } from '../../core/problem';
import { simulatedClimate, type SimulatedPlace } from '../../core/sim/onewire-climate';
import type { ReadResult } from '../../core/onewire/probes';
import type { OneWireBackend } from './types';

const SIMULATED_DEVICES: Readonly<Record<string, SimulatedPlace | 'board'>> = {
  '10-0008019e3c11': 'outdoor',
  '28-0316a2799b01': 'living',
  '28-0316a2799b02': 'tank',
  '26-000001a3c2d4': 'humidity',
  '29-000000a1b201': 'board',
  '29-000000a1b202': 'board',
};

export class SimulatedBackend implements OneWireBackend {
  readonly kind = 'simulated' as const;
  readonly description = 'simulated';
  private readonly present = new Set(Object.keys(SIMULATED_DEVICES));
  private readonly latches = new Map<string, number>();
  /** How many times each board's latch was written (the tests count restores). */
  readonly writes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  unplug(rom: string): void {
    this.present.delete(rom);
  }
  plug(rom: string): void {
    if (rom in SIMULATED_DEVICES) this.present.add(rom);
  }
  /** A board's power-on reset: every channel off, as the DS2408's latch comes up. */
  resetBoard(rom: string): void {
    this.latches.set(rom, 0);
  }

  async scan(): Promise<string[]> {
    return [...this.present].sort();
  }

  async convertAll(): Promise<boolean> {
    return true;
  }

  private value(rom: string): ReadResult {
    const place = SIMULATED_DEVICES[rom];
    if (!this.present.has(rom) || place === undefined || place === 'board') return { ok: false, error: problem('onewire.absent') };
    const v = simulatedClimate(place, this.now());
    // The probes' resolutions: DS18S20 0.5 °C, DS18B20 1/16 °C at 12 bits.
    const step = rom.startsWith('10-') ? 0.5 : place === 'humidity' ? 0.1 : 0.0625;
    return { ok: true, value: Math.round(v / step) * step };
  }

  async readTemperature(rom: string): Promise<ReadResult> {
    return this.value(rom);
  }
  async readHumidity(rom: string): Promise<ReadResult> {
    return this.value(rom);
  }

  private board(rom: string): void {
    if (!this.present.has(rom) || SIMULATED_DEVICES[rom] !== 'board') throw new Error(`${rom}: no such DS2408 on the simulated bus`);
  }
  async readSwitch(rom: string): Promise<number> {
    this.board(rom);
    return this.latches.get(rom) ?? 0;
  }
  async writeSwitch(rom: string, onMask: number): Promise<void> {
    this.board(rom);
    this.latches.set(rom, onMask & 0xff);
    this.writes.set(rom, (this.writes.get(rom) ?? 0) + 1);
  }
  async close(): Promise<void> {}
}
