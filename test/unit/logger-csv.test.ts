process.env.TZ = 'Europe/Paris';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from '../support/property';
import { EXCEL_FR, STANDARD, formatNumber, parseNumber, resolveFormat } from '../../nodes/core/csv/dialect';
import { fieldKind, numericFields, readingFromMessage } from '../../nodes/core/csv/fields';
import { dayKey, formatLocalIso, parseDayKey } from '../../nodes/core/csv/local-time';
import { checkRelativeCsvPath, comparePartNames, parsePartName, rawRelPath } from '../../nodes/core/csv/paths';
import { formatHeader, formatRow, parseCsv } from '../../nodes/core/csv/rows';
import { parsePolicyRules, Sampler } from '../../nodes/core/csv/sampler';
import { checkTail } from '../../nodes/core/csv/torn-line';
import type { Problem } from '../../nodes/core/problem';
import { explain } from '../../nodes/shared/problems';

const T0 = Date.parse('2026-11-24T10:00:00+01:00');

test('a TIC payload records its numeric fields, flattened, and drops the rest', () => {
  const values = numericFields({
    mode: 'standard',
    meterId: '0212',
    powerVA: 1520,
    energyWh: 12345678,
    injectedEnergyWh: 0,
    currentA: [7, 2, 3],
    voltageV: [231, 229, 230],
    energyByPeriodWh: { HCHC: 100, HCHP: 200 },
    tempo: { today: 'BLUE', tomorrow: null },
    alerts: { overload: false },
    labels: { PAPP: { value: 1520, raw: '01520' } },
    waveform: new Array(100).fill(1),
  });
  assert.deepEqual(values, {
    powerVA: 1520,
    energyWh: 12345678,
    injectedEnergyWh: 0,
    currentA_1: 7,
    currentA_2: 2,
    currentA_3: 3,
    voltageV_1: 231,
    voltageV_2: 229,
    voltageV_3: 230,
    energyByPeriodWh_HCHC: 100,
    energyByPeriodWh_HCHP: 200,
  });
});

test('messages name their source by topic; bad ones say why', () => {
  assert.deepEqual(readingFromMessage('tic1/PAPP', 1520), { source: 'tic1', values: { PAPP: 1520 } });
  assert.deepEqual(readingFromMessage('boiler', 61.5), { source: 'boiler', values: { value: 61.5 } });
  assert.deepEqual(readingFromMessage('water', { index: 1234.5, flow: 3, unit: 'L' }), {
    source: 'water',
    values: { index: 1234.5, flow: 3 },
  });
  assert.match(explain(readingFromMessage(undefined, 3) as Problem), /topic/);
  assert.match(explain(readingFromMessage('x', 'abc') as Problem), /number/);
  assert.match(explain(readingFromMessage('x', { a: 'text' }) as Problem), /numeric/);
  assert.match(explain(readingFromMessage('aggregates', 1) as Problem), /reserved/);
  assert.match(explain(readingFromMessage('x', NaN) as Problem), /number/);
});

test('field kinds: counters, power, gauges', () => {
  for (const c of ['energyWh', 'injectedEnergyWh', 'energyByPeriodWh_HCHC', 'index', 'today']) assert.equal(fieldKind(c), 'counter', c);
  for (const p of ['powerVA', 'powerW', 'injectedPowerVA', 'powerPerPhaseVA_2']) assert.equal(fieldKind(p), 'power', p);
  for (const g of ['currentA_1', 'voltageV_2', 'flow', 'temperatureC', 'value']) assert.equal(fieldKind(g), 'gauge', g);
});

test('local ISO timestamps carry the offset, winter and summer', () => {
  assert.equal(formatLocalIso(T0), '2026-11-24T10:00:00+01:00');
  assert.equal(formatLocalIso(Date.parse('2026-07-01T12:00:00.250Z')), '2026-07-01T14:00:00.250+02:00');
  assert.equal(dayKey(Date.parse('2026-11-24T23:30:00Z')), '2026-11-25');
  assert.ok(Number.isNaN(parseDayKey('2026-02-30')));
});

