// The CT meter's other inputs and its reducer: the emonTx line, the MCP3x08 burst, the
// reversed-clamp rule, mains events, frozen registers, and the simulated house.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from '../support/property';
import { measureBurst, type PeriodResult } from '../../nodes/core/power/accumulator';
import { defaultChannel, defaultVoltage, ICAL_SCT013_WES, VCAL_230_9 } from '../../nodes/core/power/calibration';
import { acChanged, applyPeriod, emptyCtMeter, restoreCtMeter } from '../../nodes/core/power/ct-meter';
import { lineResult, parseEmonLine } from '../../nodes/core/power/emontx-line';
import { burstFrontEnd, commandBytes, countOf, decodeBurst, setOrder } from '../../nodes/core/power/mcp3x08';
import { checkReversal, emptyReversal, REVERSAL_PERIODS } from '../../nodes/core/power/reversal';
import { readClampReading } from '../../nodes/core/contracts/clamp';
import { meterReading } from '../../nodes/core/modbus/profile';
import { PROFILES } from '../../nodes/core/modbus/profiles';
import { layoutProblem, meterClamp, modbusCapabilities, phaseClamp } from '../../nodes/core/power/modbus-source';
import { WaveformSynth, truePower } from '../../nodes/core/sim/ct-waveform';
import { ctScenarioState, cutOf } from '../../nodes/core/sim/ct-scenario';

const on = { enabled: true, invert: false };

test('emonTx line: the EmonTxV3CM example parses; P signed with Vrms, apparent without', () => {
  const r = parseEmonLine('MSG:1,Vrms:230.1,P1:79,P2:-1200,P3:0,P4:5,E1:12,T1:20.5,pulse:1\r\n');
  assert.ok(r.ok);
  assert.equal(r.line.msg, 1);
  assert.equal(r.line.vrms, 230.1);
  assert.deepEqual(r.line.p, [79, -1200, 0, 5]);
  const res = lineResult(r.line, [on, on, { enabled: true, invert: true }, { enabled: false, invert: false }], 230, 10);
  assert.equal(res.hasDirection, true);
  assert.equal(res.channels[1]?.powerW, -1200);
  assert.equal(res.channels[3], null);
  assert.ok(Math.abs((res.channels[1]?.currentA ?? 0) - 1200 / 230.1) < 1e-9);
  const noV = parseEmonLine('MSG:2,P1:-500');
  assert.ok(noV.ok);
  const nr = lineResult(noV.line, [on, on, on, on], 230, 10);
  assert.equal(nr.hasDirection, false);
  assert.equal(nr.channels[0]?.powerW, 500);
  assert.equal(nr.channels[1], null, 'a channel the line does not carry');
  const bad = parseEmonLine('garbage without pairs');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.problem.code, 'ct.line-unreadable');
});

test('emonTx line: a Vrms near zero is a mains cut (MCU kept alive by the UPS)', () => {
  const r = parseEmonLine('MSG:9,Vrms:3.2,P1:0');
  assert.ok(r.ok);
  const res = lineResult(r.line, [on, on, on, on], 230, 10);
  assert.equal(res.acPresent, false);
  assert.equal(res.noAc, true);
});

test('emonTx line: property: any printed numbers come back', () => {
  fc.assert(
    fc.property(
      fc.float({ min: 100, max: 260, noNaN: true }),
      fc.array(fc.integer({ min: -20000, max: 20000 }), { minLength: 4, maxLength: 4 }),
      (v, ps) => {
        const text = `MSG:3,Vrms:${v},${ps.map((p, k) => `P${k + 1}:${p}`).join(',')}`;
        const r = parseEmonLine(text);
        return r.ok && r.line.vrms === Number(String(v)) && r.line.p.every((p, k) => p === ps[k]);
      },
    ),
  );
});

test('MCP3008 / MCP3208 command bytes and counts (datasheet figures 6-1)', () => {
  assert.deepEqual(commandBytes('mcp3008', 0), [0x01, 0x80, 0x00]);
  assert.deepEqual(commandBytes('mcp3008', 7), [0x01, 0xf0, 0x00]);
  assert.deepEqual(commandBytes('mcp3208', 0), [0x06, 0x00, 0x00]);
  assert.deepEqual(commandBytes('mcp3208', 5), [0x07, 0x40, 0x00]);
  assert.equal(countOf('mcp3008', [0xff, 0xfe, 0x34]), 0x234);
  assert.equal(countOf('mcp3208', [0xff, 0xfa, 0x34]), 0xa34);
});

