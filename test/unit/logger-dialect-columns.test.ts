// The logger's files and downloads as a French user reads them: Paris wall time whatever the box's
// zone, the tariff period and the Tempo colour as text cells, readable download columns, the CSV
// format switch, and the minute kept open across a restart instead of written twice.
process.env.TZ = 'UTC'; // a Raspberry Pi image or a container: the files must still be in Paris time
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXCEL_FR, STANDARD } from '../../nodes/core/csv/dialect';
import { cleanLabel, readingFromMessage } from '../../nodes/core/csv/fields';
import { dayKey, endOfLocalDay, formatExcelDateTime, formatLocalIso, parseDayKey, startOfLocalDay } from '../../nodes/core/csv/local-time';
import { pickColumns } from '../../nodes/core/csv/columns';
import { formatHeader, formatRow, parseCsv, type Row } from '../../nodes/core/csv/rows';
import { Sampler } from '../../nodes/core/csv/sampler';
import { LogStore } from '../../nodes/io/files/log-store';
import { listRawFiles } from '../../nodes/io/files/log-files';
import { writeMergedCsv } from '../../nodes/io/files/export';
import { readHistory } from '../../nodes/io/files/history-reader';
import { isProblem } from '../../nodes/core/problem';

const T = Date.parse('2026-11-24T09:00:00Z'); // 10:00 in Paris (winter)

test('times and days are Paris wall time with the process in UTC', () => {
  assert.equal(formatLocalIso(T), '2026-11-24T10:00:00+01:00');
  assert.equal(formatExcelDateTime(T), '2026-11-24 10:00:00');
  assert.equal(formatLocalIso(Date.parse('2026-07-01T12:00:00Z')), '2026-07-01T14:00:00+02:00');
  // 23:30 UTC on the 24th is already the 25th in Paris.
  assert.equal(dayKey(Date.parse('2026-11-24T23:30:00Z')), '2026-11-25');
  assert.equal(parseDayKey('2026-11-25'), Date.parse('2026-11-24T23:00:00Z'));
  assert.ok(Number.isNaN(parseDayKey('2026-02-30')));
  // DST days: 23 h in spring, 25 h in autumn.
  const spring = parseDayKey('2026-03-29');
  assert.equal(endOfLocalDay(spring) - spring, 23 * 3_600_000);
  const autumn = parseDayKey('2026-10-25');
  assert.equal(endOfLocalDay(autumn + 3_600_000) - startOfLocalDay(autumn + 3_600_000), 25 * 3_600_000);
});

const meter = (powerVA: number, period = 'HP', colour = 'BLEU') => ({
  mode: 'standard',
  meterId: '021861348497',
  meterInfo: { manufacturerCode: '02', year: 2018, typeCode: '61' },
  powerVA,
  energyWh: 1_000_000,
  tariffIndex: 2,
  energyByPeriodWh: { BBRHCJB: 400_000, BBRHPJB: 600_000 },
  currentA: [6],
  tariffPeriod: period,
  tempo: { today: colour, tomorrow: null },
});

test('a meter reading carries its tariff period and Tempo colour as text cells, read back in both dialects', () => {
  const r = readingFromMessage('tic1', meter(1500, 'HEURE  PLEINE BLEU '));
  assert.ok(!isProblem(r));
  assert.deepEqual(r.labels, { tariffPeriod: 'HEURE PLEINE BLEU', tempoColour: 'BLEU' });
  assert.equal(cleanLabel('  '), undefined);
  assert.equal(cleanLabel('12;3'), undefined, 'a cell starting with a digit would read as a number');
  assert.equal(cleanLabel('Été'), 'Ete');
  for (const d of [STANDARD, EXCEL_FR]) {
    const columns = ['powerVA', 'tariffPeriod', 'tempoColour'];
    const row: Row = { t: T, values: { powerVA: 1500.5 }, labels: { tariffPeriod: 'HP', tempoColour: 'BLEU' } };
    const parsed = parseCsv(formatHeader(columns, d) + formatRow(row, columns, d));
    assert.ok(parsed);
    assert.equal(parsed.badLines, 0);
    assert.deepEqual(parsed.rows[0], row);
  }
});

test('readable columns: time, power, index per period, period, colour; all columns on request', () => {
  const all = [
    'meterInfo_year',
    'meterInfo_year_min',
    'meterInfo_year_max',
    'powerVA',
    'powerVA_min',
    'powerVA_max',
    'energyWh',
    'tariffIndex',
    'tariffIndex_min',
    'energyByPeriodWh_BBRHCJB',
    'energyByPeriodWh_BBRHPJB',
    'currentA_1',
    'currentA_1_min',
    'tariffPeriod',
    'tempoColour',
  ];
  assert.deepEqual(pickColumns(all, 'readable'), [
    'tariffPeriod',
    'tempoColour',
    'powerVA',
    'energyByPeriodWh_BBRHCJB',
    'energyByPeriodWh_BBRHPJB',
    'currentA_1',
  ]);
  assert.deepEqual(pickColumns(all, 'all'), all);
  // A water counter: its index and today's volume, not its pulse count nor the raw rate estimate.
  assert.deepEqual(pickColumns(['index', 'today', 'yesterday', 'month', 'year', 'pulses', 'rate', 'ratePerHour'], 'readable'), [
    'index',
    'today',
    'ratePerHour',
  ]);
});

