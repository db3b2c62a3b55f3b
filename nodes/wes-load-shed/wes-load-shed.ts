// wes-load-shed: délestage. Meter states (wes-tic-in output 1), TIC events (output 2) and the
// relays' own state messages (fed back from wes-relay-out) come in; one output per load, in
// priority order, carries its on/off (or fil-pilote frost/comfort) commands, and the last output
// the log of every decision. The decisions themselves are nodes/core/rules/load-shed.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import {
  initialLoadShedState,
  nextDeadlineMs,
  rankOf,
  shedLoads,
  stepLoadShed,
  type EngineSnapshot,
  type LoadShedState,
  type Reason,
  type ShedEffect,
  type ShedInputEvent,
  type ShedLoadConfig,
  type ShedOptions,
} from '../core/rules/load-shed';
import { readShedInput, resolvePriorities, type Basis, type ShedInputError } from '../core/rules/shed-input';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

interface LoadDef {
  name: string;
  powerW: number;
  kind: 'onoff' | 'pilot';
  relay: number;
  minOnS: number;
  minOffS: number;
  rotate: boolean;
  routed: boolean;
}

interface LoadShedConfig {
  name: string;
  basis: Basis;
  fixedLimit: number;
  shedAtPct: number;
  restoreBelowPct: number;
  restoreDelayS: number;
  settleS: number;
  rotateAfterMin: number;
  predictS: number;
  lostMode: 'hold' | 'shed-all' | 'restore-all';
  lostAfterS: number;
  voltage: number;
  pilotCommand: 'relay' | 'text';
  loads: LoadDef[];
}

const schema: JSONSchemaType<LoadShedConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    basis: { type: 'string', enum: ['current', 'power'], default: 'current' },
    fixedLimit: { type: 'number', minimum: 0, default: 0 },
    shedAtPct: { type: 'number', minimum: 10, maximum: 150, default: 90 },
    restoreBelowPct: { type: 'number', minimum: 5, maximum: 150, default: 80 },
    restoreDelayS: { type: 'number', minimum: 0, maximum: 86_400, default: 180 },
    settleS: { type: 'number', minimum: 0, maximum: 600, default: 3 },
    rotateAfterMin: { type: 'number', minimum: 0, maximum: 1440, default: 30 },
    predictS: { type: 'number', minimum: 0, maximum: 600, default: 0 },
    lostMode: { type: 'string', enum: ['hold', 'shed-all', 'restore-all'], default: 'hold' },
    lostAfterS: { type: 'number', minimum: 1, maximum: 3600, default: 30 },
    voltage: { type: 'number', minimum: 50, maximum: 500, default: 230 },
    pilotCommand: { type: 'string', enum: ['relay', 'text'], default: 'relay' },
    loads: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1 },
          powerW: { type: 'number', minimum: 0, maximum: 100_000, default: 0 },
          kind: { type: 'string', enum: ['onoff', 'pilot'], default: 'onoff' },
          relay: { type: 'integer', minimum: 0, maximum: 9999, default: 0 },
          minOnS: { type: 'number', minimum: 0, maximum: 86_400, default: 0 },
          minOffS: { type: 'number', minimum: 0, maximum: 86_400, default: 0 },
          rotate: { type: 'boolean', default: false },
          routed: { type: 'boolean', default: false },
        },
        required: ['name'],
      },
    },
  },
  required: ['loads'],
};
const configSpec = defineConfig<LoadShedConfig>({ type: 'wes-load-shed', schema });

/** The persisted file: v2 holds the reducer's state; v1 (older) the engine snapshot. */
interface StoredState {
  v?: number;
  names?: string[];
  engine?: EngineSnapshot;
  state?: LoadShedState;
}