test('MCP3208 burst: decoded frames, sequential skew corrected, P within 0.5 %', () => {
  // 1.2 MHz SPI: 3 bytes = 24 bits = 20 µs per conversion, 100 µs per set of 5, 0.6 s burst
  const fe = burstFrontEnd('mcp3208', 3.3, 4, 6000, 6000 * 100);
  assert.deepEqual(fe.skewUs, [20, 40, 60, 80]);
  const synth = new WaveformSynth(fe, {
    vcal: VCAL_230_9,
    ical: [ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES, ICAL_SCT013_WES],
    vLeadDeg: 0,
    iLeadDeg: [4.2, 4.2, 4.2, 4.2],
    nominalHz: 50,
    vOffset: 0,
    iOffset: [0, 0, 0, 0],
    noise: 0.5,
    seed: 3,
  });
  const v = [{ order: 1, rms: 231, phaseDeg: 0 }];
  const i = [{ order: 1, rms: 9, phaseDeg: -35 }];
  const frame = synth.frame({ hz: 50, voltage: v, currents: [i, i, i, i], live: true }, 6000);
  // through the bytes the chip would send back
  const order = setOrder(0, [1, 2, 3, 4]);
  const rx: number[] = [];
  for (let k = 0; k < 6000; k++)
    for (const ch of order) {
      const c = ch === 0 ? (frame.v?.[k] ?? 0) : frame.i[ch - 1][k];
      rx.push(0xff, 0xe0 | (c >> 8), c & 0xff);
    }
  const decoded = decodeBurst('mcp3208', rx, order, 6000);
  assert.deepEqual(Array.from(decoded.v ?? []), Array.from(frame.v ?? []));
  const r = measureBurst(decoded, { frontEnd: fe, voltage: defaultVoltage(), channels: [0, 1, 2, 3].map(defaultChannel) });
  assert.ok(r);
  const truth = truePower(v, i);
  for (const c of r.channels) {
    assert.ok(c);
    assert.ok(Math.abs(c.powerW - truth) < truth * 0.005, `${c.powerW} vs ${truth}`);
  }
  assert.equal(
    measureBurst(
      { v: Array.from(frame.v ?? []).slice(0, 100), i: frame.i.map((x) => Array.from(x).slice(0, 100)) },
      { frontEnd: fe, voltage: defaultVoltage(), channels: [defaultChannel()] },
    ),
    null,
  );
});

function period(ps: Array<number | null>, extra: Partial<PeriodResult> = {}): PeriodResult {
  return {
    startSet: 0,
    sets: 0,
    durationS: 10,
    hasDirection: true,
    voltageV: 230,
    frequencyHz: 50,
    acPresent: true,
    acKnown: true,
    noAc: false,
    channels: ps.map((p) => (p === null ? null : { powerW: p, currentA: Math.abs(p) / 230, apparentPowerVA: Math.abs(p), powerFactor: 1 })),
    ...extra,
  };
}

test('reversal: one consumption clamp reading export three periods running → turn that clamp', () => {
  let s = emptyReversal(4);
  const modes = ['consumption', 'consumption', 'production', 'bidirectional'] as const;
  const seen = [];
  for (let k = 0; k < REVERSAL_PERIODS + 2; k++) {
    const r = checkReversal(s, period([-800, 500, -1000, -300]), modes);
    s = r.state;
    seen.push(...r.events);
  }
  assert.deepEqual(seen, [{ channels: [0], advice: 'turn-clamp' }]);
});

test('reversal: every watched clamp wrong at once → swap the transformer wires', () => {
  let s = emptyReversal(4);
  const modes = ['consumption', 'consumption', 'production', 'bidirectional'] as const;
  const seen = [];
  for (let k = 0; k < REVERSAL_PERIODS; k++) {
    const r = checkReversal(s, period([-800, -500, 1000, 300]), modes);
    s = r.state;
    seen.push(...r.events);
  }
  assert.deepEqual(seen, [{ channels: [0, 1, 2], advice: 'swap-transformer' }]);
  // no direction, no verdict
  assert.deepEqual(checkReversal(emptyReversal(4), period([-800, -500, 1000, 300], { hasDirection: false }), modes).events, []);
});

