// wes-ha-discovery and wes-timeseries inside Node-RED, fed by the real producers (the simulated
// Linky, wes-pulse-in and wes-relay-out on the simulated GPIO): every discovery config they cause
// passes HA's schema; the adapter's own concerns: refusals, HA's restart, bad configs.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { discoveryErrors } from '../support/ha-discovery-schema';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import haNode from '../../nodes/wes-ha-discovery/wes-ha-discovery';
import timeseriesNode from '../../nodes/wes-timeseries/wes-timeseries';

const nodes = [ticInNode, gpioNode, relayNode, pulseNode, haNode, timeseriesNode];
runtimeWithUserDir('wes-mqtt-node-', { before, after, afterEach });

type Msg = Record<string, unknown>;
const flow = [
  { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
  {
    id: 'tic',
    type: 'wes-tic-in',
    topic: 'tic1',
    source: 'simulated',
    simMode: 'standard',
    simOption: 'HC',
    simSeed: 3,
    simSpeedup: 60,
    output: 'every',
    wires: [['ha'], ['ha']],
  },
  {
    id: 'p',
    type: 'wes-pulse-in',
    gpio: 'g',
    line: 17,
    kind: 'gas',
    weight: 0.01,
    unit: 'm3',
    debounceMs: 20,
    simRate: 0,
    index: 12.5,
    wires: [['ha'], []],
  },
  {
    id: 'r',
    type: 'wes-relay-out',
    name: 'boiler',
    gpio: 'g',
    line: 27,
    number: 71,
    startState: 'off',
    minOnS: 0,
    minOffS: 0,
    overrideMin: 0,
    wires: [['ha', 'rout']],
  },
  { id: 'ha', type: 'wes-ha-discovery', box: 'test', intervalS: 0, wires: [['mqtt'], ['r']] },
  { id: 'mqtt', type: 'helper' },
  { id: 'rout', type: 'helper' },
];

const configs = (got: Msg[]) =>
  new Map(
    got
      .filter((m) => String(m.topic).endsWith('/config') && m.payload !== '')
      .map((m) => [String(m.topic), JSON.parse(String(m.payload)) as Msg]),
  );

test("ha-discovery: the real producers' messages become entities valid for HA, and an HA command switches the relay", async () => {
  await loadFlow(nodes, flow);
  const mqtt = collector('mqtt');
  const rout = collector('rout');
  helper.getNode('p').receive({ payload: 'status' });
  helper.getNode('r').receive({ payload: 'status' });
  const expected = ['sensor/wes_test_tic1_powerVA', 'sensor/wes_test_pulse17_index', 'switch/wes_test_boiler_state'];
  await waitFor(
    () => expected.every((e) => configs(mqtt).has(`homeassistant/${e}/config`)),
    'the meter, the counter and the relay announced',
    15_000,
    5,
    () => [...configs(mqtt).keys()].join(' '),
  );
  const all = configs(mqtt);
  for (const [topic, config] of all) assert.equal(discoveryErrors(topic, config), null);
  const gas = all.get('homeassistant/sensor/wes_test_pulse17_index/config');
  assert.deepEqual([gas?.device_class, gas?.unit_of_measurement, gas?.state_class], ['gas', 'm³', 'total_increasing']);
  assert.ok(all.has('homeassistant/switch/wes_test_boiler_state/config'));
  assert.ok(
    [...all.keys()].some((t) => /wes_test_tic1_index_\w+_Wh\/config$/.test(t)),
    'the index registers',
  );
  assert.ok(
    mqtt.every((m) => m.retain === true),
    'configs, states and availability are retained',
  );

  helper.getNode('ha').receive({ topic: 'wes/test/boiler/set', payload: 'ON' });
  await waitFor(() => rout.some((m) => m.payload === true), 'the relay on');
  await waitFor(() => mqtt.some((m) => m.topic === 'wes/test/boiler/state' && m.payload === '{"state":true}'), 'its state published');

  // HA restarted: every config again.
  const before = mqtt.length;
  helper.getNode('ha').receive({ topic: 'homeassistant/status', payload: 'online' });
  await waitFor(() => configs(mqtt.slice(before)).size === all.size, 'the configs again');
});

test('ha-discovery: other messages and bad commands are refused (catchable), and change nothing', async () => {
  await loadFlow(nodes, [
    { id: 'ha', type: 'wes-ha-discovery', box: 'test', wires: [['mqtt'], ['cmd']] },
    { id: 'mqtt', type: 'helper' },
    { id: 'cmd', type: 'helper' },
  ]);
  const mqtt = collector('mqtt');
  const ha = helper.getNode('ha');
  ha.receive({ payload: 'hello' });
  ha.receive({ topic: 'wes/test/boiler/set', payload: 'toggle' });
  await waitFor(() => callsOf(ha, 'error').length >= 2, 'two refusals');
  assert.match(String(callsOf(ha, 'error')[0][0]), /expected a message of a WES node/);
  assert.match(String(callsOf(ha, 'error')[1][0]), /ON or OFF/);
  ha.receive({ topic: 'tic1/event', payload: { event: 'overload', powerVA: 9000 } });
  ha.receive({ topic: 'tic1', payload: 21.5 }); // a plain number is a temperature reading by the contract
  await waitFor(() => mqtt.length > 0, 'the temperature announced');
  assert.ok(mqtt.every((m) => !String(m.topic).includes('overload')));
});

test('ha-discovery and timeseries: a bad config is a red status, not a crash', async () => {
  await loadFlow(nodes, [
    { id: 'ha', type: 'wes-ha-discovery', box: 'two words', wires: [[], []] },
    { id: 'ts', type: 'wes-timeseries', api: 'none', prometheus: false },
  ]);
  await waitFor(() => lastStatus(helper.getNode('ha')).fill === 'red' && lastStatus(helper.getNode('ts')).fill === 'red', 'two red rings');
  assert.match(String(callsOf(helper.getNode('ts'), 'error')[0][0]), /Prometheus/);
});
