// The 1-Wire transport as the bus sees it: list the slaves, start a conversion on every probe
// at once where the backend can, read a probe, read and write a DS2408's eight channels.
// Values arrive parsed but not judged: the plausibility rules are nodes/core/onewire/probes.ts.
import type { ReadResult } from '../../core/onewire/probes';

export type W1BackendKind = 'sysfs' | 'owserver' | 'simulated';

export interface OneWireBackend {
  readonly kind: W1BackendKind;
  /** For status texts and logs: "sysfs /sys/bus/w1/devices", "owserver 127.0.0.1:4304". */
  readonly description: string;
  /** The canonical ROM ids present now ("28-0316a2799bff"); asks for a fresh search where it can. */
  scan(): Promise<string[]>;
  /** Starts one conversion on every probe; false when each read has to convert on its own. */
  convertAll(): Promise<boolean>;
  /** A w1_therm probe, °C. */
  readTemperature(rom: string): Promise<ReadResult>;
  /** A DS2438 with an HIH-4000, %RH. */
  readHumidity(rom: string): Promise<ReadResult>;
  /** A DS2408's channels, bit n = channel n+1 on. Rejects when the board does not answer. */
  readSwitch(rom: string): Promise<number>;
  writeSwitch(rom: string, onMask: number): Promise<void>;
  close(): Promise<void>;
}
