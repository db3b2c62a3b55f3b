import { test } from 'node:test';
import assert from 'node:assert/strict';
import { easterSunday, frenchHolidays, holidayOn } from '../../nodes/core/rules/holidays';
import { sunTimes } from '../../nodes/core/rules/sun';
import { dayNumberOf, localDayAt, utcOfWall } from '../../nodes/core/rules/zone-time';
import {
  edgesAfter,
  nextChange,
  parseSchedule,
  scheduleActive,
  type ScheduleContext,
  type WeeklySchedule,
} from '../../nodes/core/rules/schedule';
import { combine, isOffPeakPeriod, meterConditionValue } from '../../nodes/core/rules/meter-condition';
import { explain } from '../../nodes/shared/problems';

const ctx: ScheduleContext = { timeZone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522, holidayMode: 'sunday' };
const MIN = 60_000;

function parsed(text: string): WeeklySchedule {
  const r = parseSchedule(text);
  if (!r.ok) throw new Error(explain(r.error));
  return r.value;
}

/** Walk a controlled clock minute by minute and list every change of the output as UTC ISO strings. */
function transitions(s: WeeklySchedule, fromIso: string, toIso: string): string[] {
  const out: string[] = [];
  let prev = scheduleActive(s, Date.parse(fromIso), ctx);
  for (let t = Date.parse(fromIso) + MIN; t <= Date.parse(toIso); t += MIN) {
    const v = scheduleActive(s, t, ctx);
    if (v !== prev) out.push(`${new Date(t).toISOString().slice(0, 16)} ${v ? 'on' : 'off'}`);
    prev = v;
  }
  return out;
}

test('Easter and the French public holidays (computus checked on known years)', () => {
  assert.deepEqual(easterSunday(2024), { month: 3, day: 31 });
  assert.deepEqual(easterSunday(2025), { month: 4, day: 20 });
  assert.deepEqual(easterSunday(2026), { month: 4, day: 5 });
  assert.deepEqual(easterSunday(2038), { month: 4, day: 25 });
  assert.deepEqual(easterSunday(2285), { month: 3, day: 22 });
  const h2026 = frenchHolidays(2026).map((h) => h.date);
  assert.deepEqual(h2026, [
    '2026-01-01',
    '2026-04-06',
    '2026-05-01',
    '2026-05-08',
    '2026-05-14',
    '2026-05-25',
    '2026-07-14',
    '2026-08-15',
    '2026-11-01',
    '2026-11-11',
    '2026-12-25',
  ]);
  assert.equal(holidayOn('2026-05-14'), 'Ascension');
  assert.equal(holidayOn('2026-05-15'), null);
  assert.equal(holidayOn('2026-04-03'), null);
  assert.equal(holidayOn('2026-04-03', true), 'Vendredi saint');
});

