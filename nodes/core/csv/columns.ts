// Which columns a download shows. The files keep everything the meter said (the history and the
// aggregates need the min / max and every index); a person opening a day in Excel wants the time,
// the power, the index of each tariff period, the period and the Tempo colour, not 34 columns of
// meterInfo_year_min, tariffIndex and rate = 1.000045754.
import { fieldKind, LABEL_COLUMNS } from './fields';

export type ColumnSet = 'readable' | 'all';

export const COLUMN_SETS: readonly ColumnSet[] = ['readable', 'all'];

/** Decimals of the readable columns: a power average to the mW is noise in a spreadsheet. */
export const READABLE_DIGITS = 3;

// Bookkeeping fields of our nodes: the meter's identity, the tariff's number, a counter's pulse
// count and its derived periods (the index already says it), the rate's raw estimate.
const NOISE = /^(meterInfo_|tariffIndex$|subscribed|pulses$|rate$|yesterday$|month$|year$|count$)/;

function rank(name: string): number {
  if ((LABEL_COLUMNS as readonly string[]).includes(name)) return 0;
  const kind = fieldKind(name);
  return kind === 'power' ? 1 : kind === 'counter' ? 2 : 3;
}

/** The columns of a download: every column, or the readable ones in a reading order. */
export function pickColumns(columns: readonly string[], set: ColumnSet): string[] {
  if (set === 'all') return [...columns];
  const periods = columns.some((c) => c.startsWith('energyByPeriodWh_'));
  const kept = columns.filter(
    (c) =>
      !/_(min|max)$/.test(c) &&
      !NOISE.test(c) &&
      // With an index per period the total is their sum: one more column to read, nothing new.
      !(periods && c === 'energyWh'),
  );
  return kept
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}
