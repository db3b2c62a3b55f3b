process.env.TZ = 'Europe/Paris';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXCEL_FR, STANDARD } from '../../nodes/core/csv/dialect';
import { parseCsv } from '../../nodes/core/csv/rows';
import { FaultyFilePort, type FilePort, RealFilePort } from '../../nodes/io/files/file-port';
import { LogStore } from '../../nodes/io/files/log-store';
import { sweepOldFiles } from '../../nodes/io/files/retention';
import { readHistory } from '../../nodes/io/files/history-reader';
import { writeMergedCsv } from '../../nodes/io/files/export';
import { listRawFiles } from '../../nodes/io/files/log-files';

const T0 = Date.parse('2026-11-24T10:00:00+01:00');
const MIN = 60_000;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wes-logger-'));
}

class CountingPort extends RealFilePort {
  appends: string[] = [];
  override async append(path: string, data: Uint8Array): Promise<void> {
    this.appends.push(path);
    await super.append(path, data);
  }
}

function rowsOf(path: string) {
  const parsed = parseCsv(readFileSync(path, 'utf8'));
  assert.ok(parsed, `${path} parses`);
  assert.equal(parsed.badLines, 0);
  return parsed;
}

test('rows stay in memory until flush, then one append per file; bytes written = file sizes', async () => {
  const dir = tempDir();
  const port = new CountingPort();
  const store = new LogStore({ dir, dialect: STANDARD, port });
  await store.open();
  for (let i = 0; i < 100; i++) {
    store.append('tic1', { t: T0 + i * 1000, values: { powerVA: 1000 + i, energyWh: 5000 + i } });
    store.append('water', { t: T0 + i * 1000, values: { index: i } });
  }
  assert.equal(existsSync(join(dir, 'tic1')), false, 'nothing written before the flush');
  const r = await store.flush(T0 + 100_000);
  assert.equal(r.ok, true);
  assert.equal(r.rows, 200);
  assert.deepEqual(port.appends.map((p) => p.slice(dir.length + 1)).sort(), [
    'tic1/2026/11/2026-11-24.csv',
    'water/2026/11/2026-11-24.csv',
  ]);
  const tic = join(dir, 'tic1/2026/11/2026-11-24.csv');
  const water = join(dir, 'water/2026/11/2026-11-24.csv');
  assert.equal(store.stats.bytesWritten, statSync(tic).size + statSync(water).size);
  assert.equal(store.stats.bytesByDay['2026-11-24'], store.stats.bytesWritten);
  const parsed = rowsOf(tic);
  assert.deepEqual(parsed.header.columns, ['powerVA', 'energyWh']);
  assert.equal(parsed.rows.length, 100);
  assert.deepEqual(parsed.rows[99], { t: T0 + 99_000, values: { powerVA: 1099, energyWh: 5099 } });
});

test('a new column mid-day starts part _2 with the wider header and leaves the first file untouched', async () => {
  const dir = tempDir();
  const store = new LogStore({ dir, dialect: EXCEL_FR });
  store.append('tic1', { t: T0, values: { powerVA: 1 } });
  await store.flush(T0);
  const first = join(dir, 'tic1/2026/11/2026-11-24.csv');
  const before = readFileSync(first);
  store.append('tic1', { t: T0 + 1000, values: { powerVA: 2 } });
  store.append('tic1', { t: T0 + 2000, values: { powerVA: 3, injectedPowerVA: 4 } });
  await store.flush(T0 + 2000);
  assert.ok(readFileSync(first).subarray(0, before.length).equals(before), 'first part only appended to');
  assert.equal(rowsOf(first).rows.length, 1, 'the row 2 went with row 3 into the new part');
  const second = rowsOf(join(dir, 'tic1/2026/11/2026-11-24_2.csv'));
  assert.deepEqual(second.header.columns, ['powerVA', 'injectedPowerVA']);
  assert.deepEqual(
    second.rows.map((r) => r.values),
    [{ powerVA: 2 }, { powerVA: 3, injectedPowerVA: 4 }],
  );
  assert.equal(second.header.dialect.format, 'excel-fr');
});

