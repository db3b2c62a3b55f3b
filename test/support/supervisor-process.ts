// Starts Node-RED the way `npm start` does (scripts/start.mjs), in a throw-away userDir on a
// free port, for the system, browser and benchmark runs. Nothing of the developer's .node-red
// is touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface StartOptions {
  /** Flow file to install in the fresh userDir (default: the shipped supervisor). */
  flowFile?: string;
  env?: Record<string, string>;
  /** Echo Node-RED's output (for debugging a failing test). */
  echo?: boolean;
  /** Run in this userDir (a restart of an earlier run), which stop() then leaves in place. */
  userDir?: string;
}

export interface SupervisorProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  userDir: string;
  /** Everything Node-RED printed so far (stdout + stderr). */
  output(): string;
  /** Resolves when the output matches, rejects after timeoutMs or if the process exits. */
  waitForOutput(re: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSupervisor(opts: StartOptions = {}): Promise<SupervisorProcess> {
  const port = await freePort();
  const userDir = opts.userDir ?? mkdtempSync(join(tmpdir(), 'wes-nr-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    WES_USER_DIR: userDir,
    // The hardware of the developer's settings/hardware.js must not leak into tests.
    WES_HARDWARE: join(userDir, 'no-hardware-file.js'),
    // English unless a test asks: the machine's locale must not choose the flow a test reads.
    WES_LANG: 'en',
    ...(opts.flowFile ? { WES_FLOW: resolve(opts.flowFile) } : {}),
    ...opts.env,
  };
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'start.mjs')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => {
    out += b.toString();
    if (opts.echo) process.stderr.write(b);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('exit', () => {
    for (const l of listeners) l();
  });

  const waitForOutput = (re: RegExp, timeoutMs: number) =>
    new Promise<void>((ok, fail) => {
      const check = () => {
        if (re.test(out)) {
          done();
          ok();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          fail(new Error(`Node-RED exited (${child.exitCode ?? child.signalCode}) before ${re}:\n${out.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        fail(new Error(`no ${re} within ${timeoutMs} ms:\n${out.slice(-3000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!opts.userDir) rmSync(userDir, { recursive: true, force: true });
  };

  const proc: SupervisorProcess = {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    userDir,
    output: () => out,
    waitForOutput,
    stop,
  };
  try {
    await waitForOutput(/Server now running|Le serveur est disponible/, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return proc;
}
