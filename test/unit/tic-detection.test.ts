import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hysteresis } from '../../nodes/core/tic/hysteresis';
import { SpeedHunter } from '../../nodes/core/tic/speed-hunter';
import { decodeMeterAddress } from '../../nodes/core/tic/meter-address';

test('hysteresis: first value adopted, a change needs three agreeing observations', () => {
  const h = new Hysteresis<string>(3);
  assert.equal(h.observe('a'), 'a');
  assert.equal(h.observe('b'), 'a');
  assert.equal(h.observe('a'), 'a');
  assert.equal(h.observe('b'), 'a');
  assert.equal(h.observe('b'), 'a');
  assert.equal(h.observe('b'), 'b');
});

test('speed hunter: stays while silent, hops while bytes bring no valid group, locks on valid groups', () => {
  const s = new SpeedHunter([1200, 9600], 6000, 20000);
  assert.equal(s.speed, 1200);
  assert.equal(s.tick(60_000), null, 'a silent line proves nothing');
  s.bytes(50, 60_000);
  assert.equal(s.tick(65_000), null);
  assert.equal(s.tick(66_000), 9600);
  assert.equal(s.tick(80_000), null, 'no byte yet at the new speed');
  s.bytes(100, 80_000);
  s.validGroup(81_000);
  assert.equal(s.isLocked, true);
  s.bytes(100, 90_000);
  assert.equal(s.tick(100_000), null);
  // bytes keep coming but nothing checks out any more (the modem changed speed)
  s.bytes(100, 101_000);
  assert.equal(s.tick(101_001), 1200);
});

test('meter address: Linky type code gives the phase count before any phase-2 value', () => {
  assert.deepEqual(decodeMeterAddress('041976183957'), {
    manufacturerCode: '04',
    year: 2019,
    typeCode: '76',
    description: 'Linky tri 60 A G3',
    phases: 3,
  });
  assert.equal(decodeMeterAddress('021861348497')?.phases, 1);
  assert.equal(decodeMeterAddress('03142809711')?.phases, undefined);
  assert.equal(decodeMeterAddress('031428097115')?.phases, undefined);
});