test('numbers round-trip in both dialects; French Excel uses a decimal comma', () => {
  assert.equal(formatNumber(1.5, EXCEL_FR), '1,5');
  assert.equal(formatNumber(1.5, STANDARD), '1.5');
  assert.equal(formatNumber(1 / 3, STANDARD), '0.3333333333');
  fc.assert(
    fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (n) => {
      for (const d of [STANDARD, EXCEL_FR]) {
        const back = parseNumber(formatNumber(n, d), d) as number;
        assert.ok(Math.abs(back - n) <= Math.abs(n) * 1e-9 + 1e-12);
      }
    }),
  );
  assert.equal(resolveFormat('auto', 'fr'), 'excel-fr');
  assert.equal(resolveFormat('auto', 'fr_FR.UTF-8'), 'excel-fr');
  assert.equal(resolveFormat('auto', 'en-US'), 'standard');
  assert.equal(resolveFormat('auto', undefined), 'standard');
  assert.equal(resolveFormat('standard', 'fr'), 'standard');
});

test('French Excel files: BOM, semicolons, a date column, and they parse back', () => {
  const columns = ['powerVA', 'currentA_1'];
  const text =
    formatHeader(columns, EXCEL_FR) +
    formatRow({ t: T0, values: { powerVA: 1520.5, currentA_1: 7 } }, columns, EXCEL_FR) +
    formatRow({ t: T0 + 1000, values: { powerVA: 3 } }, columns, EXCEL_FR);
  assert.ok(text.startsWith('\uFEFFtime;date;powerVA;currentA_1\n'));
  assert.ok(text.includes('2026-11-24T10:00:00+01:00;2026-11-24 10:00:00;1520,5;7\n'));
  const parsed = parseCsv(text);
  assert.ok(parsed);
  assert.deepEqual(parsed.rows, [
    { t: T0, values: { powerVA: 1520.5, currentA_1: 7 } },
    { t: T0 + 1000, values: { powerVA: 3 } },
  ]);
  assert.equal(parsed.badLines, 0);
});

test('any prefix of a file repairs to whole lines only, never losing a whole line', () => {
  const columns = ['a', 'b'];
  const lines = [formatHeader(columns, STANDARD)];
  for (let i = 0; i < 20; i++) lines.push(formatRow({ t: T0 + i * 1000, values: { a: i, b: i / 7 } }, columns, STANDARD));
  const full = Buffer.from(lines.join(''));
  const boundaries = new Set<number>();
  let acc = 0;
  for (const l of lines) {
    acc += Buffer.byteLength(l);
    boundaries.add(acc);
  }
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: full.length }),
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 8, max: 200 }),
      (cut, zeros, tailSize) => {
        const torn = Buffer.concat([full.subarray(0, cut), Buffer.alloc(zeros)]);
        const check = checkTail(torn.subarray(0, 4096), torn.subarray(Math.max(0, torn.length - tailSize)), torn.length);
        const headerLen = Buffer.byteLength(lines[0] as string);
        if (cut < headerLen) {
          assert.equal(check.header, undefined);
          return;
        }
        // The largest line boundary ≤ cut is kept (when the tail window sees it whole).
        const expected = Math.max(...[...boundaries].filter((b) => b <= cut));
        assert.ok(check.validLength <= expected);
        if (tailSize >= torn.length - expected + 60) assert.equal(check.validLength, expected);
        const parsed = parseCsv(torn.subarray(0, check.validLength).toString());
        assert.ok(parsed);
        assert.equal(parsed.badLines, 0);
      },
    ),
  );
});

