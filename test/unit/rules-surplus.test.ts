import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc, runs } from '../support/property';
import {
  guaranteeDay,
  initialSurplus,
  resumeSurplus,
  surplusEnergy,
  surplusLoadState,
  surplusReading,
  tickSurplus,
  type SurplusOptions,
  type SurplusState,
} from '../../nodes/core/rules/surplus';
import { defaultShedOptions, type Decision, type ShedLoadConfig } from '../../nodes/core/rules/load-shed';
import { LoadShedEngine } from '../support/load-shed-harness';
import { whyText } from '../support/surplus-why';
import { localDayAt } from '../../nodes/core/rules/zone-time';

const MIN = 60_000;
const H = 3_600_000;
const opts = (o: Partial<SurplusOptions> = {}): SurplusOptions => ({
  ratedW: 2000,
  startExportW: 2000,
  startAfterMs: 60_000,
  stopImportW: 500,
  stopAfterMs: 60_000,
  minOnMs: 0,
  minOffMs: 0,
  budgetPct: 90,
  fixedBudgetVA: 0,
  targetWh: 6000,
  dayStartMin: 8 * 60,
  deadlineMin: 20 * 60,
  timeZone: 'Europe/Paris',
  energy: 'estimate',
  meterLostMs: 120_000,
  ...o,
});
/** Off-peak 22:00-06:00 on the Paris wall clock, as a meter's PTEC would say it. */
const period = (tMs: number): string => {
  const m = localDayAt(tMs, 'Europe/Paris').minuteOfDay;
  return m >= 22 * 60 || m < 6 * 60 ? 'HC' : 'HP';
};
/** A clear-sky bell between 08:00 and 18:00 UTC. */
const sun =
  (peakW: number) =>
  (tMs: number): number => {
    const h = (((tMs / H) % 24) + 24) % 24;
    return h <= 8 || h >= 18 ? 0 : peakW * Math.sin((Math.PI * (h - 8)) / 10);
  };

interface Trace {
  s: SurplusState;
  switches: Array<{ tMs: number; on: boolean; mode: string; why: string }>;
  rollovers: SurplusState['previous'][];
}

/** A house of houseW, panels giving solar(t), the router alone driving its load; one reading per step. */
function run(
  o: SurplusOptions,
  fromMs: number,
  toMs: number,
  solar: (t: number) => number,
  houseW = 300,
  stepMs = MIN,
  start?: SurplusState,
): Trace {
  let s = start ?? initialSurplus(fromMs, o);
  const tr: Trace = { s, switches: [], rollovers: [] };
  for (let t = fromMs; t <= toMs; t += stepMs) {
    const net = houseW + (s.on ? o.ratedW : 0) - solar(t);
    const before = s;
    s = surplusReading(s, { importW: Math.max(0, net), exportW: Math.max(0, -net), subscribedVA: 9000, tariffPeriod: period(t) }, t, o);
    if (s.on !== before.on) tr.switches.push({ tMs: t, on: s.on, mode: s.mode, why: whyText(s.why) });
    if (s.previous !== before.previous) tr.rollovers.push(s.previous);
  }
  tr.s = s;
  return tr;
}

const T0 = Date.parse('2026-06-10T06:00:00Z'); // 08:00 in Paris (summer time)

test('surplus: export above the threshold switches on only after it held T; import above Y for T switches off (hysteresis)', () => {
  const o = opts({ startAfterMs: 60_000, stopAfterMs: 30_000 });
  let s = initialSurplus(T0, o);
  const r = (t: number, importW: number, exportW: number) =>
    (s = surplusReading(s, { importW, exportW, subscribedVA: 9000, tariffPeriod: 'HP' }, t, o));
  r(T0, 0, 2500);
  r(T0 + 59_000, 0, 2500);
  assert.equal(s.on, false, 'not before T');
  r(T0 + 60_000, 0, 2500);
  assert.equal(s.on, true);
  assert.match(whyText(s.why), /export 2\.50 kW > 2\.00 kW for 60 s/);
  // a dip of export resets the start timer; a short import does not stop
  r(T0 + 70_000, 400, 0);
  r(T0 + 200_000, 450, 0);
  assert.equal(s.on, true, 'import under Y never stops');
  r(T0 + 210_000, 800, 0);
  r(T0 + 230_000, 300, 0); // back under Y before T: the stop timer restarts
  r(T0 + 240_000, 800, 0);
  r(T0 + 269_000, 800, 0);
  assert.equal(s.on, true);
  r(T0 + 270_000, 800, 0);
  assert.equal(s.on, false);
  assert.match(whyText(s.why), /import 0\.80 kW > 0\.50 kW for 30 s/);
  // export interrupted before T does not start
  r(T0 + 300_000, 0, 2500);
  r(T0 + 330_000, 0, 1500);
  r(T0 + 361_000, 0, 2500);
  assert.equal(s.on, false);
});

