// Where each file lives inside the log folder. Raw rows: <source>/<yyyy>/<mm>/<yyyy-mm-dd>.csv, and
// when a new column appears mid-day, <yyyy-mm-dd>_2.csv, _3... (a new part with the wider header,
// so no file is ever rewritten). Aggregates: <source>/aggregates/<resolution>/<yyyy>.csv.

import { problem, type Problem } from '../problem';

export const AGG_DIR = 'aggregates';

/**
 * A log folder on a virtual file system never accepts the files: under /proc the store retried
 * for ever at 85 % of a core. Refused at deploy.
 */
export function checkLogFolder(folder: string): Problem | null {
  return /^\/(proc|sys|dev)(\/|$)/.test(folder.trim()) ? problem('logger.virtualFolder', { folder: folder.trim().slice(0, 80) }) : null;
}

function partSuffix(part: number): string {
  return part > 1 ? `_${part}` : '';
}

export function rawRelPath(source: string, dayKey: string, part = 1): string {
  return `${source}/${dayKey.slice(0, 4)}/${dayKey.slice(5, 7)}/${dayKey}${partSuffix(part)}.csv`;
}

export function aggRelPath(source: string, resolution: string, year: number, part = 1): string {
  return `${source}/${AGG_DIR}/${resolution}/${year}${partSuffix(part)}.csv`;
}

export interface NamedPart {
  key: string;
  part: number;
}

/** "2026-11-24_2.csv" → { key: "2026-11-24", part: 2 }; "2026.csv" → { key: "2026", part: 1 }. */
export function parsePartName(fileName: string): NamedPart | undefined {
  const m = /^(\d{4}(?:-\d{2}-\d{2})?)(?:_(\d+))?\.csv$/.exec(fileName);
  if (!m) return undefined;
  const part = m[2] === undefined ? 1 : Number(m[2]);
  return part >= 1 ? { key: m[1] as string, part } : undefined;
}

export function comparePartNames(a: string, b: string): number {
  const pa = parsePartName(a),
    pb = parsePartName(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.key !== pb.key) return pa.key < pb.key ? -1 : 1;
  return pa.part - pb.part;
}

export const SOURCE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * A relative path from a download request, accepted only if it names a CSV file inside the folder:
 * plain segments of safe characters, no "..", no absolute path, no backslash, no NUL.
 */
export function checkRelativeCsvPath(rel: string): string | undefined {
  if (typeof rel !== 'string' || rel.length === 0 || rel.length > 300) return 'empty or too long file path';
  if (rel.includes('\0') || rel.includes('\\')) return 'file path contains a forbidden character';
  const segments = rel.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return 'file path must not contain empty, "." or ".." segments';
    if (!/^[A-Za-z0-9_.-]+$/.test(s)) return `file path segment "${s}" has characters other than letters, digits, "_", "-", "."`;
  }
  if (!rel.endsWith('.csv')) return 'only .csv files are served';
  return undefined;
}
