// The append-only, batched, crash-safe writer of one log folder.
//  - append() only queues rows in memory; flush() writes each file's new lines with one append and
//    one fsync, so an SD card sees about one small write per file per flush interval, and no file is
//    ever rewritten (a new column mid-day starts a new part file with the wider header).
//  - open() repairs torn tails left by kill -9 / power cuts, then brings the aggregates up to date
//    from the raw files, so aggregates never depend on state that was only in memory.
//  - A failed write (disk full, read-only card) keeps the rows queued, up to maxBufferBytes (the
//    oldest raw rows are dropped beyond that), and the next flush retries.
import { dirname, join } from 'node:path';
import { type CsvDialect } from '../../core/csv/dialect';
import { dayKey, localYear } from '../../core/csv/local-time';
import { aggRelPath, parsePartName, rawRelPath } from '../../core/csv/paths';
import { formatHeader, formatRow, type Row, unionColumns } from '../../core/csv/rows';
import { Aggregator } from '../../core/history/aggregator';
import { AGG_RESOLUTIONS, type AggResolution } from '../../core/history/buckets';
import { type FilePort, PartialWriteError, RealFilePort } from './file-port';
import { lastAggRow, listRawFiles, listSources, readHeader, readRows } from './log-files';
import { repairFolder, type RepairReport } from './repair';

export interface LogStoreOptions {
  dir: string;
  dialect: CsvDialect;
  port?: FilePort;
  /** Memory kept for rows that could not be written yet (disk full). Default 8 MiB. */
  maxBufferBytes?: number;
}

export interface FlushResult {
  ok: boolean;
  rows: number;
  bytes: number;
  /** Set when a write failed; the rows stay queued. */
  error?: { code?: string; message: string };
}

export interface StoreStats {
  bytesWritten: number;
  rowsWritten: number;
  flushes: number;
  /** Bytes appended, by local day of the flush. */
  bytesByDay: Record<string, number>;
  droppedRows: number;
  pendingRows: number;
  pendingBytes: number;
  /** The last write failure, until a flush succeeds again. */
  lastError?: { code?: string; message: string };
}

interface Stream {
  id: string;
  source: string;
  res?: AggResolution;
  pending: Row[];
  /** Bytes of a file whose append stopped part-way: they go first, to the same file. */
  carry?: { path: string; bytes: Buffer };
  /** The day / year file written last: older cache entries are dropped when it changes. */
  lastKey?: string;
}

interface FileState {
  part: number;
  columns: string[];
  dialect: CsvDialect;
  size: number;
}

const ROW_OVERHEAD = 40;
const CELL_BYTES = 12;
const DEFAULT_MAX_BUFFER_BYTES = 8 * 1024 * 1024;

function rowCost(row: Row): number {
  return ROW_OVERHEAD + CELL_BYTES * (Object.keys(row.values).length + (row.labels ? Object.keys(row.labels).length : 0));
}

/**
 * Rows formatted between two turns of the event loop. A flush of 33,000 rows held the loop for
 * half a second in one piece (the HTTP routes, the dashboard and every other node waited); in
 * slices the work is the same but nothing waits longer than one slice. The file still gets one
 * append and one fsync per flush.
 */
const ROWS_PER_SLICE = 1000;
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

async function neededColumns(rows: readonly Row[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % (ROWS_PER_SLICE * 4) === 0) await yieldToLoop();
    const r = rows[i] as Row;
    for (const k of [...Object.keys(r.values), ...(r.labels ? Object.keys(r.labels) : [])])
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
  }
  return out;
}

async function formatChunked(header: string, rows: readonly Row[], columns: readonly string[], dialect: CsvDialect): Promise<Buffer> {
  if (rows.length <= ROWS_PER_SLICE) return Buffer.from(header + rows.map((r) => formatRow(r, columns, dialect)).join(''), 'utf8');
  const parts: Buffer[] = [Buffer.from(header, 'utf8')];
  for (let i = 0; i < rows.length; i += ROWS_PER_SLICE) {
    await yieldToLoop();
    parts.push(
      Buffer.from(
        rows
          .slice(i, i + ROWS_PER_SLICE)
          .map((r) => formatRow(r, columns, dialect))
          .join(''),
        'utf8',
      ),
    );
  }
  return Buffer.concat(parts);
}

export class LogStore {
  readonly dir: string;
  readonly port: FilePort;
  private dialect: CsvDialect;
  private readonly maxBufferBytes: number;
  private streams = new Map<string, Stream>();
  private files = new Map<string, FileState>();
  private aggregators = new Map<string, Map<AggResolution, Aggregator>>();
  private aggReady = new Map<string, Promise<void>>();
  private pendingBytes = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private opened: Promise<RepairReport> | undefined;
  readonly stats: StoreStats = {
    bytesWritten: 0,
    rowsWritten: 0,
    flushes: 0,
    bytesByDay: {},
    droppedRows: 0,
    pendingRows: 0,
    pendingBytes: 0,
  };

