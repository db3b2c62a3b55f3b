// Home Assistant discovery through the real path: a simulated Linky writes TIC bytes into a pty,
// wes-serial-port + wes-tic-in read them in a real Node-RED, wes-ha-discovery feeds Node-RED's
// own mqtt out node, Debian's mosquitto carries the messages, and this test subscribes like HA.
// It checks every discovery payload against HA's schema, the retained configs a late subscriber
// gets, a relay switched by a command on its command topic (mqtt in → wes-relay-out → state),
// availability offline when the TIC line goes silent, and the clean removal when the node is
// deleted. Then wes-timeseries' /metrics page, behind httpNodeAuth, scraped by Debian's prometheus.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { AUTH, authHeader, exited, freePort, prepareUserDir, startNodeRed } from '../support/logger-runtime';
import { startPtyPair, stopChild, type PtyPair } from '../support/pty-pair';
import { startMosquitto, startPrometheus, type Peer } from '../support/export-peers';
import { discoveryErrors } from '../support/ha-discovery-schema';
import { waitFor } from '../support/wait';

const MQTT_PORT = 18831;
const PROM_PORT = 18851;
const WRITER = join(__dirname, '..', '..', 'scripts', 'tic-pty-writer.js');
const A = `/tmp/wes-mqtt-${process.pid}-a`;
const B = `/tmp/wes-mqtt-${process.pid}-b`;