test('wall time to instant across both DST nights of 2026 in Paris', () => {
  const mar29 = dayNumberOf(2026, 3, 29);
  const oct25 = dayNumberOf(2026, 10, 25);
  assert.equal(new Date(utcOfWall(mar29, 90, 'Europe/Paris')).toISOString(), '2026-03-29T00:30:00.000Z'); // 01:30 CET
  assert.equal(new Date(utcOfWall(mar29, 150, 'Europe/Paris')).toISOString(), '2026-03-29T01:00:00.000Z'); // 02:30 does not exist → 03:00 CEST
  assert.equal(new Date(utcOfWall(mar29, 180, 'Europe/Paris')).toISOString(), '2026-03-29T01:00:00.000Z'); // 03:00 CEST
  assert.equal(new Date(utcOfWall(oct25, 150, 'Europe/Paris')).toISOString(), '2026-10-25T00:30:00.000Z'); // 02:30 twice → the first (CEST)
  assert.equal(new Date(utcOfWall(oct25, 180, 'Europe/Paris')).toISOString(), '2026-10-25T02:00:00.000Z'); // 03:00 CET
  assert.equal(new Date(utcOfWall(oct25, 24 * 60, 'Europe/Paris')).toISOString(), '2026-10-25T23:00:00.000Z'); // midnight after, CET
  // The same in another zone goes through Intl.
  assert.equal(new Date(utcOfWall(dayNumberOf(2026, 3, 8), 150, 'America/New_York')).toISOString(), '2026-03-08T07:00:00.000Z');
  assert.equal(localDayAt(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Paris').minuteOfDay, 150);
  assert.equal(localDayAt(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris').minuteOfDay, 150);
});

const WEEK = `
# heating: mornings and evenings on weekdays, all day at the weekend
Mon-Fri 06:00-08:00, 17:00-22:30
Sat,Sun 08:00-23:00
all 22:30-06:00   # night tariff water heater overlaps the evening window
`;

test('a week of schedules over the spring DST night (2026-03-29): edges at the wall-clock times', () => {
  const s = parsed('Mon-Fri 06:00-08:00\nSat,Sun 08:00-09:00\nall 02:30-03:30\nSat 22:00-06:00');
  const got = transitions(s, '2026-03-23T12:00:00Z', '2026-03-30T12:00:00Z');
  assert.deepEqual(got, [
    '2026-03-24T01:30 on',
    '2026-03-24T02:30 off',
    '2026-03-24T05:00 on',
    '2026-03-24T07:00 off', // Tue
    '2026-03-25T01:30 on',
    '2026-03-25T02:30 off',
    '2026-03-25T05:00 on',
    '2026-03-25T07:00 off', // Wed
    '2026-03-26T01:30 on',
    '2026-03-26T02:30 off',
    '2026-03-26T05:00 on',
    '2026-03-26T07:00 off', // Thu
    '2026-03-27T01:30 on',
    '2026-03-27T02:30 off', // Fri 02:30-03:30 CET
    '2026-03-27T05:00 on',
    '2026-03-27T07:00 off', // Fri 06-08 CET
    '2026-03-28T01:30 on',
    '2026-03-28T02:30 off',
    '2026-03-28T07:00 on',
    '2026-03-28T08:00 off', // Sat 08-09 CET
    '2026-03-28T21:00 on', // Sat 22:00 CET, runs over the DST change…
    '2026-03-29T04:00 off', // …to 06:00 CEST: 7 h long; the 02:30-03:30 window (02:30 missing → 03:00 CEST) sits inside it
    '2026-03-29T06:00 on',
    '2026-03-29T07:00 off', // Sun 08-09 CEST
    '2026-03-30T00:30 on',
    '2026-03-30T01:30 off', // Mon 02:30-03:30 CEST
    '2026-03-30T04:00 on',
    '2026-03-30T06:00 off', // Mon 06-08 CEST
  ]);
  // On the DST night alone, 02:30-03:30 is 03:00-03:30 CEST.
  const only = parsed('Sun 02:30-03:30');
  assert.deepEqual(transitions(only, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z'), ['2026-03-29T01:00 on', '2026-03-29T01:30 off']);
});

test('a week of schedules over the autumn DST night (2026-10-25): the doubled hour runs once, the night lasts an hour longer', () => {
  const s = parsed(WEEK);
  assert.deepEqual(transitions(s, '2026-10-19T12:00:00Z', '2026-10-26T12:00:00Z'), [
    '2026-10-19T15:00 on',
    '2026-10-20T06:00 off', // Mon 17:00 CEST, evening + night + morning windows back to back to Tue 08:00 CEST
    '2026-10-20T15:00 on',
    '2026-10-21T06:00 off',
    '2026-10-21T15:00 on',
    '2026-10-22T06:00 off',
    '2026-10-22T15:00 on',
    '2026-10-23T06:00 off',
    '2026-10-23T15:00 on',
    '2026-10-24T04:00 off', // Fri evening + night to Sat 06:00 CEST (no weekday morning window)
    '2026-10-24T06:00 on', // Sat 08:00 CEST to 23:00, then the night window…
    '2026-10-25T05:00 off', // …to Sun 06:00 CET: the night window 22:30 CEST → 06:00 CET is 8.5 h, one more than on other nights
    '2026-10-25T07:00 on', // Sun 08:00 CET
    '2026-10-26T07:00 off', // through the night and Mon 06:00-08:00 CET
  ]);
  const dup = parsed('Sun 02:15-02:45');
  assert.deepEqual(transitions(dup, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z'), ['2026-10-25T00:15 on', '2026-10-25T00:45 off']);
});

test('holidays: a weekday holiday behaves like a Sunday, a holiday line or a date exception wins', () => {
  const s = parsed('Mon-Fri 06:00-08:00\nSun 09:00-10:00');
  // Friday 1 May 2026: like a Sunday (09:00-10:00 CEST = 07:00-08:00 UTC)
  assert.deepEqual(transitions(s, '2026-04-30T22:00:00Z', '2026-05-01T21:00:00Z'), ['2026-05-01T07:00 on', '2026-05-01T08:00 off']);
  // Ascension, Thursday 14 May 2026
  assert.deepEqual(transitions(s, '2026-05-13T22:00:00Z', '2026-05-14T21:00:00Z'), ['2026-05-14T07:00 on', '2026-05-14T08:00 off']);
  // the day after Ascension is an ordinary Friday
  assert.deepEqual(transitions(s, '2026-05-14T22:00:00Z', '2026-05-15T21:00:00Z'), ['2026-05-15T04:00 on', '2026-05-15T06:00 off']);
  const weekdayMode = { ...ctx, holidayMode: 'weekday' as const };
  assert.equal(scheduleActive(s, Date.parse('2026-05-01T05:00:00Z'), weekdayMode), true);
  const withLine = parsed('Mon-Fri 06:00-08:00\nholiday 11:00-12:00\n2026-05-14 off\n2026-08-01..2026-08-03 off');
  assert.equal(scheduleActive(withLine, Date.parse('2026-05-01T09:30:00Z'), ctx), true);
  assert.equal(scheduleActive(withLine, Date.parse('2026-05-14T09:30:00Z'), ctx), false);
  assert.equal(scheduleActive(withLine, Date.parse('2026-08-03T04:30:00Z'), ctx), false); // Monday, away
  assert.equal(scheduleActive(withLine, Date.parse('2026-08-04T04:30:00Z'), ctx), true);
});

test('next change is found across the DST night and the weekend', () => {
  const s = parsed('Mon-Fri 06:00-08:00');
  const t = Date.parse('2026-03-27T08:00:00Z'); // Friday 09:00 CET
  const n = nextChange(t, edgesAfter(s, t, ctx), (x) => scheduleActive(s, x, ctx));
  assert.deepEqual(n, { atMs: Date.parse('2026-03-30T04:00:00Z'), on: true }); // Monday 06:00 CEST
});

test('sunrise and sunset (NOAA) in Paris, and sun-relative windows', () => {
  const june = sunTimes(dayNumberOf(2026, 6, 21), 48.8566, 2.3522);
  const dec = sunTimes(dayNumberOf(2026, 12, 21), 48.8566, 2.3522);
  const near = (ms: number | null, iso: string) =>
    assert.ok(ms !== null && Math.abs(ms - Date.parse(iso)) < 3 * MIN, `${ms === null ? null : new Date(ms).toISOString()} vs ${iso}`);
  near(june.sunriseMs, '2026-06-21T03:47:00Z');
  near(june.sunsetMs, '2026-06-21T19:58:00Z');
  near(dec.sunriseMs, '2026-12-21T07:42:00Z');
  near(dec.sunsetMs, '2026-12-21T15:56:00Z');
  const polar = sunTimes(dayNumberOf(2026, 6, 21), 78.2, 15.6);
  assert.equal(polar.sunriseMs, null);
  const s = parsed('all sunset-30-23:00');
  assert.equal(scheduleActive(s, Date.parse('2026-12-21T15:30:00Z'), ctx), true);
  assert.equal(scheduleActive(s, Date.parse('2026-12-21T15:20:00Z'), ctx), false);
});

test('schedule text errors name the line', () => {
  const r = parseSchedule('Mon-Fri 06:00-08:00\nFunday 07:00-08:00');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : explain(r.error), /line 2/);
  assert.equal(parseSchedule('Mon 25:00-26:00').ok, false);
  assert.equal(parseSchedule('2026-02-30 off').ok, false);
  assert.equal(parseSchedule('lun-ven 06:00-08:00').ok, true);
});

test('follow the meter: off-peak from the period name, Tempo colours, EJP notice', () => {
  for (const p of ['HC', 'HCJB', 'HEURE  CREUSE', 'HC  ROUGE']) assert.equal(isOffPeakPeriod(p), true, p);
  for (const p of ['HP', 'HPJR', 'HEURE  PLEINE', 'BASE', 'HN', 'PM', 'TH']) assert.equal(isOffPeakPeriod(p), false, p);
  const offpeak = { kind: 'offpeak' as const, tempoDay: 'today' as const, colours: [] };
  assert.equal(meterConditionValue(offpeak, { tariffPeriod: 'HCJW' }), true);
  assert.equal(meterConditionValue(offpeak, undefined), null);
  const red = { kind: 'tempo' as const, tempoDay: 'tomorrow' as const, colours: ['ROUGE' as const] };
  assert.equal(meterConditionValue(red, { tempo: { today: 'BLEU', tomorrow: 'ROUGE' } }), true);
  assert.equal(meterConditionValue(red, { tempo: { today: 'ROUGE', tomorrow: null } }), null);
  assert.equal(meterConditionValue({ kind: 'ejp-notice', tempoDay: 'today', colours: [] }, { ejp: { notice: true, peak: false } }), true);
  assert.equal(combine('and-not', true, true), false);
  assert.equal(combine('and-not', true, null), true);
  assert.equal(combine('or', false, true), true);
  assert.equal(combine('and', true, null), false);
});
