import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRedPath } from '../support/node-red-path';
import type { WesGpioNode } from '../../nodes/wes-gpio/gpio-node';
import type { FakeGpio } from '../../nodes/io/gpio/fake-backend';
import { monotonicEpochMs } from '../../nodes/io/gpio/types';
import { apiNode, served, serveHttpNode } from '../support/wes-api-runtime';
import { waitFor } from '../support/wait';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import inputNode from '../../nodes/wes-input/wes-input';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-red-node-test-helper ships no types
const helper = require('node-red-node-test-helper');
const nodes = [gpioNode, pulseNode, relayNode, inputNode];

helper.init(nodeRedPath());

type Msg = Record<string, unknown> & { payload?: unknown };
interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: string, cb: (msg: Msg) => void): void;
}
interface LogEntry {
  level: number;
  msg: unknown;
  id?: string;
}

const userDir = mkdtempSync(join(tmpdir(), 'wes-node-test-'));
helper.settings({ userDir });

before(() => new Promise<void>((resolve) => helper.startServer(resolve)));
after(() => new Promise<void>((resolve) => helper.stopServer(resolve)));
afterEach(async () => {
  await helper.unload();
  rmSync(join(userDir, 'wes-state'), { recursive: true, force: true });
});

const gpioCfg = { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' };

async function fakeOf(id = 'g'): Promise<FakeGpio> {
  return (await (helper.getNode(id) as WesGpioNode).ready()) as FakeGpio;
}

function errorsLogged(): string[] {
  const spy = helper.log() as { args: Array<[LogEntry]> };
  return spy.args
    .map((a) => a[0])
    .filter((e) => e.level === 20)
    .map((e) => String(e.msg));
}

/** The last status `node` set (the helper spies on status for every node). */
function lastStatusOf(node: unknown): { fill?: string; text?: string } {
  const calls = (node as { status: { getCalls(): { thisValue: unknown; args: unknown[] }[] } }).status
    .getCalls()
    .filter((c) => c.thisValue === node);
  return (calls[calls.length - 1]?.args[0] ?? {}) as { fill?: string; text?: string };
}

/** Resolve once `node` has received n messages (collecting them). */
function collect(node: TestNode, n: number): Promise<Msg[]> {
  const got: Msg[] = [];
  return new Promise((resolve) =>
    node.on('input', (m) => {
      got.push(m);
      if (got.length === n) resolve(got);
    }),
  );
}

async function waitOpen(fake: FakeGpio, line: number, kind: 'in' | 'out'): Promise<void> {
  await waitFor(() => (kind === 'in' ? Boolean(fake.inputs.get(line)?.onEdge) : fake.outputs.has(line)), `line ${line} open`);
}

/** A pulse with contact bounce at both ends, dated on the monotonic epoch clock the backends use. */
function bouncyPulse(fake: FakeGpio, line: number, t: number): void {
  for (let i = 0; i < 4; i++) {
    fake.inject(line, 0, t + i);
    fake.inject(line, 1, t + i + 0.5);
  }
  fake.inject(line, 0, t + 4);
  for (let i = 0; i < 4; i++) {
    fake.inject(line, 1, t + 44 + i);
    fake.inject(line, 0, t + 44.5 + i);
  }
  fake.inject(line, 1, t + 50);
}

function pulseFlow(extra: Record<string, unknown> = {}) {
  return [
    gpioCfg,
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
      index: '',
      wires: [['out'], ['leak']],
      ...extra,
    },
    { id: 'out', type: 'helper' },
    { id: 'leak', type: 'helper' },
  ];
}

test('pulse-in: a burst of bouncy pulses is counted exactly, with index, today and flow', async () => {
  await helper.load(nodes, pulseFlow({ index: 100 }));
  const fake = await fakeOf();
  await waitOpen(fake, 17, 'in');
  const got = collect(helper.getNode('out'), 50);
  const t0 = monotonicEpochMs();
  for (let i = 0; i < 50; i++) bouncyPulse(fake, 17, t0 + i * 72); // 72 ms apart = 0.5 m³/h
  const msgs = await got;
  const last = msgs[49].payload as Record<string, number | string>;
  assert.equal(last.index, 100.5);
  assert.equal(last.pulses, 50);
  assert.equal(last.today, 0.5);
  assert.equal(last.rateUnit, 'm³/h');
  assert.equal(last.rate, 500); // 0.01 m³ every 72 ms
  assert.equal(msgs[49].topic, 'pulse17');
  assert.equal(msgs[49].unit, 'm³');
});

