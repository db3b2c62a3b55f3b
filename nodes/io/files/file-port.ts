// The filesystem as the logger needs it: append-with-fsync, small reads, truncate, list, delete.
// The real backend is node:fs; the simulated twin (FaultyFilePort) wraps any port and injects the
// failures an SD card produces (disk full, read-only remount), so those paths are tested anywhere.
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

export interface DirEntry {
  name: string;
  isDir: boolean;
}

/** An append that failed part-way: `bytesWritten` bytes did reach the file before `cause`. */
export class PartialWriteError extends Error {
  readonly code: string | undefined;
  constructor(
    reason: NodeJS.ErrnoException,
    readonly bytesWritten: number,
  ) {
    super(reason.message);
    this.name = 'PartialWriteError';
    this.code = reason.code;
  }
}

export interface FilePort {
  /** Appends all of `data` and fsyncs it; a new file's directory entry is fsynced too. */
  append(path: string, data: Uint8Array): Promise<void>;
  mkdirp(path: string): Promise<void>;
  size(path: string): Promise<number | undefined>;
  read(path: string, start: number, length: number): Promise<Buffer>;
  readAll(path: string): Promise<Buffer>;
  truncate(path: string, length: number): Promise<void>;
  unlink(path: string): Promise<void>;
  rmdirIfEmpty(path: string): Promise<void>;
  list(path: string): Promise<DirEntry[]>;
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && 'code' in e;
}

export class RealFilePort implements FilePort {
  async append(path: string, data: Uint8Array): Promise<void> {
    let created = false;
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(path, 'wx');
      created = true;
    } catch (e) {
      if (!isErrno(e) || e.code !== 'EEXIST') throw new PartialWriteError(e as NodeJS.ErrnoException, 0);
      fh = await fsp.open(path, 'a').catch((err: NodeJS.ErrnoException) => {
        throw new PartialWriteError(err, 0);
      });
    }
    let written = 0;
    try {
      while (written < data.length) {
        const { bytesWritten } = await fh.write(data, written, data.length - written, null);
        if (bytesWritten === 0) break;
        written += bytesWritten;
      }
      await fh.sync();
    } catch (e) {
      throw new PartialWriteError(e as NodeJS.ErrnoException, written);
    } finally {
      await fh.close().catch(() => undefined);
    }
    // Without this a power cut can lose the new file's name even though its data was synced.
    if (created) await syncDir(dirname(path));
  }

  async mkdirp(path: string): Promise<void> {
    await fsp.mkdir(path, { recursive: true });
  }

  async size(path: string): Promise<number | undefined> {
    try {
      return (await fsp.stat(path)).size;
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async read(path: string, start: number, length: number): Promise<Buffer> {
    const fh = await fsp.open(path, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, start);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  readAll(path: string): Promise<Buffer> {
    return fsp.readFile(path);
  }

  async truncate(path: string, length: number): Promise<void> {
    const fh = await fsp.open(path, 'r+');
    try {
      await fh.truncate(length);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async unlink(path: string): Promise<void> {
    await fsp.unlink(path);
  }

  async rmdirIfEmpty(path: string): Promise<void> {
    try {
      await fsp.rmdir(path);
    } catch (e) {
      if (!isErrno(e) || !['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(e.code ?? '')) throw e;
    }
  }

  async list(path: string): Promise<DirEntry[]> {
    try {
      const entries = await fsp.readdir(path, { withFileTypes: true });
      return entries.map((d) => ({ name: d.name, isDir: d.isDirectory() }));
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOENT') return [];
      throw e;
    }
  }
}

async function syncDir(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    await fh.sync();
  } catch {
    // Some filesystems (and platforms) refuse fsync on a directory: the data itself is synced.
  } finally {
    await fh.close();
  }
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`${code}: ${message}`);
  e.code = code;
  return e;
}

/**
 * Simulated twin: forwards to an inner port and fails writes on demand. `fail = 'ENOSPC'` with
 * `spaceLeft` lets that many more bytes through before the disk is "full" (a partial append);
 * `fail = 'EROFS'` refuses every write, like an SD card remounted read-only.
 */
export class FaultyFilePort implements FilePort {
  fail: 'ENOSPC' | 'EROFS' | undefined;
  spaceLeft = 0;
  bytesAppended = 0;

  constructor(private readonly inner: FilePort) {}

  async append(path: string, data: Uint8Array): Promise<void> {
    if (this.fail === 'EROFS') throw new PartialWriteError(errno('EROFS', 'read-only file system'), 0);
    if (this.fail === 'ENOSPC' && data.length > this.spaceLeft) {
      const n = Math.max(0, this.spaceLeft);
      if (n > 0) await this.inner.append(path, data.subarray(0, n));
      this.spaceLeft -= n;
      this.bytesAppended += n;
      throw new PartialWriteError(errno('ENOSPC', 'no space left on device'), n);
    }
    if (this.fail === 'ENOSPC') this.spaceLeft -= data.length;
    await this.inner.append(path, data);
    this.bytesAppended += data.length;
  }

  mkdirp(path: string): Promise<void> {
    if (this.fail === 'EROFS') return Promise.reject(errno('EROFS', 'read-only file system'));
    return this.inner.mkdirp(path);
  }
  size(path: string): Promise<number | undefined> {
    return this.inner.size(path);
  }
  read(path: string, start: number, length: number): Promise<Buffer> {
    return this.inner.read(path, start, length);
  }
  readAll(path: string): Promise<Buffer> {
    return this.inner.readAll(path);
  }
  truncate(path: string, length: number): Promise<void> {
    return this.inner.truncate(path, length);
  }
  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }
  rmdirIfEmpty(path: string): Promise<void> {
    return this.inner.rmdirIfEmpty(path);
  }
  list(path: string): Promise<DirEntry[]> {
    return this.inner.list(path);
  }
}
