// What a TIC input sees of its serial port config node.
import type { Node } from 'node-red';
import type { TariffOptionName } from '../core/sim/tariff-calendar';

/** The simulated meter behind a port whose backend is "simulated". */
export interface SimulatedMeterSettings {
  simMode: 'historique' | 'standard';
  simPhases: 1 | 3;
  simProducer: boolean;
  simOption: TariffOptionName;
  simKva: number;
  simSeed: number;
  /** Simulated time runs this many times faster than the wall clock (demos of a whole day). */
  simSpeedup: number;
}

export interface SerialPortConfig extends SimulatedMeterSettings {
  backend: 'serial' | 'simulated';
  path: string;
  baud: 'auto' | 'auto-pme' | '1200' | '2400' | '4800' | '9600' | '19200' | '38400' | '57600' | '115200';
  maskBit7: boolean;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

export interface SerialClient {
  data(chunk: Buffer): void;
  /** The port's state changed: open, retrying (with the error), stopped. */
  portState(state: string, detail?: string): void;
}

export interface WesSerialPortNode extends Node {
  readonly portConfig: SerialPortConfig | undefined;
  /** Starts the port on the first client; returns the detach function. */
  attach(client: SerialClient): () => void;
  /** Decoders report the valid groups they saw, so the speed hunter can lock. */
  validGroups(count: number, nowMs: number): void;
  /** Drives the simulated meter's load; false when the backend is a real line. */
  forcePower(va: number | null): boolean;
  readonly baud: number;
}