test('pulse-in: the index survives a restart, pulses before and after are all counted, and the editor index is not re-applied', async () => {
  await helper.load(nodes, pulseFlow({ index: 10 }));
  let fake = await fakeOf();
  await waitOpen(fake, 17, 'in');
  let got = collect(helper.getNode('out'), 30);
  let t = monotonicEpochMs();
  for (let i = 0; i < 30; i++) bouncyPulse(fake, 17, t + i * 100);
  await got;
  await helper.unload(); // close flushes the state
  await helper.load(nodes, pulseFlow({ index: 10 }));
  fake = await fakeOf();
  await waitOpen(fake, 17, 'in');
  got = collect(helper.getNode('out'), 20);
  t = monotonicEpochMs();
  for (let i = 0; i < 20; i++) bouncyPulse(fake, 17, t + i * 100);
  const msgs = await got;
  const last = msgs[19].payload as Record<string, number>;
  assert.equal(last.index, 10.5);
  assert.equal(last.pulses, 50);
});

test('pulse-in: index set by message; bad messages are errors and change nothing', async () => {
  await helper.load(nodes, pulseFlow());
  const p = helper.getNode('p') as TestNode;
  const out = helper.getNode('out') as TestNode;
  let got = collect(out, 1);
  p.receive({ topic: 'index', payload: 1234.56 });
  assert.equal(((await got)[0].payload as Record<string, number>).index, 1234.56);
  p.receive({ payload: 'bogus' });
  p.receive({ payload: { index: -5 } });
  // limits come from the meter (9 digits), and only plain decimals read as an index
  for (const bad of [1e308, '1e308', '0x10', '1e3', ' ', Infinity]) p.receive({ topic: 'index', payload: bad });
  await waitFor(() => errorsLogged().length >= 8, 'eight errors');
  assert.match(errorsLogged().join('\n'), /unknown message|errors\.message/);
  assert.equal(errorsLogged().filter((e) => /index must be a decimal number|errors\.index/.test(e)).length, 7);
  got = collect(out, 1);
  p.receive({ payload: 'status' });
  assert.equal(((await got)[0].payload as Record<string, number>).index, 1234.56);
});

test('pulse-in: a lost input is said in the readings with since when, and cleared when the line answers again', async () => {
  await helper.load(nodes, pulseFlow({ index: 7 }));
  const fake = await fakeOf();
  await waitOpen(fake, 17, 'in');
  const p = helper.getNode('p') as TestNode;
  const out = helper.getNode('out') as TestNode;
  const before = Date.now();
  // the backend's word (gpiomon stopped): readings leave at once, the last index kept
  let got = collect(out, 1);
  fake.fail(17, new Error('gpiomon for line 17 stopped'));
  const lost = (await got)[0].payload as Record<string, unknown>;
  assert.equal(lost.inputLost, true);
  assert.equal(lost.index, 7);
  assert.ok(Date.parse(String(lost.lostSince)) >= before - 1000, `lostSince ${String(lost.lostSince)}`);
  assert.equal(lastStatusOf(p).fill, 'red');
  got = collect(out, 1);
  fake.recover(17);
  const back = (await got)[0].payload as Record<string, unknown>;
  assert.deepEqual([back.inputLost, back.lostSince], [false, null]);
  assert.notEqual(lastStatusOf(p).fill, 'red');

  // the simulated twin unplugged by message: no edge comes through until it is plugged again
  got = collect(out, 1);
  p.receive({ topic: 'simulate', payload: { inputLost: true } });
  assert.equal(((await got)[0].payload as Record<string, unknown>).inputLost, true);
  bouncyPulse(fake, 17, monotonicEpochMs());
  got = collect(out, 1);
  p.receive({ payload: 'status' });
  assert.equal(((await got)[0].payload as Record<string, unknown>).pulses, 0, 'an unplugged line counts nothing');
  got = collect(out, 1);
  p.receive({ topic: 'simulate', payload: { inputLost: false } });
  assert.equal(((await got)[0].payload as Record<string, unknown>).inputLost, false);
  p.receive({ topic: 'simulate', payload: 'unplug' });
  await waitFor(() => errorsLogged().some((e) => /simulate message|errors\.simulate/.test(e)), 'a bad simulate message refused');
});

