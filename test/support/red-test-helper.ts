// node-red-node-test-helper with types (it ships none) and the few waits every node test needs.
import { nodeRedPath } from './node-red-path';

export interface SpyCall { thisValue: unknown; args: unknown[] }
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

export const startServer = (): Promise<void> => new Promise((resolve, reject) => helper.startServer((e) => (e ? reject(e) : resolve())));
export const stopServer = (): Promise<void> => new Promise((resolve) => helper.stopServer(() => resolve()));
export const loadFlow = (nodes: unknown[], flow: object[]): Promise<void> => new Promise((resolve) => helper.load(nodes, flow, resolve));

/** Arguments of the calls one node made to a spied method. */
export function callsOf(node: TestNode, method: 'status' | 'error'): unknown[][] {
  return node[method].getCalls().filter((c) => c.thisValue === node).map((c) => c.args);
}

/** The next message that reaches a helper node and satisfies the predicate. */
export function nextMessage(nodeId: string, predicate: (m: Record<string, unknown>) => boolean = () => true, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no matching message on ${nodeId} within ${timeoutMs} ms`)), timeoutMs);
    helper.getNode(nodeId).on('input', (m) => {
      if (predicate(m)) { clearTimeout(t); resolve(m); }
    });
  });
}
