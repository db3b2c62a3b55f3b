// Every code a core module can return has a text in English and in French, with the same
// parameters, so no user ever reads a bare code or a half-translated sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explain } from '../../nodes/shared/problems';
import { problem } from '../../nodes/core/problem';

const src = resolve(__dirname, '..', '..', '..', 'nodes');
const catalog = (lang: string) =>
  JSON.parse(readFileSync(join(src, 'shared', 'problems', `${lang}.json`), 'utf8')) as Record<string, string>;
const params = (t: string) => [...t.matchAll(/__(\w+)__/g)].map((m) => m[1]).sort();

function coreCodes(): Set<string> {
  const codes = new Set<string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\bproblem\('([\w.]+)'/g)) codes.add(m[1]);
    }
  };
  walk(join(src, 'core'));
  return codes;
}

test('every core problem code has an English and a French text with the same parameters', () => {
  const en = catalog('en-US');
  const fr = catalog('fr');
  const codes = coreCodes();
  assert.ok(codes.size >= 20, `found ${codes.size} codes`);
  for (const code of codes) {
    assert.ok(en[code], `${code} has no English text`);
    assert.ok(fr[code], `${code} has no French text`);
    assert.deepEqual(params(fr[code]), params(en[code]), `${code}: parameters differ`);
  }
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
});

test('a problem reads in the language asked for, with its parameters', () => {
  const p = problem('schedule.days', { line: 2, text: 'Funday' });
  assert.match(explain(p), /^line 2: "Funday" is not a day list/);
  assert.match(explain(p, 'fr'), /^ligne 2 : « Funday » n’est ni une liste de jours/);
});

test('a time zone Intl does not know, and a rule blocked by a manual override, are problems too', async () => {
  const { zoneError } = await import('../../nodes/core/rules/zone-time');
  const { applyCommand, initialRelayState } = await import('../../nodes/core/relay/machine');
  assert.equal(zoneError('Europe/Paris'), null);
  assert.deepEqual(zoneError('Mars/Olympus'), problem('time.zone', { zone: 'Mars/Olympus' }));
  const o = { minOnMs: 0, minOffMs: 0, overrideMs: 60_000 };
  const manual = applyCommand(initialRelayState(false, 0), { action: 'on' }, 'manual', 1000, o);
  const rule = applyCommand(manual.state, { action: 'off' }, 'rule', 2000, o);
  assert.equal(rule.outcome, 'blocked');
  assert.match(explain(rule.reason!, 'fr'), /^forçage manuel jusqu’à 1970-01-01T00:01:01\.000Z$/);
});

test('a price list the contract cannot read says which line and why, in both languages', async () => {
  const { parsePricePeriods } = await import('../../nodes/core/rules/costs');
  const r = parsePricePeriods('2025-08-01 HC=0.2068 HP=0.27\n2026-02-01 HC=0,21 XX=1', 'HC', 'Europe/Paris');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.error, problem('contract.lineKey', { line: 2, key: 'XX', option: 'HC', keys: 'HC, HP' }));
  assert.equal(explain(r.error), 'line 2: XX is not a price of the HC option (HC, HP, sub)');
  assert.equal(explain(r.error, 'fr'), 'ligne 2 : XX n’est pas un prix de l’option HC (HC, HP, sub)');
});
