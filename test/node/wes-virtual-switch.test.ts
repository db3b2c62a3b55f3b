// wes-virtual-switch with wes-http-api: a flow and an HTTP client both set the switch, the output
// says every change whoever made it, data.cgx's switch_virtuel shows it, the alarm likewise, and
// the state survives a restart.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, lastStatus, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { apiNodes, credentials, PASSWORD, serveHttpNode, USER } from '../support/wes-api-runtime';
import switchNode from '../../nodes/wes-virtual-switch/wes-virtual-switch';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- xml2js (Node-RED's own dependency) ships no types
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, o: object): Promise<unknown> };
const raw = helper as unknown as {
  load(n: unknown[], f: object[], c: object, cb: () => void): void;
  log(): { args: Array<[{ level: number; msg: unknown }]> };
};

runtimeWithUserDir('wes-vs-', { before, after, afterEach });
let server: Awaited<ReturnType<typeof serveHttpNode>>;
before(async () => {
  server = await serveHttpNode(0);
});
after(() => server.close());

const nodes = [...apiNodes, switchNode];
const flow = (extra: object[] = []) => [
  { id: 'vs3', type: 'wes-virtual-switch', name: 'away', mode: 'switch', number: 3, startState: 'restore', wires: [['out3']] },
  { id: 'al', type: 'wes-virtual-switch', name: '', mode: 'alarm', number: 1, startState: 'off', wires: [['outA']] },
  { id: 'api', type: 'wes-http-api', prefix: '', anonymous: false, slots: '' },
  { id: 'out3', type: 'helper' },
  { id: 'outA', type: 'helper' },
  ...extra,
];
const load = (f: object[]) => new Promise<void>((r) => raw.load(nodes, f, credentials, r));
const get = (path: string) =>
  fetch(server.url + path, { headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } });
async function switches(): Promise<Record<string, string>> {
  const res = await get('/data.cgx');
  assert.equal(res.status, 200);
  const doc = (await parseStringPromise(await res.text(), { explicitArray: false, trim: true })) as {
    data: { switch_virtuel: Record<string, string> };
  };
  return doc.data.switch_virtuel;
}
const logged = () =>
  raw
    .log()
    .args.map((a) => a[0])
    .filter((e) => e.level === 40)
    .map((e) => String(e.msg));

test('set from a flow and from HTTP (vs3=ON, fvs=3, alarme=ON): every change on the output, in switch_virtuel, logged', async () => {
  await load(flow());
  const out = collector('out3');
  const alarm = collector('outA');
  const vs = helper.getNode('vs3');
  // the start state (sent once at start, maybe before the collector listened) is off
  assert.equal((await switches()).SWITCH3, '0');
  const from = (source: string) => out.filter((m) => (m.virtualSwitch as { source: string }).source === source);

  vs.receive({ payload: true });
  await waitFor(() => from('input').length >= 1, 'the change from the flow');
  const byFlow = from('input')[0];
  assert.deepEqual([byFlow.payload, byFlow.state, byFlow.topic], [true, 'ON', 'away']);
  assert.deepEqual(byFlow.virtualSwitch, { wes: 'vs3', name: 'away', source: 'input' });
  const sw = await switches();
  assert.equal(Object.keys(sw).length, 24);
  assert.deepEqual([sw.SWITCH3, sw.SWITCH1], ['1', '0']);

  const toggle = await get('/AJAX.CGX?fvs=3');
  assert.equal(toggle.status, 200);
  assert.match(await toggle.text(), /<SWITCH3>0<\/SWITCH3>/, 'the answer shows the new state');
  await waitFor(() => from('http').length >= 1, 'the change from HTTP');
  assert.equal(from('http')[0].payload, false);
  assert.equal((await get('/RL.cgx?vs3=ON')).status, 200);
  assert.equal((await switches()).SWITCH3, '1');
  // the same state again changes nothing, so says nothing
  await waitFor(() => from('http').length >= 2, 'vs3=ON said');
  assert.equal((await get('/AJAX.cgx?sw3=on')).status, 200);
  assert.equal(from('http').length, 2);
  assert.equal(lastStatus(vs).text, 'vs3 ON');

  assert.equal((await get('/AJAX.CGX?alarme=ON')).status, 200);
  await waitFor(() => alarm.some((m) => m.payload === true), 'the alarm on');
  assert.equal(alarm.find((m) => m.payload === true)!.topic, 'alarme');

  // judged whole: an unknown switch refuses the query, and nothing changes
  assert.equal((await get('/AJAX.CGX?vs3=OFF&vs5=ON')).status, 404);
  assert.equal((await get('/AJAX.CGX?vs3=OFF&vs25=ON')).status, 400);
  assert.equal((await switches()).SWITCH3, '1');
  const commands = logged().filter((l) => /^command from/.test(l));
  assert.ok(
    commands.some((l) => /fvs=3 → vs3 toggle: OFF/.test(l)),
    commands.join('\n'),
  );
  assert.ok(commands.some((l) => /alarme on: ON/.test(l)));
  assert.ok(commands.some((l) => /no wes-virtual-switch number 5/.test(l)));
});

test('a refused command changes nothing; the state survives a restart; one node per number', async () => {
  await load(flow());
  const vs = helper.getNode('vs3');
  vs.receive({ payload: 'on' });
  await waitFor(() => lastStatus(vs).text === 'vs3 ON', 'on');
  vs.receive({ payload: 'pulse 5' });
  await waitFor(() => vs.error.getCalls().some((c) => /unknown virtual switch command "pulse 5"/.test(String(c.args[0]))), 'refused');
  assert.equal((await switches()).SWITCH3, '1');

  await helper.unload();
  await load(flow([{ id: 'vs3b', type: 'wes-virtual-switch', name: '', mode: 'switch', number: 3, startState: 'off', wires: [[]] }]));
  const again = collector('out3');
  helper.getNode('vs3').receive({ payload: 'status' });
  await waitFor(() => again.length >= 1, 'the state after the restart');
  assert.equal(again[again.length - 1].payload, true, 'restored');
  assert.equal((await switches()).SWITCH3, '1');
  const second = helper.getNode('vs3b');
  await waitFor(() => lastStatus(second).fill === 'red', 'the second vs3 refused');
});
