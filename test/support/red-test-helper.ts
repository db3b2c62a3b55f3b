// node-red-node-test-helper with types (it ships none) and the few waits every node test needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRedPath } from './node-red-path';

export interface SpyCall {
  thisValue: unknown;
  args: unknown[];
}
export interface TestNode {
  on(event: 'input', fn: (msg: Record<string, unknown>) => void): void;
  receive(msg: Record<string, unknown>): void;
  /** The helper replaces these with sinon spies shared by every node. */
  status: { getCalls(): SpyCall[] };
  error: { getCalls(): SpyCall[] };
}
interface Helper {
  init(path: string): void;
  startServer(done: (err?: Error) => void): void;
  stopServer(done: (err?: Error) => void): void;
  load(nodes: unknown[], flow: object[], done: () => void): void;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as Helper;
helper.init(nodeRedPath());

// Every test file (one process each) gets its own userDir: without one the nodes' state files
// went to the developer's ~/.node-red, and files run side by side would share them. A file
// that needs to look into its userDir uses runtimeWithUserDir below.
const defaultUserDir = mkdtempSync(join(tmpdir(), 'wes-test-'));
(helper as unknown as { settings(s: object): void }).settings({ userDir: defaultUserDir });
process.on('exit', () => rmSync(defaultUserDir, { recursive: true, force: true }));

export const startServer = (): Promise<void> => new Promise((resolve, reject) => helper.startServer((e) => (e ? reject(e) : resolve())));
export const stopServer = (): Promise<void> => new Promise((resolve) => helper.stopServer(() => resolve()));
export const loadFlow = (nodes: unknown[], flow: object[]): Promise<void> => new Promise((resolve) => helper.load(nodes, flow, resolve));

/** Arguments of the calls one node made to a spied method. */
export function callsOf(node: TestNode, method: 'status' | 'error'): unknown[][] {
  return node[method]
    .getCalls()
    .filter((c) => c.thisValue === node)
    .map((c) => c.args);
}

/** The next message that reaches a helper node and satisfies the predicate. */
export function nextMessage(
  nodeId: string,
  predicate: (m: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no matching message on ${nodeId} within ${timeoutMs} ms`)), timeoutMs);
    helper.getNode(nodeId).on('input', (m) => {
      if (predicate(m)) {
        clearTimeout(t);
        resolve(m);
      }
    });
  });
}

/**
 * A runtime with its own throw-away userDir (for nodes that persist state), started before
 * the file's tests and cleaned after each: returns the folder.
 */
export function runtimeWithUserDir(
  prefix: string,
  hooks: {
    before: (fn: () => Promise<void>) => void;
    after: (fn: () => Promise<void>) => void;
    afterEach: (fn: () => Promise<void>) => void;
  },
): string {
  const userDir = mkdtempSync(join(tmpdir(), prefix));
  (helper as unknown as { settings(s: object): void }).settings({ userDir });
  hooks.before(startServer);
  hooks.after(async () => {
    await stopServer();
    rmSync(userDir, { recursive: true, force: true });
  });
  hooks.afterEach(async () => {
    await helper.unload();
    rmSync(join(userDir, 'wes-state'), { recursive: true, force: true });
  });
  return userDir;
}

/** Every message that reaches a helper node, in order. */
export function collector(id: string): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  helper.getNode(id).on('input', (m) => got.push(m));
  return got;
}

export { waitFor } from './wait';

/** The last status a node set. */
export function lastStatus(n: TestNode): Record<string, unknown> {
  const s = callsOf(n, 'status');
  return (s[s.length - 1]?.[0] ?? {}) as Record<string, unknown>;
}
