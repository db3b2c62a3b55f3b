// Starts a real Node-RED in a child process with only the logger and history nodes of this package
// installed (a tiny package in the temp userDir whose node folders link to dist/), for the system
// tests that kill it, fill its disk, or call its HTTP endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { nodeRedPath } from './node-red-path';
import { waitFor } from './wait';

export const AUTH = { user: 'wes', pass: 'secret' };

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

function nodeRedRoot(): string {
  // require.resolve gives lib/red.js (the library); the launcher red.js sits beside package.json.
  let dir = dirname(nodeRedPath());
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Prepares userDir: the node package (the logger's by default), settings (with httpNodeAuth) and the flow. */
export function prepareUserDir(userDir: string, port: number, flow: object[], nodeTypes: string[] = ['wes-logger', 'wes-history']): void {
  const distNodes = resolve(__dirname, '..', '..', 'nodes');
  const pkg = join(userDir, 'node_modules', 'wes-logger-under-test');
  mkdirSync(pkg, { recursive: true });
  for (const n of nodeTypes) if (!existsSync(join(pkg, n))) symlinkSync(join(distNodes, n), join(pkg, n));
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'wes-logger-under-test',
      version: '1.0.0',
      'node-red': { nodes: Object.fromEntries(nodeTypes.map((n) => [n, `${n}/${n}.js`])) },
    }),
  );
  // bcryptjs comes with node-red: resolved from there rather than added as our dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bcrypt = require(require.resolve('bcryptjs', { paths: [nodeRedRoot()] })) as { hashSync(s: string, rounds: number): string };
  const settings = {
    uiPort: port,
    uiHost: '127.0.0.1',
    flowFile: 'flows.json',
    credentialSecret: false,
    httpNodeAuth: { user: AUTH.user, pass: bcrypt.hashSync(AUTH.pass, 4) },
    logging: { console: { level: 'warn' } },
    editorTheme: { tours: false },
  };
  writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings)};\n`);
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flow));
}

export function startNodeRed(userDir: string, env: Record<string, string> = {}): ChildProcess {
  // NODE_TEST_CONTEXT would make the child report to the test runner instead of running normally.
  const { NODE_TEST_CONTEXT: _ctx, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [join(nodeRedRoot(), 'red.js'), '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  (child as ChildProcess & { logText: () => string }).logText = () => log;
  return child;
}

export function authHeader(): string {
  return 'Basic ' + Buffer.from(`${AUTH.user}:${AUTH.pass}`).toString('base64');
}

/** Waits until the runtime answers /wes/logs with at least one logger. */
export async function waitReady(port: number, child: ChildProcess, timeoutMs = 20000): Promise<void> {
  const logText = () => (child as ChildProcess & { logText: () => string }).logText();
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`Node-RED exited: ${logText()}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/wes/logs`, { headers: { authorization: authHeader() } });
        return r.ok && ((await r.json()) as unknown[]).length > 0;
      } catch {
        return false; // not listening yet
      }
    },
    'Node-RED ready (a logger listed by /wes/logs)',
    timeoutMs,
    50,
    logText,
  );
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** A flow: an inject every 50 ms → a function numbering the messages of this run → wes-logger. */
export function feederFlow(logDir: string, flushInterval: number, extra: Record<string, unknown> = {}): object[] {
  return [
    { id: 'tab', type: 'tab', label: 'logger test' },
    {
      id: 'tick',
      type: 'inject',
      z: 'tab',
      repeat: '0.05',
      once: true,
      onceDelay: '0.1',
      topic: '',
      payload: '',
      payloadType: 'date',
      props: [{ p: 'payload' }],
      wires: [['gen']],
    },
    {
      id: 'gen',
      type: 'function',
      z: 'tab',
      outputs: 1,
      wires: [['log']],
      func:
        "const seq = (context.get('seq') || 0) + 1; context.set('seq', seq);\n" +
        "msg.topic = 'sim'; msg.payload = { run: Number(env.get('RUN_ID')), seq, powerW: 500 + (seq % 100), energyWh: seq };\nreturn msg;",
    },
    {
      id: 'log',
      type: 'wes-logger',
      z: 'tab',
      name: 'main',
      folder: logDir,
      format: 'standard',
      mode: 'every',
      interval: 60,
      rules: '',
      flushInterval,
      retentionDays: 730,
      maxBufferKB: 1024,
      ...extra,
      wires: [],
    },
  ];
}
