// The export mapping against what Home Assistant and the databases document: our messages as
// values (device and state classes, units), discovery configs valid for HA's schema, the line
// protocol and Prometheus encodings, the throttle and the bounded buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readingOf, type Reading } from '../../nodes/core/export/readings';
import { commandOf, entityOf, stateMessage, type HaOptions } from '../../nodes/core/export/home-assistant';
import { lineOf, pointOf, prometheusText, seriesOf } from '../../nodes/core/export/points';
import { due, offer, type ThrottleState } from '../../nodes/core/export/throttle';
import { PointBuffer } from '../../nodes/core/export/point-buffer';
import { discoveryErrors } from '../support/ha-discovery-schema';

const ha: HaOptions = { discoveryPrefix: 'homeassistant', baseTopic: 'wes', box: 'maison', deviceName: 'WES maison', swVersion: '0.1.0' };

const meter = {
  topic: 'tic1',
  payload: {
    meterId: '021861348497',
    mode: 'standard',
    tariffPeriod: 'HC',
    powerVA: 1830,
    energyWh: 12_345_678,
    energyByPeriodWh: { EASF01: 8_000_000, EASF02: 4_345_678, EASF03: 0 },
    currentA: [8],
    voltageV: [231],
    subscribedPowerVA: 9000,
    alerts: { overload: false },
    labels: {},
  },
};
const pulse = {
  topic: 'gas',
  payload: {
    index: 1234.56,
    today: 1.2,
    yesterday: 3,
    month: 20,
    year: 200,
    pulses: 10,
    rate: 0.5,
    rateUnit: 'm3/h',
    ratePerHour: 0.5,
    leak: false,
  },
  unit: 'm3',
  kind: 'gas',
};
const clamp = {
  topic: 'clamp1',
  payload: {
    powerW: 1500,
    currentA: 6.6,
    apparentPowerVA: 1520,
    powerFactor: 0.98,
    direction: 'export',
    energyExportWh: 500,
    voltageV: 230,
  },
};
const relay = { topic: 'heater', payload: true, state: 'ON', relay: { number: 1, name: 'heater', pending: null, overrideUntil: null } };
const modbus = { topic: 'sdm120', payload: { voltageV: 229.5, energyImportkWh: 1234.5, alarm: false }, modbus: { unitId: 1 } };
const temperature = { topic: 'boiler', payload: { temperatureC: 61.5, romId: '28-0316a2799bff' } };

const values = (r: Reading) =>
  r.kind === 'values' ? Object.fromEntries(r.values.map((v) => [v.key, v])) : assert.fail(`values: ${r.kind}`);

test('export: a meter state gives its index registers as total_increasing energy in Wh, power and current as measurements', () => {
  const r = readingOf(meter);
  assert.equal(r.kind, 'values');
  const v = values(r);
  assert.deepEqual(
    [v.index_EASF01_Wh.value, v.index_EASF01_Wh.unit, v.index_EASF01_Wh.deviceClass, v.index_EASF01_Wh.stateClass],
    [8_000_000, 'Wh', 'energy', 'total_increasing'],
  );
  assert.deepEqual(
    [v.energyWh.stateClass, v.powerVA.deviceClass, v.powerVA.unit, v.powerVA.stateClass],
    ['total_increasing', 'apparent_power', 'VA', 'measurement'],
  );
  assert.deepEqual([v.currentA_1.value, v.currentA_1.deviceClass, v.voltageV_1.unit], [8, 'current', 'V']);
  assert.equal(v.subscribedPowerVA.stateClass, undefined, 'a subscription is a setting, not a statistic');
  assert.equal(r.kind === 'values' && r.period, 'HC');
  assert.equal(v.index_EASF03_Wh, undefined, 'an unused register (0) is no entity');
});