test('a restarted store appends to the same file and its aggregates continue without duplicates', async () => {
  const dir = tempDir();
  let store = new LogStore({ dir, dialect: STANDARD });
  for (let i = 0; i < 30; i++) store.append('tic1', { t: T0 + i * MIN, values: { powerVA: 100, energyWh: 1000 + i } });
  await store.flush(T0 + 30 * MIN);
  store = new LogStore({ dir, dialect: STANDARD });
  await store.open();
  for (let i = 30; i < 65; i++) store.append('tic1', { t: T0 + i * MIN, values: { powerVA: 100, energyWh: 1000 + i } });
  await store.flush(T0 + 65 * MIN);
  const raw = rowsOf(join(dir, 'tic1/2026/11/2026-11-24.csv'));
  assert.equal(raw.rows.length, 65);
  assert.equal(readFileSync(join(dir, 'tic1/2026/11/2026-11-24.csv'), 'utf8').split('time,').length, 2, 'one header');
  const agg = rowsOf(join(dir, 'tic1/aggregates/10min/2026.csv'));
  assert.deepEqual(
    agg.rows.map((r) => r.t),
    [0, 1, 2, 3, 4, 5].map((k) => T0 + k * 10 * MIN),
  );
  assert.deepEqual(
    agg.rows.map((r) => r.values.energyWh),
    [9, 10, 10, 10, 10, 10],
  );
  const hour = rowsOf(join(dir, 'tic1/aggregates/hour/2026.csv'));
  assert.deepEqual(
    hour.rows.map((r) => [r.t, r.values.energyWh, r.values.energyWh_last]),
    [[T0, 59, 1059]],
  );
  // Aggregates deleted: a restart rebuilds them from the raw files.
  rmSync(join(dir, 'tic1/aggregates'), { recursive: true });
  store = new LogStore({ dir, dialect: STANDARD });
  await store.flush(T0 + 65 * MIN);
  assert.deepEqual(
    rowsOf(join(dir, 'tic1/aggregates/10min/2026.csv')).rows.map((r) => r.values.energyWh),
    [9, 10, 10, 10, 10, 10],
  );
});

test('start-up repair cuts torn lines and NUL runs, and removes files without a header', async () => {
  const dir = tempDir();
  let store = new LogStore({ dir, dialect: STANDARD });
  for (let i = 0; i < 10; i++) store.append('tic1', { t: T0 + i * 1000, values: { a: i } });
  await store.flush(T0);
  const file = join(dir, 'tic1/2026/11/2026-11-24.csv');
  const good = readFileSync(file);
  appendFileSync(file, Buffer.concat([Buffer.from('2026-11-24T10:00:10+01:00,1'), Buffer.alloc(4096)]));
  mkdirSync(join(dir, 'water/2026/11'), { recursive: true });
  writeFileSync(join(dir, 'water/2026/11/2026-11-24.csv'), 'tim');
  store = new LogStore({ dir, dialect: STANDARD });
  const report = await store.open();
  assert.deepEqual(report.repaired, [{ rel: 'tic1/2026/11/2026-11-24.csv', tornBytes: 27 + 4096 }]);
  assert.deepEqual(report.removed, ['water/2026/11/2026-11-24.csv']);
  assert.ok(readFileSync(file).equals(good));
  store.append('tic1', { t: T0 + 20_000, values: { a: 20 } });
  await store.flush(T0 + 20_000);
  assert.equal(rowsOf(file).rows.length, 11);
});

