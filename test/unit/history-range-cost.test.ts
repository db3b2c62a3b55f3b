// An aggregate query's cost follows its range, wherever the range sits in the file: over a real file
// holding a year of 10-min buckets (52,560 rows), a day at the end or in February reads a few kB
// (probes to find the range, then the range), and every range returns exactly the rows a full read
// filtered to [from, to) would, in both dialects, with a column filter, a torn last line, a header
// longer than any probe, a single row or no row at all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type CsvFormat, dialectFor } from '../../nodes/core/csv/dialect';
import { aggRelPath } from '../../nodes/core/csv/paths';
import { formatHeader, formatRow, type Row } from '../../nodes/core/csv/rows';
import { RealFilePort } from '../../nodes/io/files/file-port';
import { readAggRange, readRows } from '../../nodes/io/files/log-files';

const dir = mkdtempSync(join(tmpdir(), 'wes-rel-range-'));
after(() => rmSync(dir, { recursive: true, force: true }));

class CountingPort extends RealFilePort {
  bytesRead = 0;
  override async read(path: string, start: number, length: number): Promise<Buffer> {
    const b = await super.read(path, start, length);
    this.bytesRead += b.length;
    return b;
  }
  override async readAll(path: string): Promise<Buffer> {
    const b = await super.readAll(path);
    this.bytesRead += b.length;
    return b;
  }
}

const DAY = 86_400_000;
const TEN_MIN = 600_000;
const Y0 = Date.UTC(2025, 0, 1);
const YEAR_ROWS = 52_560;

function writeFile(rel: string, text: string): string {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
  return join(dir, rel);
}

function writeRows(source: string, res: '10min' | 'hour' | 'day', year: number, format: CsvFormat, columns: string[], rows: Row[]): string {
  const dialect = dialectFor(format);
  return writeFile(
    aggRelPath(source, res, year),
    formatHeader(columns, dialect) + rows.map((r) => formatRow(r, columns, dialect)).join(''),
  );
}

// The year file: standard dialect, five columns, one row per 10 min from 2025-01-01T00:00Z.
const yearRel = aggRelPath('meter', '10min', 2025);
const yearColumns = ['powerW_avg', 'powerW_min', 'powerW_max', 'energyWh', 'count'];
const yearRows: Row[] = [];
for (let i = 0; i < YEAR_ROWS; i++)
  yearRows.push({
    t: Y0 + i * TEN_MIN,
    values: { powerW_avg: 1000 + (i % 97) + 0.25, powerW_min: 900, powerW_max: 1200 + (i % 13), energyWh: 167, count: 60 },
  });
const yearSize = statSync(writeRows('meter', '10min', 2025, 'standard', yearColumns, yearRows)).size;
const yearLast = Y0 + (YEAR_ROWS - 1) * TEN_MIN;

let fullRead: Row[] | undefined;
async function yearAll(): Promise<Row[]> {
  return (fullRead ??= await readRows(new RealFilePort(), dir, yearRel));
}

function between(rows: Row[], from: number, to: number): Row[] {
  return rows.filter((r) => r.t >= from && r.t < to);
}

async function measured(source: string, from: number, to: number, wanted?: ReadonlySet<string>): Promise<{ rows: Row[]; bytes: number }> {
  const port = new CountingPort();
  const rows = await readAggRange(port, dir, source, '10min', from, to, wanted);
  return { rows, bytes: port.bytesRead };
}

