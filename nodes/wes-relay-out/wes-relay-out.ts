// wes-relay-out: a relay on a GPIO output line. Commands come from messages (rules, or manual
// when msg.source is "manual"), Dashboard 2.0 switches (true/false) and, through the registry,
// a deployed wes-http-api node (RL.cgi, manual). The state machine (minimum on/off times, pending
// command, override, pulse) is nodes/core/relay; this file maps it onto a line, a timer,
// persistence, the registry and the read-only /wes/relays list.

import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { parseRelayCommand, type RelayCommand } from '../core/relay/command';
import {
  applyCommand,
  initialRelayState,
  isRelayState,
  nextDeadlineMs,
  tick,
  type Outcome,
  type RelayOptions,
  type RelaySource,
  type RelayState,
} from '../core/relay/machine';
import type { Level, OutputHandle } from '../io/gpio/types';
import { problem } from '../core/problem';
import { relayNumber } from '../core/onewire/rom';
import type { WesOneWireBusNode } from '../wes-onewire-bus/onewire-bus-node';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { describeOwner, type WesGpioNode } from '../wes-gpio/gpio-node';
import { monoOf, systemClocks, wallOf } from '../shared/clock';
import { defineNode } from '../shared/define-node';
import { allRelays, registerRelay, unregisterRelay, type RelayView } from './relay-registry';
import { relaysJson } from './relays-json';
import { defineConfig, withDefaults } from '../shared/node-config';

interface RelayConfig {
  name: string;
  /** Where the relay is: a GPIO line, or a channel of a DS2408 board on a 1-Wire bus. */
  output: 'gpio' | 'onewire';
  gpio: string;
  onewire: string;
  board: number;
  channel: number;
  line: number;
  activeLow: boolean;
  number: number;
  startState: 'off' | 'on' | 'restore';
  minOnS: number;
  minOffS: number;
  overrideMin: number;
}

const configSchema = {
  type: 'object',
  properties: {
    output: { enum: ['gpio', 'onewire'] },
    gpio: { type: 'string', minLength: 1 },
    onewire: { type: 'string' },
    board: { type: 'integer', minimum: 1, maximum: 9 },
    channel: { type: 'integer', minimum: 1, maximum: 8 },
    line: { type: 'integer', minimum: 0, maximum: 1023 },
    activeLow: { type: 'boolean' },
    number: { type: 'integer', minimum: 1, maximum: 9999 },
    startState: { enum: ['off', 'on', 'restore'] },
    minOnS: { type: 'number', minimum: 0, maximum: 86400 },
    minOffS: { type: 'number', minimum: 0, maximum: 86400 },
    overrideMin: { type: 'number', minimum: 0, maximum: 10080 },
  },
  required: ['line', 'number', 'startState', 'minOnS', 'minOffS', 'overrideMin'],
};

const defaults = {
  name: '',
  output: 'gpio',
  onewire: '',
  board: 1,
  channel: 1,
  activeLow: false,
  startState: 'off',
  minOnS: 0,
  minOffS: 0,
  overrideMin: 60,
};

const config = defineConfig<RelayConfig>({
  type: 'wes-relay-out',
  schema: withDefaults(configSchema, defaults),
  checks: [
    // The WES numbers its 1-Wire relays rl101…rl908 from board and channel: the HTTP API finds them by that number.
    (c) =>
      c.output === 'onewire' && c.number !== relayNumber(c.board, c.channel)
        ? problem('relay.onewireNumber', { number: c.number, expected: relayNumber(c.board, c.channel) })
        : null,
  ],
});

/** The line a relay drives, whichever device holds it. */
interface RelayPort {
  claim(): void;
  release(): void;
  open(initial: Level): Promise<OutputHandle>;
  label(): string;
}

function gpioPort(gpio: WesGpioNode, line: number, owner: Node): RelayPort {
  return {
    claim: () => gpio.claim(line, owner),
    release: () => gpio.release(line, owner),
    open: (initial) => gpio.openOutput({ line, initial }),
    label: () => gpio.backendLabel(),
  };
}

function oneWirePort(bus: WesOneWireBusNode, board: number, channel: number, owner: Node): RelayPort {
  return {
    claim: () => bus.claimRelay(board, channel, owner),
    release: () => bus.releaseRelay(board, channel, owner),
    open: (initial) => bus.openRelay({ board, channel, initial, owner }),
    label: () => `1-Wire rl${relayNumber(board, channel)}`,
  };
}

