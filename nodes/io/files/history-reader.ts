// Answers a validated history query from the files: raw rows for short spans, aggregate rows
// otherwise, plus what is still in memory (queued rows, the open bucket) so the curve reaches now.
import type { Row } from '../../core/csv/rows';
import { bucketStart } from '../../core/history/buckets';
import type { HistoryQuery } from '../../core/history/query';
import { readAggRange, readRawRange } from './log-files';
import type { LogStore } from './log-store';

function pick(rows: Row[], fields?: readonly string[]): Row[] {
  if (!fields) return rows;
  return rows.map((r) => {
    const values: Record<string, number> = {};
    for (const f of fields) {
      const v = r.values[f];
      if (v !== undefined) values[f] = v;
    }
    return { t: r.t, values };
  });
}

export async function readHistory(store: LogStore, q: HistoryQuery): Promise<Row[]> {
  if (q.resolution === 'raw') {
    const wanted = q.fields ? new Set(q.fields) : undefined;
    const rows = await readRawRange(store.port, store.dir, q.source, q.from, q.to, wanted);
    const last = rows.length ? (rows[rows.length - 1] as Row).t : -Infinity;
    for (const r of store.pendingRows(q.source)) if (r.t > last && r.t >= q.from && r.t < q.to) rows.push(r);
    return pick(rows, q.fields);
  }
  const from = bucketStart(q.from, q.resolution);
  const rows = await readAggRange(store.port, store.dir, q.source, q.resolution, from, q.to, q.fields ? new Set(q.fields) : undefined);
  const open = store.openBucket(q.source, q.resolution);
  const last = rows.length ? (rows[rows.length - 1] as Row).t : -Infinity;
  if (open && open.t > last && open.t >= from && open.t < q.to) rows.push(open);
  return pick(rows, q.fields);
}
