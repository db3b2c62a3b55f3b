// An aggregate query's cost follows its range: over a real file holding a year of 10-min buckets
// (52,560 rows), the last day's query reads a few kB from the end instead of the whole year, and
// returns exactly the rows a full read would; a range over the whole year still gets them all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dialectFor } from '../../nodes/core/csv/dialect';
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

test('a day of 10-min buckets reads the end of the year file, not the year', async () => {
  const dialect = dialectFor('standard');
  const columns = ['powerW_avg', 'powerW_min', 'powerW_max', 'energyWh', 'count'];
  const y0 = Date.UTC(2025, 0, 1);
  const rows: Row[] = [];
  for (let i = 0; i < 52_560; i++)
    rows.push({
      t: y0 + i * 600_000,
      values: { powerW_avg: 1000 + (i % 97), powerW_min: 900, powerW_max: 1200, energyWh: 167, count: 60 },
    });
  const rel = aggRelPath('meter', '10min', 2025);
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), formatHeader(columns, dialect) + rows.map((r) => formatRow(r, columns, dialect)).join(''));
  const fileSize = statSync(join(dir, rel)).size;

  const all = await readRows(new RealFilePort(), dir, rel);
  assert.equal(all.length, 52_560);
  const from = Date.UTC(2025, 11, 30);
  const to = Date.UTC(2025, 11, 31);
  const port = new CountingPort();
  const day = await readAggRange(port, dir, 'meter', '10min', from, to);
  assert.deepEqual(
    day,
    all.filter((r) => r.t >= from && r.t < to),
  );
  assert.equal(day.length, 144);
  assert.ok(port.bytesRead < fileSize / 20, `read ${port.bytesRead} of ${fileSize} bytes`);

  const year = await readAggRange(new CountingPort(), dir, 'meter', '10min', y0, to + 86_400_000);
  assert.equal(year.length, 52_560);
});
