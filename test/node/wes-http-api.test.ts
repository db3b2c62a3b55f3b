// wes-http-api in Node-RED, fed by the real nodes (simulated Linky, pulse counter and contact on
// the simulated GPIO, simulated analog input, relays), read over HTTP with an independent XML
// parser (xml2js) as a client of the real box would.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { helper, lastStatus, runtimeWithUserDir, waitFor, collector } from '../support/red-test-helper';
import { apiFlow, apiNodes, credentials, PASSWORD, serveHttpNode, USER } from '../support/wes-api-runtime';
import type { FakeGpio } from '../../nodes/io/gpio/fake-backend';
import type { WesGpioNode } from '../../nodes/wes-gpio/gpio-node';
import type { SimulatedBackend } from '../../nodes/io/w1/simulated-backend';
import type { WesOneWireBusNode } from '../../nodes/wes-onewire-bus/onewire-bus-node';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- xml2js (Node-RED's own dependency) ships no types
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, o: object): Promise<unknown> };
// The helper's load with credentials and its log spy, which our typed wrapper does not expose.
const raw = helper as unknown as { load(n: unknown[], f: object[], c: object, cb: () => void): void; log(): { args: Array<[LogEntry]> } };

runtimeWithUserDir('wes-api-node-', { before, after, afterEach });
let server: Awaited<ReturnType<typeof serveHttpNode>>;
before(async () => {
  server = await serveHttpNode(18701);
});
after(() => server.close());

const auth = (user = USER, password = PASSWORD) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const load = (flow: object[], creds: object = credentials): Promise<void> => new Promise((r) => raw.load(apiNodes, flow, creds, r));

type Section = Record<string, string>;
async function dataCgx(path = '/data.cgx'): Promise<Record<string, Section>> {
  const res = await fetch(server.url + path, { headers: auth() });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
  assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS header');
  const doc = (await parseStringPromise(await res.text(), { explicitArray: false, trim: true })) as {
    data: Record<string, Section | string>;
  };
  return doc.data as Record<string, Section>;
}

// Node-RED's levels: 20 error, 30 warn, 40 info.
interface LogEntry {
  level: number;
  msg: unknown;
}
const logged = (level: number): string[] =>
  raw
    .log()
    .args.map((a) => a[0])
    .filter((e) => e.level === level)
    .map((e) => String(e.msg));