test('surplus: minimum on and off times delay the switch; the budget stops at once and forbids a start that would not fit', () => {
  const o = opts({ startAfterMs: 0, stopAfterMs: 0, minOnMs: 10 * MIN, minOffMs: 5 * MIN, meterLostMs: H });
  let s = initialSurplus(T0, o);
  const r = (t: number, importW: number, exportW: number) => (s = surplusReading(s, { importW, exportW, subscribedVA: 9000 }, t, o));
  r(T0, 0, 3000);
  assert.equal(s.on, true);
  r(T0 + MIN, 1000, 0);
  assert.equal(s.on, true);
  assert.match(whyText(s.why), /waits for the minimum on time/);
  s = tickSurplus(s, T0 + 10 * MIN - 1, o);
  assert.equal(s.on, true);
  s = tickSurplus(s, T0 + 10 * MIN, o);
  assert.equal(s.on, false);
  r(T0 + 11 * MIN, 0, 3000);
  assert.equal(s.on, false, 'minimum off time');
  r(T0 + 15 * MIN, 0, 3000);
  assert.equal(s.on, true);
  // budget 90 % of 9 kVA = 8.1 kVA: an import above it switches off at once, minimum on-time or not
  r(T0 + 16 * MIN, 8200, 0);
  assert.equal(s.on, false);
  assert.match(whyText(s.why), /above the budget 8\.10 kW/);
  // a start that would take the net import over the budget is refused (a 12 kW load on 2.5 kW export)
  const big = opts({ ratedW: 12_000, startAfterMs: 0 });
  let b = initialSurplus(T0, big);
  b = surplusReading(b, { importW: 0, exportW: 2500, subscribedVA: 9000 }, T0, big);
  assert.equal(b.on, false);
  assert.match(whyText(b.why), /does not fit under the budget/);
});

test('surplus: a cloudy day is topped up in the off-peak hours after the deadline, to the target and no more', () => {
  const o = opts({ targetWh: 6000 });
  const tr = run(o, T0, T0 + 24 * H, sun(1500));
  // no export above 2 kW all day: nothing routed; top-up from 22:00 (HC) for 3 h, then off
  assert.deepEqual(
    tr.switches.map((x) => [new Date(x.tMs).toISOString().slice(11, 16), x.on, x.mode]),
    [
      ['20:00', true, 'top-up'],
      ['23:00', false, 'off'],
    ],
  );
  assert.match(tr.switches[1].why, /daily target 6\.0 kWh reached/);
  assert.equal(tr.rollovers.length, 1);
  const day = tr.rollovers[0];
  assert.equal(day?.day, '2026-06-10');
  assert.ok(Math.abs((day?.deliveredWh ?? 0) - 6000) <= 34, `delivered ${day?.deliveredWh} Wh`);
  assert.ok(Math.abs((day?.toppedUpWh ?? 0) - 6000) <= 34);
  assert.equal(tr.s.deliveredWh, 0, 'the new day starts at 08:00 from zero');
});

test('surplus: a sunny day routes the surplus and needs no top-up; a half-sunny day tops up only the remainder', () => {
  const o = opts({ targetWh: 6000 });
  const sunny = run(o, T0, T0 + 24 * H, sun(4500));
  assert.ok(sunny.switches.length >= 2 && sunny.switches.every((x) => x.mode !== 'top-up'), 'never a top-up');
  assert.ok((sunny.rollovers[0]?.deliveredWh ?? 0) >= 6000);
  assert.equal(sunny.rollovers[0]?.toppedUpWh, 0);
  assert.ok(
    sunny.switches.every((x) => x.tMs < T0 + 12 * H),
    'all switching in daylight',
  );
  const big = opts({ targetWh: 12_000 });
  const half = run(big, T0, T0 + 24 * H, sun(2900));
  const routed = (half.rollovers[0]?.deliveredWh ?? 0) - (half.rollovers[0]?.toppedUpWh ?? 0);
  assert.ok(routed > 1000 && routed < 12_000, `routed ${routed} Wh`);
  assert.ok(Math.abs((half.rollovers[0]?.deliveredWh ?? 0) - 12_000) <= 34);
  assert.ok(Math.abs((half.rollovers[0]?.toppedUpWh ?? 0) - (12_000 - routed)) <= 34);
  assert.equal(half.switches.filter((x) => x.mode === 'top-up').length, 1);
});

