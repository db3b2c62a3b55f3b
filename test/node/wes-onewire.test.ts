// wes-onewire-bus and wes-onewire in Node-RED: readings on the temperature contract from the
// simulated bus, one probe of a fake sysfs tree unplugged (lost event, red status) and put back
// (recovered), the names bound to ROM ids kept across a restart when probes come and go, and
// the editor's list of scanned probes.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc8 } from '../../nodes/core/onewire/parse';
import { readTemperature } from '../../nodes/core/contracts/temperature';
import { readMeterState } from '../../nodes/core/contracts/meter-state';
import { collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import busNode from '../../nodes/wes-onewire-bus/wes-onewire-bus';
import oneWireNode from '../../nodes/wes-onewire/wes-onewire';

const nodes = [busNode, oneWireNode];
runtimeWithUserDir('wes-onewire-node-', { before, after, afterEach });

function w1Slave(milliC: number): string {
  const raw = Math.round((milliC / 1000) * 16) & 0xffff;
  const bytes = [raw & 0xff, raw >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
  const hex = [...bytes, crc8(bytes)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${hex} : crc=${hex.slice(-2)} YES\n${hex} t=${milliC}\n`;
}
function probe(root: string, rom: string, milliC: number) {
  mkdirSync(join(root, rom), { recursive: true });
  writeFileSync(join(root, rom, 'w1_slave'), w1Slave(milliC));
}

const trees: string[] = [];
const tree = () => {
  const root = mkdtempSync(join(tmpdir(), 'wes-onewire-'));
  mkdirSync(join(root, 'w1_bus_master1'));
  trees.push(root);
  return root;
};
after(() => {
  for (const t of trees) rmSync(t, { recursive: true, force: true });
});

const bus = (extra: Record<string, unknown>) => ({ id: 'bus', type: 'wes-onewire-bus', pollS: 1, rescanMin: 0, lostAfter: 2, ...extra });

test('every probe of the simulated bus, named and on the temperature contract', async () => {
  await loadFlow(nodes, [
    bus({ backend: 'simulated' }),
    { id: 'all', type: 'wes-onewire', bus: 'bus', romId: '', wires: [['out'], ['events']] },
    { id: 'out', type: 'helper' },
    { id: 'events', type: 'helper' },
  ]);
  const out = collector('out');
  await waitFor(() => new Set(out.map((m) => m.topic)).size >= 4, 'a reading of each simulated probe');
  const byTopic = new Map(out.map((m) => [m.topic, m]));
  assert.deepEqual([...byTopic.keys()].sort(), ['humidity1', 'temp1', 'temp2', 'temp3']);
  const outdoor = byTopic.get('temp1')!;
  assert.equal(outdoor.romId, '10-0008019e3c11');
  assert.equal(outdoor.unit, '°C');
  const r = readTemperature(outdoor);
  assert.ok(r.ok && r.value.temperatureC === outdoor.payload && r.value.topic === 'temp1');
  assert.equal(readMeterState(outdoor).ok, false);
  assert.equal(byTopic.get('humidity1')!.unit, '%RH');
  // The editor's list of what the bus found.
  const res = await (
    helper as unknown as { request(): { get(p: string): Promise<{ status: number; body: { probes: { romId: string; name: string }[] } }> } }
  )
    .request()
    .get('/wes-onewire-bus/bus/probes');
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.probes.map((p) => p.name),
    ['temp1', 'humidity1', 'temp2', 'temp3', 'board1', 'board2'],
  );
});

test('a probe taken off the simulated bus by message: lost after the failed reads, recovered when put back', async () => {
  await loadFlow(nodes, [
    bus({ backend: 'simulated' }),
    { id: 'all', type: 'wes-onewire', bus: 'bus', romId: '', wires: [['out'], ['events']] },
    { id: 'out', type: 'helper' },
    { id: 'events', type: 'helper' },
  ]);
  const out = collector('out');
  const events = collector('events');
  await waitFor(() => out.some((m) => m.topic === 'temp3'), 'a reading of temp3');
  const all = helper.getNode('all') as unknown as { receive(m: object): void };
  all.receive({ topic: 'simulate', payload: { unplug: '28-0316a2799b02' } });
  await waitFor(() => events.some((m) => m.event === 'lost' && m.romId === '28-0316a2799b02'), 'temp3 lost');
  const readingsBefore = out.filter((m) => m.topic === 'temp3').length;
  all.receive({ topic: 'simulate', payload: { plug: '28-0316a2799b02' } });
  await waitFor(() => events.some((m) => m.event === 'recovered' && m.romId === '28-0316a2799b02'), 'temp3 recovered');
  await waitFor(() => out.filter((m) => m.topic === 'temp3').length > readingsBefore, 'temp3 read again');
  // the other probes never left
  assert.deepEqual(
    events.filter((m) => m.event === 'lost').map((m) => m.topic),
    ['temp3'],
  );
});

test('one probe by ROM id: its name, lost when unplugged, recovered when put back', async () => {
  const root = tree();
  probe(root, '28-0000000000aa', 19500);
  probe(root, '28-0000000000bb', 21000);
  await loadFlow(nodes, [
    bus({ backend: 'sysfs', root, rescanMin: 0.001 }),
    { id: 'probe', type: 'wes-onewire', bus: 'bus', name: 'salon', romId: '28-0000000000BB', wires: [['out'], ['events']] },
    { id: 'out', type: 'helper' },
    { id: 'events', type: 'helper' },
  ]);
  const out = collector('out');
  const events = collector('events');
  const node = helper.getNode('probe');
  await waitFor(
    () => out.length > 0,
    'a reading of salon',
    3000,
    5,
    () => JSON.stringify([lastStatus(node), node.error.getCalls().map((c) => c.args)]),
  );
  assert.deepEqual([out[0].topic, out[0].payload, out[0].romId], ['salon', 21, '28-0000000000bb']);
  assert.ok(
    out.every((m) => m.romId === '28-0000000000bb'),
    'only its own probe',
  );
  rmSync(join(root, '28-0000000000bb'), { recursive: true });
  await waitFor(() => events.some((e) => e.payload === 'lost'), 'the lost event');
  assert.deepEqual(lastStatus(node), { fill: 'red', shape: 'ring', text: 'salon lost' });
  probe(root, '28-0000000000bb', 21250);
  await waitFor(() => events.some((e) => e.payload === 'recovered'), 'the recovered event');
  await waitFor(() => lastStatus(node).text === '21.25 °C', 'the value shown again');
  assert.deepEqual(
    events.map((e) => e.payload),
    ['added', 'removed', 'lost', 'added', 'recovered'],
  );
  assert.ok(events.every((e) => e.topic === 'salon'));
});

test('names stay bound to ROM ids across a restart, whatever the probes present', async () => {
  const root = tree();
  probe(root, '28-000000000001', 18000);
  probe(root, '28-000000000002', 20000);
  const flow = (wires: string) => [
    bus({ backend: 'sysfs', root }),
    { id: 'all', type: 'wes-onewire', bus: 'bus', wires: [[wires], []] },
    { id: wires, type: 'helper' },
  ];
  await loadFlow(nodes, flow('first'));
  const first = collector('first');
  await waitFor(() => new Set(first.map((m) => m.topic)).size === 2, 'both probes');
  const names1 = Object.fromEntries(first.map((m) => [m.romId, m.topic]));
  assert.deepEqual(names1, { '28-000000000001': 'temp1', '28-000000000002': 'temp2' });
  // A restart (not a removal: the names file stays), probe 1 gone, a new one sorted before probe 2.
  await helper.unload();
  rmSync(join(root, '28-000000000001'), { recursive: true });
  probe(root, '28-000000000000', 22000);
  await loadFlow(nodes, flow('second'));
  const second = collector('second');
  await waitFor(() => new Set(second.map((m) => m.topic)).size === 2, 'both probes after the restart');
  assert.deepEqual(Object.fromEntries(second.map((m) => [m.romId, m.topic])), { '28-000000000000': 'temp3', '28-000000000002': 'temp2' });
});

test('a bus config that is wrong gives a clear error on the probe node, not a crash', async () => {
  await loadFlow(nodes, [bus({ backend: 'owserver', port: 99999 }), { id: 'p', type: 'wes-onewire', bus: 'bus', wires: [[], []] }]);
  const n = helper.getNode('p');
  await waitFor(() => lastStatus(n).fill === 'red', 'a red status');
  const errs = n.error
    .getCalls()
    .filter((c) => c.thisValue === n)
    .map((c) => String(c.args[0]));
  assert.match(errs.join('\n'), /port/);
});
