// HTTP endpoints under the Node-RED HTTP root (RED.httpNode, so httpNodeAuth and httpNodeMiddleware
// apply), registered once per runtime whatever the number of logger nodes:
//   GET /wes/logs                                   loggers
//   GET /wes/logs/<logger>                          its sources and write statistics
//   GET /wes/logs/<logger>/<source>                 its day files and aggregate files
//   GET /wes/logs/<logger>/<source>/day/<YYYY-MM-DD>[?format=csv|zip]   (every download also takes
//       dialect=excel-fr|standard and columns=readable|all)
//   GET /wes/logs/<logger>/<source>/month/<YYYY-MM>[?format=zip|csv]
//   GET /wes/logs/<logger>/<source>/range?from=<YYYY-MM-DD>&to=<YYYY-MM-DD>[&format=zip|csv]
//   GET /wes/logs/<logger>/file/<relative path>     one file as stored
//   GET /wes/history?logger=&source=&from=&to=&resolution=&fields=
// Paths are parsed here rather than with route patterns, which differ between Express 4 and 5.
import { createReadStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import { join, resolve, sep } from 'node:path';
import type { Express, NextFunction, Request, Response } from 'express';
import { parseDayKey } from '../core/csv/local-time';
import { checkRelativeCsvPath, SOURCE_RE } from '../core/csv/paths';
import { validateQuery } from '../core/history/query';
import { type ExportOptions, pipeZip, writeMergedCsv } from '../io/files/export';
import { type ColumnSet, COLUMN_SETS } from '../core/csv/columns';
import { dialectFor } from '../core/csv/dialect';
import { readHistory } from '../io/files/history-reader';
import { listAggFiles, listRawFiles, listSources, type LogFile } from '../io/files/log-files';
import { AGG_RESOLUTIONS } from '../core/history/buckets';
import { allLoggers, findLogger, type LoggerEntry } from './registry';
import { isProblem } from '../core/problem';
import { explain } from '../shared/problems';

const MAX_DOWNLOAD_DAYS = 366;
const registered = new WeakSet<object>();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function fail(status: number, message: string): never {
  throw new HttpError(status, message);
}

function query(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

function logger(ref: string): LoggerEntry {
  const found = findLogger(ref);
  if (typeof found === 'string') fail(404, found);
  return found;
}

function source(name: string): string {
  if (!SOURCE_RE.test(name)) fail(400, `"${name}" is not a source name (letters, digits, "_", "-")`);
  return name;
}

function dayArg(value: string | undefined, what: string): string {
  if (!value || !Number.isFinite(parseDayKey(value))) fail(400, `${what} must be a date written YYYY-MM-DD, got "${value ?? ''}"`);
  return value;
}

function format(req: Request, fallback: 'csv' | 'zip'): 'csv' | 'zip' {
  const f = query(req, 'format') ?? fallback;
  if (f !== 'csv' && f !== 'zip') fail(400, 'format must be csv or zip');
  return f;
}

/**
 * The dialect and columns of a download: `dialect=excel-fr|standard` (default: the logger's
 * setting) and `columns=readable|all` (default: readable). Whatever the files were written in.
 */
function exportOptions(req: Request, entry: LoggerEntry): ExportOptions {
  const d = query(req, 'dialect');
  if (d !== undefined && d !== 'excel-fr' && d !== 'standard') fail(400, 'dialect must be excel-fr or standard');
  const c = query(req, 'columns') ?? 'readable';
  if (!(COLUMN_SETS as readonly string[]).includes(c)) fail(400, `columns must be ${COLUMN_SETS.join(' or ')}`);
  return { dialect: d ? dialectFor(d) : entry.dialect, columns: c as ColumnSet };
}

/** Only regular files: a directory or a FIFO named *.csv would fail a read or block it forever. */
async function regularFiles(dir: string, files: LogFile[]): Promise<LogFile[]> {
  const kept: LogFile[] = [];
  for (const f of files) if ((await fsp.lstat(join(dir, f.rel)).catch(() => null))?.isFile()) kept.push(f);
  return kept;
}

/** One file to the response; a read error cuts the download and leaves the runtime running. */
async function streamFile(path: string, res: Response, name: string): Promise<void> {
  const st = await fsp.lstat(path).catch(() => null);
  if (!st?.isFile()) fail(404, `no file ${name}`);
  const stream = createReadStream(path);
  stream.on('error', (e) => {
    if (res.headersSent) res.destroy(e);
    else res.status(500).json({ error: `cannot read ${name}: ${e.message}` });
  });
  stream.pipe(res);
}

async function sendFiles(
  req: Request,
  res: Response,
  entry: LoggerEntry,
  listed: LogFile[],
  fmt: 'csv' | 'zip',
  baseName: string,
): Promise<void> {
  const opts = exportOptions(req, entry);
  const files = await regularFiles(entry.store.dir, listed);
  if (files.length === 0) fail(404, `no log file for ${baseName}`);
  if (fmt === 'zip') {
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${baseName}.zip"`);
    pipeZip(entry.store.port, entry.store.dir, files, opts, res);
    return;
  }
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${baseName}.csv"`);
  // Rows are read and re-written file by file, so the answer streams with the client's pace.
  await writeMergedCsv(entry.store.port, entry.store.dir, files, opts, async (chunk) => {
    if (res.destroyed) throw new Error('client went away');
    if (!res.write(chunk)) await once(res, 'drain');
  });
  res.end();
}

/** A file path from the URL: checked by name, then by where it really is (symlinks included). */
async function safeFile(entry: LoggerEntry, rel: string): Promise<string> {
  const problem = checkRelativeCsvPath(rel);
  if (problem) fail(400, problem);
  const root = await fsp.realpath(entry.store.dir);
  const candidate = resolve(root, rel);
  if (!candidate.startsWith(root + sep)) fail(400, 'file path leaves the log folder');
  let real: string;
  try {
    real = await fsp.realpath(candidate);
  } catch {
    fail(404, `no file ${rel}`);
  }
  if (!real.startsWith(root + sep)) fail(403, 'file path leaves the log folder');
  return real;
}

async function handleLogs(req: Request, res: Response, parts: string[]): Promise<void> {
  if (parts.length === 0) {
    res.json(allLoggers().map((l) => ({ id: l.id, name: l.name, format: l.dialect.format })));
    return;
  }
  const entry = logger(parts[0] as string);
  const store = entry.store;
  if (parts.length === 1) {
    res.json({
      id: entry.id,
      name: entry.name,
      format: entry.dialect.format,
      sources: await listSources(store.port, store.dir),
      stats: store.stats,
    });
    return;
  }
  if (parts[1] === 'file') {
    const rel = parts.slice(2).join('/');
    const path = await safeFile(entry, rel);
    const st = await fsp.lstat(path).catch(() => null);
    if (!st?.isFile()) fail(404, `no file ${rel}`);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${rel.split('/').pop() as string}"`);
    await streamFile(path, res, rel);
    return;
  }
  const src = source(parts[1] as string);
  if (parts.length === 2) {
    const files = await regularFiles(store.dir, await listRawFiles(store.port, store.dir, src));
    const withSize = await Promise.all(files.map(async (f) => ({ ...f, size: (await fsp.stat(join(store.dir, f.rel))).size })));
    const aggregates: Record<string, LogFile[]> = {};
    for (const r of AGG_RESOLUTIONS) aggregates[r] = await listAggFiles(store.port, store.dir, src, r);
    res.json({ source: src, files: withSize, aggregates });
    return;
  }
  const kind = parts[2];
  if (kind === 'day' && parts.length === 4) {
    const day = dayArg(parts[3], 'day');
    await sendFiles(req, res, entry, await listRawFiles(store.port, store.dir, src, day, day), format(req, 'csv'), `${src}-${day}`);
    return;
  }
  if (kind === 'month' && parts.length === 4) {
    const month = parts[3] as string;
    if (!/^\d{4}-\d{2}$/.test(month) || !Number.isFinite(parseDayKey(`${month}-01`)))
      fail(400, `month must be written YYYY-MM, got "${month}"`);
    await sendFiles(
      req,
      res,
      entry,
      await listRawFiles(store.port, store.dir, src, `${month}-01`, `${month}-31`),
      format(req, 'zip'),
      `${src}-${month}`,
    );
    return;
  }
  if (kind === 'range' && parts.length === 3) {
    const from = dayArg(query(req, 'from'), 'from'),
      to = dayArg(query(req, 'to'), 'to');
    if (from > to) fail(400, `from (${from}) is after to (${to})`);
    if ((parseDayKey(to) - parseDayKey(from)) / 86_400_000 >= MAX_DOWNLOAD_DAYS)
      fail(400, `a download covers at most ${MAX_DOWNLOAD_DAYS} days`);
    await sendFiles(req, res, entry, await listRawFiles(store.port, store.dir, src, from, to), format(req, 'zip'), `${src}-${from}_${to}`);
    return;
  }
  fail(404, 'unknown log endpoint: see GET /wes/logs/<logger>/<source>');
}

async function handleHistory(req: Request, res: Response): Promise<void> {
  const entry = logger(query(req, 'logger') ?? '');
  const q = validateQuery(
    {
      source: query(req, 'source'),
      from: query(req, 'from'),
      to: query(req, 'to'),
      resolution: query(req, 'resolution'),
      fields: query(req, 'fields'),
    },
    Date.now(),
  );
  // HTTP answers are for the programs that call them: in English, as the rest of the API.
  if (isProblem(q)) fail(400, explain(q));
  const rows = await readHistory(entry.store, q);
  // Streamed in slices: JSON.stringify of 50,000 rows in one piece held the event loop and doubled
  // the memory of the answer; here the rows are written as the client takes them.
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const head = JSON.stringify({ source: q.source, resolution: q.resolution, from: q.from, to: q.to, rows: [] });
  const send = async (chunk: string): Promise<void> => {
    if (res.destroyed) throw new Error('client went away');
    if (!res.write(chunk)) await once(res, 'drain');
  };
  await send(head.slice(0, -2));
  for (let i = 0; i < rows.length; i += HISTORY_ROWS_PER_CHUNK) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const slice = rows.slice(i, i + HISTORY_ROWS_PER_CHUNK).map((r) => JSON.stringify({ t: r.t, ...r.values }));
    await send((i > 0 ? ',' : '') + slice.join(','));
  }
  res.end(']}');
}

const HISTORY_ROWS_PER_CHUNK = 2000;

export function registerRoutes(app: Express): void {
  if (registered.has(app)) return;
  registered.add(app);
  app.use('/wes', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    let parts: string[];
    try {
      parts = req.path
        .split('/')
        .filter((p) => p !== '')
        .map((p) => decodeURIComponent(p));
    } catch {
      res.status(400).json({ error: 'malformed URL encoding' });
      return;
    }
    const run =
      parts[0] === 'logs'
        ? handleLogs(req, res, parts.slice(1))
        : parts[0] === 'history' && parts.length === 1
          ? handleHistory(req, res)
          : undefined;
    if (!run) {
      next();
      return;
    }
    run.catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (res.headersSent) res.destroy();
      else res.status(status).json({ error: message });
    });
  });
}
