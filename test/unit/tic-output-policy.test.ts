import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputPolicy } from '../../nodes/core/tic/output-policy';
import type { MeterState } from '../../nodes/core/tic/meter-state';

function state(papp: string, date: string): MeterState {
  return {
    mode: 'historique',
    meterId: 'x',
    phases: 1,
    producer: false,
    tariffOption: 'BASE',
    energyByPeriodWh: {},
    currentA: [],
    alerts: { overload: false },
    labels: { DATE: { value: date, raw: date }, PAPP: { value: Number(papp), unit: 'VA', raw: papp } },
  };
}

test('every: each state goes out', () => {
  const p = new OutputPolicy('every');
  assert.ok(p.offer(state('00100', 'a'), 0));
  assert.ok(p.offer(state('00100', 'b'), 1));
});

test('change: only a change of a value other than the meter clock goes out', () => {
  const p = new OutputPolicy('change');
  assert.ok(p.offer(state('00100', 'a'), 0));
  assert.equal(p.offer(state('00100', 'b'), 1), null, 'only DATE changed');
  assert.ok(p.offer(state('00110', 'c'), 2));
});

test('interval: at most one per interval, the latest held state leaves when its time comes', () => {
  const p = new OutputPolicy('interval', 10_000);
  assert.ok(p.offer(state('00100', 'a'), 0));
  assert.equal(p.offer(state('00200', 'b'), 3_000), null);
  assert.equal(p.offer(state('00300', 'c'), 6_000), null);
  assert.equal(p.due(9_999), null);
  assert.equal(p.due(10_000)?.labels.PAPP.raw, '00300');
  assert.equal(p.due(20_000), null, 'nothing new held');
  assert.ok(p.offer(state('00400', 'd'), 21_000));
});