test('two nodes on one GPIO line: the second is refused with a clear error naming the owner', async () => {
  await helper.load(nodes, [
    gpioCfg,
    {
      id: 'p1',
      type: 'wes-pulse-in',
      name: 'Water',
      gpio: 'g',
      line: 5,
      kind: 'water',
      weight: 1,
      unit: 'L',
      debounceMs: 20,
      simRate: 0,
      wires: [[], []],
    },
    {
      id: 'r1',
      type: 'wes-relay-out',
      name: 'Pump',
      gpio: 'g',
      line: 5,
      number: 1,
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 0,
      wires: [[]],
    },
  ]);
  await waitFor(() => errorsLogged().length > 0, 'an error');
  const errors = errorsLogged().join('\n');
  assert.match(
    errors,
    /GPIO line 5 on simulated:g is already used by wes-(pulse-in "Water" \(p1\)|relay-out "Pump" \(r1\)); a line can have only one node/,
  );
});

function relayFlow(extra: Record<string, unknown> = {}) {
  return [
    gpioCfg,
    {
      id: 'r',
      type: 'wes-relay-out',
      name: 'Heat pump',
      gpio: 'g',
      line: 27,
      number: 1,
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 0,
      wires: [['out']],
      ...extra,
    },
    { id: 'out', type: 'helper' },
  ];
}

test('relay: minimum on-time defers an off until it is over; the output reports the actual state', async () => {
  await helper.load(nodes, relayFlow({ minOnS: 0.3 }));
  const fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  const r = helper.getNode('r') as TestNode;
  const states: unknown[] = [];
  (helper.getNode('out') as TestNode).on('input', (m) => states.push(m.payload));
  r.receive({ payload: 'on' });
  r.receive({ payload: 'off' });
  await waitFor(() => fake.outputs.get(27)!.writes.length >= 1, 'on');
  assert.equal(fake.outputs.get(27)!.level, 1, 'the off is deferred, the relay stays on');
  await waitFor(() => fake.outputs.get(27)!.writes.length >= 2, 'deferred off');
  assert.deepEqual(
    fake.outputs.get(27)!.writes.map((w) => w.level),
    [1, 0],
  );
  await waitFor(() => states.slice(-2).join() === 'true,false', 'outputs on then off');
});

test('relay: a manual override cannot be undone by rules until it ends; active-low wiring inverts the line', async () => {
  await helper.load(nodes, relayFlow({ overrideMin: 30, activeLow: true }));
  const fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  assert.equal(fake.outputs.get(27)!.level, 1, 'off = high on an active-low board');
  const r = helper.getNode('r') as TestNode;
  // The start-up state message (no outcome) may or may not have been seen yet: keep command results only.
  const results: Msg[] = [];
  // A status asked after the two rule commands is answered after them: its answer proves they were
  // handled, and any output of theirs would have come first. Kept apart, as it is not a state change.
  let statusAnswer: Msg | undefined;
  (helper.getNode('out') as TestNode).on('input', (m) => {
    if (m._msgid === 'status-probe') statusAnswer = m;
    else if ((m.relay as { outcome?: string }).outcome) results.push(m);
  });
  r.receive({ payload: true, source: 'manual' });
  r.receive({ payload: false }); // a rule
  r.receive({ payload: 'toggle' }); // a rule
  r.receive({ payload: 'status', _msgid: 'status-probe' });
  const answer = await waitFor(() => statusAnswer, 'the answer to status');
  assert.equal(answer.state, 'ON', 'the refused rule commands left the relay on');
  await waitFor(() => fake.outputs.get(27)!.writes.length >= 1, 'manual on');
  assert.deepEqual(
    fake.outputs.get(27)!.writes.map((w) => w.level),
    [0],
  );
  r.receive({ payload: 'off', topic: 'manual' });
  await waitFor(() => results.length >= 2, 'two state changes');
  const msgs = results;
  assert.deepEqual(
    msgs.map((m) => [m.payload, m.state]),
    [
      [true, 'ON'],
      [false, 'OFF'],
    ],
    'only real changes are sent',
  );
  await waitFor(() => fake.outputs.get(27)!.writes.length >= 2, 'manual off');
  assert.equal(fake.outputs.get(27)!.level, 1);
});

