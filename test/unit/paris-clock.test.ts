import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parisWallTime, ticHorodate, parisOffsetMinutes } from '../../nodes/core/time/paris-clock';

const at = (iso: string): number => Date.parse(iso);

test('winter time is UTC+1 with season H', () => {
  const w = parisWallTime(at('2026-01-15T12:34:56Z'));
  assert.deepEqual(
    [w.year, w.month, w.day, w.hour, w.minute, w.second, w.season, w.offsetMinutes, w.weekday],
    [2026, 1, 15, 13, 34, 56, 'H', 60, 4],
  );
  assert.equal(ticHorodate(at('2026-01-15T12:34:56Z')), 'H260115133456');
});

test('summer time is UTC+2 with season E', () => {
  assert.equal(ticHorodate(at('2026-07-14T05:45:53Z')), 'E260714074553');
});

test('spring forward night 2026-03-29: 01:59:59 H is followed by 03:00:00 E', () => {
  assert.equal(ticHorodate(at('2026-03-29T00:59:59Z')), 'H260329015959');
  assert.equal(ticHorodate(at('2026-03-29T01:00:00Z')), 'E260329030000');
  assert.equal(parisOffsetMinutes(at('2026-03-29T00:30:00Z')), 60);
  assert.equal(parisOffsetMinutes(at('2026-03-29T01:30:00Z')), 120);
});

test('fall back night 2026-10-25: 02:xx happens twice, told apart by the season letter', () => {
  assert.equal(ticHorodate(at('2026-10-25T00:30:00Z')), 'E261025023000');
  assert.equal(ticHorodate(at('2026-10-25T00:59:59Z')), 'E261025025959');
  assert.equal(ticHorodate(at('2026-10-25T01:00:00Z')), 'H261025020000');
  assert.equal(ticHorodate(at('2026-10-25T01:30:00Z')), 'H261025023000');
  assert.equal(ticHorodate(at('2026-10-25T02:00:00Z')), 'H261025030000');
});

test('a space season for the mobile-peak labels, and midnight / year rollover', () => {
  assert.equal(ticHorodate(at('2026-12-31T23:00:00Z'), ' '), ' 270101000000');
  assert.equal(ticHorodate(at('2026-12-31T22:59:59Z')), 'H261231235959');
});

test('the cached offset stays right when instants jump back and forth across a switch', () => {
  const times = ['2026-10-25T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-29T00:59:59Z'];
  assert.deepEqual(
    times.map((t) => ticHorodate(at(t)).slice(0, 1)),
    ['E', 'E', 'H', 'H'],
  );
});
