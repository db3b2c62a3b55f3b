// The tariff calendar a simulated meter follows: off-peak hours, Tempo day colours and EJP
// days, all by Paris wall time. Colours and EJP days are drawn per season from the seed, with
// the real quotas (Tempo: 22 red weekdays Nov–Mar and 43 white non-Sundays per year; EJP: 22
// winter weekdays), so a simulated year looks like a real one.
import { hashUnit } from './prng';
import { parisWallTime, type ParisWallTime } from '../time/paris-clock';
import type { TempoColour } from '../tic/types';

export type TariffOptionName = 'BASE' | 'HC' | 'TEMPO' | 'EJP';

const DAY_MS = 86_400_000;
export const TEMPO_RED_DAYS = 22;
export const TEMPO_WHITE_DAYS = 43;
const EJP_DAYS = 22;

/** Days since 1970-01-01 of a calendar date (the local date, not an instant). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}
export function dateOfDayNumber(n: number): CalendarDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** Keep the k entries with the largest weighted random keys (weighted sampling without replacement). */
function pickWeighted(candidates: number[], weight: (d: number) => number, k: number, salt: number[]): Set<number> {
  const keyed = candidates.map((d) => ({ d, key: Math.pow(hashUnit(...salt, d) || 1e-12, 1 / weight(d)) }));
  keyed.sort((a, b) => b.key - a.key || a.d - b.d);
  return new Set(keyed.slice(0, k).map((x) => x.d));
}

function seasonRange(startYear: number, fromMonth: number, toMonthNextYear: number): number[] {
  const first = dayNumber(startYear, fromMonth, 1);
  const end = dayNumber(startYear + 1, toMonthNextYear + 1, 1);
  const out: number[] = [];
  for (let d = first; d < end; d++) out.push(d);
  return out;
}

const winterWeight = (d: number): number => {
  const m = dateOfDayNumber(d).month;
  return m === 12 || m === 1 || m === 2 ? 3 : m === 11 || m === 3 ? 2 : 1;
};

export class TariffCalendar {
  private readonly tempoYears = new Map<number, { red: Set<number>; white: Set<number> }>();
  private readonly ejpYears = new Map<number, Set<number>>();
  private readonly colourByDay = new Map<number, TempoColour>();

  constructor(private readonly seed: number) {}

  /** Tempo colour of a Tempo day (a Tempo day runs 06:00 → 06:00 and is named by its first date). */
  tempoColour(dayNum: number): TempoColour {
    const known = this.colourByDay.get(dayNum);
    if (known !== undefined) return known;
    const date = dateOfDayNumber(dayNum);
    // the Tempo year runs from 1 September to 31 August
    const startYear = date.month >= 9 ? date.year : date.year - 1;
    let y = this.tempoYears.get(startYear);
    if (y === undefined) {
      const redCandidates = seasonRange(startYear, 11, 3).filter((d) => {
        const wd = dateOfDayNumber(d).weekday;
        return wd !== 0 && wd !== 6;
      });
      const red = pickWeighted(redCandidates, winterWeight, TEMPO_RED_DAYS, [this.seed, 0x7e3d, startYear]);
      const whiteCandidates = seasonRange(startYear, 10, 4).filter((d) => dateOfDayNumber(d).weekday !== 0 && !red.has(d));
      const white = pickWeighted(whiteCandidates, winterWeight, TEMPO_WHITE_DAYS, [this.seed, 0x3417, startYear]);
      y = { red, white };
      this.tempoYears.set(startYear, y);
    }
    const colour = y.red.has(dayNum) ? 'ROUGE' : y.white.has(dayNum) ? 'BLANC' : 'BLEU';
    this.colourByDay.set(dayNum, colour);
    return colour;
  }

  /** Whether this date is an EJP day (peak 07:00 → 01:00 the next day). */
  isEjpDay(dayNum: number): boolean {
    const date = dateOfDayNumber(dayNum);
    const startYear = date.month >= 9 ? date.year : date.year - 1;
    let days = this.ejpYears.get(startYear);
    if (days === undefined) {
      const candidates = seasonRange(startYear, 11, 3).filter((d) => {
        const wd = dateOfDayNumber(d).weekday;
        return wd !== 0 && wd !== 6;
      });
      days = pickWeighted(candidates, winterWeight, EJP_DAYS, [this.seed, 0xe1b, startYear]);
      this.ejpYears.set(startYear, days);
    }
    return days.has(dayNum);
  }
}

