// The two CSV spellings we write: plain (comma, decimal point) for tools, and the French Excel one
// (semicolon, decimal comma, UTF-8 BOM so accents and the separator are understood on double-click).

export type CsvFormat = 'standard' | 'excel-fr';

export interface CsvDialect {
  format: CsvFormat;
  separator: ',' | ';';
  decimal: '.' | ',';
  bom: boolean;
}

export const STANDARD: CsvDialect = { format: 'standard', separator: ',', decimal: '.', bom: false };
export const EXCEL_FR: CsvDialect = { format: 'excel-fr', separator: ';', decimal: ',', bom: true };

export const BOM = '\uFEFF';

export function dialectFor(format: CsvFormat): CsvDialect {
  return format === 'excel-fr' ? EXCEL_FR : STANDARD;
}

/** 'auto' resolves to the French Excel format when the runtime language is French. */
export function resolveFormat(setting: CsvFormat | 'auto', runtimeLang: string | undefined): CsvFormat {
  if (setting !== 'auto') return setting;
  return runtimeLang && /^fr/i.test(runtimeLang) ? 'excel-fr' : 'standard';
}

/** Ten significant digits: enough for Wh indexes and m³ with litres, short enough for averages. */
export function formatNumber(n: number, dialect: CsvDialect): string {
  const s = Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10)));
  return dialect.decimal === ',' ? s.replace('.', ',') : s;
}

export function parseNumber(cell: string, dialect: CsvDialect): number | undefined {
  if (cell === '') return undefined;
  const n = Number(dialect.decimal === ',' ? cell.replace(',', '.') : cell);
  return Number.isFinite(n) ? n : undefined;
}

/** A file tells its own dialect: its header starts with "time" followed by the separator. */
export function detectDialect(headerLine: string): CsvDialect | undefined {
  const h = headerLine.startsWith(BOM) ? headerLine.slice(1) : headerLine;
  if (h.startsWith('time;')) return EXCEL_FR;
  if (h.startsWith('time,') || h === 'time') return STANDARD;
  return undefined;
}