test('relay: bad commands get a clear error and change nothing; pulse switches on then off', async () => {
  await helper.load(nodes, relayFlow());
  const fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  const r = helper.getNode('r') as TestNode;
  for (const payload of ['onn', 'pulse', 'pulse -1', 42, { command: 'explode' }, null]) r.receive({ payload });
  await waitFor(() => errorsLogged().length >= 6, 'six errors');
  assert.match(errorsLogged()[0], /unknown relay command "onn"/);
  assert.deepEqual(fake.outputs.get(27)!.writes, []);
  r.receive({ payload: 'pulse 150ms' });
  await waitFor(() => fake.outputs.get(27)!.writes.length >= 2, 'pulse end');
  assert.deepEqual(
    fake.outputs.get(27)!.writes.map((w) => w.level),
    [1, 0],
  );
});

test('relay: "restore" brings back the last state after a restart', async () => {
  await helper.load(nodes, relayFlow({ startState: 'restore' }));
  let fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  (helper.getNode('r') as TestNode).receive({ payload: 'on' });
  await waitFor(() => fake.outputs.get(27)!.level === 1, 'on');
  await helper.unload();
  await helper.load(nodes, relayFlow({ startState: 'restore' }));
  fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  assert.equal(fake.outputs.get(27)!.level, 1);
});

/** GETs on a real port, as a WES client would, to whatever httpNode the current load serves. */
async function http(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const server = await serveHttpNode(0);
  try {
    const res = await fetch(server.url + path, { headers });
    return { status: res.status, body: await res.text() };
  } finally {
    await server.close();
  }
}

test('relay HTTP: a wes-relay-out alone serves no RL.cgi anywhere, and the relay does not change', async () => {
  await helper.load([gpioNode, served(relayNode)], relayFlow());
  const fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  const writes = fake.outputs.get(27)!.writes.length;
  for (const path of ['/wes/RL.cgi?rl1=ON', '/RL.cgi?rl1=ON', '/wes/RL.cgx?rl1=ON', '/wes/AJAX.cgx?frl=1', '/AJAX.CGX?frl=1']) {
    assert.equal((await http(path)).status, 404, `${path} is not served`);
  }
  assert.equal(fake.outputs.get(27)!.level, 0, 'relay 1 still off');
  assert.equal(fake.outputs.get(27)!.writes.length, writes, 'nothing written to the line');
  // The read-only list stays: it switches nothing, and shows no manual override was started.
  const list = JSON.parse((await http('/wes/relays')).body) as { number: number; on: boolean; overrideUntil: string | null }[];
  assert.deepEqual(list, [{ ...list[0], number: 1, on: false, overrideUntil: null }]);
});

test('relay HTTP: through a wes-http-api with credentials, RL.cgi?rl1=ON switches relay 1, frl toggles, a bad parameter changes nothing', async () => {
  const flow = [...relayFlow(), { id: 'api', type: 'wes-http-api', prefix: '', anonymous: false, slots: '' }];
  await new Promise<void>((r) => helper.load([gpioNode, relayNode, apiNode], flow, { api: { user: 'maison', password: 'secret' } }, r));
  const fake = await fakeOf();
  await waitOpen(fake, 27, 'out');
  const auth = { Authorization: `Basic ${Buffer.from('maison:secret').toString('base64')}` };
  assert.equal((await http('/RL.cgi?rl1=ON')).status, 401, 'no credentials: refused');
  assert.equal(fake.outputs.get(27)!.level, 0, 'a refused command switched nothing');
  let a = await http('/RL.cgi?rl1=ON', auth);
  assert.equal(a.status, 200);
  assert.match(a.body, /<RELAIS1>ON<\/RELAIS1>/);
  await waitFor(() => fake.outputs.get(27)!.level === 1, 'on');
  assert.equal((await http('/RL.cgi?frl=1&rl9=OFF', auth)).status, 404, 'no relay 9');
  assert.equal((await http('/RL.cgi?rl1=OFF&rl1=ON', auth)).status, 400, 'a parameter twice');
  assert.equal((await http('/RL.cgi?rl1=MAYBE', auth)).status, 400);
  assert.equal((await http('/RL.cgi?rl1=PULSE', auth)).status, 400);
  assert.equal(fake.outputs.get(27)!.level, 1, 'nothing changed');
  a = await http('/AJAX.CGX?frl=1', auth);
  assert.match(a.body, /<RELAIS1>OFF<\/RELAIS1>/);
  assert.equal((await http('/wes/RL.cgi?rl1=ON', auth)).status, 404, 'the legacy path is gone');
});

