// A wall-clock step (NTP on a Pi without a real-time clock) is a step, not elapsed time: inside
// a real Node-RED, Date.now() is stepped back and forward by an hour and across midnight while
// the monotonic clock runs on, and durations, timeouts, rates and calendar totals must hold.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeGpio } from '../../nodes/io/gpio/fake-backend';
import { monotonicEpochMs } from '../../nodes/io/gpio/types';
import type { WesGpioNode } from '../../nodes/wes-gpio/gpio-node';
import { allRelays } from '../../nodes/wes-relay-out/relay-registry';
import { addIndexSample, emptyCostState } from '../../nodes/core/rules/costs';
import { addToTotals, emptyTotals } from '../../nodes/core/pulse/periods';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { nextUtcMidnight, restoreWallClock, setWallClock, stepWallClock } from '../support/wall-clock';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import thermostatNode from '../../nodes/wes-thermostat/wes-thermostat';

const nodes = [gpioNode, pulseNode, relayNode, thermostatNode];
const HOUR = 3_600_000;
runtimeWithUserDir('wes-rel-clock-', { before, after, afterEach });
afterEach(() => restoreWallClock());

const gpioCfg = { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' };
type Msg = Record<string, unknown>;

async function fakeOf(): Promise<FakeGpio> {
  return (await (helper.getNode('g') as unknown as WesGpioNode).ready()) as FakeGpio;
}

function relayFlow(extra: Msg = {}) {
  return [
    gpioCfg,
    {
      id: 'r',
      type: 'wes-relay-out',
      name: 'Boiler',
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

test('relay: a pulse of 0.5 s ends after 0.5 s although the wall clock stepped back an hour', async () => {
  await loadFlow(nodes, relayFlow());
  const fake = await fakeOf();
  await waitFor(() => fake.outputs.has(27), 'relay line open');
  helper.getNode('r').receive({ payload: 'pulse 0.5' });
  await waitFor(() => fake.outputs.get(27)!.level === 1, 'relay on');
  stepWallClock(-HOUR);
  await waitFor(() => fake.outputs.get(27)!.level === 0, 'relay off after the pulse', 4000);
});

test('relay: a 60-min manual override lasts 60 min of real time, whichever way the wall clock steps', async () => {
  await loadFlow(nodes, relayFlow({ overrideMin: 60 }));
  const fake = await fakeOf();
  await waitFor(() => fake.outputs.has(27), 'relay line open');
  const out = collector('out');
  const r = helper.getNode('r');
  r.receive({ payload: 'on', source: 'manual' });
  await waitFor(() => out.some((m) => m.payload === true), 'manual on');

  stepWallClock(-HOUR);
  const shown = allRelays()[0].view().overrideUntilMs;
  assert.ok(shown !== null && Math.abs(shown - (Date.now() + HOUR)) < 60_000, 'the override still ends an hour from now (wall time)');

  stepWallClock(2 * HOUR + 60_000); // an hour and a minute ahead of the true time
  const seen = out.length;
  r.receive({ payload: 'off' }); // a rule: refused while the override runs, so no output
  r.receive({ payload: 'status' }); // handled after it, answers with the state
  await waitFor(() => out.length > seen, 'status');
  assert.equal(fake.outputs.get(27)!.level, 1, 'the rule is still kept out by the override');
  assert.equal((out[out.length - 1].relay as Msg).outcome, 'unchanged');
  const logged = (helper as unknown as { log(): { args: Array<[{ msg: unknown }]> } })
    .log()
    .args.map((a) => String(a[0].msg))
    .find((m) => /manual override until/.test(m));
  const until = Date.parse(/until (\S+)/.exec(logged ?? '')?.[1] ?? '');
  assert.ok(until > Date.now(), `the refusal names the end of the override in wall time: ${logged}`);
});

test('thermostat: the sensor-lost safe state comes after sensorLostS although the wall clock stepped back an hour', async () => {
  await loadFlow(nodes, [
    {
      id: 't',
      type: 'wes-thermostat',
      setpoint: 20,
      hysteresis: 1,
      minOnS: 0,
      minOffS: 0,
      frostProtection: false,
      sensorLostS: 1,
      lostOutput: 'off',
      wires: [['out']],
    },
    { id: 'out', type: 'helper' },
  ]);
  const out = collector('out');
  helper.getNode('t').receive({ payload: 18 });
  await waitFor(() => out.length >= 1, 'heating on');
  assert.equal(out[0].payload, 'on');
  stepWallClock(-HOUR);
  await waitFor(() => out.length >= 2, 'safe state', 5000);
  assert.equal(out[1].payload, 'off');
  assert.match(String((out[1].thermostat as Msg).why), /sensor lost/);
});

function pulseFlow() {
  return [
    gpioCfg,
    {
      id: 'p',
      type: 'wes-pulse-in',
      gpio: 'g',
      line: 17,
      kind: 'water',
      weight: 1,
      unit: 'L',
      debounceMs: 5,
      simRate: 0,
      index: '',
      outputS: 0,
      timezone: 'UTC',
      wires: [['out'], ['leak']],
    },
    { id: 'out', type: 'helper' },
    { id: 'leak', type: 'helper' },
  ];
}

/** n more pulses, 100 ms apart on the monotonic clock; resolves with the reading that counts them all. */
async function pulses(fake: FakeGpio, out: Msg[], n: number): Promise<Msg> {
  const last = (): Msg | undefined => out[out.length - 1]?.payload as Msg | undefined;
  const want = Number(last()?.pulses ?? 0) + n;
  let t = monotonicEpochMs();
  for (let i = 0; i < n; i++, t += 100) fake.pulse(17, t, 20);
  await waitFor(
    () => Number(last()?.pulses) >= want,
    `${n} pulses counted`,
    8000,
    5,
    () => JSON.stringify(out.map((m) => m.payload)),
  );
  return last() as Msg;
}

test('pulse-in: a step forward across midnight rolls today once, keeps counting, and the flow rate stays', async () => {
  await loadFlow(nodes, pulseFlow());
  const fake = await fakeOf();
  await waitFor(() => Boolean(fake.inputs.get(17)?.onEdge), 'pulse line open');
  const out = collector('out');
  await pulses(fake, out, 3);
  setWallClock(nextUtcMidnight(Date.now()) + 30 * 60_000); // 00:30 the next day
  const after = await pulses(fake, out, 2);
  assert.equal(after.yesterday, 3, 'the day before is yesterday');
  assert.equal(after.today, 2, 'the pulses after midnight are today');
  const seen = out.length;
  helper.getNode('p').receive({ payload: 'status' });
  await waitFor(() => out.length > seen, 'status');
  const status = out[seen].payload as Msg;
  assert.equal(status.today, 2);
  assert.ok(Number(status.ratePerHour) > 0, 'the flow rate is measured on the monotonic clock');
});

test('pulse-in: a step back across midnight loses no total', async () => {
  await loadFlow(nodes, pulseFlow());
  const fake = await fakeOf();
  await waitFor(() => Boolean(fake.inputs.get(17)?.onEdge), 'pulse line open');
  const out = collector('out');
  await pulses(fake, out, 3);
  setWallClock(nextUtcMidnight(Date.now()) - 25 * HOUR); // 23:00 the day before
  const after = await pulses(fake, out, 2);
  assert.equal(after.today, 5, 'today keeps counting');
  assert.equal(after.year, 5, 'the year keeps counting');
});

test('periods and costs: a step back across new year keeps the year; the spike guard measures elapsed time on the monotonic clock', () => {
  const newYear = Date.UTC(2027, 0, 1);
  let totals = emptyTotals(newYear + HOUR, 'UTC');
  totals = addToTotals(totals, 5, newYear + HOUR, 'UTC');
  totals = addToTotals(totals, 2, newYear - HOUR, 'UTC'); // clock stepped back into the old year
  assert.deepEqual([totals.yearKey, totals.year, totals.today], ['2027', 7, 7]);

  const contract = {
    option: 'BASE' as const,
    timeZone: 'UTC',
    periods: [{ from: '2020-01-01', prices: { BASE: 0.2 }, subscriptionEurPerMonth: 0 }],
  };
  let s = emptyCostState(newYear, 'UTC');
  s = addIndexSample(s, { tMs: newYear, monoMs: 1000, meterId: 'm', energyByPeriodWh: { BASE: 1000 } }, contract).state;
  // one real minute later the wall clock reads an hour earlier: 500 Wh in a minute at 36 kVA is plausible
  const u = addIndexSample(s, { tMs: newYear - HOUR, monoMs: 61_000, meterId: 'm', energyByPeriodWh: { BASE: 1500 } }, contract);
  assert.deepEqual(u.rebased, []);
  assert.equal(u.state.energyWh.BASE.year, 500);
});