interface RelayMessage extends NodeMessage {
  source?: unknown;
  override?: unknown;
}

function sourceOf(msg: RelayMessage): RelaySource {
  return msg.source === 'manual' || msg.override === true || msg.topic === 'manual' ? 'manual' : 'rule';
}

const shift = (s: RelayState, by: (t: number) => number): RelayState => ({
  ...s,
  changedAtMs: by(s.changedAtMs),
  pending: s.pending ? { on: s.pending.on, atMs: by(s.pending.atMs) } : null,
  pulseOffAtMs: s.pulseOffAtMs === null ? null : by(s.pulseOffAtMs),
  overrideUntilMs: s.overrideUntilMs === null ? null : by(s.overrideUntilMs),
});
const toWall = (s: RelayState): RelayState => shift(s, (t) => wallOf(t));
const fromWall = (s: RelayState): RelayState => shift(s, (t) => monoOf(t));

export = function (RED: NodeAPI) {
  defineNode<RelayConfig>(RED, {
    type: 'wes-relay-out',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, stateFile: file, onInput, onClose, fail, explain }) {
      let gpio: RelayPort;
      if (c.output === 'onewire') {
        const bus = RED.nodes.getNode(c.onewire) as WesOneWireBusNode | null;
        if (!bus || typeof bus.openRelay !== 'function') return fail(t('errors.noOneWire'));
        gpio = oneWirePort(bus, c.board, c.channel, node);
      } else {
        const chip = RED.nodes.getNode(c.gpio) as WesGpioNode | null;
        if (!chip || typeof chip.claim !== 'function') return fail(t('errors.noGpio'));
        gpio = gpioPort(chip, c.line, node);
      }
      const where = c.output === 'onewire' ? `rl${c.number}` : String(c.line);
      try {
        gpio.claim();
      } catch (e) {
        return fail((e as Error).message);
      }

      const options: RelayOptions = { minOnMs: c.minOnS * 1000, minOffMs: c.minOffS * 1000, overrideMs: c.overrideMin * 60_000 };
      // The machine's times are monotonic (a pulse or an override lasts what it says whatever NTP
      // does); the file keeps wall times, so a restart (a new monotonic origin) reads them back.
      const mono = systemClocks.monoMs;
      const now0 = mono();
      let restored: RelayState | null = null;
      if (c.startState === 'restore') {
        const stored = readJson(file);
        if (stored && 'error' in stored) node.warn(t('errors.restore', { text: stored.error }));
        else if (stored && isRelayState((stored.value as { relay?: unknown }).relay))
          restored = fromWall((stored.value as { relay: RelayState }).relay);
      }
      // Minimum times count from start too: after a power cut a compressor must rest before restarting.
      let state: RelayState = initialRelayState(restored ? restored.on : c.startState === 'on', now0);
      if (restored && restored.overrideUntilMs !== null && restored.overrideUntilMs > now0)
        state = { ...state, overrideUntilMs: restored.overrideUntilMs };

      let handle: OutputHandle | null = null;
      let closed = false;
      let timer: NodeJS.Timeout | null = null;
      let writing: Promise<void> = Promise.resolve();
      let failed = false;

      const levelFor = (on: boolean): Level => ((on ? 1 : 0) ^ (c.activeLow ? 1 : 0)) as Level;
      const label = c.name || `relay ${c.number}`;

      const save = () => {
        try {
          writeJsonAtomic(file, { v: 1, relay: toWall(state) });
        } catch (e) {
          node.error(t('errors.save', { text: (e as Error).message }));
        }
      };

      const view = (): RelayView => ({
        number: c.number,
        name: label,
        on: state.on,
        pending: state.pending ? { on: state.pending.on, atMs: wallOf(state.pending.atMs) } : null,
        overrideUntilMs: state.overrideUntilMs === null ? null : wallOf(state.overrideUntilMs),
      });

      const showStatus = () => {
        if (failed) return;
        if (!handle) {
          status.set('waiting', t('status.opening'));
          return;
        }
        const parts = [state.on ? 'ON' : 'OFF'];
        if (state.pending)
          parts.push(t('status.pending', { state: state.pending.on ? 'ON' : 'OFF', s: Math.ceil((state.pending.atMs - mono()) / 1000) }));
        if (state.pulseOffAtMs !== null && !state.pending)
          parts.push(t('status.pulse', { s: Math.ceil((state.pulseOffAtMs - mono()) / 1000) }));
        if (state.overrideUntilMs !== null)
          parts.push(t('status.override', { until: new Date(wallOf(state.overrideUntilMs)).toLocaleTimeString() }));
        status.set(state.on ? 'ok' : 'idle', `${parts.join(' · ')} [${gpio.label()}]`);
      };

      const output = (extra: Partial<RelayMessage> = {}, outcome?: Outcome) => {
        node.send({
          ...extra,
          topic: c.name || `relay${c.number}`,
          payload: state.on,
          state: state.on ? 'ON' : 'OFF',
          relay: {
            number: c.number,
            name: label,
            pending: view().pending,
            overrideUntil: view().overrideUntilMs,
            ...(outcome ? { outcome } : {}),
          },
        } as NodeMessage);
      };

      /** Drive the line to the state's level; serialised because a gpiod write restarts a process. */
      const drive = (): Promise<void> => {
        writing = writing
          .then(async () => {
            if (!handle || closed) return;
            const level = levelFor(state.on);
            if (handle.level !== level) await handle.write(level);
            if (failed) failed = false;
          })
          .catch((e: Error) => {
            failed = true;
            node.error(t('errors.write', { line: where, text: e.message }));
            status.set('lost', t('status.lost'));
          });
        return writing;
      };

      const schedule = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        const at = nextDeadlineMs(state);
        if (at === null || closed) return;
        timer = setTimeout(onTimer, Math.max(0, at - mono()));
      };

      const commit = async (next: RelayState, extra?: Partial<RelayMessage>, outcome?: Outcome, force = false): Promise<void> => {
        const changed = next.on !== state.on;
        const persist = changed || next.overrideUntilMs !== state.overrideUntilMs;
        state = next;
        schedule();
        // The line first, the file after: the fsync must not delay the relay.
        if (changed) await drive();
        if (persist) save();
        if (changed || force) output(extra, outcome);
        showStatus();
      };

      function onTimer() {
        timer = null;
        void commit(tick(state, mono(), options));
      }

      const run = async (cmd: RelayCommand, source: RelaySource, extra?: Partial<RelayMessage>): Promise<Outcome> => {
        const r = applyCommand(state, cmd, source, mono(), options);
        // The machine dates the override on the monotonic clock; a person reads wall time.
        const reason =
          r.reason && r.state.overrideUntilMs !== null
            ? { ...r.reason, params: { ...r.reason.params, until: new Date(wallOf(r.state.overrideUntilMs)).toISOString() } }
            : r.reason;
        if (r.outcome === 'blocked') node.log(t('log.blocked', { cmd: cmd.action, reason: reason ? explain(reason) : '' }));
        // A status asks for the state; auto changes what the state message says (no override).
        await commit(r.state, extra, r.outcome, cmd.action === 'status' || cmd.action === 'auto');
        return r.outcome;
      };

      try {
        registerRelay(c.number, describeOwner(node), { view, command: (cmd) => run(cmd, 'manual') });
      } catch (e) {
        gpio.release();
        return fail((e as Error).message);
      }

      showStatus();
      gpio
        .open(levelFor(state.on))
        .then(async (h) => {
          if (closed) return h.close();
          handle = h;
          save();
          await drive();
          schedule();
          output();
          showStatus();
        })
        .catch((e: Error) => {
          failed = true;
          node.error(t('errors.open', { line: where, text: e.message }));
          status.set('lost', t('status.lost'));
        });

      onInput((msg) => {
        const parsed = parseRelayCommand(msg.payload);
        if (!parsed.ok) throw new Error(explain(parsed.error));
        return run(parsed.command, sourceOf(msg), { _msgid: msg._msgid }).then(() => undefined);
      });

      onClose(() => {
        closed = true;
        if (timer) clearTimeout(timer);
        unregisterRelay(c.number, describeOwner(node));
        gpio.release();
        save();
        const h = handle;
        handle = null;
        return writing.then(() => (h ? h.close() : undefined)).catch(() => undefined);
      });
    },
  });

  // Read-only, so it needs no node of its own: it switches nothing (switching over HTTP is the
  // wes-http-api node's, with its own credentials, and only while one is deployed). On httpNode,
  // so httpNodeAuth guards it like any http-in endpoint; the test helper and some embedders run
  // without an HTTP server, and then there is nothing to serve.
  const app = RED.httpNode as NodeAPI['httpNode'] | undefined;
  if (app) {
    app.get('/wes/relays', (_req, res) => {
      res.type('application/json').send(relaysJson(allRelays().map((r) => r.view())));
    });
  }
};
