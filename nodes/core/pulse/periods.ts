// Calendar periods are local (the meter's "today" starts at local midnight), so the keys come from
// Intl with an explicit time zone rather than from Date getters (which use the process's zone and
// make tests depend on the machine). Time is passed in as epoch ms.

export interface PeriodKeys {
  day: string; // YYYY-MM-DD
  month: string; // YYYY-MM
  year: string; // YYYY
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(key, f);
  }
  return f;
}

/** Throws RangeError for an unknown zone, which config validation turns into a clear message. */
export function checkTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-CA', { timeZone });
}

export function periodKeys(tMs: number, timeZone?: string): PeriodKeys {
  const parts = formatterFor(timeZone || undefined).formatToParts(new Date(tMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = get('year');
  const month = `${year}-${get('month')}`;
  return { year, month, day: `${month}-${get('day')}` };
}

/** Sums in the meter's unit, rounded so that 0.01 + 0.01 + 0.01 reads 0.03 and not 0.030000000000000002. */
export function addQuantity(a: number, b: number): number {
  return Math.round((a + b) * 1e9) / 1e9;
}

export interface PeriodTotals {
  dayKey: string;
  monthKey: string;
  yearKey: string;
  today: number;
  yesterday: number;
  month: number;
  year: number;
}

export function emptyTotals(tMs: number, timeZone?: string): PeriodTotals {
  const k = periodKeys(tMs, timeZone);
  return { dayKey: k.day, monthKey: k.month, yearKey: k.year, today: 0, yesterday: 0, month: 0, year: 0 };
}

/**
 * Bring the totals to the period containing tMs: a new day moves today to yesterday (or zeroes
 * yesterday when more than a day passed), a new month or year restarts those totals.
 */
export function rollTotals(t: PeriodTotals, tMs: number, timeZone?: string): PeriodTotals {
  const k = periodKeys(tMs, timeZone);
  if (k.day === t.dayKey && k.month === t.monthKey && k.year === t.yearKey) return t;
  // The wall clock stepped back (NTP correcting a clock that ran ahead): the totals stay in the
  // later period until the clock reaches it again, so a step back across midnight or new year
  // loses nothing. Keys are YYYY-MM-DD, so string order is calendar order.
  if (k.day < t.dayKey) return t;
  const next = { ...t };
  if (k.day !== t.dayKey) {
    next.yesterday = k.day === nextDayKey(t.dayKey) ? t.today : 0;
    next.today = 0;
    next.dayKey = k.day;
  }
  if (k.month !== t.monthKey) {
    next.month = 0;
    next.monthKey = k.month;
  }
  if (k.year !== t.yearKey) {
    next.year = 0;
    next.yearKey = k.year;
  }
  return next;
}

export function addToTotals(t: PeriodTotals, amount: number, tMs: number, timeZone?: string): PeriodTotals {
  const r = rollTotals(t, tMs, timeZone);
  return {
    ...r,
    today: addQuantity(r.today, amount),
    month: addQuantity(r.month, amount),
    year: addQuantity(r.year, amount),
  };
}

function nextDayKey(dayKey: string): string {
  const [y, m, d] = dayKey.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return next.toISOString().slice(0, 10);
}
