// Glue shared by the node adapters: where state files live and how a config error
// is shown (node.error + red status, never a throw that would stop the runtime).

import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI } from 'node-red';
import type { Translate } from './translate';

export function userDirOf(RED: NodeAPI): string {
  const dir = (RED.settings as unknown as { userDir?: string }).userDir;
  return dir && dir.length > 0 ? dir : path.join(os.homedir(), '.node-red');
}

function failConfig(node: Node, text: string, short: string, shape: 'dot' | 'ring' = 'dot'): void {
  node.error(text);
  node.status({ fill: 'red', shape, text: short });
}

/** The config-error reporter of a node whose catalog has errors.config and status.config. */
export function configFailer(node: Node, t: Translate): (text: string) => void {
  return (text) => failConfig(node, t('errors.config', { text }), t('status.config'), 'ring');
}

/** Numbers for the status line: short and without float noise. */
export function fmt(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  return Number(n.toFixed(digits)).toString();
}
