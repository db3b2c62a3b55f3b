process.env.TZ = 'Europe/Paris';
// The Energy page's figures against a hand-made index series: the kWh of a bucket is the index
// difference over it (from the last reading before it to its last reading), the € are those kWh
// times the price of their tariff period, the injection (EAIT) stands beside the withdrawal, and a
// period's buckets are the calendar's (24 hours, 23 on the spring DST day, the days of a month,
// 12 months).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregator } from '../../nodes/core/history/aggregator';
import type { Row } from '../../nodes/core/csv/rows';
import { bucketStarts, changePercent, energyRange, energyReport, fieldRole, type EnergyRange } from '../../nodes/core/energy/energy';
import { parsePricePeriods, type Contract } from '../../nodes/core/rules/costs';
import { isProblem } from '../../nodes/core/problem';

const HOUR = 3_600_000;
const MIN = 60_000;

function contractOf(text: string, option: 'HC' | 'TEMPO'): Contract {
  const c = parsePricePeriods(text, option, 'Europe/Paris');
  assert.ok(c.ok);
  return c.contract;
}
const hc = contractOf('2025-08-01 HC=0.2 HP=0.3 sub=15', 'HC');

function range(period: 'day' | 'month' | 'year', date: string): EnergyRange {
  const r = energyRange(period, date);
  assert.ok(!isProblem(r), JSON.stringify(r));
  return r;
}

/** Rows through the logger's own aggregator, as the hour / day files hold them. */
function aggregate(raw: Row[], res: 'hour' | 'day'): Row[] {
  const agg = new Aggregator(res);
  const out: Row[] = [];
  for (const r of raw) out.push(...agg.push(r));
  const open = agg.peek();
  if (open) out.push(open);
  return out;
}

test('a day: kWh per hour = index difference, € = kWh × the price of its period, injection beside it', () => {
  const day0 = Date.parse('2026-11-24T00:00:00+01:00');
  // Readings every 10 min from the evening before: HC until 06:00 and from 22:00, HP between.
  // The withdrawal grows 100 Wh per reading in HC and 250 Wh in HP; the injection 50 Wh per
  // reading between 10:00 and 16:00. One reading lost at 13:50 (its energy goes to the next one).
  const raw: Row[] = [];
  let hchc = 1_000_000,
    hchp = 2_000_000,
    eait = 500_000;
  for (let t = day0 - 2 * HOUR; t <= day0 + 24 * HOUR + 2 * HOUR; t += 10 * MIN) {
    const h = new Date(t).getHours();
    if (t > day0 - 2 * HOUR) {
      if (h < 6 || h >= 22) hchc += 100;
      else hchp += 250;
      if (h >= 10 && h < 16) eait += 50;
    }
    if (t === day0 + 13 * HOUR + 50 * MIN) continue;
    raw.push({
      t,
      values: { energyByPeriodWh_HCHC: hchc, energyByPeriodWh_HCHP: hchp, energyWh: hchc + hchp, injectedEnergyWh: eait, powerVA: 1500 },
    });
  }
  const r = range('day', '2026-11-24');
  const report = energyReport(r, aggregate(raw, 'hour'), hc);
  assert.equal(report.buckets.length, 24);
  assert.deepEqual(report.periods, ['HC', 'HP']);
  assert.equal(report.exports, true);

  // The truth, by hand: index at an hour's last reading minus the index at the last reading before it.
  const indexAt = (t: number, name: string): number => {
    const before = raw.filter((x) => x.t < t);
    return (before[before.length - 1] as Row).values[name] as number;
  };
  for (const [i, b] of report.buckets.entries()) {
    const start = day0 + i * HOUR;
    assert.equal(b.t, start);
    const dHC = indexAt(start + HOUR, 'energyByPeriodWh_HCHC') - indexAt(start, 'energyByPeriodWh_HCHC');
    const dHP = indexAt(start + HOUR, 'energyByPeriodWh_HCHP') - indexAt(start, 'energyByPeriodWh_HCHP');
    const dInj = indexAt(start + HOUR, 'injectedEnergyWh') - indexAt(start, 'injectedEnergyWh');
    assert.equal(b.importWh.HC ?? 0, dHC, `HC at hour ${i}`);
    assert.equal(b.importWh.HP ?? 0, dHP, `HP at hour ${i}`);
    assert.equal(b.exportWh, dInj, `injection at hour ${i}`);
    assert.ok(Math.abs((b.costEur as number) - ((dHC / 1000) * 0.2 + (dHP / 1000) * 0.3)) < 1e-9, `€ at hour ${i}`);
  }
  // The lost reading's energy is in 14:00, not lost: the day's total is still the day's difference.
  assert.equal(report.buckets[13]?.importWh.HP, 5 * 250);
  assert.equal(report.buckets[14]?.importWh.HP, 7 * 250);
  const dayHC = indexAt(day0 + 24 * HOUR, 'energyByPeriodWh_HCHC') - indexAt(day0, 'energyByPeriodWh_HCHC');
  const dayHP = indexAt(day0 + 24 * HOUR, 'energyByPeriodWh_HCHP') - indexAt(day0, 'energyByPeriodWh_HCHP');
  assert.equal(dayHC, 8 * 6 * 100);
  assert.equal(dayHP, 16 * 6 * 250);
  assert.equal(report.totals.importWh, dayHC + dayHP);
  assert.deepEqual(report.totals.byPeriod, {
    HC: { energyWh: dayHC, costEur: Math.round((dayHC / 1000) * 0.2 * 1e4) / 1e4 },
    HP: { energyWh: dayHP, costEur: Math.round((dayHP / 1000) * 0.3 * 1e4) / 1e4 },
  });
  assert.equal(report.totals.exportWh, 6 * 6 * 50);
  assert.equal(report.totals.costEur, Math.round(((dayHC / 1000) * 0.2 + (dayHP / 1000) * 0.3) * 1e4) / 1e4);
});