  constructor(opts: LogStoreOptions) {
    this.dir = opts.dir;
    this.dialect = opts.dialect;
    this.port = opts.port ?? new RealFilePort();
    this.maxBufferBytes = opts.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  }

  /** Repairs torn files and catches the aggregates up. Idempotent; flush() waits for it. */
  open(): Promise<RepairReport> {
    if (!this.opened) {
      this.opened = (async () => {
        await this.port.mkdirp(this.dir);
        const report = await repairFolder(this.port, this.dir);
        for (const source of await listSources(this.port, this.dir)) await this.ensureAggregators(source);
        return report;
      })();
      // A folder that cannot be opened now (read-only card, missing disk) is retried at the next flush.
      this.opened.catch(() => {
        this.opened = undefined;
      });
    }
    return this.opened;
  }

  /** Queues a row (synchronous: a message is never waiting on the disk). */
  append(source: string, row: Row): void {
    this.streamFor(source).pending.push(row);
    this.pendingBytes += rowCost(row);
    this.enforceBound();
  }

  /** Rows queued and not yet on disk, for a history answer that includes the last minute. */
  pendingRows(source: string): Row[] {
    return [...(this.streams.get(source)?.pending ?? [])];
  }

  /** The open (not yet written) aggregate bucket of a source. */
  openBucket(source: string, res: AggResolution): Row | undefined {
    return this.aggregators.get(source)?.get(res)?.peek();
  }

  hasPending(): boolean {
    for (const s of this.streams.values()) if (s.pending.length || s.carry) return true;
    return false;
  }