test('ct meter: readings on the clamp contract; registers split and frozen without AC; mains events', () => {
  let s = emptyCtMeter();
  const modes = ['bidirectional', 'bidirectional', 'bidirectional', 'bidirectional'] as const;
  let r = applyPeriod(s, period([3600, -3600, null, 0]), modes);
  s = r.state;
  assert.deepEqual(r.events, []);
  for (const rd of r.readings) if (rd) assert.ok(readClampReading({ payload: rd }).ok);
  assert.equal(r.readings[0]?.direction, 'import');
  assert.equal(r.readings[1]?.direction, 'export');
  assert.equal(r.readings[1]?.powerW, 3600);
  assert.equal(r.readings[0]?.energyImportWh, 10);
  assert.equal(r.readings[1]?.energyExportWh, 10);
  r = applyPeriod(s, period([3600, -3600, null, 0], { acPresent: false, noAc: true, hasDirection: false }), modes);
  s = r.state;
  assert.deepEqual(r.events, [{ event: 'mains-cut' }]);
  assert.equal(r.readings[0]?.energyImportWh, 10, 'frozen');
  assert.equal(r.readings[0]?.direction, 'unknown');
  r = applyPeriod(s, period([360, 0, null, 0]), modes);
  assert.deepEqual(r.events, [{ event: 'mains-back' }]);
  assert.equal(r.readings[0]?.energyImportWh, 11);
  assert.deepEqual(acChanged(emptyCtMeter(), true).events, [], 'first sight of AC is not "back"');
  const restored = restoreCtMeter(JSON.parse(JSON.stringify(r.state)));
  assert.deepEqual(restored?.registers, r.state.registers);
  assert.equal(restoreCtMeter({ v: 1, registers: [1, 2] }), null);
});

test('ct meter: without a voltage input the apparent power counts as import', () => {
  const r = applyPeriod(
    emptyCtMeter(),
    period([720, 720, 720, 720], { hasDirection: false, frequencyHz: 0, acKnown: false, acPresent: false }),
    ['consumption', 'consumption', 'consumption', 'consumption'],
  );
  assert.equal(r.readings[0]?.direction, 'unknown');
  assert.equal(r.readings[0]?.energyImportWh, 2);
  assert.deepEqual(r.events, [], 'no voltage input is not a mains cut');
  assert.equal(r.readings[0]?.acPresent, undefined);
});

test('simulated house: grid clamp is the vector sum; PV exports at midday; cuts are short and rare', () => {
  const o = { seed: 4, pvPeakW: 3000, cuts: true };
  // 2026-06-21 12:00 Paris = 10:00 UTC
  const noon = Date.UTC(2026, 5, 21, 10, 0, 0);
  const st = ctScenarioState(o, noon);
  const pv = truePower(st.voltage, st.currents[3]);
  assert.ok(pv < -300, `PV clamp reads export: ${pv}`);
  const parts = [1, 2, 3].map((c) => truePower(st.voltage, st.currents[c]));
  const grid = truePower(st.voltage, st.currents[0]);
  // heating + water heater + PV, plus the rest of the house (standby, kitchen: 100 W to 6 kW)
  const rest = grid - (parts[0] + parts[1] + parts[2]);
  assert.ok(rest > 100 && rest < 6000, `rest of the house ${rest}`);
  let cuts = 0;
  let cutMs = 0;
  const day = Date.UTC(2026, 5, 21);
  for (let slot = 0; slot < 8; slot++) {
    const c = cutOf(o.seed, day + slot * 3 * 3_600_000 + 1);
    if (c) {
      cuts++;
      cutMs += c[1] - c[0];
      assert.equal(ctScenarioState(o, c[0] + 1).live, false);
    }
  }
  assert.ok(cuts <= 8 && cutMs <= cuts * 60_000);
  assert.equal(ctScenarioState({ ...o, cuts: false }, noon).live, true);
});

test('modbus source: what each profile can measure; a PZEM channel has no direction and no export index', () => {
  const sdm630 = PROFILES.get('sdm630')!;
  const pzem = PROFILES.get('pzem-004t')!;
  assert.deepEqual(modbusCapabilities(sdm630, 'phases'), { direction: true, voltage: true, energyRegisters: true });
  assert.deepEqual(modbusCapabilities(PROFILES.get('sdm120')!, 'meters'), { direction: true, voltage: true, energyRegisters: true });
  assert.deepEqual(modbusCapabilities(pzem, 'meters'), { direction: false, voltage: true, energyRegisters: true });
  assert.match(layoutProblem(pzem, 'phases') ?? '', /one phase/);
  assert.equal(layoutProblem(sdm630, 'phases'), null);
  const r = meterClamp(
    meterReading(pzem, { voltageV: 231.2, currentA: 4.321, powerW: 950.4, energyImportWh: 123456, frequencyHz: 49.9, powerFactor: 0.95 }),
  );
  assert.ok(readClampReading({ payload: r }).ok);
  assert.deepEqual([r.direction, r.energyImportWh, r.energyExportWh, r.acPresent], ['unknown', 123456, undefined, true]);
  // a three-phase meter mounted the other way round: the phase's import and export swap
  const values = { powerL1W: 500, voltageL1V: 80, energyImportL1Wh: 10, energyExportL1Wh: 20 };
  const inv = phaseClamp(meterReading(sdm630, values, true), 1)!;
  assert.deepEqual([inv.direction, inv.energyImportWh, inv.energyExportWh, inv.acPresent], ['export', 20, 10, false]);
  assert.equal(phaseClamp(meterReading(sdm630, values), 2), null, 'no power for L2: no reading');
});