const flow = [
  { id: 'tab', type: 'tab', label: 'ha' },
  { id: 'port', type: 'wes-serial-port', backend: 'serial', path: B, baud: '1200', maskBit7: false },
  { id: 'gpio', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
  {
    id: 'broker',
    type: 'mqtt-broker',
    broker: '127.0.0.1',
    port: String(MQTT_PORT),
    clientid: '',
    autoConnect: true,
    usetls: false,
    protocolVersion: '4',
    keepalive: '60',
    cleansession: true,
    birthTopic: 'wes/maison/status',
    birthPayload: 'online',
    birthRetain: 'true',
    birthQos: '1',
    willTopic: 'wes/maison/status',
    willPayload: 'offline',
    willRetain: 'true',
    willQos: '1',
  },
  {
    id: 'tic',
    type: 'wes-tic-in',
    z: 'tab',
    topic: 'tic1',
    port: 'port',
    output: 'every',
    interval: 0,
    lostAfter: 2,
    wires: [['ha', 'ts'], ['ha']],
  },
  {
    id: 'relay',
    type: 'wes-relay-out',
    z: 'tab',
    name: 'heater',
    gpio: 'gpio',
    line: 5,
    number: 1,
    startState: 'off',
    minOnS: 0,
    minOffS: 0,
    overrideMin: 0,
    wires: [['ha', 'ts']],
  },
  { id: 'ha', type: 'wes-ha-discovery', z: 'tab', box: 'maison', intervalS: 0, wires: [['mqttout'], ['relay']] },
  { id: 'mqttout', type: 'mqtt out', z: 'tab', broker: 'broker', topic: '', qos: '', retain: '', wires: [] },
  {
    id: 'mqttin',
    type: 'mqtt in',
    z: 'tab',
    broker: 'broker',
    topic: 'wes/maison/+/set',
    qos: '1',
    datatype: 'auto-detect',
    nl: false,
    rap: true,
    rh: 0,
    inputs: 0,
    wires: [['ha']],
  },
  {
    id: 'birth',
    type: 'mqtt in',
    z: 'tab',
    broker: 'broker',
    topic: 'wes/maison/status',
    qos: '1',
    datatype: 'auto-detect',
    nl: false,
    rap: true,
    rh: 0,
    inputs: 0,
    wires: [['ha']],
  },
  { id: 'ts', type: 'wes-timeseries', z: 'tab', box: 'maison', api: 'none', prometheus: true, wires: [] },
];

let mosquitto: Peer | undefined;
let pair: PtyPair | undefined;
let writer: ChildProcess | undefined;
let red: ChildProcess | undefined;
let sub: MqttClient | undefined;
let redPort = 0;
const userDir = mkdtempSync(join(tmpdir(), 'wes-mqtt-red-'));
/** Every message the HA-like subscriber got, in order, and the last payload per topic. */
const got: Array<{ topic: string; payload: string; retain: boolean }> = [];
const last = new Map<string, string>();

const startWriter = () =>
  spawn(process.execPath, [WRITER, '--device', A, '--mode', 'historique', '--option', 'HC', '--seed', '5'], { stdio: 'ignore' });
const redLog = () => (red as (ChildProcess & { logText?: () => string }) | undefined)?.logText?.() ?? '';
const json = (topic: string): Record<string, unknown> | null => {
  const p = last.get(topic);
  return p ? (JSON.parse(p) as Record<string, unknown>) : null;
};

before(async () => {
  mosquitto = await startMosquitto(MQTT_PORT);
  pair = await startPtyPair(A, B);
  writer = startWriter();
  redPort = await freePort();
  prepareUserDir(userDir, redPort, flow, [
    'wes-serial-port',
    'wes-tic-in',
    'wes-gpio',
    'wes-relay-out',
    'wes-ha-discovery',
    'wes-timeseries',
  ]);
  red = startNodeRed(userDir);
  sub = await connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`);
  sub.on('message', (topic, payload, packet) => {
    got.push({ topic, payload: payload.toString(), retain: packet.retain });
    last.set(topic, payload.toString());
  });
  await sub.subscribeAsync(['homeassistant/#', 'wes/#'], { qos: 1 });
});

after(async () => {
  await sub?.endAsync();
  if (red) {
    red.kill('SIGKILL');
    await exited(red);
  }
  if (writer) await stopChild(writer);
  await pair?.stop();
  await mosquitto?.remove();
  rmSync(userDir, { recursive: true, force: true });
});

const INDEX = 'homeassistant/sensor/wes_maison_tic1_index_HCHC_Wh/config';

test('discovery: retained configs valid for HA, index registers total_increasing, states and availability of the meter', async () => {
  await waitFor(
    () => last.has(INDEX) && json('wes/maison/tic1/state')?.index_HCHC_Wh !== undefined,
    'the HC index config and a state',
    30_000,
    20,
    redLog,
  );
  const index = json(INDEX)!;
  assert.deepEqual([index.device_class, index.state_class, index.unit_of_measurement], ['energy', 'total_increasing', 'Wh']);
  assert.equal(index.state_topic, 'wes/maison/tic1/state');
  assert.deepEqual((index.device as { identifiers: string[] }).identifiers, ['wes_maison']);
  const state = json('wes/maison/tic1/state')!;
  assert.equal(typeof state.index_HCHC_Wh, 'number');
  assert.equal(typeof state.powerVA, 'number');
  assert.equal(last.get('wes/maison/tic1/availability'), 'online');
  const configs = [...last].filter(([t]) => t.endsWith('/config'));
  assert.ok(configs.length >= 6, `${configs.length} configs`);
  for (const [topic, payload] of configs) assert.equal(discoveryErrors(topic, JSON.parse(payload)), null);

  // What HA gets when it subscribes after the fact: the retained configs, from the broker.
  const late = await connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`);
  const retained = new Set<string>();
  late.on('message', (topic, _p, packet) => packet.retain && retained.add(topic));
  await late.subscribeAsync('homeassistant/#');
  await waitFor(() => configs.every(([t]) => retained.has(t)), 'every config retained', 5000);
  await late.endAsync();
});

test('discovery: a command on the switch command topic reaches wes-relay-out, and its state comes back', async () => {
  await sub!.publishAsync('wes/maison/heater/set', 'ON', { qos: 1 });
  const SWITCH = 'homeassistant/switch/wes_maison_heater_state/config';
  await waitFor(() => json('wes/maison/heater/state')?.state === true, 'the heater switched on', 10_000, 20, redLog);
  const sw = json(SWITCH)!;
  assert.equal(discoveryErrors(SWITCH, sw), null);
  assert.equal(sw.command_topic, 'wes/maison/heater/set');
  await sub!.publishAsync('wes/maison/heater/set', 'OFF', { qos: 1 });
  await waitFor(() => json('wes/maison/heater/state')?.state === false, 'the heater switched off', 10_000, 20, redLog);
});

