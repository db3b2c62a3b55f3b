// Glue shared by the node adapters: where state files live, and numbers for status lines.

import os from 'node:os';
import path from 'node:path';
import type { NodeAPI } from 'node-red';

export function userDirOf(RED: NodeAPI): string {
  const dir = (RED.settings as unknown as { userDir?: string }).userDir;
  return dir && dir.length > 0 ? dir : path.join(os.homedir(), '.node-red');
}

/** Numbers for the status line: short and without float noise. */
export function fmt(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  return Number(n.toFixed(digits)).toString();
}
