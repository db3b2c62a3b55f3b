// French public holidays (jours fériés): eleven national days, three of them moving with Easter,
// plus Good Friday and St Stephen's day in Alsace-Moselle. Easter Sunday by the anonymous
// Gregorian computus (Meeus/Jones/Butcher), valid for every Gregorian year.
import { dayNumberOf, localDayOfNumber } from './zone-time';

export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  name: string;
}

export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

const cache = new Map<string, Map<string, string>>();

export function frenchHolidays(year: number, alsaceMoselle = false): Holiday[] {
  const easter = easterSunday(year);
  const e = dayNumberOf(year, easter.month, easter.day);
  const fixed = (m: number, d: number, name: string): Holiday => ({ date: localDayOfNumber(dayNumberOf(year, m, d)).key, name });
  const moving = (offset: number, name: string): Holiday => ({ date: localDayOfNumber(e + offset).key, name });
  const list: Holiday[] = [
    fixed(1, 1, "Jour de l'an"),
    moving(1, 'Lundi de Pâques'),
    fixed(5, 1, 'Fête du Travail'),
    fixed(5, 8, 'Victoire 1945'),
    moving(39, 'Ascension'),
    moving(50, 'Lundi de Pentecôte'),
    fixed(7, 14, 'Fête nationale'),
    fixed(8, 15, 'Assomption'),
    fixed(11, 1, 'Toussaint'),
    fixed(11, 11, 'Armistice 1918'),
    fixed(12, 25, 'Noël'),
  ];
  if (alsaceMoselle) list.push(moving(-2, 'Vendredi saint'), fixed(12, 26, 'Saint Étienne'));
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

/** The holiday's name for a YYYY-MM-DD local date, or null. */
export function holidayOn(dateKey: string, alsaceMoselle = false): string | null {
  const year = dateKey.slice(0, 4);
  const k = `${year}|${alsaceMoselle}`;
  let m = cache.get(k);
  if (!m) {
    m = new Map(frenchHolidays(Number(year), alsaceMoselle).map((h) => [h.date, h.name]));
    cache.set(k, m);
  }
  return m.get(dateKey) ?? null;
}