test('metrics: prometheus scrapes /wes/metrics behind httpNodeAuth and gets the meter and the relay', async () => {
  // A kept-alive socket that the server closes as the request goes out fails the fetch ("fetch
  // failed", seen once under load): such a network error is retried, an HTTP answer never is.
  const get = (headers: Record<string, string> = {}) =>
    waitFor(
      () => fetch(`http://127.0.0.1:${redPort}/wes/metrics`, { headers }).catch(() => null),
      'an answer from /wes/metrics',
      10_000,
      100,
    );
  const noAuth = await get();
  assert.equal(noAuth.status, 401, 'the page is behind httpNodeAuth');
  const page = await (await get({ authorization: authHeader() })).text();
  assert.match(page, /^wes_meter_index_HCHC_Wh\{box="maison",source="tic1"\} \d+/m);
  const prom = await startPrometheus(PROM_PORT, `127.0.0.1:${redPort}`, AUTH);
  try {
    const query = async (q: string) => {
      const r = await fetch(`http://127.0.0.1:${PROM_PORT}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => null);
      const body = r?.ok
        ? ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } })
        : null;
      return body?.data.result.length ? body.data.result : null;
    };
    const index = await waitFor(() => query('wes_meter_index_HCHC_Wh'), 'prometheus has the HC index', 20_000, 100, prom.log);
    assert.deepEqual([index[0].metric.box, index[0].metric.source, index[0].metric.job], ['maison', 'tic1', 'wes']);
    assert.ok(Number(index[0].value[1]) > 0);
    const relay = await waitFor(() => query('wes_relay_state{source="heater"}'), 'prometheus has the relay', 10_000, 100);
    assert.equal(relay[0].value[1], '0');
  } finally {
    await prom.remove();
  }
});

test('discovery: the meter is unavailable when the TIC line goes silent, available again when it returns', async () => {
  await stopChild(writer!);
  await waitFor(() => last.get('wes/maison/tic1/availability') === 'offline', 'tic1 offline', 15_000, 20, redLog);
  writer = startWriter();
  await waitFor(() => last.get('wes/maison/tic1/availability') === 'online', 'tic1 online again', 20_000, 20, redLog);
});

test('discovery: deleting the node clears its retained configs, states and availability from the broker', async () => {
  const configs = [...last].filter(([t, p]) => t.endsWith('/config') && p !== '').map(([t]) => t);
  const res = await fetch(`http://127.0.0.1:${redPort}/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'nodes' },
    body: JSON.stringify(
      flow
        .filter((n) => n.id !== 'ha')
        .map((n) =>
          ['mqttin', 'birth', 'relay', 'tic'].includes(n.id)
            ? { ...n, wires: (n.wires as string[][]).map((w) => w.filter((x) => x !== 'ha')) }
            : n,
        ),
    ),
  });
  assert.equal(res.status, 204, await res.text());
  await waitFor(() => configs.every((t) => last.get(t) === ''), 'every config emptied', 10_000, 20, redLog);
  const late = await connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`);
  const retained: string[] = [];
  let marker = false;
  late.on('message', (topic, _p, packet) => {
    if (topic === 'wes-test/marker') marker = true;
    // The broker config's own birth message is the user's, not the node's.
    else if (packet.retain && topic !== 'wes/maison/status') retained.push(topic);
  });
  await late.subscribeAsync(['homeassistant/#', 'wes/#', 'wes-test/#'], { qos: 1 });
  // The broker sends the retained messages on subscribing, before a message published after it.
  await late.publishAsync('wes-test/marker', 'x', { qos: 1 });
  await waitFor(() => marker, 'the marker');
  await late.endAsync();
  assert.deepEqual(retained, [], 'nothing retained is left');
});
