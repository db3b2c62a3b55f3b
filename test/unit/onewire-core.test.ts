// The 1-Wire core against the drivers' own formats (docs/sensing.md §3) and the datasheets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc8, hih4000, onMaskFromRawLatch, parseOwfsNumber, parseW1Slave, rawLatchFromOnMask } from '../../nodes/core/onewire/parse';
import { assignNames, diffRoms, initialProbeState, judge, type ProbeOptions, type ReadResult } from '../../nodes/core/onewire/probes';
import { canonicalRom, kindOf, owfsRom, parseRelayNumber, relayNumber } from '../../nodes/core/onewire/rom';
import { simulatedClimate } from '../../nodes/core/sim/onewire-climate';

const GOOD = '72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n';
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

test('w1_slave: t= is read only when the CRC verdict and our own CRC agree', () => {
  assert.deepEqual(parseW1Slave(GOOD), { ok: true, value: 23.125 });
  assert.equal(crc8([0x72, 0x01, 0x4b, 0x46, 0x7f, 0xff, 0x0e, 0x10]), 0x57);
  // The driver's NO: line 2 keeps old bytes but t= comes from the bad ones.
  assert.equal(code(parseW1Slave(GOOD.replace('YES', 'NO'))), 'onewire.crc');
  // A YES over bytes whose CRC does not match (a corrupted read of the file itself).
  assert.equal(code(parseW1Slave(GOOD.replace('72 01 4b 46 7f ff 0e 10 57 :', '73 01 4b 46 7f ff 0e 10 57 :'))), 'onewire.crc');
  assert.equal(code(parseW1Slave('')), 'onewire.empty');
  assert.equal(code(parseW1Slave('garbage\n')), 'onewire.format');
  // A negative temperature: -10.125 °C is 0xFF5E.
  const neg = `5e ff 4b 46 7f ff 0c 10 ${crc8([0x5e, 0xff, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10]).toString(16).padStart(2, '0')}`;
  assert.deepEqual(parseW1Slave(`${neg} : crc=xx YES\n${neg} t=-10125`.replace('crc=xx', `crc=${neg.slice(-2)}`)), {
    ok: true,
    value: -10.125,
  });
});

test('owfs numbers and the HIH-4000 formula of owfs FS_Humid_4000', () => {
  assert.deepEqual(parseOwfsNumber('           4'), { ok: true, value: 4 });
  assert.equal(code(parseOwfsNumber('')), 'onewire.empty');
  // VAD/VDD = 0.4634 at 25 °C: sensor 48.9 %RH, corrected /(1.0546 - 0.054) = 48.88 %RH.
  const r = hih4000(2.317, 5, 25);
  assert.ok(r.ok);
  const sensor = (2.317 / 5 - 0.16) / 0.0062;
  assert.ok(Math.abs(r.value - sensor / (1.0546 - 0.00216 * 25)) < 1e-9);
  assert.equal(code(hih4000(1, 0, 20)), 'onewire.vdd');
  // owserver --tester's constants (VAD = VDD = 4 V) are no humidity: refused, not clamped.
  assert.equal(code(hih4000(4, 4, 4)), 'onewire.humidityRange');
});

test('DS2408: the raw latch is active low, the nodes see 1 = on', () => {
  assert.equal(onMaskFromRawLatch(0xff), 0);
  assert.equal(onMaskFromRawLatch(0xfe), 1);
  for (let m = 0; m < 256; m++) assert.equal(onMaskFromRawLatch(rawLatchFromOnMask(m)), m);
});

test('ROM ids in one spelling, and the WES relay numbers rl101…rl908', () => {
  assert.equal(canonicalRom('28.000028D70000'), '28-000028d70000');
  assert.equal(canonicalRom('/28.000028D70000'), '28-000028d70000');
  assert.equal(canonicalRom('28-0316a2799bff'), '28-0316a2799bff');
  assert.equal(canonicalRom('w1_bus_master1'), null);
  assert.equal(canonicalRom('bus.0'), null);
  assert.equal(owfsRom('28-000028d70000'), '28.000028D70000');
  assert.equal(kindOf('10-0008019e3c11'), 'temperature');
  assert.equal(kindOf('26-000001a3c2d4'), 'humidity');
  assert.equal(kindOf('29-000000a1b201'), 'switch');
  assert.equal(relayNumber(1, 1), 101);
  assert.deepEqual(parseRelayNumber('rl908'), { board: 9, channel: 8 });
  assert.deepEqual(parseRelayNumber(305), { board: 3, channel: 5 });
  assert.equal(parseRelayNumber('rl109'), null);
  assert.equal(parseRelayNumber('rl001'), null);
});