export = function (RED: NodeAPI): void {
  defineNode<LoadShedConfig>(RED, {
    type: 'wes-load-shed',
    dir: __dirname,
    config: configSpec,
    setup(ctx) {
      const { node, config: c, t } = ctx;
      if (c.restoreBelowPct >= c.shedAtPct) return ctx.fail(t('errors.restoreBelow', { restore: c.restoreBelowPct, shed: c.shedAtPct }));
      const loads: ShedLoadConfig[] = c.loads.map((l) => ({
        name: l.name,
        powerW: l.powerW,
        kind: l.kind,
        minOnMs: l.minOnS * 1000,
        minOffMs: l.minOffS * 1000,
        rotate: l.rotate,
        routed: l.routed,
      }));
      const names = c.loads.map((l) => l.name);
      const options: ShedOptions = {
        loads,
        shedAtPct: c.shedAtPct,
        restoreBelowPct: c.restoreBelowPct,
        restoreDelayMs: c.restoreDelayS * 1000,
        settleMs: c.settleS * 1000,
        rotateAfterMs: c.rotateAfterMin * 60_000,
        predictHorizonMs: c.predictS * 1000,
        lostMode: c.lostMode,
        lostAfterMs: c.lostAfterS * 1000,
        voltageV: c.voltage,
        pilotCommand: c.pilotCommand,
      };
      const stored = readJson(ctx.stateFile);
      let restored: LoadShedState | EngineSnapshot | undefined;
      if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
      else if (stored) {
        const v = stored.value as StoredState;
        // Only when the loads are the same: a re-ordered list must not restore the wrong relay.
        const same = JSON.stringify(v.names) === JSON.stringify(names);
        if (same && v.v === 2 && Array.isArray(v.state?.loads)) restored = v.state;
        else if (same && v.v === 1 && Array.isArray(v.engine?.loads)) restored = v.engine;
      }
      let state = initialLoadShedState(options, Date.now(), restored);
      const outputs = loads.length + 1;
      let lastText = '';

      const reasonText = (r: Reason): string => t(`reason.${r.code}`, r.params);
      const inputError = (e: ShedInputError): Error => new Error(t(`errors.input.${e.code}`, e.params));

      const save = (): void => {
        try {
          writeJsonAtomic(ctx.stateFile, { v: 2, names, state });
        } catch (e) {
          node.error(t('errors.save', { text: (e as Error).message }));
        }
      };

      const showStatus = (): void => {
        const shed = shedLoads(state, options).map((i) => loads[i].name);
        if (state.lost) ctx.status.set('lost', t('status.lost', { n: shed.length }));
        else if (state.lastSampleMs === null) ctx.status.set('waiting', t('status.waiting'));
        else if (shed.length) ctx.status.set('ok', t('status.shed', { n: shed.length, names: shed.join(', '), reading: lastText }));
        else ctx.status.set('ok', t('status.ok', { reading: lastText }));
      };

      const emit = (effects: ShedEffect[], cause?: NodeMessage): void => {
        if (effects.length === 0) return;
        const shedNow = shedLoads(state, options).map((i) => loads[i].name);
        for (const { decision: d, payload } of effects) {
          const out: Array<NodeMessage | null> = new Array<NodeMessage | null>(outputs).fill(null);
          const reason = reasonText(d.reason);
          const shed = {
            action: d.action,
            command: d.command,
            reason,
            value: d.value,
            limit: d.limit,
            unit: d.unit,
            time: new Date(d.tMs).toISOString(),
          };
          out[d.load] = { topic: loads[d.load].name, payload, shed } as NodeMessage;
          out[outputs - 1] = {
            topic: 'load-shed/decision',
            payload: {
              time: new Date(d.tMs).toISOString(),
              load: d.name,
              priority: rankOf(state, d.load),
              action: d.action,
              command: d.command,
              reason,
              value: d.value,
              limit: d.limit,
              unit: d.unit,
              source: d.source,
            },
            shed: shedNow,
            ...(cause?._msgid ? { _msgid: cause._msgid } : {}),
          } as NodeMessage;
          node.send(out);
        }
      };

      /** One reducer step: the new state, its commands sent, the state saved when it changed. */
      const step = (input: ShedInputEvent, now: number, cause?: NodeMessage): boolean => {
        const r = stepLoadShed(state, input, now, options);
        if (r.refused) return false;
        const changed = r.effects.length > 0 || input.kind === 'priority' || input.kind === 'override';
        state = r.state;
        emit(r.effects, cause);
        if (changed) save();
        return true;
      };

      // The single timer: nextDeadlineMs says when, but a once-a-second tick also covers a
      // clock that jumps, and is cheap (a step that is not due changes nothing).
      ctx.every(1000, () => {
        const now = Date.now();
        const due = nextDeadlineMs(state, options);
        if (due !== null && now >= due) step({ kind: 'tick' }, now);
        showStatus();
      });
      ctx.onClose(() => save());

      // After a restart the relays may not remember: the reducer repeats the commands of the loads
      // shed at start. They are sent once the flow is wired, and only for loads still shed then
      // (a message that came first may have restored one).
      const replay = stepLoadShed(state, { kind: 'restart' }, Date.now(), options);
      state = replay.state;
      setImmediate(() => {
        emit(replay.effects.filter((e) => state.loads[e.decision.load].shed));
        showStatus();
      });

      /** The "status" answer: every load in the current priority order, the shed ones, the recent decisions. */
      const sendState = (send: (msg: Array<NodeMessage | null>) => void): void => {
        const shed = shedLoads(state, options);
        const order = state.priority;
        send([
          ...new Array<NodeMessage | null>(outputs - 1).fill(null),
          {
            topic: 'load-shed/state',
            payload: {
              loads: order.map((i, k) => ({
                name: loads[i].name,
                priority: k + 1,
                output: i + 1,
                shed: state.loads[i].shed,
                why: state.loads[i].why ? reasonText(state.loads[i].why) : null,
                overrideUntil: state.loads[i].overrideUntilMs,
              })),
              order: order.map((i) => loads[i].name),
              shed: shed.map((i) => loads[i].name),
              lost: state.lost,
              recent: state.log.slice(-20).map((d) => ({ ...d, reason: reasonText(d.reason) })),
            },
          } as NodeMessage,
        ]);
      };

      ctx.onInput((msg) => {
        if (msg.payload === 'status') {
          sendState((m) => node.send(m));
          return;
        }
        const now = Date.now();
        const input = readShedInput(msg, now, { basis: c.basis, fixedLimit: c.fixedLimit, voltageV: c.voltage });
        switch (input.kind) {
          case 'error':
            throw inputError(input.error);
          case 'ignored':
            return;
          case 'priorities': {
            const r = resolvePriorities(input.list, names);
            if (!r.ok) throw inputError(r.error);
            step({ kind: 'priority', order: r.order }, now);
            sendState((m) => node.send(m));
            break;
          }
          case 'lost':
            step({ kind: 'lost' }, now, msg);
            break;
          case 'route': {
            const i = c.loads.findIndex((l) => l.routed && l.name === input.name);
            if (i < 0) throw new Error(t('errors.route', { name: input.name }));
            step({ kind: 'route', load: i, on: input.on, text: input.why || t(input.on ? 'reason.routeOn' : 'reason.routeOff') }, now, msg);
            break;
          }
          case 'relay': {
            const i = c.loads.findIndex(
              (l) => (input.number !== null && l.relay > 0 && l.relay === input.number) || (input.name !== null && l.name === input.name),
            );
            if (i < 0) return;
            step({ kind: 'override', load: i, untilMs: input.overrideUntilMs }, now);
            break;
          }
          case 'sample':
            lastText = `${Math.round(input.sample.value * 10) / 10} / ${Math.round(input.sample.limit * 10) / 10} ${input.sample.unit}`;
            step({ kind: 'sample', sample: input.sample }, now, msg);
            break;
        }
        showStatus();
      });
    },
  });
};
