// The one way to write a node. defineNode registers a type and owns what every node must get
// right, so an adapter only says what is special about it:
// - the config parsed by its ConfigSpec (migrations, blank = default, schema, cross-field
//   checks); a bad config is a node error and a red ring, never a throw into the runtime;
// - an input wrapper: a handler that throws or rejects ends in done(err), so a Catch node
//   gets it, the status shows the refusal, and the next good message restores the status;
// - a cleanup list run on close in reverse order (timers, detach functions, a final save);
// - the node's state file, deleted when the node is removed (removed === true), kept on a
//   restart or a redeploy;
// - one status vocabulary (status.ts) and every text through the node's catalog.
import { rmSync } from 'node:fs';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { stateFile } from '../io/state/atomic-json';
import type { ConfigSpec } from './node-config';
import { userDirOf } from './node-state';
import { statusReporter, type StatusReporter } from './status';
import { translator, type Translate } from './translate';
import { explainer } from './problems';
import type { Problem } from '../core/problem';

/** Thrown by setup for a config that only the runtime can judge (a missing config node). */
class ConfigError extends Error {}

export type InputMessage = NodeMessage & Record<string, unknown>;
export type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;
export type InputHandler = (msg: InputMessage, send: Send) => void | Promise<void>;

export interface NodeContext<C, N extends Node = Node> {
  RED: NodeAPI;
  node: N;
  config: C;
  t: Translate;
  status: StatusReporter;
  userDir: string;
  /** Where this node keeps what must survive a restart; removed with the node. */
  stateFile: string;
  /** Handles every input message; throw an Error (with a translated text) to refuse one. */
  onInput(handler: InputHandler): void;
  /** Runs on close, after the handlers registered later; `removed` is true when the node is deleted. */
  onClose(fn: (removed: boolean) => void | Promise<void>): void;
  /** A repeating timer, cleared on close. */
  every(ms: number, fn: () => void): void;
  /** Another file this node owns, deleted with it. */
  ownFile(path: string): void;
  /** Reports a config problem found after parsing (red ring + node error) and stops setup. */
  fail(reason: string | Problem): never;
  /** A core problem in the runtime's language. */
  explain(p: Problem): string;
}

export interface NodeSpec<C, N extends Node = Node> {
  type: string;
  /** The adapter's __dirname: where its locales are. */
  dir: string;
  config: ConfigSpec<C>;
  credentials?: Record<string, { type: 'text' | 'password' }>;
  settings?: Record<string, { value: unknown; exportable?: boolean }>;
  setup(ctx: NodeContext<C, N>): void;
}

/** Registers `spec.type` with Node-RED; the returned value is the node constructor (for tests). */
export function defineNode<C, N extends Node = Node>(RED: NodeAPI, spec: NodeSpec<C, N>): void {
  const t = translator(RED, spec.dir, spec.type);
  const explain = explainer(RED);
  const configErrorText = (reason: string | Problem): string => {
    const text = typeof reason === 'string' ? reason : explain(reason);
    const full = t('errors.config', { text });
    return full === `${spec.type}.errors.config` ? `invalid ${spec.type} configuration: ${text}` : full;
  };
  const configStatus = (): string => {
    const s = t('status.config');
    return s === `${spec.type}.status.config` ? 'invalid configuration' : s;
  };

  function Constructor(this: N, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    // The node outlives this call: the closures below must hold it, not a rebound `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const node = this;
    const status = statusReporter(node);
    const cleanups: Array<(removed: boolean) => void | Promise<void>> = [];
    const owned: string[] = [];
    const file = stateFile(userDirOf(RED), node.id);
    owned.push(file);

    node.on('close', (removed: boolean, done: () => void) => {
      void (async () => {
        for (const fn of cleanups.slice().reverse()) {
          try {
            await fn(removed === true);
          } catch (e) {
            node.error((e as Error).message);
          }
        }
        if (removed === true) for (const f of owned) rmSync(f, { force: true });
        done();
      })();
    });

    const parsed = spec.config.parse(def);
    if (!parsed.ok) {
      // Config nodes are read by others: the reason travels with the node, for their status.
      (node as Node & { configError?: string }).configError = typeof parsed.error === 'string' ? parsed.error : explain(parsed.error);
      node.error(configErrorText(parsed.error));
      status.set('error', configStatus());
      return;
    }
    const ctx: NodeContext<C, N> = {
      RED,
      node,
      config: parsed.config,
      t,
      status,
      userDir: userDirOf(RED),
      stateFile: file,
      onInput(handler) {
        node.on('input', (msg: NodeMessage, send: Send, done: (err?: Error) => void) => {
          let result: void | Promise<void>;
          try {
            result = handler(msg as InputMessage, send);
          } catch (e) {
            refuse(e, done);
            return;
          }
          if (result instanceof Promise) {
            result.then(
              () => accept(done),
              (e: unknown) => refuse(e, done),
            );
          } else accept(done);
        });
      },
      onClose(fn) {
        cleanups.push(fn);
      },
      every(ms, fn) {
        const timer = setInterval(fn, ms);
        cleanups.push(() => clearInterval(timer));
      },
      ownFile(path) {
        owned.push(path);
      },
      fail(reason) {
        throw new ConfigError(typeof reason === 'string' ? reason : explain(reason));
      },
      explain,
    };
    const accept = (done: (err?: Error) => void): void => {
      if (status.kind !== null) status.restore();
      done();
    };
    const refuse = (e: unknown, done: (err?: Error) => void): void => {
      const err = e instanceof Error ? e : new Error(String(e));
      status.refused(err.message.length > 60 ? `${err.message.slice(0, 59)}…` : err.message);
      done(err);
    };
    try {
      spec.setup(ctx);
    } catch (e) {
      // A bug in setup must not stop the other nodes of the flow: report it like a bad config.
      node.error(e instanceof ConfigError ? configErrorText(e.message) : (e as Error).message);
      status.set('error', configStatus());
    }
  }
  const options: Record<string, unknown> = {};
  if (spec.credentials) options.credentials = spec.credentials;
  if (spec.settings) options.settings = spec.settings;
  // registerType's published types want a constructor of Node; ours is typed by N, a Node.
  RED.nodes.registerType(spec.type, Constructor as unknown as Parameters<NodeAPI['nodes']['registerType']>[1], options);
}
