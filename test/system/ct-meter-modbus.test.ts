// wes-ct-meter's Modbus source against the pymodbus SDM simulator (test/peers/sdm_sim.py) over a
// socat pty pair: an SDM630 read as three channels (its phases, each with its own energy
// registers) and as one whole-meter channel beside a unit that is not on the bus. Power,
// direction and energy come from the meter's registers: the readings equal the register image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsOf, collector, helper, loadFlow, startServer, stopServer, waitFor } from '../support/red-test-helper';
import { startPtyPair, stopChild, type PtyPair } from '../support/pty-pair';
import { readClampReading, type ClampReading } from '../../nodes/core/contracts/clamp';
import { profileBlocks } from '../../nodes/core/modbus/profile';
import { encodeImage, PROFILES } from '../../nodes/core/modbus/profiles';
import busNode from '../../nodes/wes-modbus-bus/wes-modbus-bus';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';

const PEER = join(__dirname, '..', '..', '..', 'test', 'peers', 'sdm_sim.py');
const sdm630 = PROFILES.get('sdm630')!;
// values a float32 holds exactly, so "equal" means equal
const TRUTH = {
  voltageL1V: 230.5,
  voltageL2V: 231.25,
  voltageL3V: 229.75,
  currentL1A: 5.25,
  currentL2A: 1.5,
  currentL3A: 0.5,
  powerL1W: -1150.5,
  powerL2W: 300,
  powerL3W: 100,
  apparentPowerL1VA: 1210,
  apparentPowerL2VA: 346.875,
  apparentPowerL3VA: 114.875,
  powerFactorL1: -0.9375,
  powerFactorL2: 0.875,
  powerFactorL3: 0.875,
  powerW: -750.5,
  apparentPowerVA: 1671.75,
  powerFactor: -0.5,
  frequencyHz: 50,
  energyImportWh: 1234500,
  energyExportWh: 6789000,
  energyImportL1Wh: 400250,
  energyImportL2Wh: 500125,
  energyImportL3Wh: 334125,
  energyExportL1Wh: 6789000,
  energyExportL2Wh: 0,
  energyExportL3Wh: 0,
};

type Msg = { topic: string; payload: ClampReading; clamp: Record<string, unknown> };
const missing = (cmd: string): boolean => spawnSync(cmd, ['-V']).error !== undefined;
const dir = mkdtempSync(join(tmpdir(), 'wes-ct-modbus-'));
const A = `/tmp/wes-ct-modbus-${process.pid}-a`;
const B = `/tmp/wes-ct-modbus-${process.pid}-b`;
let pty: PtyPair | undefined;
let slave: ChildProcess | undefined;

before(async () => {
  await startServer();
  if (missing('socat') || missing('/usr/bin/python3')) return;
  const image = encodeImage(sdm630, TRUTH);
  const fc4: Record<string, number> = {};
  for (const b of profileBlocks(sdm630)) for (let a = b.start; a < b.start + b.count; a++) fc4[a] = image.get(4)?.get(a) ?? 0;
  const imagePath = join(dir, 'sdm630.json');
  writeFileSync(imagePath, JSON.stringify({ fc4 }));
  pty = await startPtyPair(A, B);
  const child = spawn('/usr/bin/python3', [PEER, A, '9600', imagePath, '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  slave = child;
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(
    () => out.includes('ready'),
    'the pymodbus SDM slave',
    8000,
    20,
    () => out,
  );
});

after(async () => {
  await helper.unload();
  if (slave) await stopChild(slave);
  if (pty) await pty.stop();
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'an SDM630 as three phase channels and as one meter channel; a missing unit named once, the others unaffected',
  { timeout: 30_000 },
  async (t) => {
    if (!slave) {
      t.skip('socat or python3-pymodbus not installed');
      return;
    }
    await loadFlow(
      [busNode, ctMeterNode],
      [
        { id: 'bus', type: 'wes-modbus-bus', backend: 'rtu', path: B, baud: 9600, timeout: 300, retries: 0 },
        {
          id: 'ctPhases',
          type: 'wes-ct-meter',
          source: 'modbus',
          bus: 'bus',
          topic: 'ph',
          modbusProfile: 'sdm630',
          modbusLayout: 'phases',
          modbusUnitId: 1,
          periodS: 1,
          wires: [['pout'], []],
        },
        {
          id: 'ctMeters',
          type: 'wes-ct-meter',
          source: 'modbus',
          bus: 'bus',
          topic: 'm',
          modbusProfile: 'sdm630',
          ch1Unit: 1,
          ch2Unit: 9,
          ch3Enabled: false,
          ch4Enabled: false,
          periodS: 1,
          wires: [['mout'], []],
        },
        { id: 'pout', type: 'helper' },
        { id: 'mout', type: 'helper' },
      ],
    );
    const pout = collector('pout') as unknown as Msg[];
    const mout = collector('mout') as unknown as Msg[];
    await waitFor(() => pout.length >= 6 && mout.length >= 2, 'two periods of both nodes', 15_000, 20);

    const byTopic = (list: Msg[], topic: string) => list.find((m) => m.topic === topic)!;
    for (const m of [...pout, ...mout]) assert.ok(readClampReading(m).ok, JSON.stringify(m.payload));
    assert.deepEqual(
      [1, 2, 3].map((n) => {
        const p = byTopic(pout, `ph${n}`).payload;
        return [p.powerW, p.direction, p.currentA, p.voltageV, p.energyImportWh, p.energyExportWh, p.acPresent];
      }),
      [
        [1150.5, 'export', 5.25, 230.5, 400250, 6789000, true],
        [300, 'import', 1.5, 231.25, 500125, 0, true],
        [100, 'import', 0.5, 229.75, 334125, 0, true],
      ],
    );
    assert.equal(byTopic(pout, 'ph1').payload.powerFactor, 0.9375);
    assert.equal(
      pout.some((m) => m.topic === 'ph4'),
      false,
      'a three-phase meter fills three channels',
    );
    assert.deepEqual(
      {
        direction: byTopic(pout, 'ph1').clamp.direction,
        voltage: byTopic(pout, 'ph1').clamp.voltage,
        energyRegisters: byTopic(pout, 'ph1').clamp.energyRegisters,
        source: byTopic(pout, 'ph1').clamp.source,
      },
      { direction: true, voltage: true, energyRegisters: true, source: 'modbus' },
    );

    const whole = byTopic(mout, 'm1').payload;
    assert.deepEqual(
      [whole.powerW, whole.direction, whole.energyImportWh, whole.energyExportWh, whole.frequencyHz],
      [750.5, 'export', 1234500, 6789000, 50],
    );
    assert.equal(
      mout.some((m) => m.topic === 'm2'),
      false,
      'unit 9 is not on the bus: nothing is sent for it',
    );
    // later periods: the unit's silence is logged once, not once per poll
    const periods = mout.length;
    await waitFor(() => mout.length >= periods + 2, 'two more periods', 15_000, 20);
    const errors = callsOf(helper.getNode('ctMeters'), 'error').map((c) => String(c[0]));
    assert.equal(errors.filter((e) => /unit 9/.test(e)).length, 1, errors.join('\n'));
    assert.match(errors.find((e) => /unit 9/.test(e)) ?? '', /timeout|no answer|not answer/i);
  },
);
