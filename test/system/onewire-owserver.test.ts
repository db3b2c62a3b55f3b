// Our owserver client and backend against Debian's owserver --tester: the framing, dirall,
// reads of each family, presence, a write's reply, and the error code of a missing device.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OW_MSG, OwserverClient, OwserverError } from '../../nodes/io/w1/owserver-client';
import { OwserverBackend } from '../../nodes/io/w1/owserver-backend';
import { OneWireBus, type ReadingEvent, type RefusedEvent } from '../../nodes/io/w1/bus';
import { owserverInstalled, startOwserver, type Owserver } from '../support/owserver';
import { waitFor } from '../support/wait';

const PORT = 24371;
let server: Owserver | null = null;
const skip = !owserverInstalled() && 'owserver not installed (apt-get install -y owserver)';

before(async () => {
  if (!skip) server = await startOwserver(PORT);
});
after(async () => server?.stop());

test('the client speaks the 24-byte protocol: dirall, read, presence, write, error codes', { skip }, async () => {
  const c = new OwserverClient('127.0.0.1', PORT);
  const entries = await c.dirall('/');
  for (const e of ['/28.000028D70000', '/10.000010EF0100', '/26.000026D90200', '/29.000029D60300', '/1B.00001BE40400'])
    assert.ok(entries.includes(e), `${e} in ${entries.join(',')}`);
  assert.equal(await c.read('/28.000028D70000/temperature'), '           4');
  assert.equal((await c.read('/10.000010EF0100/temperature')).trim(), '1.7');
  assert.equal(await c.read('/29.000029D60300/PIO.ALL'), '0,1,0,1,0,1,0,1');
  assert.equal(await c.presence('/28.000028D70000'), true);
  assert.equal(await c.presence('/28.000028D70001'), false);
  // A write is acknowledged with ret 0 (tester mode does not keep it).
  assert.equal((await c.request(OW_MSG.write, '/29.000029D60300/PIO.BYTE', Buffer.from('3'))).ret, 0);
  // owserver's errors: a read-only property refuses a write, a folder is not a value.
  await assert.rejects(c.write('/28.000028D70000/temperature', '3'), (e: unknown) => e instanceof OwserverError && e.code === 'EOPNOTSUPP');
  await assert.rejects(c.read('/28.000028D70000'), (e: unknown) => e instanceof OwserverError && e.code === 'EISDIR');
  await assert.rejects(
    c.read('/28.000028D70001/temperature'),
    (e: unknown) => e instanceof OwserverError && e.ret < 0 && e.code === 'ENOENT',
  );
  await assert.rejects(new OwserverClient('127.0.0.1', PORT + 1, 500).read('/x'), /ECONNREFUSED/);
});

test('the backend scans and reads each family; the bus judges them', { skip }, async () => {
  const b = new OwserverBackend('127.0.0.1', PORT);
  assert.deepEqual(await b.scan(), ['10-000010ef0100', '1b-00001be40400', '26-000026d90200', '28-000028d70000', '29-000029d60300']);
  assert.equal(await b.convertAll(), true);
  assert.deepEqual(await b.readTemperature('28-000028d70000'), { ok: true, value: 4 });
  assert.deepEqual(await b.readTemperature('10-000010ef0100'), { ok: true, value: 1.7 });
  assert.deepEqual(await b.readTemperature('28-000028d70001'), { ok: false, error: { code: 'onewire.absent', params: {} } });
  // The tester's DS2438 has VAD = VDD = 4 V: not a humidity, and said so.
  const h = await b.readHumidity('26-000026d90200');
  assert.equal(h.ok ? 'ok' : h.error.code, 'onewire.humidityRange');
  assert.equal(await b.readSwitch('29-000029d60300'), 42);

  const bus = new OneWireBus(b, { pollMs: 60_000, rescanMs: 0, probe: { maxJump: 10, lostAfter: 3 }, boards: [] }, {}, () => undefined);
  const readings: ReadingEvent[] = [];
  const refused: RefusedEvent[] = [];
  bus.on('reading', (r) => readings.push(r));
  bus.on('refused', (r) => refused.push(r));
  await bus.rescan();
  await bus.readAll();
  await bus.close();
  assert.deepEqual(
    readings.map((r) => [r.romId, r.name, r.value, r.unit]),
    [
      ['10-000010ef0100', 'temp1', 1.7, '°C'],
      ['28-000028d70000', 'temp2', 4, '°C'],
    ],
  );
  assert.deepEqual(
    refused.map((r) => [r.romId, r.problem.code]),
    [['26-000026d90200', 'onewire.humidityRange']],
  );
});

test('a bus whose owserver is gone reports a fault and the probes go lost', { skip }, async () => {
  const b = new OwserverBackend('127.0.0.1', PORT + 2, 500);
  const bus = new OneWireBus(
    b,
    { pollMs: 10, rescanMs: 0, probe: { maxJump: 10, lostAfter: 2 }, boards: [] },
    { '28-000028d70000': 'salon' },
    () => undefined,
  );
  const faults: string[] = [];
  const lost: string[] = [];
  bus.on('fault', (p) => faults.push(p.code));
  bus.on('lost', (e) => lost.push(e.name));
  bus.start();
  await waitFor(() => lost.length > 0, 'the lost event');
  await bus.close();
  assert.deepEqual(faults.slice(0, 1), ['onewire.scan']);
  assert.deepEqual(lost, ['salon']);
});