test('surplus: the DST night (29 March 2026) has 7 off-peak hours; days roll at 08:00 wall clock, the short day is 23 h', () => {
  const o = opts({ targetWh: 16_000 });
  const from = Date.parse('2026-03-28T07:00:00Z'); // 08:00 CET
  const g = guaranteeDay(from, o);
  assert.equal(g.key, '2026-03-28');
  assert.equal(g.endMs - g.startMs, 23 * H);
  assert.equal(new Date(g.endMs).toISOString(), '2026-03-29T06:00:00.000Z'); // 08:00 CEST
  assert.equal(new Date(g.deadlineMs).toISOString(), '2026-03-28T19:00:00.000Z'); // 20:00 CET
  const tr = run(o, from, from + 23 * H + 2 * MIN, () => 0);
  // top-up from 22:00 CET (21:00 UTC) to 06:00 CEST (04:00 UTC): 7 h × 2 kW = 14 kWh, short of 16
  assert.deepEqual(
    tr.switches.map((x) => [new Date(x.tMs).toISOString().slice(11, 16), x.on]),
    [
      ['21:00', true],
      ['04:00', false],
    ],
  );
  assert.match(tr.switches[1].why, /off-peak hours over/);
  assert.equal(tr.rollovers[0]?.day, '2026-03-28');
  assert.ok(Math.abs((tr.rollovers[0]?.deliveredWh ?? 0) - 14_000) <= 34, `${tr.rollovers[0]?.deliveredWh}`);
  // autumn: 25 October 2026 is a 25 h day
  const oct = guaranteeDay(Date.parse('2026-10-24T12:00:00Z'), o);
  assert.equal(oct.endMs - oct.startMs, 25 * H);
});

test("surplus: a restart mid-day keeps today's energy, does not count the downtime, and closes a day that ended meanwhile", () => {
  const o = opts({ targetWh: 6000 });
  const morning = run(o, T0, T0 + 6 * H, sun(4500)); // to 14:00 Paris
  assert.ok(morning.s.deliveredWh > 1000);
  const saved = JSON.parse(JSON.stringify(morning.s)) as SurplusState;
  const back = resumeSurplus(saved, T0 + 7 * H, o);
  assert.equal(back.deliveredWh, morning.s.deliveredWh);
  assert.equal(back.day, '2026-06-10');
  const later = tickSurplus(back, T0 + 7 * H + MIN, o);
  assert.ok(later.deliveredWh - back.deliveredWh <= (2000 * MIN) / H + 1e-9, 'only the minute after the restart counts');
  const nextDay = resumeSurplus(saved, T0 + 26 * H, o);
  assert.equal(nextDay.day, '2026-06-11');
  assert.equal(nextDay.deliveredWh, 0);
  assert.equal(nextDay.previous?.deliveredWh, morning.s.deliveredWh);
});

test('surplus: measured energy counts index deltas; a reset or a jump re-bases; the fed-back state drives the estimate', () => {
  const o = opts({ energy: 'measured' });
  let s = initialSurplus(T0, o);
  s = surplusEnergy(s, 10_000, T0, o);
  s = surplusEnergy(s, 10_500, T0 + 30 * MIN, o);
  assert.equal(s.deliveredWh, 500);
  s = surplusEnergy(s, 200, T0 + 31 * MIN, o); // reset
  s = surplusEnergy(s, 90_000, T0 + 32 * MIN, o); // jump
  s = surplusEnergy(s, 90_020, T0 + 33 * MIN, o);
  assert.equal(s.deliveredWh, 520);
  // estimate: the router asks on, the shedding holds the load off: no energy counted
  const e = opts({ startAfterMs: 0 });
  let r = surplusReading(initialSurplus(T0, e), { importW: 0, exportW: 3000, subscribedVA: 9000 }, T0, e);
  assert.equal(r.on, true);
  r = surplusLoadState(r, false, T0 + 1000, e);
  r = tickSurplus(r, T0 + H, e);
  assert.ok(r.deliveredWh < 1);
  r = surplusLoadState(r, true, T0 + H, e);
  r = tickSurplus(r, T0 + 2 * H, e);
  assert.ok(Math.abs(r.deliveredWh - 2000) < 1);
});

// ---------------------------------------------------------------- never fight with load shedding

interface World {
  router: SurplusState;
  engine: LoadShedEngine;
  routedOn: boolean;
  shedCmds: Decision[];
  violations: string[];
}

const shedLoads: ShedLoadConfig[] = [
  { name: 'heating', powerW: 3000, kind: 'pilot', minOnMs: 0, minOffMs: 0, rotate: false },
  { name: 'water heater', powerW: 2000, kind: 'onoff', minOnMs: 0, minOffMs: 0, rotate: false, routed: true },
  { name: 'oven', powerW: 2500, kind: 'onoff', minOnMs: 0, minOffMs: 0, rotate: false },
];
const ROUTED = 1;