/** A small deterministic generator, so a failing range can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

test('the last day of the year file reads its end, not the year', async (t) => {
  const all = await yearAll();
  assert.equal(all.length, YEAR_ROWS);
  const from = Date.UTC(2025, 11, 30);
  const { rows, bytes } = await measured('meter', from, from + DAY);
  assert.deepEqual(rows, between(all, from, from + DAY));
  assert.equal(rows.length, 144);
  assert.ok(bytes < yearSize / 20, `read ${bytes} of ${yearSize} bytes`);
  t.diagnostic(`last day: ${bytes} of ${yearSize} bytes`);
});

test('a day in February reads a small fraction of the year file', async (t) => {
  const all = await yearAll();
  const from = Date.parse('2025-02-01T00:00:00+01:00');
  const to = Date.parse('2025-02-02T00:00:00+01:00');
  const { rows, bytes } = await measured('meter', from, to);
  assert.deepEqual(rows, between(all, from, to));
  assert.equal(rows.length, 144);
  assert.ok(bytes < yearSize / 20, `read ${bytes} of ${yearSize} bytes`);
  t.diagnostic(`February day: ${bytes} of ${yearSize} bytes`);
});

test('a range over the whole file gets every row, for about the cost of reading it once', async (t) => {
  const all = await yearAll();
  const { rows, bytes } = await measured('meter', Y0 - DAY, yearLast + DAY);
  assert.equal(rows.length, YEAR_ROWS);
  assert.deepEqual(rows, all);
  assert.ok(bytes < yearSize * 1.02, `read ${bytes} of ${yearSize} bytes`);
  t.diagnostic(`whole year: ${bytes} of ${yearSize} bytes`);
});

test('ranges before the first row and after the last are empty, and cheap', async () => {
  for (const [from, to] of [
    [Y0 - 3 * DAY, Y0],
    [Y0 - 3 * DAY, Y0 - DAY],
    [yearLast + 1, yearLast + DAY],
    [yearLast + TEN_MIN, yearLast + 40 * DAY],
  ] as const) {
    const { rows, bytes } = await measured('meter', from, to);
    assert.deepEqual(rows, [], `${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`);
    assert.ok(bytes < yearSize / 50, `read ${bytes} of ${yearSize} bytes`);
  }
});

test('bounds on row timestamps: from is inclusive, to is exclusive', async () => {
  const all = await yearAll();
  const at = (i: number): number => (all[i] as Row).t;
  for (const [i, j] of [
    [0, 1],
    [0, 144],
    [7_000, 7_001],
    [7_000, 7_144],
    [30_000, 41_000],
    [YEAR_ROWS - 145, YEAR_ROWS - 1],
  ] as const) {
    assert.deepEqual((await measured('meter', at(i), at(j))).rows, all.slice(i, j));
    assert.deepEqual((await measured('meter', at(i) + 1, at(j) + 1)).rows, all.slice(i + 1, j + 1));
    assert.deepEqual((await measured('meter', at(i) - 1, at(j) - 1)).rows, all.slice(i, j));
  }
  assert.deepEqual((await measured('meter', at(5), at(5))).rows, [], 'an empty range');
  assert.deepEqual((await measured('meter', at(YEAR_ROWS - 1), yearLast + 1)).rows, all.slice(-1));
});

test('random ranges and column filters give the rows of a full read', async () => {
  const all = await yearAll();
  const rnd = prng(20250201);
  const cols = new Set(['powerW_avg', 'count']);
  const filtered = await readRows(new RealFilePort(), dir, yearRel, cols);
  for (let k = 0; k < 60; k++) {
    const from = Math.round(Y0 - 2 * DAY + rnd() * (yearLast - Y0 + 4 * DAY));
    const to = from + Math.round(Math.exp(rnd() * Math.log(400 * DAY)));
    const useCols = rnd() < 0.3;
    const { rows, bytes } = await measured('meter', from, to, useCols ? cols : undefined);
    const expected = between(useCols ? filtered : all, from, to);
    assert.deepEqual(rows, expected, `range ${from}..${to}`);
    // Cost follows the range: its own bytes plus probes, never more than the file once and a bit.
    const own = expected.length * (yearSize / YEAR_ROWS);
    assert.ok(bytes < Math.min(yearSize * 1.02, own + 40_000), `read ${bytes} bytes for ${expected.length} rows`);
  }
});

test('Excel-French files (local Paris time, decimal commas, labels) give the rows of a full read', async () => {
  const columns = ['powerVA', 'energyWh', 'tariff'];
  const rows: Row[] = [];
  const start = Date.parse('2025-01-01T00:00:00+01:00');
  for (let i = 0; i < 8_760; i++)
    rows.push({
      t: start + i * 3_600_000,
      values: { powerVA: 1234.5 + (i % 11) / 4, energyWh: 10 * i + 0.5 },
      labels: { tariff: i % 24 < 6 ? 'HC' : 'HP' },
    });
  const path = writeRows('excelfr', 'hour', 2025, 'excel-fr', columns, rows);
  const rel = aggRelPath('excelfr', 'hour', 2025);
  const port = new RealFilePort();
  const all = await readRows(port, dir, rel);
  assert.equal(all.length, 8_760);
  const onlyEnergy = new Set(['energyWh']);
  const allEnergy = await readRows(port, dir, rel, onlyEnergy);
  const rnd = prng(33);
  // The two DST changes, a day in February, then random ranges.
  const ranges: [number, number][] = [
    [Date.parse('2025-03-30T00:00:00+01:00'), Date.parse('2025-03-31T00:00:00+02:00')],
    [Date.parse('2025-10-26T00:00:00+02:00'), Date.parse('2025-10-27T00:00:00+01:00')],
    [Date.parse('2025-02-10T00:00:00+01:00'), Date.parse('2025-02-11T00:00:00+01:00')],
  ];
  for (let k = 0; k < 30; k++) {
    const from = Math.round(start - DAY + rnd() * 367 * DAY);
    ranges.push([from, from + Math.round(Math.exp(rnd() * Math.log(200 * DAY)))]);
  }
  const size = statSync(path).size;
  for (const [from, to] of ranges) {
    const counting = new CountingPort();
    assert.deepEqual(await readAggRange(counting, dir, 'excelfr', 'hour', from, to), between(all, from, to));
    assert.deepEqual(await readAggRange(port, dir, 'excelfr', 'hour', from, to, onlyEnergy), between(allEnergy, from, to));
    if (to - from <= DAY) assert.ok(counting.bytesRead < size / 20, `read ${counting.bytesRead} of ${size} bytes`);
  }
  const dst = await readAggRange(port, dir, 'excelfr', 'hour', ...(ranges[1] as [number, number]));
  assert.equal(dst.length, 25, 'the 25 h day');
  assert.ok(dst.every((r) => r.labels?.tariff === 'HC' || r.labels?.tariff === 'HP'));
});

test('a torn last line is tolerated as a full read tolerates it', async () => {
  const columns = ['powerW_avg', 'energyWh'];
  const rows: Row[] = [];
  for (let i = 0; i < 2_000; i++) rows.push({ t: Y0 + i * TEN_MIN, values: { powerW_avg: 1500 + i, energyWh: 250 } });
  const rel = aggRelPath('torn', '10min', 2025);
  const path = writeRows('torn', '10min', 2025, 'standard', columns, rows);
  const size = statSync(path).size;
  const last = Y0 + 1_999 * TEN_MIN;
  const port = new RealFilePort();
  // Every cut inside the last two lines: mid-timestamp, mid-number, right after a newline.
  for (let cut = 1; cut <= 80; cut++) {
    writeRows('torn', '10min', 2025, 'standard', columns, rows);
    truncateSync(path, size - cut);
    const all = await readRows(port, dir, rel);
    for (const [from, to] of [
      [Y0, last + DAY],
      [last - TEN_MIN, last + DAY],
      [last, last + 1],
      [Y0 + 500 * TEN_MIN, Y0 + 600 * TEN_MIN],
    ] as const)
      assert.deepEqual(await readAggRange(port, dir, 'torn', '10min', from, to), between(all, from, to), `cut ${cut}`);
  }
  // A power cut's NUL run after the last row.
  writeRows('torn', '10min', 2025, 'standard', columns, rows);
  appendFileSync(path, Buffer.alloc(3_000));
  const all = await readRows(port, dir, rel);
  assert.equal(all.length, 2_000);
  assert.deepEqual(await readAggRange(port, dir, 'torn', '10min', last - DAY, last + DAY), between(all, last - DAY, last + DAY));
});

test('a header longer than every probe, a single row, a header only and an empty file', async () => {
  const port = new RealFilePort();
  // 2,500 columns: a header of about 90 kB, rows of about 2.6 kB (mostly empty cells).
  const columns = Array.from({ length: 2_500 }, (_, i) => `quantity_${i}_of_a_very_wide_meter`);
  const rows: Row[] = [];
  for (let i = 0; i < 200; i++)
    rows.push({ t: Y0 + i * TEN_MIN, values: { [columns[i % 2_500] as string]: i, [columns[2_499] as string]: -i } });
  writeRows('wide', '10min', 2025, 'standard', columns, rows);
  const rel = aggRelPath('wide', '10min', 2025);
  const all = await readRows(port, dir, rel);
  assert.equal(all.length, 200);
  const rnd = prng(7);
  for (let k = 0; k < 20; k++) {
    const from = Math.round(Y0 - DAY + rnd() * 4 * DAY);
    const to = from + Math.round(rnd() * 2 * DAY);
    assert.deepEqual(await readAggRange(port, dir, 'wide', '10min', from, to), between(all, from, to));
  }
  assert.deepEqual(await readAggRange(port, dir, 'wide', '10min', Y0 + 50 * TEN_MIN, Y0 + 51 * TEN_MIN), [all[50]]);

  const one: Row = { t: Y0 + 42 * TEN_MIN, values: { powerW_avg: 12.5 } };
  writeRows('single', '10min', 2025, 'excel-fr', ['powerW_avg'], [one]);
  assert.deepEqual(await readAggRange(port, dir, 'single', '10min', Y0, Y0 + DAY), [one]);
  assert.deepEqual(await readAggRange(port, dir, 'single', '10min', one.t, one.t + 1), [one]);
  assert.deepEqual(await readAggRange(port, dir, 'single', '10min', Y0, one.t), []);
  assert.deepEqual(await readAggRange(port, dir, 'single', '10min', one.t + 1, Y0 + DAY), []);

  writeRows('headeronly', '10min', 2025, 'standard', ['powerW_avg'], []);
  assert.deepEqual(await readAggRange(port, dir, 'headeronly', '10min', Y0 - DAY, Y0 + DAY), []);
  writeFile(aggRelPath('empty', '10min', 2025), '');
  assert.deepEqual(await readAggRange(port, dir, 'empty', '10min', Y0 - DAY, Y0 + DAY), []);
  writeFile(aggRelPath('nonewline', '10min', 2025), 'time,powerW_avg');
  assert.deepEqual(await readAggRange(port, dir, 'nonewline', '10min', Y0 - DAY, Y0 + DAY), []);
});