test('sampler: every value, interval average/min/max (counters keep the last), on change with heartbeat', () => {
  const every = new Sampler({ mode: 'every', intervalMs: 0 });
  assert.equal(every.push(T0, { a: 1 }).length, 1);

  const iv = new Sampler({ mode: 'interval', intervalMs: 60_000 });
  assert.deepEqual(iv.push(T0 + 1000, { powerVA: 100, energyWh: 10 }), []);
  assert.deepEqual(iv.push(T0 + 2000, { powerVA: 300, energyWh: 12 }), []);
  assert.deepEqual(iv.tick(T0 + 59_000), []);
  assert.deepEqual(iv.push(T0 + 61_000, { powerVA: 50, energyWh: 13 }), [
    { t: T0, values: { powerVA: 200, powerVA_min: 100, powerVA_max: 300, energyWh: 12 } },
  ]);
  assert.deepEqual(iv.tick(T0 + 120_000), [{ t: T0 + 60_000, values: { powerVA: 50, powerVA_min: 50, powerVA_max: 50, energyWh: 13 } }]);
  assert.deepEqual(iv.drain(), []);

  const ch = new Sampler({ mode: 'change', intervalMs: 300_000 });
  assert.equal(ch.push(T0, { index: 1 }).length, 1);
  assert.equal(ch.push(T0 + 1000, { index: 1 }).length, 0);
  assert.equal(ch.push(T0 + 2000, { index: 2 }).length, 1);
  assert.equal(ch.push(T0 + 302_000, { index: 2 }).length, 1, 'heartbeat');
});

test('per-source rules parse, and bad lines are explained', () => {
  const rules = parsePolicyRules('tic1 interval 10\n# comment\nwater change 300\npv every\n');
  assert.ok(rules instanceof Map);
  assert.deepEqual(rules.get('tic1'), { mode: 'interval', intervalMs: 10_000 });
  assert.deepEqual(rules.get('water'), { mode: 'change', intervalMs: 300_000 });
  assert.deepEqual(rules.get('pv'), { mode: 'every', intervalMs: 0 });
  assert.match(explain(parsePolicyRules('tic1 interval') as Problem), /seconds/);
  assert.match(explain(parsePolicyRules('tic1 sometimes') as Problem), /bad source rule/);
});

test('file paths: parts sort after their day, downloads cannot leave the folder', () => {
  assert.equal(rawRelPath('tic1', '2026-11-24'), 'tic1/2026/11/2026-11-24.csv');
  assert.equal(rawRelPath('tic1', '2026-11-24', 2), 'tic1/2026/11/2026-11-24_2.csv');
  assert.deepEqual(parsePartName('2026-11-24_12.csv'), { key: '2026-11-24', part: 12 });
  assert.deepEqual(['2026-11-24_10.csv', '2026-11-24_2.csv', '2026-11-24.csv'].sort(comparePartNames), [
    '2026-11-24.csv',
    '2026-11-24_2.csv',
    '2026-11-24_10.csv',
  ]);
  assert.equal(checkRelativeCsvPath('tic1/2026/11/2026-11-24.csv'), undefined);
  for (const bad of [
    '../etc/passwd',
    'tic1/../../x.csv',
    '/etc/x.csv',
    'tic1\\..\\x.csv',
    'a//b.csv',
    'x.txt',
    'tic1/%2e%2e/x.csv',
    'a/\0.csv',
  ]) {
    assert.ok(checkRelativeCsvPath(bad), bad);
  }
});

test('the fast timestamp parser agrees with Date.parse on our timestamps', async () => {
  const { parseIsoWithOffset } = await import('../../nodes/core/csv/rows');
  fc.assert(
    fc.property(fc.integer({ min: Date.parse('1990-01-01'), max: Date.parse('2090-01-01') }), (ms) => {
      const iso = formatLocalIso(ms);
      assert.equal(parseIsoWithOffset(iso), ms);
      assert.equal(parseIsoWithOffset(iso), Date.parse(iso));
    }),
  );
  assert.equal(parseIsoWithOffset('2026-11-24T10:00:00Z'), undefined);
  assert.equal(parseIsoWithOffset('2026-13-24T10:00:00+01:00'), undefined);
});