  /** Writes everything queued. Flushes never overlap: a second call waits for the first. */
  flush(now: number): Promise<FlushResult> {
    const run = this.chain.then(() => this.flushNow(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private streamFor(source: string, res?: AggResolution): Stream {
    const id = res ? `${source}@${res}` : source;
    let s = this.streams.get(id);
    if (!s) {
      s = { id, source, ...(res ? { res } : {}), pending: [] };
      this.streams.set(id, s);
    }
    return s;
  }

  private enforceBound(): void {
    while (this.pendingBytes > this.maxBufferBytes) {
      let biggest: Stream | undefined;
      for (const s of this.streams.values()) if (!s.res && (!biggest || s.pending.length > biggest.pending.length)) biggest = s;
      const dropped = biggest?.pending.shift();
      if (!dropped) break;
      this.pendingBytes -= rowCost(dropped);
      this.stats.droppedRows++;
    }
    this.updatePendingStats();
  }

  private updatePendingStats(): void {
    let rows = 0,
      carry = 0;
    for (const s of this.streams.values()) {
      rows += s.pending.length;
      carry += s.carry?.bytes.length ?? 0;
    }
    this.stats.pendingRows = rows;
    this.stats.pendingBytes = this.pendingBytes + carry;
  }

  private async flushNow(now: number): Promise<FlushResult> {
    const result: FlushResult = { ok: true, rows: 0, bytes: 0 };
    this.stats.flushes++;
    try {
      await this.open();
      // Raw streams first: aggregates are derived from what reached the disk.
      const ordered = [...this.streams.values()].sort((a, b) => Number(!!a.res) - Number(!!b.res));
      for (const s of ordered) if (!s.res) await this.ensureAggregators(s.source);
      for (const s of ordered) await this.flushStream(s, now, result);
      for (const s of this.streams.values()) if (s.res) await this.flushStream(s, now, result);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      result.ok = false;
      result.error = { ...(err.code ? { code: err.code } : {}), message: err.message };
    }
    if (result.error) this.stats.lastError = result.error;
    else delete this.stats.lastError;
    this.updatePendingStats();
    return result;
  }

  private account(bytes: number, now: number): void {
    this.stats.bytesWritten += bytes;
    const day = dayKey(now);
    this.stats.bytesByDay[day] = (this.stats.bytesByDay[day] ?? 0) + bytes;
  }

  private async flushStream(s: Stream, now: number, result: FlushResult): Promise<void> {
    if (s.carry) {
      const { path, bytes } = s.carry;
      try {
        await this.port.append(path, bytes);
      } catch (e) {
        const written = e instanceof PartialWriteError ? e.bytesWritten : 0;
        s.carry = { path, bytes: bytes.subarray(written) };
        this.account(written, now);
        throw e;
      }
      delete s.carry;
      this.account(bytes.length, now);
      result.bytes += bytes.length;
    }
    while (s.pending.length) {
      // One file at a time: the run of queued rows that fall in the same day (or year) file.
      const key = this.fileKey(s, (s.pending[0] as Row).t);
      let n = 1;
      while (n < s.pending.length && this.fileKey(s, (s.pending[n] as Row).t) === key) {
        n++;
        if (n % (ROWS_PER_SLICE * 4) === 0) await yieldToLoop();
      }
      const rows = s.pending.slice(0, n);
      await this.writeRows(s, key, rows, now, result);
      s.pending.splice(0, n);
      for (const r of rows) this.pendingBytes -= rowCost(r);
      if (!s.res) await this.feedAggregatorsSliced(s.source, rows);
    }
  }

  private fileKey(s: Stream, t: number): string {
    if (!s.res) return dayKey(t);
    return String(localYear(t));
  }

  private relPath(s: Stream, key: string, part: number): string {
    return s.res ? aggRelPath(s.source, s.res, Number(key), part) : rawRelPath(s.source, key, part);
  }

  /** The newest part of a day / year file as it is on disk (cached: we are its only writer). */
  private async fileState(s: Stream, key: string): Promise<FileState> {
    const cacheKey = `${s.id}|${key}`;
    const cached = this.files.get(cacheKey);
    if (cached) return cached;
    const first = this.relPath(s, key, 1);
    let part = 0;
    for (const e of await this.port.list(join(this.dir, dirname(first)))) {
      const p = e.isDir ? undefined : parsePartName(e.name);
      if (p && p.key === key && p.part > part) part = p.part;
    }
    let state: FileState = { part: Math.max(part, 1), columns: [], dialect: this.dialect, size: 0 };
    if (part > 0) {
      const rel = this.relPath(s, key, part);
      const size = (await this.port.size(join(this.dir, rel))) ?? 0;
      const header = size > 0 ? await readHeader(this.port, this.dir, rel) : undefined;
      if (header) state = { part, columns: header.columns, dialect: header.dialect, size };
      else if (size > 0) state = { part: part + 1, columns: [], dialect: this.dialect, size: 0 };
    }
    this.files.set(cacheKey, state);
    return state;
  }

  private async writeRows(s: Stream, key: string, rows: Row[], now: number, result: FlushResult): Promise<void> {
    const state = await this.fileState(s, key);
    const needed = await neededColumns(rows);
    let header = '';
    if (state.size === 0) {
      state.columns = unionColumns(state.columns, needed);
      state.dialect = this.dialect;
      header = formatHeader(state.columns, state.dialect);
    } else if (needed.some((c) => !state.columns.includes(c)) || state.dialect.format !== this.dialect.format) {
      // A new column mid-file, or the user switched the CSV format: a new part with the new header,
      // never a rewrite of the old one (so the rest of today is written as chosen).
      state.part++;
      state.columns = unionColumns(state.columns, needed);
      state.dialect = this.dialect;
      state.size = 0;
      header = formatHeader(state.columns, state.dialect);
    }
    const bytes = await formatChunked(header, rows, state.columns, state.dialect);
    const path = join(this.dir, this.relPath(s, key, state.part));
    if (state.size === 0) await this.port.mkdirp(dirname(path));
    try {
      await this.port.append(path, bytes);
    } catch (e) {
      const written = e instanceof PartialWriteError ? e.bytesWritten : 0;
      if (written > 0) {
        // Part of the text is in the file: the rest must follow it there, whatever comes next.
        state.size += written;
        s.carry = { path, bytes: bytes.subarray(written) };
        s.pending.splice(0, rows.length);
        for (const r of rows) this.pendingBytes -= rowCost(r);
        if (!s.res) this.feedAggregators(s.source, rows);
        this.account(written, now);
      }
      throw e;
    }
    state.size += bytes.length;
    if (s.lastKey !== undefined && s.lastKey !== key) this.files.delete(`${s.id}|${s.lastKey}`);
    s.lastKey = key;
    this.account(bytes.length, now);
    result.bytes += bytes.length;
    result.rows += rows.length;
    this.stats.rowsWritten += rows.length;
  }

  private async feedAggregatorsSliced(source: string, rows: Row[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_SLICE) {
      if (i > 0) await yieldToLoop();
      this.feedAggregators(source, rows.slice(i, i + ROWS_PER_SLICE));
    }
  }

  private feedAggregators(source: string, rows: Row[]): void {
    const aggs = this.aggregators.get(source);
    if (!aggs) return;
    for (const [res, agg] of aggs) {
      const out = rows.flatMap((r) => agg.push(r));
      if (out.length) {
        const st = this.streamFor(source, res);
        for (const r of out) {
          st.pending.push(r);
          this.pendingBytes += rowCost(r);
        }
      }
    }
  }

  /** Primes a source's aggregators from the last aggregate rows and replays the raw rows after them. */
  private ensureAggregators(source: string): Promise<void> {
    let p = this.aggReady.get(source);
    if (!p) {
      p = (async () => {
        const aggs = new Map<AggResolution, Aggregator>();
        let since = Infinity;
        for (const res of AGG_RESOLUTIONS) {
          const agg = new Aggregator(res);
          const last = await lastAggRow(this.port, this.dir, source, res);
          agg.prime(last);
          since = Math.min(since, last ? last.t : -Infinity);
          aggs.set(res, agg);
        }
        const files = await listRawFiles(this.port, this.dir, source, Number.isFinite(since) ? dayKey(since) : undefined);
        this.aggregators.set(source, aggs);
        for (const f of files) this.feedAggregators(source, await readRows(this.port, this.dir, f.rel));
      })();
      this.aggReady.set(source, p);
    }
    return p;
  }
}