test('input contact: bounce is filtered, one event per real change, openings counted', async () => {
  await helper.load(nodes, [
    gpioCfg,
    {
      id: 'i',
      type: 'wes-input',
      mode: 'contact',
      name: 'Door',
      gpio: 'g',
      line: 22,
      debounceMs: 30,
      inverted: false,
      wires: [['out'], ['ev']],
    },
    { id: 'out', type: 'helper' },
    { id: 'ev', type: 'helper' },
  ]);
  const fake = await fakeOf();
  const events = collect(helper.getNode('ev') as TestNode, 2);
  await waitOpen(fake, 22, 'in');
  // Edges count from the line's initial level, read once the line is open: its status (open, green) says it was.
  await waitFor(() => lastStatusOf(helper.getNode('i')).fill === 'green', 'the initial level read');
  const closedEvent = collect(helper.getNode('ev') as TestNode, 1);
  const t = monotonicEpochMs();
  for (let i = 0; i < 5; i++) {
    fake.inject(22, 0, t + i);
    fake.inject(22, 1, t + i + 0.5);
  }
  fake.inject(22, 0, t + 5); // closed for good
  await closedEvent; // the close has settled: the next edge is a real change
  fake.inject(22, 1, monotonicEpochMs()); // opened
  const msgs = await events;
  assert.deepEqual(
    msgs.map((m) => [m.event, m.payload]),
    [
      ['closed', 1],
      ['opened', 0],
    ],
  );
  assert.deepEqual(msgs[1].counts, { openings: 1, closings: 1 });
});

test('input analog: IIO folder read, divider scaling, average, threshold events with hysteresis', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wes-iio-node-'));
  const dev = join(root, 'iio:device0');
  mkdirSync(dev);
  writeFileSync(join(dev, 'name'), 'ads1115\n');
  writeFileSync(join(dev, 'in_voltage1_scale'), '0.125\n');
  // 12.1 V through an 11:1 divider = 1.1 V = 8800 counts
  writeFileSync(join(dev, 'in_voltage1_raw'), '8800\n');
  await helper.load(nodes, [
    {
      id: 'a',
      type: 'wes-input',
      mode: 'analog',
      name: 'Battery',
      source: 'iio',
      iioRoot: root,
      device: 'ads1115',
      channel: 1,
      intervalS: 0.05,
      average: 1,
      scaling: 'divider',
      ratio: 11,
      unit: 'V',
      decimals: 2,
      thresholds: '12/0.3 low',
      wires: [['out'], ['ev']],
    },
    { id: 'out', type: 'helper' },
    { id: 'ev', type: 'helper' },
  ]);
  const first = await collect(helper.getNode('out') as TestNode, 1);
  assert.equal(first[0].payload, 12.1);
  assert.equal(first[0].unit, 'V');
  const ev = collect(helper.getNode('ev') as TestNode, 2);
  const raws: unknown[] = [];
  (helper.getNode('out') as TestNode).on('input', (m) => raws.push(m.raw));
  const low = Math.round((11.6 / 11) * 8000);
  writeFileSync(join(dev, 'in_voltage1_raw'), String(low));
  await waitFor(() => raws.includes(low), 'a sample of 11.6 V');
  const band = Math.round((11.9 / 11) * 8000);
  writeFileSync(join(dev, 'in_voltage1_raw'), String(band)); // inside the hysteresis band
  await waitFor(() => raws.includes(band), 'a sample of 11.9 V');
  writeFileSync(join(dev, 'in_voltage1_raw'), String(Math.round((12.5 / 11) * 8000)));
  const events = await ev;
  assert.deepEqual(
    events.map((m) => (m.payload as { state: string }).state),
    ['below', 'above'],
  );
  rmSync(root, { recursive: true });
});