test('data.cgx: every section from the live values of the nodes that feed it', async () => {
  await load(apiFlow());
  const tics = collector('ticOut');
  const pulses = collector('pulseOut');
  const inputs = collector('inOut');
  const analogs = collector('adOut');
  const clamps = collector('ctOut');
  const probes = collector('owOut');
  // Both send their state at start, maybe before the collectors listen: ask again.
  helper.getNode('p').receive({ payload: 'status' });
  helper.getNode('in').receive({ payload: 'status' });
  const probeTopics = () => new Set(probes.map((m) => m.topic));
  await waitFor(
    () =>
      tics.length >= 1 && pulses.length >= 1 && inputs.length >= 1 && analogs.length >= 1 && clamps.length >= 4 && probeTopics().size >= 4,
    'every source sent',
    10_000,
    5,
    () => JSON.stringify([tics.length, pulses.length, inputs.length, analogs.length, clamps.length, [...probeTopics()]]),
  );
  const d = await dataCgx('/DATA.CGX');
  const state = tics[tics.length - 1].payload as { meterId: string; contract: string; subscribedCurrentA: number };
  assert.equal(d.tic1.ADCO, state.meterId);
  assert.equal(d.tic1.OPTARIF, state.contract);
  assert.equal(d.tic1.ISOUSC, String(state.subscribedCurrentA));
  assert.match(d.tic1.PTEC, /^H\. (Pleines|Creuses)$/);
  const seen = tics.map((m) => m.payload as { powerVA: number; energyByPeriodWh: Record<string, number> });
  assert.ok(
    seen.some((s) => String(s.powerVA) === d.tic1.PAP),
    `PAP ${d.tic1.PAP} is a power the meter sent`,
  );
  assert.ok(
    seen.some((s) => String(s.energyByPeriodWh.HCHC).padStart(9, '0') === d.tic1.HCHC),
    'HCHC on 9 digits',
  );
  assert.equal(d.tic1.H_CREUSE, d.tic1.HCHC);
  assert.equal(d.tic2.ADCO, 'Pas Dispo', 'nothing feeds tic2');
  assert.equal(d.tic2.PTEC, 'TIC NDERR.');
  assert.equal(d.impulsion.INDEX1, '1234500', 'm³ in litres');
  assert.equal(d.impulsion.PULSE1, '0');
  assert.equal(d.entree.ENTREE1, String(inputs[inputs.length - 1].payload));
  assert.ok(
    analogs.some((m) => (m.payload as number).toFixed(2) === d.analogique.AD2),
    `AD2 ${d.analogique.AD2} is a value wes-input sent`,
  );
  assert.equal(d.analogique.AD1, '0.00');
  assert.deepEqual([d.relais.RELAIS1, d.relais.RELAIS2], ['OFF', 'OFF']);
  // pince: each clamp's current %.2f and its indexes in Wh, from a reading wes-ct-meter sent (the
  // document and the collector may be one period apart, so any reading of that clamp will do).
  type Clamp = { currentA: number; energyImportWh?: number; energyExportWh?: number; voltageV?: number };
  for (const n of [1, 2, 3, 4]) {
    const sent = clamps.filter((m) => m.topic === `clamp${n}`).map((m) => m.payload as Clamp);
    assert.ok(
      sent.some((c) => c.currentA.toFixed(2) === d.pince[`I${n}`] && String(Math.trunc(c.energyImportWh ?? 0)) === d.pince[`INDEX${n}`]),
      `clamp${n}: I ${d.pince[`I${n}`]}, INDEX ${d.pince[`INDEX${n}`]} from ${JSON.stringify(sent.slice(-3))}`,
    );
    assert.match(d.pince[`INJECT${n}`], /^\d+$/);
  }
  assert.ok(
    clamps.some((m) => String(Math.trunc((m.payload as Clamp).voltageV ?? -1)) === d.pince.V),
    `V ${d.pince.V} is a voltage the clamps measured`,
  );
  assert.ok(Number(d.pince.V) > 200, 'the simulated mains');
  // temp: the bus's names give the slots (temp1 = SONDE1…, humidity1 = SONDE30), one decimal.
  const probeSent = (topic: string) => probes.filter((m) => m.topic === topic).map((m) => (m.payload as number).toFixed(1));
  for (const n of [1, 2, 3]) assert.ok(probeSent(`temp${n}`).includes(d.temp[`SONDE${n}`]), `SONDE${n} ${d.temp[`SONDE${n}`]}`);
  assert.ok(probeSent('humidity1').includes(d.temp.SONDE30), `SONDE30 ${d.temp.SONDE30} is the humidity`);
  assert.equal(d.temp.SONDE4, '0.0', 'no fourth probe');
  // relais1W: board 1 (rl101 is configured) with its eight outputs, nothing of the absent boards.
  assert.deepEqual(Object.keys(d.relais1W), [
    'RELAIS101',
    'RELAIS102',
    'RELAIS103',
    'RELAIS104',
    'RELAIS105',
    'RELAIS106',
    'RELAIS107',
    'RELAIS108',
  ]);
  assert.equal(d.relais1W.RELAIS101, 'OFF');
  assert.match(d.info.date, /^\d\d\/\d\d\/\d{4}$/);
  assert.equal(d.info.firmware, 'V0.84A10');
});