export interface TariffPeriod {
  /** Supplier index in use, 1..10 (NTARF). */
  index: number;
  /** Distributor index, 1..4: HC winter, HP winter, HC summer, HP summer (high season Nov–Mar). */
  distributorIndex: number;
  /** Historique PTEC. */
  ptec: string;
  /** Standard LTARF text before padding. */
  label: string;
  offPeak: boolean;
  /** Tempo: today's colour (the Tempo day's) and tomorrow's once announced (from 11:00), else null. */
  tempoToday?: TempoColour;
  tempoTomorrow?: TempoColour | null;
  /** EJP: 30-minute notice running (06:30–07:00 of an EJP day). */
  ejpNotice: boolean;
  /** EJP: mobile peak running (07:00 → 01:00). */
  ejpPeak: boolean;
  /** EJP: local wall start/end of the announced or running peak, as YYMMDDhhmmss. */
  ejpWindow?: { start: string; end: string };
  /** The dry contact (water heater) is closed: off-peak hours of HC and Tempo. */
  dryContactClosed: boolean;
}

const TEMPO_SHORT: Record<TempoColour, string> = { BLEU: 'B', BLANC: 'W', ROUGE: 'R' };
const TEMPO_BASE_INDEX: Record<TempoColour, number> = { BLEU: 1, BLANC: 3, ROUGE: 5 };

function digits(year: number, month: number, day: number, hour: number): string {
  const p = (n: number): string => String(n % 100).padStart(2, '0');
  return `${p(year)}${p(month)}${p(day)}${p(hour)}0000`;
}

function isOffPeakHour(w: ParisWallTime): boolean {
  return w.hour >= 22 || w.hour < 6;
}

/** The tariff period of an option at an instant. */
export function tariffPeriodAt(option: TariffOptionName, calendar: TariffCalendar, utcMs: number): TariffPeriod {
  const w = parisWallTime(utcMs);
  const today = dayNumber(w.year, w.month, w.day);
  const offPeak = isOffPeakHour(w);
  const highSeason = w.month >= 11 || w.month <= 3;
  const distributorIndex = (highSeason ? 1 : 3) + (offPeak ? 0 : 1);
  const base = { distributorIndex, offPeak, ejpNotice: false, ejpPeak: false, dryContactClosed: false };
  switch (option) {
    case 'BASE':
      return { ...base, index: 1, ptec: 'TH..', label: 'BASE', offPeak: false };
    case 'HC':
      return {
        ...base,
        index: offPeak ? 1 : 2,
        ptec: offPeak ? 'HC..' : 'HP..',
        label: offPeak ? 'HEURE  CREUSE' : 'HEURE  PLEINE',
        dryContactClosed: offPeak,
      };
    case 'TEMPO': {
      const tempoDay = w.hour < 6 ? today - 1 : today;
      const colour = calendar.tempoColour(tempoDay);
      const announced = !(w.hour >= 6 && w.hour < 11);
      const tomorrow = announced ? calendar.tempoColour(tempoDay + 1) : null;
      const hc = offPeak ? 'HC' : 'HP';
      return {
        ...base,
        index: TEMPO_BASE_INDEX[colour] + (offPeak ? 0 : 1),
        ptec: `${hc}J${TEMPO_SHORT[colour]}`,
        label: `${hc}  ${colour}`,
        tempoToday: colour,
        tempoTomorrow: tomorrow,
        dryContactClosed: offPeak,
      };
    }
    case 'EJP': {
      const minutes = w.hour * 60 + w.minute;
      // the peak of day D runs from D 07:00 to D+1 01:00
      const peakDay = minutes >= 7 * 60 ? today : minutes < 60 ? today - 1 : undefined;
      const ejpPeak = peakDay !== undefined && calendar.isEjpDay(peakDay);
      const ejpNotice = minutes >= 6 * 60 + 30 && minutes < 7 * 60 && calendar.isEjpDay(today);
      const windowDay = ejpPeak ? peakDay : ejpNotice ? today : undefined;
      let ejpWindow: TariffPeriod['ejpWindow'];
      if (windowDay !== undefined) {
        const s = dateOfDayNumber(windowDay);
        const e = dateOfDayNumber(windowDay + 1);
        ejpWindow = { start: digits(s.year, s.month, s.day, 7), end: digits(e.year, e.month, e.day, 1) };
      }
      return {
        ...base,
        index: ejpPeak ? 2 : 1,
        ptec: ejpPeak ? 'PM..' : 'HN..',
        label: ejpPeak ? 'POINTE  MOBILE' : 'HEURE  NORMALE',
        ejpNotice,
        ejpPeak,
        ejpWindow,
      };
    }
  }
}
