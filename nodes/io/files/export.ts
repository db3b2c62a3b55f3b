// What the download endpoints send: day files merged into one CSV, or a zip of one CSV per stored
// file, always re-written in the dialect and with the columns asked for. Files started before the
// user switched the format (or by an older version) are converted on the way out, so a download is
// in the chosen format whatever the files hold; the files themselves are never rewritten.
import { Readable, type Writable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { CsvDialect } from '../../core/csv/dialect';
import { type ColumnSet, pickColumns, READABLE_DIGITS } from '../../core/csv/columns';
import { formatHeader, formatRow, type Row, unionColumns } from '../../core/csv/rows';
import type { FilePort } from './file-port';
import { type LogFile, readHeader, readRows } from './log-files';

export interface ExportOptions {
  dialect: CsvDialect;
  columns: ColumnSet;
}

/** Rows formatted per slice, so a long range never holds the event loop nor the whole answer. */
const ROWS_PER_CHUNK = 2000;
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

async function columnsOf(port: FilePort, dir: string, files: readonly LogFile[], set: ColumnSet): Promise<string[]> {
  let columns: string[] = [];
  for (const f of files) {
    const h = await readHeader(port, dir, f.rel);
    if (h) columns = unionColumns(columns, h.columns);
  }
  return pickColumns(columns, set);
}

/** The CSV text of the files, chunk by chunk: header first, then rows in time order. */
async function* csvChunks(port: FilePort, dir: string, files: readonly LogFile[], opts: ExportOptions): AsyncGenerator<string> {
  const columns = await columnsOf(port, dir, files, opts.columns);
  const digits = opts.columns === 'readable' ? READABLE_DIGITS : undefined;
  yield formatHeader(columns, opts.dialect);
  for (const f of files) {
    const rows: Row[] = await readRows(port, dir, f.rel);
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
      if (i > 0) await yieldToLoop();
      yield rows
        .slice(i, i + ROWS_PER_CHUNK)
        .map((r) => formatRow(r, columns, opts.dialect, digits))
        .join('');
    }
  }
}

/** Streams the files merged into one CSV; `write` is awaited so a slow client applies back-pressure. */
export async function writeMergedCsv(
  port: FilePort,
  dir: string,
  files: readonly LogFile[],
  opts: ExportOptions,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  let rows = 0;
  let first = true;
  for await (const chunk of csvChunks(port, dir, files, opts)) {
    if (!first) rows += chunk.split('\n').length - 1;
    first = false;
    if (chunk) await write(chunk);
  }
  return rows;
}

/**
 * Pipes a zip of the files (paths inside the zip relative to the log folder) into `out`, each one
 * converted. Each entry is a lazy stream: yazl reads them one after another, so a year's zip never
 * sits in memory.
 */
export function pipeZip(port: FilePort, dir: string, files: readonly LogFile[], opts: ExportOptions, out: Writable): void {
  const zip = new ZipFile();
  // A file removed by retention or unreadable on the card mid-download: the download is cut,
  // never the process (an 'error' without a listener would end Node-RED).
  zip.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.pipe(out);
  for (const f of files) {
    const entry = Readable.from(csvChunks(port, dir, [f], opts));
    entry.on('error', (e: Error) => out.destroy(e));
    zip.addReadStream(entry, f.rel);
  }
  zip.end();
}
