// What the nodes that use a wes-onewire-bus config node may call on it.
import type { Node } from 'node-red';
import type { OneWireBus } from '../io/w1/bus';
import type { OutputHandle } from '../io/gpio/types';

export interface WesOneWireBusNode extends Node {
  /** The bus; null when the config is wrong. */
  bus: OneWireBus | null;
  /** "sysfs /sys/bus/w1/devices", "owserver 127.0.0.1:4304", "simulated" for status texts. */
  backendLabel(): string;
  /** A DS2408 channel as an output line (level 1 = on); one relay node per channel. */
  openRelay(req: { board: number; channel: number; initial: 0 | 1; owner: Node }): Promise<OutputHandle>;
  claimRelay(board: number, channel: number, owner: Node): void;
  releaseRelay(board: number, channel: number, owner: Node): void;
}
