// State that must survive a restart or a power cut (pulse indexes, relay states, contact counts).
// Written as temp file + fsync + rename + fsync of the folder: after a crash the file is either
// the old or the new version, never a torn mix. A throttled writer bounds how much is lost
// (at most one interval of changes) without writing on every pulse.

import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeJsonAtomic(path: string, value: unknown): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(value));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  }
}

/** The stored value, or null when there is none or it cannot be parsed (the caller starts fresh and says so). */
export function readJson(path: string): { value: unknown } | { error: string } | null {
  if (!existsSync(path)) return null;
  try {
    return { value: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as Error).message}` };
  }
}

/** Where a node keeps its state: <userDir>/wes-state/<node id>.json (ids are safe file names, but be strict). */
export function stateFile(userDir: string, nodeId: string): string {
  return join(userDir, 'wes-state', `${nodeId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

export class ThrottledWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => unknown,
    private readonly intervalMs: number,
    private readonly onError: (text: string) => void,
  ) {}

  /** Something changed: write within intervalMs. */
  markDirty(): void {
    this.dirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.intervalMs);
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return;
    this.dirty = false;
    try {
      writeJsonAtomic(this.path, this.snapshot());
      this.lastError = null;
    } catch (e) {
      const text = `cannot save state to ${this.path}: ${(e as Error).message}`;
      // Report each distinct failure once instead of once per pulse.
      if (text !== this.lastError) this.onError(text);
      this.lastError = text;
      this.dirty = true;
    }
  }
}
