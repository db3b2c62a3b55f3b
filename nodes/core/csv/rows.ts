// Formatting and parsing of our own CSV files. Column names are sanitised and cells are numbers or
// timestamps, so no cell ever needs quoting: a line is valid exactly when it has the header's number
// of cells and a parsable timestamp, which is what makes torn lines easy to detect.
import { BOM, type CsvDialect, detectDialect, formatNumber, parseNumber } from './dialect';
import { formatExcelDateTime, formatLocalIso } from './local-time';
import { LABEL_RE, type Labels, type Values } from './fields';

export interface Row {
  t: number;
  values: Values;
  /** Text cells (tariff period, Tempo colour); never aggregated. */
  labels?: Labels;
}

/** Leading columns that are not values: "time", plus "date" in the Excel dialect. */
function fixedColumns(dialect: CsvDialect): string[] {
  return dialect.bom ? ['time', 'date'] : ['time'];
}

export function formatHeader(columns: readonly string[], dialect: CsvDialect): string {
  return (dialect.bom ? BOM : '') + [...fixedColumns(dialect), ...columns].join(dialect.separator) + '\n';
}

/** `digits`: at most that many decimals (a download's readable columns); default: ten significant digits. */
export function formatRow(row: Row, columns: readonly string[], dialect: CsvDialect, digits?: number): string {
  const cells = [formatLocalIso(row.t)];
  if (dialect.bom) cells.push(formatExcelDateTime(row.t));
  for (const c of columns) {
    const v = row.values[c];
    if (v !== undefined) cells.push(formatNumber(digits === undefined ? v : roundTo(v, digits), dialect));
    else cells.push(row.labels?.[c] ?? '');
  }
  return cells.join(dialect.separator) + '\n';
}

function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export interface ParsedHeader {
  dialect: CsvDialect;
  columns: string[];
}

/** The value columns of a header line (with or without BOM / newline), or undefined if it is not ours. */
export function parseHeader(line: string): ParsedHeader | undefined {
  const clean = line.replace(/\r?\n$/, '');
  const dialect = detectDialect(clean);
  if (!dialect) return undefined;
  const cells = (clean.startsWith(BOM) ? clean.slice(1) : clean).split(dialect.separator);
  const fixed = fixedColumns(dialect);
  for (let i = 0; i < fixed.length; i++) if (cells[i] !== fixed[i]) return undefined;
  const columns = cells.slice(fixed.length);
  if (columns.some((c) => !/^[A-Za-z0-9_-]+$/.test(c))) return undefined;
  return { dialect, columns };
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?([+-])(\d{2}):(\d{2})$/;

/** Our timestamp form only; several times faster than Date.parse, which matters for a year of rows. */
export function parseIsoWithOffset(iso: string): number | undefined {
  const m = ISO_RE.exec(iso);
  if (!m) return undefined;
  const n = (i: number) => Number(m[i]);
  const offset = (m[8] === '-' ? -1 : 1) * (n(9) * 60 + n(10)) * 60_000;
  const t = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), m[7] === undefined ? 0 : n(7)) - offset;
  return n(2) >= 1 && n(2) <= 12 && n(3) >= 1 && n(3) <= 31 && n(4) < 24 && n(5) < 60 && n(6) < 60 ? t : undefined;
}

/**
 * One data line (without its newline) → row, or undefined when it is torn or not ours. With
 * `wanted`, only those columns are converted (the line is still checked whole).
 */
export function parseRow(line: string, header: ParsedHeader, wanted?: ReadonlySet<string>): Row | undefined {
  const cells = line.split(header.dialect.separator);
  const fixed = fixedColumns(header.dialect).length;
  if (cells.length !== fixed + header.columns.length) return undefined;
  const t = parseIsoWithOffset(cells[0] ?? '');
  if (t === undefined) return undefined;
  const values: Values = {};
  let labels: Labels | undefined;
  for (let i = 0; i < header.columns.length; i++) {
    const name = header.columns[i] as string;
    if (wanted && !wanted.has(name)) continue;
    const cell = cells[fixed + i] ?? '';
    if (cell === '') continue;
    const n = parseNumber(cell, header.dialect);
    if (n !== undefined) values[name] = n;
    else if (LABEL_RE.test(cell)) (labels ??= {})[name] = cell;
    else return undefined;
  }
  return labels ? { t, values, labels } : { t, values };
}

export interface ParsedCsv {
  header: ParsedHeader;
  rows: Row[];
  badLines: number;
}

/** A whole file's text → rows. Lines that do not parse are counted, not thrown. */
export function parseCsv(text: string, wanted?: ReadonlySet<string>): ParsedCsv | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const header = parseHeader(text.slice(0, nl));
  if (!header) return undefined;
  const rows: Row[] = [];
  let badLines = 0;
  let start = nl + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.length) {
      const row = parseRow(line, header, wanted);
      if (row) rows.push(row);
      else badLines++;
    }
    start = end + 1;
  }
  return { header, rows, badLines };
}

/** Union of columns, keeping the existing order and appending new names in their arrival order. */
export function unionColumns(existing: readonly string[], values: Iterable<string>): string[] {
  const out = [...existing];
  const seen = new Set(existing);
  for (const v of values)
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  return out;
}
