// A real small disk for the disk-full tests: a 256 KiB tmpfs mounted in a temporary folder (the
// tests run as root), and a filler that takes all its space. Where mounting is not permitted,
// `mounted` is false and the tests skip.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  mountPoint: string;
  mounted: boolean;
  /** Unmounts and removes the folder. */
  remove(): void;
}

export function smallDisk(prefix: string): SmallDisk {
  const mountPoint = mkdtempSync(join(tmpdir(), prefix));
  let mounted: boolean;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
  return {
    mountPoint,
    mounted,
    remove() {
      if (mounted) execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}

/** Writes into `path` until the disk is full (ENOSPC); any other error is thrown. */
export function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}
