// Finding and reading the log folder's files: which sources exist, which day files a range covers,
// and their rows. Shared by the writer (start-up repair and catch-up), the history query and the
// download endpoints.
import { join } from 'node:path';
import { comparePartNames, parsePartName, SOURCE_RE, AGG_DIR } from '../../core/csv/paths';
import { type ParsedHeader, parseCsv, parseHeader, parseRow, type Row } from '../../core/csv/rows';
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

/** The header of a file, read from its first 64 kB at most. */
export async function readHeader(port: FilePort, dir: string, rel: string): Promise<ParsedHeader | undefined> {
  const line = await readHeaderLine(port, join(dir, rel), 65536);
  return line && parseHeader(line.subarray(0, line.length - 1).toString('utf8'));
}

/**
 * Raw rows of a source with from ≤ t < to, in the files' order. Day files are read whole, not bisected
 * like aggregate files: they are small, and their rows carry the wall clock at arrival, which can
 * step back (NTP at boot), so a bisection could miss rows; the aggregator never writes out of order.
 */
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
    for (const r of await readRowsBetween(port, join(dir, f.rel), from, to, wanted)) out.push(r);
  }
  return out;
}

const NL = 0x0a;
/** First read of a probe: several 10-min bucket rows (about 60 bytes each); grows for longer lines. */
const PROBE_BYTES = 1024;
/** Once the bounds are this close, reading the gap costs about what one more probe would. */
const CLOSE_ENOUGH = 4 * PROBE_BYTES;
/** First read of the header; grows until the header's newline is in it. */
const HEAD_BYTES = 4096;

/** A whole, valid row found by a probe: it starts at `start`, the next line at `next`. */
interface Probe {
  start: number;
  next: number;
  t: number;
}

/** The header line with its newline, or undefined when the first `limit` bytes (the file's size, or a cap) hold no newline. */
async function readHeaderLine(port: FilePort, path: string, limit: number): Promise<Buffer | undefined> {
  for (let len = HEAD_BYTES; ; len *= 4) {
    const head = await port.read(path, 0, Math.min(limit, len));
    const nl = head.indexOf(NL);
    if (nl >= 0) return head.subarray(0, nl + 1);
    if (len >= limit) return undefined;
  }
}

/**
 * The rows with from ≤ t < to of a file whose valid rows are in time order, identical to filtering
 * a full read (parseCsv on the whole text) but reading only the range and a few probes: the History
 * page's past days used to read a year file back from its end, nearly all of it for a day in
 * February. Two bisections over byte offsets find a line start at or before the first row ≥ from and
 * one at or after the first row ≥ to; the bytes between them are parsed exactly as a full read
 * parses them (same header, same line splitting, the unterminated last line included).
 */
async function readRowsBetween(port: FilePort, path: string, from: number, to: number, wanted?: ReadonlySet<string>): Promise<Row[]> {
  if (!(from < to)) return [];
  const size = await port.size(path);
  if (!size) return [];
  const headerLine = await readHeaderLine(port, path, size);
  if (!headerLine) return [];
  const header = parseHeader(headerLine.subarray(0, headerLine.length - 1).toString('utf8'));
  if (!header) return [];
  const probes: Probe[] = [];

  // The first whole valid row starting after `mid` and before `hi` (a line start), if any.
  const probe = async (mid: number, hi: number): Promise<Probe | undefined> => {
    for (let len = PROBE_BYTES; ; len *= 4) {
      const end = Math.min(hi, mid + len);
      const buf = await port.read(path, mid, end - mid);
      for (let nl = buf.indexOf(NL); nl >= 0;) {
        const next = buf.indexOf(NL, nl + 1);
        if (next < 0) break;
        const row = parseRow(buf.toString('utf8', nl + 1, next), header);
        if (row) return { start: mid + nl + 1, next: mid + next + 1, t: row.t };
        nl = next;
      }
      if (end >= hi) return undefined;
    }
  };

  // Narrows [lo, hi] (line starts, or the file size) around the first valid row with t ≥ target.
  const bracket = async (target: number, lo: number, hi: number): Promise<[number, number]> => {
    for (const p of probes) {
      if (p.t < target && p.next > lo && p.next <= hi) lo = p.next;
      if (p.t >= target && p.start < hi && p.start >= lo) hi = p.start;
    }
    while (hi - lo > CLOSE_ENOUGH) {
      const p = await probe(lo + Math.floor((hi - lo) / 2), hi);
      // No whole valid line in the upper half (a very long or damaged one): reading it is the answer.
      if (!p) break;
      probes.push(p);
      if (p.t < target) lo = p.next;
      else hi = p.start;
    }
    return [lo, hi];
  };

  const [start] = await bracket(from, headerLine.length, size);
  const [, end] = await bracket(to, start, size);
  if (end <= start) return [];
  const body = await port.read(path, start, end - start);
  const rows = parseCsv(Buffer.concat([headerLine, body]).toString('utf8'), wanted)?.rows ?? [];
  return rows.filter((r) => r.t >= from && r.t < to);
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
