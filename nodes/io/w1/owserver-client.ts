// A small client of owserver's TCP protocol (owfs ow_message.h; docs/sensing.md §3.2): a 24-byte
// header of six big-endian int32, the path with a NUL, then the data of a write. One request per
// connection, as owserver's simple mode: a bus is read a few times a minute, and a fresh socket
// cannot be left in a half-read state by a timeout. Replies with payload −1 are keep-alive pings
// sent while the server works on a slow bus, so the client keeps reading.
import { connect, type Socket } from 'node:net';

export const OW_MSG = { read: 2, write: 3, dir: 4, presence: 6, dirall: 7 } as const;

// OWNET marks a network client; uncached makes owserver talk to the bus rather than its cache.
const FLAGS_OWNET = 0x100;
const FLAGS_UNCACHED = 0x20;

/**
 * owserver's negative return codes are errno values, except −1, which owserver 3.2 returns for a
 * path that names no device or property (verified against --tester): reported as ENOENT.
 */
const ERRNO: Record<number, string> = {
  1: 'ENOENT',
  2: 'ENOENT',
  5: 'EIO',
  16: 'EBUSY',
  19: 'ENODEV',
  21: 'EISDIR',
  22: 'EINVAL',
  34: 'ERANGE',
  95: 'EOPNOTSUPP',
  110: 'ETIMEDOUT',
};

export class OwserverError extends Error {
  constructor(
    readonly ret: number,
    readonly path: string,
  ) {
    super(`owserver: ${path}: ${ERRNO[-ret] ?? 'error'} (${ret})`);
  }
  /** The errno name of the return code ("ENOENT" for a missing device). */
  get code(): string {
    return ERRNO[-this.ret] ?? `E${-this.ret}`;
  }
}

export interface OwReply {
  ret: number;
  data: Buffer;
}

function requestHeader(type: number, payload: number, size: number, flags = FLAGS_OWNET | FLAGS_UNCACHED): Buffer {
  const h = Buffer.alloc(24);
  [0, payload, type, flags, size, 0].forEach((v, i) => h.writeInt32BE(v, i * 4));
  return h;
}

export class OwserverClient {
  constructor(
    readonly host: string,
    readonly port: number,
    private readonly timeoutMs = 5000,
  ) {}

  /** One request and its last non-ping reply. */
  request(type: number, path: string, data?: Buffer, size = 8192): Promise<OwReply> {
    const body = Buffer.concat([Buffer.from(`${path}\0`, 'utf8'), data ?? Buffer.alloc(0)]);
    const head = requestHeader(type, body.length, data ? data.length : size);
    return new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      let settled = false;
      const sock: Socket = connect({ host: this.host, port: this.port });
      const finish = (err: Error | null, reply?: OwReply) => {
        if (settled) return;
        settled = true;
        sock.destroy();
        if (err) reject(err);
        else resolve(reply as OwReply);
      };
      sock.setTimeout(this.timeoutMs, () => finish(new Error(`owserver ${this.host}:${this.port}: no reply within ${this.timeoutMs} ms`)));
      sock.on('error', (e) => finish(e));
      sock.on('close', () => finish(new Error(`owserver ${this.host}:${this.port} closed the connection`)));
      sock.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 24) {
          const payload = buf.readInt32BE(4);
          const ret = buf.readInt32BE(8);
          const replySize = buf.readInt32BE(16);
          if (payload < 0) {
            buf = buf.subarray(24); // a ping: the server is still working
            continue;
          }
          if (buf.length < 24 + payload) return;
          const bytes = buf.subarray(24, 24 + payload);
          // A read's data is `size` bytes of the payload; dirall's is the whole text, NUL-ended.
          const len = replySize >= 0 && replySize <= bytes.length && type === OW_MSG.read ? replySize : bytes.length;
          finish(null, { ret, data: Buffer.from(bytes.subarray(0, len)) });
          return;
        }
      });
      sock.on('connect', () => sock.write(Buffer.concat([head, body])));
    });
  }

  private async checked(type: number, path: string, data?: Buffer): Promise<OwReply> {
    const r = await this.request(type, path, data);
    if (r.ret < 0) throw new OwserverError(r.ret, path);
    return r;
  }

  async read(path: string): Promise<string> {
    return (await this.checked(OW_MSG.read, path)).data.toString('utf8');
  }

  async write(path: string, value: string): Promise<void> {
    await this.checked(OW_MSG.write, path, Buffer.from(value, 'utf8'));
  }

  /** The entries of a folder ("/28.000028D70000", "/bus.0", …), in one reply. */
  async dirall(path = '/'): Promise<string[]> {
    const text = (await this.checked(OW_MSG.dirall, path)).data.toString('utf8').replace(/\0+$/, '');
    return text === '' ? [] : text.split(',');
  }

  async presence(path: string): Promise<boolean> {
    return (await this.request(OW_MSG.presence, path)).ret >= 0;
  }
}
