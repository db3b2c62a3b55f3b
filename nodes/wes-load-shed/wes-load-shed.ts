// wes-load-shed: délestage. Meter states (wes-tic-in output 1), TIC events (output 2) and the
// relays' own state messages (fed back from wes-relay-out) come in; one output per load, in
// priority order, carries its on/off (or fil-pilote frost/comfort) commands, and the last output
// the log of every decision. The decisions themselves are nodes/core/rules/load-shed.ts.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { LoadShedEngine, type Decision, type EngineSnapshot, type ShedLoadConfig } from '../core/rules/load-shed';
import { readShedInput, resolvePriorities, type Basis } from '../core/rules/shed-input';
import { readJson, stateFile, writeJsonAtomic } from '../io/state/atomic-json';
import { configValidator } from '../shared/node-config';
import { userDirOf } from '../shared/node-state';
import { translator } from '../shared/translate';

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
const validate = configValidator(schema);

export = function (RED: NodeAPI): void {
  const t = translator(RED, __dirname, 'wes-load-shed');

  function WesLoadShed(this: Node, def: NodeDef & Partial<LoadShedConfig>): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const res = validate(def);
    if (!res.ok) {
      node.error(t('errors.config', { text: res.error }));
      node.status({ fill: 'red', shape: 'ring', text: t('status.config') });
      return;
    }
    const c = res.config;
    if (c.restoreBelowPct >= c.shedAtPct) {
      node.error(t('errors.config', { text: `restoreBelowPct (${c.restoreBelowPct}) must be below shedAtPct (${c.shedAtPct})` }));
      node.status({ fill: 'red', shape: 'ring', text: t('status.config') });
      return;
    }
    const loads: ShedLoadConfig[] = c.loads.map((l) => ({ name: l.name, powerW: l.powerW, kind: l.kind, minOnMs: l.minOnS * 1000, minOffMs: l.minOffS * 1000, rotate: l.rotate, routed: l.routed }));
    const file = stateFile(userDirOf(RED), node.id);
    const stored = readJson(file);
    let restored: EngineSnapshot | undefined;
    if (stored && 'error' in stored) node.warn(stored.error);
    else if (stored) {
      const v = stored.value as { v?: number; names?: string[]; engine?: EngineSnapshot };
      // Only when the loads are the same: a re-ordered list must not restore the wrong relay.
      if (v.v === 1 && JSON.stringify(v.names) === JSON.stringify(c.loads.map((l) => l.name)) && Array.isArray(v.engine?.loads)) restored = v.engine;
    }
    const engine = new LoadShedEngine(
      {
        loads,
        shedAtPct: c.shedAtPct,
        restoreBelowPct: c.restoreBelowPct,
        restoreDelayMs: c.restoreDelayS * 1000,
        settleMs: c.settleS * 1000,
        rotateAfterMs: c.rotateAfterMin * 60_000,
        predictHorizonMs: c.predictS * 1000,
        lostMode: c.lostMode,
        voltageV: c.voltage,
      },
      Date.now(),
      restored,
    );
    const outputs = loads.length + 1;
    let lastSampleMs: number | null = null;
    let lastText = '';

    const save = (): void => {
      try {
        writeJsonAtomic(file, { v: 1, names: c.loads.map((l) => l.name), engine: engine.snapshot() });
      } catch (e) {
        node.error(t('errors.save', { text: (e as Error).message }));
      }
    };

    const payloadOf = (d: Decision): string | boolean => {
      if (d.command === 'frost' || d.command === 'comfort') {
        // A fil-pilote relay inserts the diode (frost) when closed; a pilot module may take words.
        return c.pilotCommand === 'text' ? d.command : d.command === 'frost' ? 'on' : 'off';
      }
      return d.command;
    };

    const showStatus = (): void => {
      const shed = engine.shedLoads().map((i) => loads[i].name);
      if (engine.isLost) {
        node.status({ fill: 'red', shape: 'ring', text: t('status.lost', { n: shed.length }) });
        return;
      }
      if (lastSampleMs === null) {
        node.status({ fill: 'yellow', shape: 'ring', text: t('status.waiting') });
        return;
      }
      const text = shed.length ? t('status.shed', { n: shed.length, names: shed.join(', '), reading: lastText }) : t('status.ok', { reading: lastText });
      node.status({ fill: shed.length ? 'yellow' : 'green', shape: 'dot', text });
    };

    const emit = (decisions: Decision[], cause?: NodeMessage): void => {
      if (decisions.length === 0) return;
      const shedNow = engine.shedLoads().map((i) => loads[i].name);
      for (const d of decisions) {
        const out: Array<NodeMessage | null> = new Array<NodeMessage | null>(outputs).fill(null);
        const shed = { action: d.action, command: d.command, reason: d.reason, value: d.value, limit: d.limit, unit: d.unit, time: new Date(d.tMs).toISOString() };
        out[d.load] = { topic: loads[d.load].name, payload: payloadOf(d), shed } as NodeMessage;
        out[outputs - 1] = {
          topic: 'load-shed/decision',
          payload: { time: new Date(d.tMs).toISOString(), load: d.name, priority: engine.rankOf(d.load), action: d.action, command: d.command, reason: d.reason, value: d.value, limit: d.limit, unit: d.unit, source: d.source },
          shed: shedNow,
          ...(cause?._msgid ? { _msgid: cause._msgid } : {}),
        } as NodeMessage;
        node.send(out);
      }
      save();
    };

    const ticker = setInterval(() => {
      const now = Date.now();
      if (lastSampleMs !== null && !engine.isLost && now - lastSampleMs >= c.lostAfterS * 1000) emit(engine.feedLost(now));
      else emit(engine.tick(now));
      showStatus();
    }, 1000);

    // After a restart the relays may not remember: repeat the commands of the loads still shed.
    const shedAtStart = engine.shedLoads();
    setImmediate(() => {
      const now = Date.now();
      const again: Decision[] = shedAtStart.filter((i) => engine.states[i].shed).map((i) => ({
        tMs: now, load: i, name: loads[i].name, action: 'shed', command: loads[i].kind === 'pilot' ? 'frost' : 'off',
        reason: t('log.restart'), source: null, value: null, limit: null, unit: null,
      }));
      emit(again);
      showStatus();
    });

    /** The "status" answer: every load in the current priority order, the shed ones, the recent decisions. */
    const sendState = (): void => {
      const shed = engine.shedLoads();
      const order = engine.priorityOrder();
      node.send([...new Array<NodeMessage | null>(outputs - 1).fill(null), {
        topic: 'load-shed/state',
        payload: {
          loads: order.map((i, k) => ({ name: loads[i].name, priority: k + 1, output: i + 1, shed: engine.states[i].shed, why: engine.states[i].why, overrideUntil: engine.states[i].overrideUntilMs })),
          order: order.map((i) => loads[i].name),
          shed: shed.map((i) => loads[i].name),
          lost: engine.isLost,
          recent: engine.recentDecisions().slice(-20),
        },
      } as NodeMessage]);
    };

    node.on('input', (msg: NodeMessage & { relay?: unknown }, _send, done) => {
      if (msg.payload === 'status') {
        sendState();
        done();
        return;
      }
      const now = Date.now();
      const input = readShedInput(msg, now, { basis: c.basis, fixedLimit: c.fixedLimit, voltageV: c.voltage });
      switch (input.kind) {
        case 'error':
          done(new Error(input.error));
          return;
        case 'ignored':
          done();
          return;
        case 'priorities': {
          const r = resolvePriorities(input.list, loads.map((l) => l.name));
          if (!r.ok || !engine.setPriority(r.order)) {
            done(new Error(r.ok ? 'priorities: not a permutation of the loads' : r.error));
            return;
          }
          save();
          sendState();
          break;
        }
        case 'lost':
          emit(engine.feedLost(now), msg);
          break;
        case 'route': {
          const i = c.loads.findIndex((l) => l.routed && l.name === input.name);
          if (i < 0) {
            done(new Error(t('errors.route', { name: input.name })));
            return;
          }
          emit(engine.route(i, input.on, now, input.why), msg);
          break;
        }
        case 'relay': {
          const i = c.loads.findIndex((l) => (input.number !== null && l.relay > 0 && l.relay === input.number) || (input.name !== null && l.name === input.name));
          if (i < 0) {
            done();
            return;
          }
          engine.override(i, input.overrideUntilMs, now);
          save();
          break;
        }
        case 'sample':
          lastSampleMs = now;
          lastText = `${Math.round(input.sample.value * 10) / 10} / ${Math.round(input.sample.limit * 10) / 10} ${input.sample.unit}`;
          emit(engine.sample(input.sample), msg);
          break;
      }
      showStatus();
      done();
    });

    node.on('close', (done: () => void) => {
      clearInterval(ticker);
      save();
      done();
    });
  }
  RED.nodes.registerType('wes-load-shed', WesLoadShed);
};