/** One second of the world: meter frame → load-shed and router; the router's wish → load-shed; its command → the relay → fed back. */
function step(w: World, t: number, houseW: number, solarW: number, o: SurplusOptions): void {
  const drawn =
    houseW + (w.routedOn ? 2000 : 0) + shedLoads.reduce((a, l, i) => a + (i !== ROUTED && !w.engine.states[i].shed ? l.powerW : 0), 0);
  const net = drawn - solarW;
  const apply = (ds: Decision[]): void => {
    for (const d of ds) {
      if (d.load === ROUTED) {
        const on = d.command === 'on';
        if (on && Math.max(0, net) + 2000 > 9000 * 0.9) w.violations.push(`${t}: routed load on at ${net} VA`);
        w.routedOn = on;
        w.shedCmds.push(d);
        w.router = surplusLoadState(w.router, on, t, o);
      }
    }
  };
  apply(w.engine.sample({ source: 'tic1', tMs: t, value: Math.max(0, net), limit: 9000, unit: 'VA', overload: false }));
  const before = w.router.on;
  w.router = surplusReading(
    w.router,
    { importW: Math.max(0, net), exportW: Math.max(0, -net), subscribedVA: 9000, tariffPeriod: 'HP' },
    t,
    o,
  );
  if (w.router.on !== before) apply(w.engine.route(ROUTED, w.router.on, t, whyText(w.router.why)));
  apply(w.engine.tick(t));
  const comfortShed = w.engine.shedLoads().some((i) => i !== ROUTED);
  if (comfortShed && w.routedOn) w.violations.push(`${t}: routed load on while a comfort load is shed`);
}

function world(o: SurplusOptions, t: number): World {
  return {
    router: initialSurplus(t, o),
    engine: new LoadShedEngine({ ...defaultShedOptions(shedLoads), restoreDelayMs: 60_000, rotateAfterMs: 0 }, t),
    routedOn: false,
    shedCmds: [],
    violations: [],
  };
}

test('surplus + load shedding: an overload while routing sheds the routed load first; it stays off while the overload lasts', () => {
  const o = opts({ startAfterMs: 30_000, stopAfterMs: 30_000 });
  const w = world(o, T0);
  const sec = 1000;
  let t = T0;
  // sunny, house 500 W, heating and oven on (5.5 kW), panels 9 kW: 3 kW export → routing starts
  for (; t < T0 + 5 * MIN; t += sec) step(w, t, 500, 9000, o);
  assert.equal(w.routedOn, true);
  const routedOnAt = w.shedCmds.length;
  // a cloud and a kettle: 0 W of sun, house 2.5 kW → 2.5 + 5.5 + 2 = 10 kVA > 8.1
  const overloadFrom = t;
  for (; t < overloadFrom + 10 * MIN; t += sec) step(w, t, 2500, 0, o);
  const log = w.engine.recentDecisions().filter((d) => d.tMs >= overloadFrom);
  assert.equal(log[0].name, 'water heater', 'the routed load is the first shed');
  assert.equal(log[0].action, 'shed');
  assert.ok(log.filter((d) => d.action === 'shed').length >= 1);
  const onDuring = w.shedCmds.slice(routedOnAt).filter((d) => d.command === 'on' && d.tMs >= overloadFrom);
  assert.deepEqual(onDuring, [], 'never switched back on during the overload');
  assert.equal(w.routedOn, false);
  assert.equal(w.router.on, false, 'the router itself gave up (import above Y for T)');
  // the sun comes back: routing resumes, once
  for (; t < overloadFrom + 20 * MIN; t += sec) step(w, t, 500, 9000, o);
  assert.equal(w.routedOn, true);
  assert.deepEqual(w.violations, []);
});

test('surplus + load shedding: random house loads and clouds never make the two fight (property)', () => {
  const o = opts({ startAfterMs: 20_000, stopAfterMs: 20_000, minOnMs: 60_000, minOffMs: 60_000 });
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          house: fc.integer({ min: 0, max: 6000 }),
          sun: fc.integer({ min: 0, max: 9000 }),
          secs: fc.integer({ min: 5, max: 400 }),
        }),
        { minLength: 5, maxLength: 30 },
      ),
      (segments) => {
        const w = world(o, T0);
        let t = T0;
        for (const seg of segments) {
          for (let k = 0; k < seg.secs; k++, t += 1000) step(w, t, seg.house, seg.sun, o);
        }
        // 1. never on above the budget, never on while comfort loads are shed
        assert.deepEqual(w.violations, []);
        // 2. no flip-flop: the routed relay never changes twice within the router's minimum times
        const changes = w.shedCmds.filter((d, i, a) => i === 0 || d.command !== a[i - 1].command);
        for (let i = 2; i < changes.length; i++) {
          // a shed (budget) may come at any time; a switch-on never follows within the minimum off-time of the router's own off
          if (changes[i].command === 'on' && changes[i - 1].action === 'route-off')
            assert.ok(changes[i].tMs - changes[i - 1].tMs >= 60_000);
        }
      },
    ),
    { numRuns: runs(60) },
  );
});