test('export: pulse, clamp, modbus, temperature and relay readings, each with its device class and unit', () => {
  const p = values(readingOf(pulse));
  assert.deepEqual([p.index.unit, p.index.deviceClass, p.index.stateClass, p.leak.value], ['m³', 'gas', 'total_increasing', false]);
  const c = values(readingOf(clamp));
  assert.deepEqual(
    [c.powerW.deviceClass, c.energyExportWh.stateClass, c.exporting.value, c.powerFactor.unit],
    ['power', 'total_increasing', true, undefined],
  );
  const m = values(readingOf(modbus));
  assert.deepEqual(
    [m.voltageV.unit, m.energyImportkWh.unit, m.energyImportkWh.stateClass, m.alarm.value],
    ['V', 'kWh', 'total_increasing', false],
  );
  const t = values(readingOf(temperature));
  assert.deepEqual([t.temperatureC.unit, t.temperatureC.deviceClass], ['°C', 'temperature']);
  const r = readingOf(relay);
  assert.deepEqual(r.kind === 'values' && [r.family, r.source, r.values[0].value], ['relay', 'heater', true]);
});

test('export: TIC lost and back are availability; other events and routes are ignored; anything else is unknown', () => {
  assert.deepEqual(readingOf({ topic: 'tic1/event', payload: { event: 'tic-lost', meterId: 'x' } }), {
    kind: 'availability',
    source: 'tic1',
    online: false,
  });
  assert.deepEqual(readingOf({ topic: 'tic1/event', payload: { event: 'tic-recovered' } }), {
    kind: 'availability',
    source: 'tic1',
    online: true,
  });
  assert.deepEqual(readingOf({ topic: 'tic1/event', payload: { event: 'overload', powerVA: 9000 } }), { kind: 'ignored' });
  assert.deepEqual(readingOf({ route: { load: 'boiler', on: true }, payload: 'on' }), { kind: 'ignored' });
  assert.deepEqual(readingOf({ payload: 'hello' }), { kind: 'unknown' });
});

test("export: every entity's discovery config passes HA's schema for its component; a wrong one does not", () => {
  let n = 0;
  for (const msg of [meter, pulse, clamp, relay, modbus, temperature]) {
    const r = readingOf(msg);
    assert.equal(r.kind, 'values');
    if (r.kind !== 'values') continue;
    for (const v of r.values) {
      const e = entityOf(ha, r.family, r.source, v, v.key);
      assert.equal(discoveryErrors(e.configTopic, e.config), null);
      n++;
    }
  }
  assert.ok(n >= 25, `${n} entities`);
  const e = entityOf(ha, 'meter', 'tic1', values(readingOf(meter)).index_EASF01_Wh, 'x');
  assert.match(
    discoveryErrors(e.configTopic, { ...e.config, state_class: 'measurement' }) ?? '',
    /state_class/,
    'an energy measurement is refused',
  );
  assert.match(discoveryErrors(e.configTopic, { ...e.config, unit_of_measurement: 'VA' }) ?? '', /unit_of_measurement/);
  assert.match(discoveryErrors(e.configTopic, { ...e.config, unit_of_measurment: 'Wh' }) ?? '', /additional/);
  const sw = entityOf(ha, 'relay', 'heater', values(readingOf(relay)).state, 'Heater');
  assert.equal(sw.configTopic, 'homeassistant/switch/wes_maison_heater_state/config');
  assert.equal(sw.config.command_topic, 'wes/maison/heater/set');
});

test('export: the state carries every value under its key; HA commands on our topics become on/off', () => {
  const r = readingOf(meter);
  assert.ok(r.kind === 'values');
  const s = stateMessage(ha, r);
  assert.equal(s.topic, 'wes/maison/tic1/state');
  assert.deepEqual(JSON.parse(s.payload).index_EASF02_Wh, 4_345_678);
  assert.deepEqual(commandOf(ha, 'wes/maison/heater/set', 'ON'), { source: 'heater', on: true });
  assert.deepEqual(commandOf(ha, 'wes/maison/heater/set', Buffer.from('off')), { source: 'heater', on: false });
  assert.equal(commandOf(ha, 'wes/other/heater/set', 'ON'), null);
  assert.equal(commandOf(ha, 'wes/maison/heater/set', 'toggle'), null);
});

