// What the nodes that use a wes-gpio config node may call on it.

import type { Node } from 'node-red';
import type { GpioBackend, OutputHandle, OutputRequest } from '../io/gpio/types';

export interface WesGpioNode extends Node {
  /** Resolves with the backend once opened; rejects with a readable error. */
  ready(): Promise<GpioBackend>;
  /** Claim a line for a node; throws a clear error when another node has it. */
  claim(line: number, owner: Node): void;
  release(line: number, owner: Node): void;
  /** The backend's own openInput, through the node that owns the backend. */
  openInput: GpioBackend['openInput'];
  /** Unplugs (false) or plugs (true) a simulated input line; resolves false on real hardware. */
  simulateInput(line: number, present: boolean): Promise<boolean>;
  openOutput(req: OutputRequest): Promise<OutputHandle>;
  /** "sysfs (pinctrl-bcm2711, base 512)", "gpiod v1 (gpiochip0)", "simulated" ... for status texts. */
  backendLabel(): string;
}

export function describeOwner(n: Node): string {
  const name = (n as Node & { name?: string }).name;
  return `${n.type}${name ? ` "${name}"` : ''} (${n.id})`;
}
