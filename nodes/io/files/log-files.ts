// Finding and reading the log folder's files: which sources exist, which day files a range covers,
// and their rows. Shared by the writer (start-up repair and catch-up), the history query and the
// download endpoints.
import { join } from 'node:path';
import { comparePartNames, parsePartName, SOURCE_RE, AGG_DIR } from '../../core/csv/paths';
import { type ParsedHeader, parseCsv, parseHeader, type Row } from '../../core/csv/rows';
import { dayKey, localYear } from '../../core/csv/local-time';
import type { AggResolution } from '../../core/history/buckets';
import type { FilePort } from './file-port';

export interface LogFile {
  /** Path relative to the log folder, with "/" separators. */
  rel: string;
  /** "2026-11-24" for raw day files, "2026" for aggregate year files. */
  key: string;
  part: number;
}

export async function listSources(port: FilePort, dir: string): Promise<string[]> {
  const entries = await port.list(dir);
  return entries
    .filter((e) => e.isDir && SOURCE_RE.test(e.name) && e.name !== AGG_DIR)
    .map((e) => e.name)
    .sort();
}

function sortFiles(files: LogFile[]): LogFile[] {
  return files.sort((a, b) =>
    comparePartNames(`${a.key}${a.part > 1 ? `_${a.part}` : ''}.csv`, `${b.key}${b.part > 1 ? `_${b.part}` : ''}.csv`),
  );
}

/** Raw day files of a source, oldest first; `fromDay` / `toDay` ("YYYY-MM-DD", inclusive) narrow the walk. */
export async function listRawFiles(port: FilePort, dir: string, source: string, fromDay?: string, toDay?: string): Promise<LogFile[]> {
  const out: LogFile[] = [];
  const srcDir = join(dir, source);
  for (const y of await port.list(srcDir)) {
    if (!y.isDir || !/^\d{4}$/.test(y.name)) continue;
    if (fromDay && y.name < fromDay.slice(0, 4)) continue;
    if (toDay && y.name > toDay.slice(0, 4)) continue;
    for (const m of await port.list(join(srcDir, y.name))) {
      if (!m.isDir || !/^\d{2}$/.test(m.name)) continue;
      const ym = `${y.name}-${m.name}`;
      if (fromDay && ym < fromDay.slice(0, 7)) continue;
      if (toDay && ym > toDay.slice(0, 7)) continue;
      for (const f of await port.list(join(srcDir, y.name, m.name))) {
        const p = f.isDir ? undefined : parsePartName(f.name);
        if (!p || p.key.length !== 10 || !p.key.startsWith(ym)) continue;
        if ((fromDay && p.key < fromDay) || (toDay && p.key > toDay)) continue;
        out.push({ rel: `${source}/${y.name}/${m.name}/${f.name}`, key: p.key, part: p.part });
      }
    }
  }
  return sortFiles(out);
}

export async function listAggFiles(port: FilePort, dir: string, source: string, res: AggResolution): Promise<LogFile[]> {
  const out: LogFile[] = [];
  for (const f of await port.list(join(dir, source, AGG_DIR, res))) {
    const p = f.isDir ? undefined : parsePartName(f.name);
    if (p && p.key.length === 4) out.push({ rel: `${source}/${AGG_DIR}/${res}/${f.name}`, key: p.key, part: p.part });
  }
  return sortFiles(out);
}

/** Rows of one file (a file that does not parse gives none: it is not ours). */
export async function readRows(port: FilePort, dir: string, rel: string, wanted?: ReadonlySet<string>): Promise<Row[]> {
  const text = (await port.readAll(join(dir, rel))).toString('utf8');
  return parseCsv(text, wanted)?.rows ?? [];
}

/** The header of a file, read from its first bytes. */
export async function readHeader(port: FilePort, dir: string, rel: string): Promise<ParsedHeader | undefined> {
  const head = await port.read(join(dir, rel), 0, 65536);
  const nl = head.indexOf(0x0a);
  return nl < 0 ? undefined : parseHeader(head.subarray(0, nl).toString('utf8'));
}

/** Raw rows of a source with from ≤ t < to, in time order. */
export async function readRawRange(
  port: FilePort,
  dir: string,
  source: string,
  from: number,
  to: number,
  wanted?: ReadonlySet<string>,
): Promise<Row[]> {
  const files = await listRawFiles(port, dir, source, dayKey(from), dayKey(Math.max(from, to - 1)));
  const out: Row[] = [];
  for (const f of files) for (const r of await readRows(port, dir, f.rel, wanted)) if (r.t >= from && r.t < to) out.push(r);
  return out;
}

/** Aggregate rows (bucket start in [from, to)), in time order. */
export async function readAggRange(
  port: FilePort,
  dir: string,
  source: string,
  res: AggResolution,
  from: number,
  to: number,
  wanted?: ReadonlySet<string>,
): Promise<Row[]> {
  const y0 = String(localYear(from) - 1),
    y1 = String(localYear(to));
  const out: Row[] = [];
  for (const f of await listAggFiles(port, dir, source, res)) {
    if (f.key < y0 || f.key > y1) continue;
    for (const r of await readRowsFrom(port, dir, f.rel, from, wanted)) if (r.t >= from && r.t < to) out.push(r);
  }
  return out;
}

const TAIL_CHUNK = 16 * 1024;

/**
 * The rows of a time-ordered file from `from` on, reading back from its end only as far as the
 * range needs: the dashboard's 24 h chart read and parsed a whole year of 10-min buckets (and the
 * year before) for 144 of them. The chunk grows 4x each time, so a long range costs at most about
 * a third more than reading the file whole.
 */
async function readRowsFrom(port: FilePort, dir: string, rel: string, from: number, wanted?: ReadonlySet<string>): Promise<Row[]> {
  const path = join(dir, rel);
  const size = await port.size(path);
  if (size === undefined) return [];
  const head = await port.read(path, 0, Math.min(size, 65536));
  const nl = head.indexOf(0x0a);
  if (nl < 0) return [];
  const header = head.subarray(0, nl + 1);
  for (let chunk = TAIL_CHUNK; ; chunk *= 4) {
    const start = size - chunk;
    if (start <= nl + 1) return readRows(port, dir, rel, wanted);
    const body = await port.read(path, start, size - start);
    const cut = body.indexOf(0x0a); // the line the chunk starts in the middle of
    if (cut < 0) continue;
    const rows = parseCsv(Buffer.concat([header, body.subarray(cut + 1)]).toString('utf8'), wanted)?.rows ?? [];
    if (rows.length > 0 && (rows[0] as Row).t < from) return rows;
  }
}

/** The newest row of the newest aggregate file, to continue from after a restart. */
export async function lastAggRow(port: FilePort, dir: string, source: string, res: AggResolution): Promise<Row | undefined> {
  const files = await listAggFiles(port, dir, source, res);
  for (let i = files.length - 1; i >= 0; i--) {
    const rows = await readRows(port, dir, (files[i] as LogFile).rel);
    if (rows.length) return rows[rows.length - 1];
  }
  return undefined;
}