test('auth: no credentials, wrong ones and a locked node are refused with the box realm; anonymous only when ticked', async () => {
  await load(apiFlow());
  for (const headers of [{}, auth('admin', 'wes'), auth(USER, 'wrong'), auth('x', PASSWORD)]) {
    const res = await fetch(`${server.url}/data.cgx`, { headers });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic realm=.*serveur WES/);
  }
  assert.equal((await fetch(`${server.url}/RL.cgi?rl2=ON`, { headers: auth('admin', 'wes') })).status, 401);
  assert.equal((await dataCgx()).relais.RELAIS2, 'OFF', 'a refused command switched nothing');
  await helper.unload();
  await load(apiFlow(), {});
  assert.equal((await fetch(`${server.url}/data.cgx`, { headers: auth() })).status, 401, 'no credentials set: locked');
  // said at info level (40), and never as a warning: the shipped flow starts locked, a clean start warns of nothing
  assert.ok(
    logged(40).some((w) => /every request gets 401/.test(w)),
    'the node says why',
  );
  assert.ok(!logged(30).some((w) => /every request gets 401/.test(w)), 'not as a warning');
  await helper.unload();
  await load(apiFlow({ anonymous: true, prefix: '/wesbox' }), {});
  assert.equal((await fetch(`${server.url}/wesbox/Data.Cgx`)).status, 200, 'anonymous, under the prefix');
  assert.equal((await fetch(`${server.url}/data.cgx`)).status, 404, 'not at the root any more');
});

async function gpio(): Promise<FakeGpio> {
  return (await (helper.getNode('g') as unknown as WesGpioNode).ready()) as FakeGpio;
}

test('commands: through the relay minimum time and override; HEAD changes nothing; logged', async () => {
  await load(apiFlow());
  const fake = await gpio();
  await waitFor(() => fake.outputs.has(27) && fake.outputs.has(26), 'relay lines open');
  const head = await fetch(`${server.url}/rl.cgi?rl1=ON`, { method: 'HEAD', headers: auth() });
  assert.equal(head.status, 200);
  assert.equal(fake.outputs.get(27)!.level, 0, 'HEAD switched nothing');
  const on = await fetch(`${server.url}/RL.cgi?rl1=ON&rl2=ON`, { headers: auth() });
  assert.equal(on.status, 200);
  assert.match(await on.text(), /<RELAIS1>ON<\/RELAIS1><RELAIS2>ON<\/RELAIS2>/, 'the answer shows the new state');
  assert.equal(fake.outputs.get(27)!.level, 1);
  // A rule cannot undo the manual (HTTP) command during its override…
  helper.getNode('r1').receive({ payload: 'off' });
  await waitFor(() => logged(40).some((l) => /ignored/.test(l)), 'the rule blocked by the override');
  // …and a toggle within relay 1's minimum on-time (1 h) is deferred, not done.
  const toggle = await fetch(`${server.url}/AJAX.CGX?frl=1`, { headers: auth() });
  assert.equal(toggle.status, 200);
  assert.equal((await dataCgx()).relais.RELAIS1, 'ON', 'deferred by the minimum on-time');
  assert.deepEqual(
    fake.outputs.get(27)!.writes.map((w) => w.level),
    [1],
  );
  const rl101 = await fetch(`${server.url}/RL.cgi?rl101=ON`, { headers: auth() });
  assert.equal(rl101.status, 200);
  assert.match(await rl101.text(), /<RELAIS101>ON<\/RELAIS101>/, 'the DS2408 relay rl101 switched');
  const board = (helper.getNode('bus') as unknown as WesOneWireBusNode).bus!.backend as SimulatedBackend;
  assert.equal((await board.readSwitch('29-000000a1b201')) & 1, 1, 'the latch of board 1, channel 1');
  const off2 = await fetch(`${server.url}/RL.cgx?rl2=off`, { headers: auth() });
  assert.equal(off2.status, 200);
  assert.equal(fake.outputs.get(26)!.level, 0, 'relay 2 has no minimum time');
  const commands = logged(40).filter((l) => /^command from/.test(l));
  assert.ok(
    commands.some((l) => /rl1 toggle: deferred/.test(l)),
    commands.join('\n'),
  );
  assert.ok(commands.some((l) => /rl1 on: switched, rl2 on: switched/.test(l)));
  // Judged whole: one bad parameter, nothing switched.
  assert.equal((await fetch(`${server.url}/RL.cgi?rl2=ON&rl1=PLEASE`, { headers: auth() })).status, 400);
  assert.equal((await fetch(`${server.url}/RL.cgi?rl2=ON&rl5=ON`, { headers: auth() })).status, 404);
  assert.equal((await fetch(`${server.url}/AJAX.CGX?vs1=ON`, { headers: auth() })).status, 404, 'no wes-virtual-switch 1 here');
  assert.equal((await fetch(`${server.url}/AJAX.CGX?reset=yes`, { headers: auth() })).status, 501);
  assert.equal(fake.outputs.get(26)!.level, 0);
});