test('a month of day rows and a year of months add up to the index difference; a reset counts 0', () => {
  const raw: Row[] = [];
  let idx = 10_000;
  const jan1 = Date.parse('2026-01-01T00:00:00+01:00');
  // One reading every 6 h through the year, +1000 Wh each; the meter is swapped on 2026-06-15 (back to 0).
  let swapped = false;
  for (let t = jan1 - 6 * HOUR; t < Date.parse('2027-01-01T00:00:00+01:00'); t += 6 * HOUR) {
    idx += 1000;
    if (!swapped && t >= Date.parse('2026-06-15T12:00:00+02:00')) {
      idx = 0;
      swapped = true;
    }
    raw.push({ t, values: { energyWh: idx } });
  }
  const days = aggregate(raw, 'day');
  const june = energyReport(range('month', '2026-06-20'), days);
  assert.equal(june.range.date, '2026-06-01');
  assert.equal(june.buckets.length, 30);
  assert.deepEqual(june.periods, ['total']);
  assert.equal(june.buckets[0]?.importWh.total, 4000);
  // The swap's reading counts nothing (index went back); the three other rises of that day count.
  assert.equal(june.buckets[14]?.importWh.total, 3000);
  assert.equal(june.totals.importWh, 30 * 4000 - 1000);
  assert.equal(june.totals.costEur, null);

  const year = energyReport(range('year', '2026-03-03'), days);
  assert.equal(year.buckets.length, 12);
  assert.deepEqual(
    year.buckets.map((b) => b.t),
    Array.from({ length: 12 }, (_, m) => new Date(2026, m, 1).getTime()),
  );
  // March has 31 days (the spring change makes one 6-hour step cross 23 h days, but readings stay 4 a day).
  assert.equal(year.buckets[2]?.importWh.total, 31 * 4000);
  assert.equal(year.totals.importWh, 365 * 4000 - 1000);
});