test('disk full: the flush fails, rows wait in memory (a half-written line is finished later), then all land once', async () => {
  const dir = tempDir();
  const port = new FaultyFilePort(new RealFilePort());
  const store = new LogStore({ dir, dialect: STANDARD, port });
  for (let i = 0; i < 5; i++) store.append('tic1', { t: T0 + i * 1000, values: { a: i } });
  await store.flush(T0);
  port.fail = 'ENOSPC';
  port.spaceLeft = 50; // lets a line and a half through
  for (let i = 5; i < 40; i++) store.append('tic1', { t: T0 + i * 1000, values: { a: i } });
  const r1 = await store.flush(T0 + 40_000);
  assert.equal(r1.ok, false);
  assert.equal(r1.error?.code, 'ENOSPC');
  for (let i = 40; i < 50; i++) store.append('tic1', { t: T0 + i * 1000, values: { a: i } });
  const r2 = await store.flush(T0 + 50_000);
  assert.equal(r2.ok, false);
  assert.ok(store.stats.pendingRows > 0);
  port.fail = undefined;
  const r3 = await store.flush(T0 + 60_000);
  assert.equal(r3.ok, true);
  const rows = rowsOf(join(dir, 'tic1/2026/11/2026-11-24.csv')).rows;
  assert.deepEqual(
    rows.map((r) => r.values.a),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.equal(store.stats.pendingRows, 0);
});

test('read-only card: rows kept up to the memory bound, oldest dropped beyond it', async () => {
  const dir = tempDir();
  const port = new FaultyFilePort(new RealFilePort());
  const store = new LogStore({ dir, dialect: STANDARD, port, maxBufferBytes: 10_000 });
  port.fail = 'EROFS';
  for (let i = 0; i < 1000; i++) store.append('tic1', { t: T0 + i * 1000, values: { a: i, b: i } });
  const r = await store.flush(T0 + 1_000_000);
  assert.equal(r.error?.code, 'EROFS');
  assert.ok(store.stats.droppedRows > 0);
  assert.ok(store.stats.pendingBytes <= 10_000);
  port.fail = undefined;
  assert.equal((await store.flush(T0 + 1_000_000)).ok, true);
  const rows = rowsOf(join(dir, 'tic1/2026/11/2026-11-24.csv')).rows;
  assert.equal(rows.length, 1000 - store.stats.droppedRows);
  assert.equal(rows[rows.length - 1]?.values.a, 999, 'newest kept');
});

test('retention deletes old raw day files and their empty folders, never aggregates', async () => {
  const dir = tempDir();
  const store = new LogStore({ dir, dialect: STANDARD });
  const old = Date.parse('2023-05-10T12:00:00+02:00');
  store.append('tic1', { t: old, values: { energyWh: 1 } });
  store.append('tic1', { t: old + 86_400_000, values: { energyWh: 2 } });
  store.append('tic1', { t: T0, values: { energyWh: 3 } });
  await store.flush(T0);
  const report = await sweepOldFiles(new RealFilePort(), dir, T0, 730);
  assert.deepEqual(report.deleted, ['tic1/2023/05/2023-05-10.csv', 'tic1/2023/05/2023-05-11.csv']);
  assert.equal(existsSync(join(dir, 'tic1/2023')), false);
  assert.ok(existsSync(join(dir, 'tic1/2026/11/2026-11-24.csv')));
  assert.ok(existsSync(join(dir, 'tic1/aggregates/day/2023.csv')));
});

test('history reads raw rows (including queued ones) and aggregates; merged CSV has every column', async () => {
  const dir = tempDir();
  const store = new LogStore({ dir, dialect: STANDARD });
  for (let i = 0; i < 30; i++) store.append('tic1', { t: T0 + i * MIN, values: { powerVA: i, energyWh: i } });
  await store.flush(T0 + 30 * MIN);
  store.append('tic1', { t: T0 + 30 * MIN, values: { powerVA: 30, energyWh: 30 } });
  const raw = await readHistory(store, { source: 'tic1', from: T0, to: T0 + 3_600_000, resolution: 'raw', fields: ['powerVA'] });
  assert.equal(raw.length, 31);
  assert.deepEqual(raw[30], { t: T0 + 30 * MIN, values: { powerVA: 30 } });
  const tenMin = await readHistory(store, { source: 'tic1', from: T0, to: T0 + 3_600_000, resolution: '10min' });
  assert.deepEqual(
    tenMin.map((r) => r.values.energyWh),
    [9, 10, 10],
    'two closed buckets and the open one',
  );
  store.append('tic1', { t: T0 + 31 * MIN, values: { powerVA: 1, voltageV_1: 230 } });
  await store.flush(T0 + 31 * MIN);
  const files = await listRawFiles(store.port, dir, 'tic1');
  assert.equal(files.length, 2);
  let text = '';
  await writeMergedCsv(store.port, dir, files, { dialect: EXCEL_FR, columns: 'all' }, (c) => {
    text += c;
  });
  const merged = parseCsv(text);
  assert.ok(merged);
  assert.deepEqual(merged.header.columns, ['powerVA', 'energyWh', 'voltageV_1']);
  assert.equal(merged.rows.length, 32);
});

void (null as unknown as FilePort);