test('one per path prefix; the routes go with the node; a lost meter shows Pas Dispo; a wrong message is refused', async () => {
  // No simulated meter here: its next frame would refill tic1 after the loss.
  const flow = apiFlow().filter((n) => (n as { id: string }).id !== 'tic');
  await load([
    ...flow,
    { id: 'api2', type: 'wes-http-api', prefix: '/', anonymous: true },
    { id: 'api3', type: 'wes-http-api', prefix: '/other', anonymous: true },
  ]);
  await waitFor(() => logged(20).some((e) => /only one wes-http-api node per path/.test(e)), 'the second node on the root refused');
  // another prefix is another box: it serves, without credentials since it allows anonymous access
  assert.equal((await fetch(`${server.url}/other/data.cgx`)).status, 200);
  const api = helper.getNode('api');
  api.receive({ topic: 'linky', payload: { meterId: '012345678901', powerVA: 10 } });
  assert.equal((await dataCgx()).tic1.PAP, '10');
  api.receive({ topic: 'linky/event', payload: { event: 'tic-lost', meterId: '012345678901' } });
  assert.equal((await dataCgx()).tic1.ADCO, 'Pas Dispo', 'the lost meter shows the box placeholder');
  api.receive({ topic: 'Eau', payload: 12 });
  await waitFor(() => logged(20).some((e) => /Eau \(pulse1\): not a counter reading/.test(e)), 'refused');
  api.receive({ topic: 'pulse17', payload: { index: 1 } });
  await waitFor(() => logged(20).some((e) => /pulse17.*names no WES slot/.test(e)), 'no slot');
  await helper.unload();
  assert.equal((await fetch(`${server.url}/data.cgx`, { headers: auth() })).status, 404, 'no node, no route');
});

test('FTP turned on without the optional ftp-srv: a red status and an error saying what to install; HTTP still serves', async () => {
  // ftp-srv is a devDependency here: make it missing, as in a palette install without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader itself, to hide one module
  const Module = require('node:module') as { _load(request: string, ...rest: unknown[]): unknown };
  const load0 = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    if (request === 'ftp-srv') throw Object.assign(new Error("Cannot find module 'ftp-srv'"), { code: 'MODULE_NOT_FOUND' });
    return load0.call(this, request, ...rest);
  };
  try {
    await load(apiFlow({ ftp: true, ftpPort: 2121 }), { api: { ...credentials.api, ftpUser: 'f', ftpPassword: 'g' } });
    const api = helper.getNode('api');
    await waitFor(() => logged(20).some((e) => /npm install ftp-srv/.test(e)), 'the error');
    assert.ok(logged(20).some((e) => /run npm install ftp-srv in your Node-RED user folder/.test(e)));
    await waitFor(
      () => lastStatus(api).fill === 'red',
      'red',
      5000,
      5,
      () => JSON.stringify(lastStatus(api)),
    );
    assert.match(String(lastStatus(api).text), /ftp-srv/);
    assert.equal((await fetch(`${server.url}/data.cgx`, { headers: auth() })).status, 200, 'the API itself still serves');
  } finally {
    Module._load = load0;
  }
});
