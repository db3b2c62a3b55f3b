// What a TIC input sees of its serial port config node.
import type { Node } from 'node-red';

export interface SerialPortConfig {
  path: string;
  baud: 'auto' | 'auto-pme' | '1200' | '2400' | '4800' | '9600' | '19200';
  maskBit7: boolean;
}

export interface SerialClient {
  data(chunk: Buffer): void;
  /** The port's state changed: open, retrying (with the error), stopped. */
  portState(state: string, detail?: string): void;
}

export interface WesSerialPortNode extends Node {
  readonly portConfig: SerialPortConfig | undefined;
  readonly configError: string | undefined;
  /** Starts the port on the first client; returns the detach function. */
  attach(client: SerialClient): () => void;
  /** Decoders report the valid groups they saw, so the speed hunter can lock. */
  validGroups(count: number, nowMs: number): void;
  readonly baud: number;
}

