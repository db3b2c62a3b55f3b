// Every message kind of ours, read through its contract reader, as one list of named values per
// source: the single mapping that Home Assistant discovery, the time-series points and the
// Prometheus page are all made from, so a value has the same name, unit and class everywhere.
// A new producer (a Modbus meter, a 1-Wire probe) fits by sending one of the contract kinds;
// Modbus values and plain readings take their unit from the suffix of their name (voltageV).
import { readClampReading } from '../contracts/clamp';
import { readMeterState } from '../contracts/meter-state';
import { readModbusValues } from '../contracts/modbus';
import { readPlainPower } from '../contracts/plain-power';
import { readPulseReading } from '../contracts/pulse';
import { readRelayState } from '../contracts/relay';
import { readTemperature } from '../contracts/temperature';
import { readTicEvent } from '../contracts/tic-event';

/** Home Assistant's state classes; total_increasing lets its Energy dashboard take an index directly. */
export type StateClass = 'measurement' | 'total_increasing';

export interface Value {
  /** Letters, digits and "_": a JSON key, an HA object id and a Prometheus name part alike. */
  key: string;
  value: number | boolean | string;
  unit?: string;
  deviceClass?: string;
  stateClass?: StateClass;
  /** The entity's name as a catalog code (entity.<code>) and its parameters: the adapter translates it. */
  label: { code: string; params: Record<string, string | number> };
}

/** What a source is: the family names the time-series measurement (wes_<family>). */
export type Family = 'meter' | 'pulse' | 'clamp' | 'temperature' | 'relay' | 'modbus' | 'power';

export type Reading =
  | { kind: 'values'; source: string; family: Family; values: Value[]; period?: string }
  | { kind: 'availability'; source: string; online: boolean }
  /** One of our kinds that carries nothing to export (an overload event, a route). */
  | { kind: 'ignored' }
  | { kind: 'unknown' };

/** A source or key made safe for MQTT topics, HA ids, tags and metric names. */
function safeName(s: string): string {
  const out = s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return out || 'source';
}
const safeKey = (s: string): string => safeName(s).replace(/-/g, '_');

const lbl = (code: string, params: Record<string, string | number> = {}) => ({ code, params });

// Longest suffix first: "energyImportkWh" is kWh, not Wh; "powerVA" is VA, not A.
const SUFFIXES: Array<[string, Omit<Value, 'key' | 'value' | 'label'>]> = [
  ['kWh', { unit: 'kWh', deviceClass: 'energy', stateClass: 'total_increasing' }],
  ['Wh', { unit: 'Wh', deviceClass: 'energy', stateClass: 'total_increasing' }],
  ['VA', { unit: 'VA', deviceClass: 'apparent_power', stateClass: 'measurement' }],
  ['Hz', { unit: 'Hz', deviceClass: 'frequency', stateClass: 'measurement' }],
  ['W', { unit: 'W', deviceClass: 'power', stateClass: 'measurement' }],
  ['V', { unit: 'V', deviceClass: 'voltage', stateClass: 'measurement' }],
  ['A', { unit: 'A', deviceClass: 'current', stateClass: 'measurement' }],
  ['C', { unit: '°C', deviceClass: 'temperature', stateClass: 'measurement' }],
];

/** A value named with its unit as suffix (voltageV, energyImportkWh); a bare number is a measurement. */
export function byName(name: string, value: number | boolean): Value {
  const key = safeKey(name);
  if (typeof value === 'boolean') return { key, value, label: lbl('named', { name }) };
  const s = SUFFIXES.find(([suffix]) => name.endsWith(suffix));
  return { key, value, ...(s ? s[1] : { stateClass: 'measurement' as const }), label: lbl('named', { name }) };
}

const withClass = (key: string, value: number, label: Value['label'], suffixOf: string = key): Value => ({
  ...byName(suffixOf, value),
  key,
  label,
});

function meterValues(m: ReturnType<typeof readMeterState> & { ok: true }): Value[] {
  const s = m.value;
  const out: Value[] = [];
  const num = (key: string, v: number | undefined, label = lbl(key)) => {
    if (v !== undefined) out.push(withClass(key, v, label));
  };
  num('powerVA', s.powerVA);
  num('injectedPowerVA', s.injectedPowerVA);
  num('energyWh', s.energyWh);
  num('injectedEnergyWh', s.injectedEnergyWh);
  // A standard meter sends all ten EASFxx even when its contract uses two: an unused one is 0
  // and would be eight dead entities in HA. It appears with its first watt-hour.
  for (const [register, wh] of Object.entries(s.energyByPeriodWh ?? {}))
    if (wh !== 0) out.push(withClass(`index_${safeKey(register)}_Wh`, wh, lbl('index', { register }), 'Wh'));
  const phases = (name: string, list: (number | null)[] | undefined, unit: string) => {
    // One phase is the meter's own value; three get a number each (phase 1 at position 0).
    if (!list) return;
    list.forEach((v, i) => {
      if (v !== null) out.push(withClass(`${name}_${i + 1}`, v, lbl(`${name}Phase`, { phase: i + 1 }), unit));
    });
  };
  phases('currentA', s.currentA, 'A');
  phases('voltageV', s.voltageV, 'V');
  if ((s.powerPerPhaseVA?.length ?? 0) > 1) phases('powerVA', s.powerPerPhaseVA, 'VA');
  if (s.subscribedPowerVA !== undefined)
    out.push({
      key: 'subscribedPowerVA',
      value: s.subscribedPowerVA,
      unit: 'VA',
      deviceClass: 'apparent_power',
      label: lbl('subscribedPowerVA'),
    });
  if (s.tariffPeriod !== undefined) out.push({ key: 'tariffPeriod', value: s.tariffPeriod, label: lbl('tariffPeriod') });
  if (s.alerts) out.push({ key: 'overload', value: s.alerts.overload === true, deviceClass: 'problem', label: lbl('overload') });
  return out;
}

