// "Follow the meter" conditions: what the TIC says about the tariff right now. Off-peak is read
// from the current period's name (historique PTEC HC.., HCJB…; standard LTARF "HEURE CREUSE",
// "HC BLEU"…), so it follows the distributor's actual off-peak hours, even when they move.
import { readMeterState, type MeterStateReading } from '../contracts/meter-state';
import type { TempoColour } from '../tic/types';

export type MeterConditionKind = 'none' | 'offpeak' | 'peak' | 'tempo' | 'ejp-notice' | 'ejp-peak';

export interface MeterCondition {
  kind: MeterConditionKind;
  /** Tempo: which day's colour. */
  tempoDay: 'today' | 'tomorrow';
  /** Tempo: colours that make the condition true. */
  colours: TempoColour[];
}

/** The part of wes-tic-in's meter state the conditions read. */
export type MeterView = Pick<MeterStateReading, 'tariffPeriod' | 'tempo' | 'ejp'>;

/**
 * The conditions' view of a message, through the meter-state reader; null when it is not a meter
 * state. A state with only the tariff fields (a hand-made one) is read too: the reader wants a
 * meterId, which the conditions do not need.
 */
export function readMeterView(msg: { payload?: unknown }): MeterView | null {
  const p = msg.payload;
  const withId = typeof p === 'object' && p !== null && !Array.isArray(p) && !('meterId' in p) ? { payload: { meterId: '', ...p } } : msg;
  const r = readMeterState(withId);
  return r.ok ? { tariffPeriod: r.value.tariffPeriod, tempo: r.value.tempo, ejp: r.value.ejp } : null;
}

export function isOffPeakPeriod(period: string): boolean {
  const p = period.trim().toUpperCase();
  return /^HC/.test(p) || /CREUSE/.test(p);
}

/** true / false, or null when the meter has not said (no frame yet, or a label this meter lacks). */
export function meterConditionValue(c: MeterCondition, m: MeterView | undefined): boolean | null {
  if (c.kind === 'none') return null;
  if (!m) return null;
  switch (c.kind) {
    case 'offpeak':
    case 'peak':
      if (m.tariffPeriod === undefined) return null;
      return isOffPeakPeriod(m.tariffPeriod) === (c.kind === 'offpeak');
    case 'tempo': {
      const colour = m.tempo?.[c.tempoDay];
      if (colour === undefined || colour === null) return null;
      return c.colours.includes(colour);
    }
    case 'ejp-notice':
      return m.ejp ? m.ejp.notice : null;
    case 'ejp-peak':
      return m.ejp ? m.ejp.peak : null;
  }
}

export type Combine = 'time' | 'meter' | 'or' | 'and' | 'and-not';

/** Time windows and meter condition into one on/off; an unknown meter condition counts as false. */
export function combine(mode: Combine, time: boolean, meter: boolean | null): boolean {
  const m = meter === true;
  switch (mode) {
    case 'time':
      return time;
    case 'meter':
      return m;
    case 'or':
      return time || m;
    case 'and':
      return time && m;
    case 'and-not':
      return time && !m;
  }
}
