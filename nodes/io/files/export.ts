// What the download endpoints send: one file as it is, several files as a zip (each file intact,
// so Excel opens any of them), or several files merged into one CSV with a single header covering
// every column (files written before a new column appeared leave those cells empty).
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { CsvDialect } from '../../core/csv/dialect';
import { formatHeader, formatRow, unionColumns } from '../../core/csv/rows';
import type { FilePort } from './file-port';
import { type LogFile, readHeader, readRows } from './log-files';

/** Streams the files merged into one CSV; `write` is awaited so a slow client applies back-pressure. */
export async function writeMergedCsv(
  port: FilePort,
  dir: string,
  files: readonly LogFile[],
  dialect: CsvDialect,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  let columns: string[] = [];
  for (const f of files) {
    const h = await readHeader(port, dir, f.rel);
    if (h) columns = unionColumns(columns, h.columns);
  }
  await write(formatHeader(columns, dialect));
  let rows = 0;
  for (const f of files) {
    const chunk = (await readRows(port, dir, f.rel)).map((r) => formatRow(r, columns, dialect)).join('');
    rows += chunk ? chunk.split('\n').length - 1 : 0;
    if (chunk) await write(chunk);
  }
  return rows;
}

/** Pipes a zip of the files (paths inside the zip relative to the log folder) into `out`. */
export function pipeZip(dir: string, files: readonly LogFile[], out: Writable): void {
  const zip = new ZipFile();
  // A file removed by retention or unreadable on the card mid-download: the download is cut,
  // never the process (an 'error' without a listener would end Node-RED).
  zip.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.on('error', (e: Error) => out.destroy(e));
  zip.outputStream.pipe(out);
  for (const f of files) zip.addFile(join(dir, f.rel), f.rel);
  zip.end();
}