// Home Assistant's device classes for the counter kinds wes-pulse-in knows.
const PULSE_CLASS: Record<string, string> = { gas: 'gas', water: 'water', electricity: 'energy', energy: 'energy' };
const HA_UNITS: Record<string, string> = { m3: 'm³', 'm³': 'm³', kWh: 'kWh', Wh: 'Wh', L: 'L', l: 'L' };

/** One message of ours as values of a source; `ignored` for a kind that carries no value to export. */
export function readingOf(msg: Record<string, unknown>): Reading {
  const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : undefined;
  const ev = readTicEvent(msg);
  if (ev.ok) {
    if (ev.value.event === 'tic-lost') return { kind: 'availability', source: safeName(ev.value.source), online: false };
    if (ev.value.event === 'tic-recovered') return { kind: 'availability', source: safeName(ev.value.source), online: true };
    return { kind: 'ignored' };
  }
  const meter = readMeterState(msg);
  if (meter.ok) {
    const source = safeName(topic ?? meter.value.meterId);
    const period = meter.value.tariffPeriod;
    return { kind: 'values', source, family: 'meter', values: meterValues(meter), ...(period ? { period } : {}) };
  }
  const relay = readRelayState(msg);
  if (relay.ok) {
    const source = safeName(topic ?? (relay.value.number !== null ? `relay${relay.value.number}` : 'relay'));
    return { kind: 'values', source, family: 'relay', values: [{ key: 'state', value: relay.value.on, label: lbl('relay') }] };
  }
  const pulse = readPulseReading(msg);
  if (pulse.ok) {
    const p = pulse.value;
    const unit = HA_UNITS[p.unit] ?? p.unit;
    const deviceClass = PULSE_CLASS[p.kind ?? ''];
    const values: Value[] = [
      {
        key: 'index',
        value: p.index,
        unit,
        stateClass: 'total_increasing',
        ...(deviceClass ? { deviceClass } : {}),
        label: lbl('pulseIndex'),
      },
      { key: 'ratePerHour', value: p.ratePerHour, unit: `${unit}/h`, stateClass: 'measurement', label: lbl('pulseRate') },
      { key: 'today', value: p.today, unit, label: lbl('pulseToday') },
      { key: 'leak', value: p.leak, deviceClass: 'problem', label: lbl('pulseLeak') },
    ];
    return { kind: 'values', source: safeName(topic ?? p.kind ?? 'pulse'), family: 'pulse', values };
  }
  const clamp = readClampReading(msg);
  if (clamp.ok) {
    const c = clamp.value;
    const values: Value[] = [
      withClass('powerW', c.powerW, lbl('powerW')),
      withClass('currentA', c.currentA, lbl('currentA')),
      withClass('apparentPowerVA', c.apparentPowerVA, lbl('apparentPowerVA')),
      { key: 'powerFactor', value: c.powerFactor, deviceClass: 'power_factor', stateClass: 'measurement', label: lbl('powerFactor') },
      { key: 'exporting', value: c.direction === 'export', label: lbl('exporting') },
    ];
    for (const k of ['energyImportWh', 'energyExportWh', 'voltageV', 'frequencyHz'] as const) {
      const v = c[k];
      if (v !== undefined) values.push(withClass(k, v, lbl(k)));
    }
    if (c.acPresent !== undefined) values.push({ key: 'acPresent', value: c.acPresent, deviceClass: 'power', label: lbl('acPresent') });
    return { kind: 'values', source: safeName(topic ?? 'clamp'), family: 'clamp', values };
  }
  const modbus = readModbusValues(msg);
  if (modbus.ok) {
    const values = Object.entries(modbus.value.values).map(([k, v]) => byName(k, v));
    return { kind: 'values', source: safeName(topic ?? `modbus${modbus.value.unitId ?? ''}`), family: 'modbus', values };
  }
  // wes-onewire's DS2438 humidity: a number named %RH, which the temperature reader refuses.
  const m = msg as { unit?: unknown; payload?: unknown; romId?: unknown };
  if (m.unit === '%RH' && typeof m.payload === 'number' && Number.isFinite(m.payload)) {
    const source = safeName(topic ?? (typeof m.romId === 'string' ? m.romId : 'humidity'));
    const value: Value = {
      key: 'humidityPct',
      value: m.payload,
      unit: '%',
      deviceClass: 'humidity',
      stateClass: 'measurement',
      label: lbl('humidityPct'),
    };
    return { kind: 'values', source, family: 'temperature', values: [value] };
  }
  const temp = readTemperature(msg);
  if (temp.ok) {
    const t = temp.value;
    const source = safeName(t.topic ?? t.romId ?? 'temperature');
    return { kind: 'values', source, family: 'temperature', values: [withClass('temperatureC', t.temperatureC, lbl('temperatureC'))] };
  }
  const plain = readPlainPower(msg);
  if (plain.ok) {
    const p = plain.value;
    const values: Value[] = [];
    if (p.powerVA !== undefined) values.push(withClass('powerVA', p.powerVA, lbl('powerVA')));
    if (p.currentA !== undefined) values.push(withClass('currentA', p.currentA, lbl('currentA')));
    if (p.netPowerW !== undefined) values.push(withClass('netPowerW', p.netPowerW, lbl('netPowerW')));
    return { kind: 'values', source: safeName(topic ?? 'power'), family: 'power', values };
  }
  return msg.route !== undefined ? { kind: 'ignored' } : { kind: 'unknown' };
}
