// wes-ha-discovery: our nodes' messages as Home Assistant MQTT discovery and state messages,
// for Node-RED's own mqtt out node (the user's broker, TLS and auth come with its config). One
// HA device per box; entities announced (retained) when a value is first seen and again when HA
// says it restarted; states on change, at most every intervalS; availability from the TIC link.
// HA's switch commands, from an mqtt in node, come out of output 2 as wes-relay-out commands.
// The mapping is nodes/core/export; this adapter holds the announced entities and the throttle.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { readingOf, type Reading } from '../core/export/readings';
import {
  availabilityMessage,
  commandOf,
  configMessage,
  entityOf,
  removalMessage,
  stateMessage,
  type Entity,
  type HaOptions,
  type MqttMessage,
} from '../core/export/home-assistant';
import { due, offer, type ThrottleState } from '../core/export/throttle';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

/** The package's version, for HA's device page; "0" when the package file cannot be read. */
function packageVersion(): string {
  try {
    // dist/nodes/wes-ha-discovery/ → the package root.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('../../../package.json') as { version?: string }).version ?? '0');
  } catch {
    return '0';
  }
}

interface HaConfig {
  name: string;
  box: string;
  deviceName: string;
  discoveryPrefix: string;
  baseTopic: string;
  intervalS: number;
  commandAs: 'manual' | 'rule';
}

const TOPIC_PART = '^[A-Za-z0-9_-]+$';
const schema: JSONSchemaType<HaConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    box: { type: 'string', pattern: TOPIC_PART, default: 'wes' },
    deviceName: { type: 'string', default: '' },
    discoveryPrefix: { type: 'string', pattern: '^[^#+\\s]+$', default: 'homeassistant' },
    baseTopic: { type: 'string', pattern: '^[^#+\\s]+$', default: 'wes' },
    intervalS: { type: 'number', minimum: 0, maximum: 3600, default: 10 },
    commandAs: { type: 'string', enum: ['manual', 'rule'], default: 'manual' },
  },
  required: [],
};
const configSpec = defineConfig<HaConfig>({ type: 'wes-ha-discovery', schema });

export = function (RED: NodeAPI): void {
  defineNode<HaConfig>(RED, {
    type: 'wes-ha-discovery',
    dir: __dirname,
    config: configSpec,
    setup(ctx) {
      const { node, config: c, t, status } = ctx;
      const ha: HaOptions = {
        discoveryPrefix: c.discoveryPrefix.replace(/\/+$/, ''),
        baseTopic: c.baseTopic.replace(/\/+$/, ''),
        box: c.box,
        deviceName: c.deviceName || `WES ${c.box}`,
        swVersion: packageVersion(),
      };
      const intervalMs = c.intervalS * 1000;
      const mqtt = (m: MqttMessage): NodeMessage => ({ topic: m.topic, payload: m.payload, retain: m.retain, qos: 1 }) as NodeMessage;

      // Announced entities, kept in the state file: a removal clears those of earlier runs too.
      const entities = new Map<string, Entity>();
      const sources = new Map<string, boolean>();
      const stored = readJson(ctx.stateFile);
      if (stored && 'value' in stored) {
        const s = stored.value as { entities?: Entity[]; sources?: string[] };
        for (const e of s.entities ?? []) if (typeof e?.configTopic === 'string') entities.set(e.id, e);
        for (const src of s.sources ?? []) if (typeof src === 'string') sources.set(src, false);
      }
      const save = () => writeJsonAtomic(ctx.stateFile, { v: 1, entities: [...entities.values()], sources: [...sources.keys()] });
      let throttle: ThrottleState = {};
      let sent = 0;
      const show = () => status.set('ok', t('status.live', { entities: entities.size, sent }));
      if (entities.size) show();
      else status.set('waiting', t('status.waiting'));

      const out = (msgs: MqttMessage[], commands: NodeMessage[] = []) => {
        if (!msgs.length && !commands.length) return;
        sent += msgs.length;
        node.send([msgs.map(mqtt), commands] as unknown as NodeMessage[]);
        show();
      };

      const values = (r: Reading & { kind: 'values' }, now: number) => {
        const msgs: MqttMessage[] = [];
        let added = false;
        for (const v of r.values) {
          const e = entityOf(ha, r.family, r.source, v, t(`entity.${v.label.code}`, v.label.params));
          const known = entities.get(e.id);
          if (known && JSON.stringify(known.config) === JSON.stringify(e.config)) continue;
          entities.set(e.id, e);
          msgs.push(configMessage(e));
          added = true;
        }
        if (sources.get(r.source) !== true) {
          if (!sources.has(r.source)) added = true;
          sources.set(r.source, true);
          msgs.push(availabilityMessage(ha, r.source, true));
        }
        if (added) save();
        const state = stateMessage(ha, r);
        // A relay changes rarely and its switch must follow at once; meters send every frame.
        const o = offer(throttle, state.topic, state.payload, now, r.family === 'relay' ? 0 : intervalMs);
        throttle = o.state;
        if (o.send !== null) msgs.push(state);
        out(msgs);
      };

      ctx.every(1000, () => {
        const d = due(throttle, Date.now(), intervalMs);
        throttle = d.state;
        out(d.send.map(([topic, payload]) => ({ topic, payload, retain: true })));
      });

      ctx.onInput((msg) => {
        const topic = typeof msg.topic === 'string' ? msg.topic : '';
        // HA restarted (its birth message), or our broker connection came up (the broker config's
        // birth message on <base>/<box>/status): mqtt out drops what it gets while disconnected,
        // so everything announced so far goes again, and the next states go out at once.
        if (topic === `${ha.discoveryPrefix}/status` || topic === `${ha.baseTopic}/${ha.box}/status`) {
          if (String(msg.payload) === 'online') {
            out([
              ...[...entities.values()].map(configMessage),
              ...[...sources].map(([source, online]) => availabilityMessage(ha, source, online)),
            ]);
            throttle = {};
          }
          return;
        }
        const cmd = commandOf(ha, topic, msg.payload);
        if (cmd) {
          out([], [{ topic: cmd.source, payload: cmd.on ? 'on' : 'off', source: c.commandAs } as NodeMessage]);
          return;
        }
        if (topic.startsWith(`${ha.baseTopic}/`) && topic.endsWith('/set')) throw new Error(t('errors.command', { topic }));
        const r = readingOf(msg);
        if (r.kind === 'unknown') throw new Error(t('errors.input'));
        if (r.kind === 'ignored') return;
        if (r.kind === 'availability') {
          if (sources.get(r.source) === r.online) return;
          sources.set(r.source, r.online);
          out([availabilityMessage(ha, r.source, r.online)]);
          return;
        }
        values(r, Date.now());
      });

      ctx.onClose((removed) => {
        if (!removed) return;
        // Deleted in the editor: HA forgets the entities, the broker its retained messages.
        const msgs = [...entities.values()].map(removalMessage);
        for (const s of sources.keys()) {
          msgs.push({ topic: availabilityMessage(ha, s, false).topic, payload: '', retain: true });
          msgs.push({
            topic: stateMessage(ha, { kind: 'values', source: s, family: 'meter', values: [] }).topic,
            payload: '',
            retain: true,
          });
        }
        node.send([msgs.map(mqtt), []] as unknown as NodeMessage[]);
      });
    },
  });
};
