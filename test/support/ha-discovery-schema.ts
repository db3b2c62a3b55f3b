// Home Assistant's MQTT discovery payloads as JSON schemas, from its documentation of the MQTT
// sensor, binary_sensor and switch integrations (home-assistant.io/integrations/sensor.mqtt,
// binary_sensor.mqtt, switch.mqtt, and the sensor device classes' units). Closed schemas: a
// misspelt key is an error here, where HA would ignore it silently.
import Ajv, { type ValidateFunction } from 'ajv';

const device = {
  type: 'object',
  additionalProperties: false,
  properties: {
    identifiers: { type: 'array', items: { type: 'string' }, minItems: 1 },
    name: { type: 'string' },
    manufacturer: { type: 'string' },
    model: { type: 'string' },
    sw_version: { type: 'string' },
    hw_version: { type: 'string' },
    configuration_url: { type: 'string' },
    suggested_area: { type: 'string' },
    via_device: { type: 'string' },
  },
  required: ['identifiers'],
};
const origin = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string' }, sw_version: { type: 'string' }, support_url: { type: 'string' } },
  required: ['name'],
};
const common = {
  name: { type: ['string', 'null'] },
  unique_id: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
  object_id: { type: 'string', pattern: '^[a-z0-9_]+$' },
  availability_topic: { type: 'string', minLength: 1 },
  availability_mode: { enum: ['all', 'any', 'latest'] },
  availability: { type: 'array' },
  payload_available: { type: 'string' },
  payload_not_available: { type: 'string' },
  device,
  origin,
  icon: { type: 'string' },
  entity_category: { enum: ['config', 'diagnostic'] },
  enabled_by_default: { type: 'boolean' },
  json_attributes_topic: { type: 'string' },
  json_attributes_template: { type: 'string' },
  qos: { enum: [0, 1, 2] },
  encoding: { type: 'string' },
  value_template: { type: 'string' },
  state_topic: { type: 'string', minLength: 1 },
};

// The units HA accepts for the sensor device classes we use (sensor's "Device class" table).
const UNITS: Record<string, string[]> = {
  energy: ['Wh', 'kWh', 'MWh', 'MJ', 'GJ'],
  apparent_power: ['VA'],
  power: ['W', 'kW'],
  voltage: ['V', 'mV'],
  current: ['A', 'mA'],
  frequency: ['Hz', 'kHz', 'MHz', 'GHz'],
  temperature: ['°C', '°F', 'K'],
  gas: ['m³', 'ft³', 'CCF'],
  water: ['L', 'm³', 'gal', 'ft³', 'CCF'],
};
const SENSOR_CLASSES = [...Object.keys(UNITS), 'power_factor', 'monetary', 'humidity'];

export const sensorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...common,
    device_class: { enum: SENSOR_CLASSES },
    state_class: { enum: ['measurement', 'total', 'total_increasing'] },
    unit_of_measurement: { type: 'string' },
    suggested_display_precision: { type: 'integer' },
    expire_after: { type: 'integer' },
    force_update: { type: 'boolean' },
    last_reset_value_template: { type: 'string' },
  },
  required: ['state_topic', 'unique_id', 'device'],
  allOf: [
    ...Object.entries(UNITS).map(([cls, units]) => ({
      if: { properties: { device_class: { const: cls } }, required: ['device_class'] },
      then: { properties: { unit_of_measurement: { enum: units } }, required: ['unit_of_measurement'] },
    })),
    // The Energy dashboard takes only energy, gas and water sensors that count up (total or total_increasing).
    {
      if: { properties: { device_class: { enum: ['energy', 'gas', 'water'] } }, required: ['device_class'] },
      then: { properties: { state_class: { enum: ['total', 'total_increasing'] } }, required: ['state_class'] },
    },
    {
      if: { properties: { device_class: { const: 'power_factor' } }, required: ['device_class'] },
      then: { properties: { unit_of_measurement: { enum: ['%'] } } },
    },
  ],
};

export const binarySensorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...common,
    device_class: {
      enum: [
        'battery',
        'cold',
        'connectivity',
        'door',
        'gas',
        'heat',
        'lock',
        'moisture',
        'motion',
        'occupancy',
        'opening',
        'plug',
        'power',
        'problem',
        'running',
        'safety',
        'smoke',
        'sound',
        'tamper',
        'update',
        'vibration',
        'window',
      ],
    },
    payload_on: { type: 'string' },
    payload_off: { type: 'string' },
    off_delay: { type: 'integer' },
    expire_after: { type: 'integer' },
    force_update: { type: 'boolean' },
  },
  required: ['state_topic', 'unique_id', 'device'],
};

export const switchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...common,
    command_topic: { type: 'string', minLength: 1 },
    device_class: { enum: ['outlet', 'switch'] },
    payload_on: { type: 'string' },
    payload_off: { type: 'string' },
    state_on: { type: 'string' },
    state_off: { type: 'string' },
    optimistic: { type: 'boolean' },
    retain: { type: 'boolean' },
  },
  required: ['command_topic', 'unique_id', 'device'],
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Record<string, ValidateFunction> = {
  sensor: ajv.compile(sensorSchema),
  binary_sensor: ajv.compile(binarySensorSchema),
  switch: ajv.compile(switchSchema),
};

/** The schema errors of a discovery payload for its component (from its topic), or null when valid. */
export function discoveryErrors(topic: string, payload: unknown): string | null {
  const component = topic.split('/').at(-3) ?? '';
  const v = validators[component];
  if (!v) return `no schema for component "${component}" (${topic})`;
  return v(payload) ? null : `${topic}: ${ajv.errorsText(v.errors)}`;
}
