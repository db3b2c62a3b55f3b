// The part of yazl's API we use (the package ships no types).
declare module 'yazl' {
  import type { Readable } from 'node:stream';
  export class ZipFile {
    outputStream: Readable;
    addFile(realPath: string, metadataPath: string, options?: { compress?: boolean; mtime?: Date }): void;
    addBuffer(buffer: Buffer, metadataPath: string, options?: { compress?: boolean; mtime?: Date }): void;
    end(options?: object, callback?: () => void): void;
  }
}