test('a minute interrupted by a restart is resumed and written once, with the whole minute in it', () => {
  const policy = { mode: 'interval' as const, intervalMs: 60_000 };
  const before = new Sampler(policy);
  assert.deepEqual(before.push(T + 1000, { powerVA: 1000, energyWh: 10 }, { tariffPeriod: 'HC' }), []);
  assert.deepEqual(before.push(T + 2000, { powerVA: 2000, energyWh: 11 }), []);
  const saved = JSON.parse(JSON.stringify(before.snapshot())) as ReturnType<Sampler['snapshot']>;
  assert.ok(saved);
  const after = new Sampler(policy);
  assert.equal(after.restore(saved), true);
  assert.deepEqual(after.push(T + 30_000, { powerVA: 3000, energyWh: 12 }, { tariffPeriod: 'HP' }), []);
  const rows = after.push(T + 61_000, { powerVA: 10, energyWh: 13 });
  assert.deepEqual(rows, [
    {
      t: T,
      values: { powerVA: 2000, powerVA_min: 1000, powerVA_max: 3000, energyWh: 12 },
      labels: { tariffPeriod: 'HP' },
    },
  ]);
  // A changed interval does not mix two lengths of minute.
  assert.equal(new Sampler({ mode: 'interval', intervalMs: 10_000 }).restore(saved), false);
  // ...and such an interval is written as it was rather than lost.
  assert.deepEqual(Sampler.rowsOf(saved), [
    { t: T, values: { powerVA: 1500, powerVA_min: 1000, powerVA_max: 2000, energyWh: 11 }, labels: { tariffPeriod: 'HC' } },
  ]);
});

test('switching the format starts a new part in the new format; downloads convert old and new files; history reads both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-dialect-'));
  const plain = new LogStore({ dir, dialect: STANDARD });
  await plain.open();
  plain.append('tic1', {
    t: T,
    values: { powerVA: 1500.25, powerVA_min: 1400, tariffIndex: 2, energyWh: 100 },
    labels: { tariffPeriod: 'HP' },
  });
  await plain.flush(T + 60_000);
  // The user switches to Excel French the same day (a redeploy: a new store on the folder).
  const excel = new LogStore({ dir, dialect: EXCEL_FR });
  await excel.open();
  excel.append('tic1', {
    t: T + 60_000,
    values: { powerVA: 1600.5, powerVA_min: 1500, tariffIndex: 2, energyWh: 101 },
    labels: { tariffPeriod: 'HP' },
  });
  await excel.flush(T + 120_000);
  const day = readdirSync(join(dir, 'tic1/2026/11')).sort();
  assert.deepEqual(day, ['2026-11-24.csv', '2026-11-24_2.csv'], 'the morning file is left as it was');
  assert.match(readFileSync(join(dir, 'tic1/2026/11/2026-11-24_2.csv'), 'utf8'), /^\uFEFFtime;date;/);

  const files = await listRawFiles(excel.port, dir, 'tic1');
  let text = '';
  await writeMergedCsv(excel.port, dir, files, { dialect: EXCEL_FR, columns: 'readable' }, (c) => {
    text += c;
  });
  const lines = text.split('\n');
  assert.equal(lines[0], '\uFEFFtime;date;tariffPeriod;powerVA;energyWh');
  assert.equal(lines[1], '2026-11-24T10:00:00+01:00;2026-11-24 10:00:00;HP;1500,25;100');
  assert.equal(lines[2], '2026-11-24T10:01:00+01:00;2026-11-24 10:01:00;HP;1600,5;101');
  text = '';
  await writeMergedCsv(excel.port, dir, files, { dialect: STANDARD, columns: 'all' }, (c) => {
    text += c;
  });
  assert.equal(text.split('\n')[0], 'time,powerVA,powerVA_min,tariffIndex,energyWh,tariffPeriod');
  assert.equal(text.split('\n')[2], '2026-11-24T10:01:00+01:00,1600.5,1500,2,101,HP');

  const history = await readHistory(excel, { source: 'tic1', from: T, to: T + 120_000, resolution: 'raw', fields: ['powerVA'] });
  assert.deepEqual(
    history.map((r) => r.values.powerVA),
    [1500.25, 1600.5],
  );
});