test('export: line protocol escapes names and tags, writes floats and ms timestamps; Prometheus names agree', () => {
  const r = readingOf(meter);
  assert.ok(r.kind === 'values');
  const p = pointOf('la maison', r, 1_700_000_000_123)!;
  const line = lineOf(p);
  assert.match(line, /^wes_meter,box=la\\ maison,period=HC,source=tic1 /);
  assert.match(line, / powerVA=1830,/);
  assert.match(line, /overload=false/);
  assert.match(line, / 1700000000123$/);
  assert.doesNotMatch(line, /tariffPeriod/, 'the period is a tag, not a string field');
  assert.equal(
    lineOf({ measurement: 'a,b', tags: { 'k=': 'v,"' }, fields: { 'f x': 's"\\' }, tMs: 1 }),
    'a\\,b,k\\==v\\," f\\ x="s\\"\\\\" 1',
  );
  const text = prometheusText(seriesOf(p));
  assert.match(text, /^# TYPE wes_meter_powerVA gauge\nwes_meter_powerVA\{box="la maison",source="tic1"\} 1830$/m);
  assert.match(text, /^wes_meter_overload\{box="la maison",source="tic1"\} 0$/m);
  assert.match(text, /^wes_meter_tariff_period\{box="la maison",source="tic1",period="HC"\} 1$/m);
});

test('throttle: a change goes out at once, then at most once per interval, the last held value at its end', () => {
  let s: ThrottleState = {};
  const o = (text: string, t: number) => {
    const r = offer(s, 'k', text, t, 10_000);
    s = r.state;
    return r.send;
  };
  assert.equal(o('a', 0), 'a');
  assert.equal(o('a', 1000), null, 'unchanged');
  assert.equal(o('b', 2000), null, 'held');
  assert.equal(o('c', 3000), null, 'held, replaces b');
  let d = due(s, 9999, 10_000);
  assert.deepEqual(d.send, []);
  d = due(s, 10_000, 10_000);
  assert.deepEqual(d.send, [['k', 'c']]);
  s = d.state;
  assert.equal(o('c', 10_500), null);
  assert.equal(o('d', 20_000), 'd');
  assert.equal(o('e', 20_001), null);
  assert.equal(o('d', 20_002), null, 'back to the sent value: nothing held');
  assert.deepEqual(due(s, 40_000, 10_000).send, []);
});

test('point buffer: keeps the newest lines within its bound, counts the others, and a batch pushed out while written counts only if it fails', () => {
  const b = new PointBuffer(5);
  b.push(['1', '2', '3']);
  assert.deepEqual(b.next(2), ['1', '2']);
  assert.equal(b.next(2), null, 'one batch at a time');
  b.push(['4', '5', '6', '7']);
  assert.deepEqual([b.size, b.dropped], [5, 0], '1 and 2 are out of the buffer, but their write is pending');
  b.settled(false);
  assert.equal(b.dropped, 2, 'their write failed: lost');
  assert.deepEqual(b.next(10), ['3', '4', '5', '6', '7']);
  b.settled(true);
  assert.deepEqual([b.size, b.dropped], [0, 2]);

  const w = new PointBuffer(3);
  w.push(['a', 'b']);
  assert.deepEqual(w.next(2), ['a', 'b']);
  w.push(['c', 'd', 'e', 'f']);
  assert.deepEqual([w.size, w.dropped], [3, 1], 'c is lost; a and b are being written');
  w.settled(true);
  assert.deepEqual([w.size, w.dropped], [3, 1], 'a and b were written after all');
  assert.deepEqual(w.next(5), ['d', 'e', 'f']);
});
