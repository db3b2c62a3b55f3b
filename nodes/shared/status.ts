// One status vocabulary for every node, so a user reads any node's dot the same way:
//   ok      green dot    live, with its last value
//   idle    green ring   live, output off (a relay or a thermostat at rest)
//   waiting yellow ring  configured, nothing received yet (or opening a device)
//   lost    red ring     the device or the source went silent; clears by itself when it returns
//   error   red ring     the configuration is wrong, or the last input was refused
// Identical consecutive updates are not sent: the editor gets a status event only on change.
import type { Node, NodeStatus } from 'node-red';

export type StatusKind = 'ok' | 'idle' | 'waiting' | 'lost' | 'error';

const LOOK: Record<StatusKind, Pick<NodeStatus, 'fill' | 'shape'>> = {
  ok: { fill: 'green', shape: 'dot' },
  idle: { fill: 'green', shape: 'ring' },
  waiting: { fill: 'yellow', shape: 'ring' },
  lost: { fill: 'red', shape: 'ring' },
  error: { fill: 'red', shape: 'ring' },
};

export interface StatusReporter {
  /** Shows a status of one of the five kinds; a repeat of the shown one sends nothing. */
  set(kind: StatusKind, text: string): void;
  /** Shows a refused input in red until the next set() or restore(). */
  refused(text: string): void;
  /** After a refused input: shows again the last status set by the node. */
  restore(): void;
  clear(): void;
  /** The kind last set by the node (not a refusal), or null. */
  readonly kind: StatusKind | null;
}

export function statusReporter(node: Pick<Node, 'status'>): StatusReporter {
  let shown = '';
  let last: { kind: StatusKind; text: string } | null = null;
  const show = (kind: StatusKind, text: string): void => {
    const key = `${kind}\u0000${text}`;
    if (key === shown) return;
    shown = key;
    node.status({ ...LOOK[kind], text });
  };
  return {
    set(kind, text) {
      last = { kind, text };
      show(kind, text);
    },
    refused(text) {
      show('error', text);
    },
    restore() {
      if (last) show(last.kind, last.text);
    },
    clear() {
      shown = '';
      last = null;
      node.status({});
    },
    get kind() {
      return last?.kind ?? null;
    },
  };
}
