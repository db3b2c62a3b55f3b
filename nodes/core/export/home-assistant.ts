// Home Assistant MQTT discovery (https://www.home-assistant.io/integrations/mqtt/#mqtt-discovery):
// one device per WES box, one entity per value of each source, a JSON state message per source
// (one publish carries every value of a frame: the entities pick theirs with value_template),
// availability per source (TIC lost → unavailable), and relays as switches whose command topic
// the adapter turns into a wes-relay-out command.
import type { Family, Reading, Value } from './readings';

export interface HaOptions {
  /** HA's discovery prefix, "homeassistant" unless the user changed it in HA. */
  discoveryPrefix: string;
  /** Where our states, availability and commands live: <baseTopic>/<box>/<source>/... */
  baseTopic: string;
  box: string;
  /** The device's name as shown in HA. */
  deviceName: string;
  swVersion: string;
}

export type Component = 'sensor' | 'binary_sensor' | 'switch';

export interface MqttMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

export interface Entity {
  component: Component;
  /** unique_id, also the node id in the discovery topic. */
  id: string;
  configTopic: string;
  config: Record<string, unknown>;
}

const stateTopic = (o: HaOptions, source: string): string => `${o.baseTopic}/${o.box}/${source}/state`;
const availabilityTopic = (o: HaOptions, source: string): string => `${o.baseTopic}/${o.box}/${source}/availability`;
const commandTopic = (o: HaOptions, source: string): string => `${o.baseTopic}/${o.box}/${source}/set`;

function componentOf(family: Family, v: Value): Component {
  if (family === 'relay') return 'switch';
  return typeof v.value === 'boolean' ? 'binary_sensor' : 'sensor';
}

/** The discovery config of one value; `name` is the entity's name already in the user's language. */
export function entityOf(o: HaOptions, family: Family, source: string, v: Value, name: string): Entity {
  const component = componentOf(family, v);
  const id = `wes_${o.box}_${source}_${v.key}`.replace(/-/g, '_');
  const config: Record<string, unknown> = {
    name,
    unique_id: id,
    object_id: id.toLowerCase(),
    state_topic: stateTopic(o, source),
    availability_topic: availabilityTopic(o, source),
    payload_available: 'online',
    payload_not_available: 'offline',
    device: {
      identifiers: [`wes_${o.box}`],
      name: o.deviceName,
      manufacturer: 'node-red-contrib-wes',
      model: 'WES supervisor',
      sw_version: o.swVersion,
    },
    origin: { name: 'node-red-contrib-wes', sw_version: o.swVersion },
  };
  if (component === 'switch') {
    Object.assign(config, {
      command_topic: commandTopic(o, source),
      value_template: `{{ 'ON' if value_json.${v.key} else 'OFF' }}`,
      payload_on: 'ON',
      payload_off: 'OFF',
      state_on: 'ON',
      state_off: 'OFF',
      optimistic: false,
    });
  } else if (component === 'binary_sensor') {
    Object.assign(config, { value_template: `{{ 'ON' if value_json.${v.key} else 'OFF' }}`, payload_on: 'ON', payload_off: 'OFF' });
  } else {
    config.value_template = `{{ value_json.${v.key} }}`;
    if (v.unit !== undefined) config.unit_of_measurement = v.unit;
    if (v.stateClass !== undefined) config.state_class = v.stateClass;
  }
  if (v.deviceClass !== undefined && component !== 'switch') config.device_class = v.deviceClass;
  return { component, id, configTopic: `${o.discoveryPrefix}/${component}/${id}/config`, config };
}

export const configMessage = (e: Entity): MqttMessage => ({ topic: e.configTopic, payload: JSON.stringify(e.config), retain: true });

/** An empty retained config: HA deletes the entity, and the broker forgets the config. */
export const removalMessage = (e: Entity): MqttMessage => ({ topic: e.configTopic, payload: '', retain: true });

export const availabilityMessage = (o: HaOptions, source: string, online: boolean): MqttMessage => ({
  topic: availabilityTopic(o, source),
  payload: online ? 'online' : 'offline',
  retain: true,
});

/** The state of a source: every value of the reading under its key, as HA's value_json. */
export function stateMessage(o: HaOptions, r: Reading & { kind: 'values' }): MqttMessage {
  return {
    topic: stateTopic(o, r.source),
    payload: JSON.stringify(Object.fromEntries(r.values.map((v) => [v.key, v.value]))),
    retain: true,
  };
}

/**
 * A message from HA on a command topic of ours, as a wes-relay-out command: the source (the
 * relay's topic) and on/off; null when the topic is not one of our command topics or the payload
 * is neither ON nor OFF.
 */
export function commandOf(o: HaOptions, topic: string, payload: unknown): { source: string; on: boolean } | null {
  const prefix = `${o.baseTopic}/${o.box}/`;
  if (!topic.startsWith(prefix) || !topic.endsWith('/set')) return null;
  const source = topic.slice(prefix.length, -'/set'.length);
  if (!source || source.includes('/')) return null;
  const text = (Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload)).trim().toUpperCase();
  if (text !== 'ON' && text !== 'OFF') return null;
  return { source, on: text === 'ON' };
}
