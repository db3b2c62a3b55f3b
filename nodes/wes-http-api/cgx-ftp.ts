// The box's FTP upload of .CGX templates (§1.2: Home Assistant, Jeedom, Vera and jwes put their
// own template on the SD card, then GET it), on ftp-srv. ftp-srv is an optional peer dependency
// (it brings some thirty packages a palette install must not carry for everyone): it is loaded
// only when a node turns FTP on, and its absence is said plainly. The file system it is given
// takes only .cgx files (and one level of folder) into the templates folder, size-limited.
import { networkInterfaces } from 'node:os';
import { posix } from 'node:path';
import { Writable } from 'node:stream';
import type * as Ftp from 'ftp-srv';
import { cgxPath, cgxTarget, MAX_CGX_BYTES, writeCgx } from './cgx-store';

export class FtpModuleMissing extends Error {}

export interface CgxFtpOptions {
  host: string;
  port: number;
  /** Compares the credentials (in constant time, by the caller). */
  login(user: string, password: string): boolean;
  root: string;
  onUpload(name: string): void;
  onRefused(what: string): void;
}

// ftp-srv logs with bunyan to stdout; Node-RED has its own log, so it is silenced.
const quiet = {
  child: () => quiet,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

/** The address a passive client is told: loopback for a local one, else this host's first LAN IPv4. */
function lanAddress(clientIp: string): string {
  if (/^(::ffff:)?127\.|^::1$/.test(clientIp)) return '127.0.0.1';
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

function loadFtpSrv(): typeof Ftp {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, loaded only when the user turns FTP on
    return require('ftp-srv') as typeof Ftp;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') throw new FtpModuleMissing('ftp-srv');
    throw e;
  }
}

export async function startCgxFtp(o: CgxFtpOptions): Promise<{ close(): Promise<void> }> {
  const mod = loadFtpSrv();
  const refuse = (what: string, text: string): never => {
    o.onRefused(what);
    throw new mod.FileSystemError(text, 553);
  };

  class CgxFileSystem extends mod.FileSystem {
    private parts(name: string, folderOnly = false): string[] | null {
      return cgxPath(posix.join(this.currentDirectory(), name), folderOnly);
    }

    override write(fileName: string): { stream: Writable; clientPath: string } {
      const parts = this.parts(fileName) ?? refuse(fileName, 'only .cgx templates are accepted here');
      const chunks: Buffer[] = [];
      let size = 0;
      const stream = new Writable({
        write(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          if (size > MAX_CGX_BYTES) return cb(new Error(`a template is at most ${MAX_CGX_BYTES} bytes`));
          chunks.push(chunk);
          cb();
        },
        final(cb) {
          try {
            writeCgx(cgxTarget(o.root, parts), Buffer.concat(chunks));
            o.onUpload(parts.join('/'));
            cb();
          } catch (e) {
            cb(e as Error);
          }
        },
      });
      // ftp-srv ends a stream that has a close listener by emitting close, as its own file system does.
      stream.once('close', () => stream.end());
      return { stream, clientPath: `/${parts.join('/')}` };
    }

    override mkdir(path: string): Promise<string> {
      if (!this.parts(path, true)) return Promise.reject(new mod.FileSystemError('one level of folder, plain names', 553));
      return super.mkdir(path) as Promise<string>;
    }

    override delete(path: string): Promise<unknown> {
      if (!this.parts(path)) return Promise.reject(new mod.FileSystemError('only .cgx templates', 553));
      return super.delete(path) as Promise<unknown>;
    }
  }

  const specific = o.host !== '0.0.0.0' && o.host !== '::';
  const server = new mod.FtpSrv({
    url: `ftp://${o.host}:${o.port}`,
    pasv_url: specific ? o.host : lanAddress,
    anonymous: false,
    greeting: 'WES templates (.cgx)',
    blacklist: ['RNFR', 'RNTO', 'SITE', 'APPE'],
    log: quiet,
  } as unknown as ConstructorParameters<typeof mod.FtpSrv>[0]);
  // ftp-srv exits the process on SIGINT/SIGTERM; Node-RED owns its own shutdown.
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    const mine = process.listeners(sig).slice(-1)[0];
    if (mine) process.removeListener(sig, mine);
  }
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    if (!o.login(username, password)) return reject(new mod.GeneralError('wrong user or password', 530));
    resolve({ fs: new CgxFileSystem(connection, { root: o.root, cwd: '/' }) } as unknown as { root: string });
  });
  await server.listen();
  return { close: () => server.close() as Promise<void> };
}
