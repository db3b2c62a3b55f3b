// The part of yazl's API we use (the package ships no types).
declare module 'yazl' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';
  /** yazl emits 'error' when a file added with addFile cannot be read. */
  export class ZipFile extends EventEmitter {
    outputStream: Readable;
    addFile(realPath: string, metadataPath: string, options?: { compress?: boolean; mtime?: Date }): void;
    addBuffer(buffer: Buffer, metadataPath: string, options?: { compress?: boolean; mtime?: Date }): void;
    /** The stream is read when its turn comes, one entry after another. */
    addReadStream(stream: Readable, metadataPath: string, options?: { compress?: boolean; mtime?: Date }): void;
    end(options?: object, callback?: () => void): void;
  }
}