const opts: ProbeOptions = { maxJump: 10, lostAfter: 3 };
const val = (v: number): ReadResult => ({ ok: true, value: v });

function run(reads: ReadResult[], kind: 'temperature' | 'humidity' = 'temperature') {
  let s = initialProbeState();
  return reads.map((r) => {
    const j = judge(s, r, kind, opts);
    s = j.state;
    return j.value ?? j.refused?.code;
  });
}

test('the error values of a DS18B20 are refused with their reason', () => {
  assert.deepEqual(run([val(85)]), ['onewire.powerOnReset']);
  assert.deepEqual(run([val(127.94)]), ['onewire.insufficientPower']);
  assert.deepEqual(run([val(127.9375)]), ['onewire.insufficientPower']);
  assert.deepEqual(run([val(-60)]), ['onewire.range']);
  // A tank really at 85 °C: believed because the probe was already close to it.
  assert.deepEqual(run([val(80), val(84.5), val(85)]), [80, 84.5, 85]);
  // A jump beyond the limit is refused; a second reading that agrees proves the change.
  assert.deepEqual(run([val(20), val(45), val(45.5), val(46)]), [20, 'onewire.jump', 45.5, 46]);
  // A single spike leaves the last value as the reference.
  assert.deepEqual(run([val(20), val(60), val(20.5)]), [20, 'onewire.jump', 20.5]);
  // The humidity board has no 85/127.94 rule but the same plausibility limit.
  assert.deepEqual(run([val(85), val(99)], 'humidity'), [85, 'onewire.jump']);
});

test('lost after N failed reads in a row, recovered by the next good value', () => {
  const absent: ReadResult = { ok: false, error: { code: 'onewire.absent', params: {} } };
  let s = initialProbeState();
  const events: string[] = [];
  for (const r of [val(20), absent, absent, absent, absent, val(20.2), absent]) {
    const j = judge(s, r, 'temperature', opts);
    s = j.state;
    events.push(j.event ?? '-');
  }
  assert.deepEqual(events, ['-', '-', '-', 'lost', '-', 'recovered', '-']);
});

test('scans: added and removed, names bound to ROM ids and never reused', () => {
  assert.deepEqual(diffRoms(['28-a', '28-b'], ['28-b', '28-c']), { added: ['28-c'], removed: ['28-a'] });
  const first = assignNames({}, ['28-000000000002', '28-000000000001', '29-000000000009']);
  assert.deepEqual(first, { '28-000000000001': 'temp1', '28-000000000002': 'temp2', '29-000000000009': 'board1' });
  // Probe 1 unplugged, a new one plugged: the newcomer does not take temp1.
  const second = assignNames(first, ['28-000000000002', '28-000000000003']);
  assert.equal(second['28-000000000003'], 'temp3');
  assert.equal(second['28-000000000001'], 'temp1');
  // A user's name is kept.
  assert.equal(assignNames({ '28-000000000001': 'salon' }, ['28-000000000001'])['28-000000000001'], 'salon');
});

test('the simulated climate follows the day and stays plausible minute to minute', () => {
  const day = Date.UTC(2026, 0, 15, 0, 0, 0);
  const at = (h: number) => day + h * 3_600_000 - 3_600_000; // Paris is UTC+1 in January
  assert.ok(simulatedClimate('outdoor', at(15)) > simulatedClimate('outdoor', at(5)) + 5);
  assert.ok(simulatedClimate('living', at(12)) > simulatedClimate('living', at(3)));
  assert.ok(simulatedClimate('tank', at(6)) > simulatedClimate('tank', at(21)));
  for (const place of ['outdoor', 'living', 'tank', 'humidity'] as const) {
    let prev = simulatedClimate(place, day);
    for (let m = 1; m < 24 * 60; m++) {
      const v = simulatedClimate(place, day + m * 60_000);
      assert.ok(Math.abs(v - prev) < 3, `${place} jumps at minute ${m}`);
      prev = v;
    }
  }
});