test('periods, their neighbours and the calendar buckets', () => {
  const spring = range('day', '2026-03-29');
  assert.equal(bucketStarts(spring).length, 23);
  assert.equal(bucketStarts(range('day', '2026-10-25')).length, 25);
  assert.equal(spring.previous, '2026-03-28');
  assert.equal(spring.next, '2026-03-30');
  const jan = range('month', '2026-01-31');
  assert.equal(jan.previous, '2025-12-01');
  assert.equal(jan.next, '2026-02-01');
  assert.equal(bucketStarts(range('month', '2028-02-10')).length, 29);
  assert.equal(range('year', '2026-12-31').previous, '2025-01-01');
  assert.deepEqual(energyRange('week' as 'day', '2026-01-01'), { code: 'energy.period', params: {} });
  assert.deepEqual(energyRange('day', '2026-02-30'), { code: 'energy.date', params: { value: '2026-02-30' } });
  assert.equal(changePercent(110, 100), 10);
  assert.equal(changePercent(5, 0), null);
  assert.deepEqual(fieldRole('energyByPeriodWh_BBRHPJR'), { role: 'import', register: 'BBRHPJR' });
  assert.deepEqual(fieldRole('energyExportWh'), { role: 'export' });
  assert.equal(fieldRole('energyByPeriodWh_HCHC_last'), undefined);
  assert.equal(fieldRole('index'), undefined);
});

test('Tempo registers are priced with their own colour and period; a price change applies from its day', () => {
  const tempo = contractOf(
    '2025-08-01 HCJB=0.1 HPJB=0.2 HCJW=0.3 HPJW=0.4 HCJR=0.5 HPJR=0.6 sub=16\n2026-11-25 HCJB=1 HPJB=1 HCJW=1 HPJW=1 HCJR=1 HPJR=2 sub=16',
    'TEMPO',
  );
  const t = Date.parse('2026-11-24T00:00:00+01:00');
  // Standard-mode registers EASF01..06 follow the option's order: HCJB, HPJB, HCJW, HPJW, HCJR, HPJR.
  const rows: Row[] = [
    { t, values: { energyByPeriodWh_EASF06: 1000, energyByPeriodWh_EASF05: 500, energyByPeriodWh_EASF06_last: 99 } },
    { t: t + 24 * HOUR, values: { energyByPeriodWh_EASF06: 1000 } },
  ];
  const r = energyReport(range('month', '2026-11-01'), rows, tempo);
  assert.deepEqual(r.periods, ['HCJR', 'HPJR']);
  assert.equal(r.buckets[23]?.costEur, 0.6 + 0.25);
  assert.equal(r.buckets[24]?.costEur, 2);
  assert.deepEqual(r.totals.byPeriod.HPJR, { energyWh: 2000, costEur: 2.6 });
  assert.equal(r.exports, false);
});

test("the subscription: each day its month's price over the month's days, only the days begun, a price change from its day", () => {
  const c = contractOf('2025-08-01 HC=0.2 HP=0.3 sub=15\n2026-02-15 HC=0.2 HP=0.3 sub=28', 'HC');
  // A November day is 28 / 30 €; the whole month 28 €; a day before the change 15 / 31 €.
  assert.equal(energyReport(range('day', '2026-11-03'), [], c).totals.subscriptionEur, round2(28 / 30));
  assert.equal(energyReport(range('day', '2026-01-03'), [], c).totals.subscriptionEur, round2(15 / 31));
  assert.equal(energyReport(range('month', '2026-11-01'), [], c, Infinity).totals.subscriptionEur, 28);
  // February 2026 (28 days): 14 days at 15 € / 28, then 14 at 28 € / 28.
  assert.equal(energyReport(range('month', '2026-02-01'), [], c).totals.subscriptionEur, 7.5 + 14);
  // The month in progress: only the days that have begun (the 10th at noon: ten days).
  const noon10 = Date.parse('2026-03-10T12:00:00+01:00');
  assert.equal(energyReport(range('month', '2026-03-01'), [], c, noon10).totals.subscriptionEur, round2((28 / 31) * 10));
  // The year adds up its months.
  const months = Array.from({ length: 12 }, (_, m) => energyReport(range('month', `2026-${String(m + 1).padStart(2, '0')}-01`), [], c));
  const sum = months.reduce((s, r) => s + (r.totals.subscriptionEur as number), 0);
  assert.ok(Math.abs((energyReport(range('year', '2026-06-01'), [], c).totals.subscriptionEur as number) - sum) < 0.001);
  // No contract, no subscription.
  assert.equal(energyReport(range('day', '2026-11-03'), []).totals.subscriptionEur, null);
});

function round2(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
