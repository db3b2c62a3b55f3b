// The decoded state of one meter: what wes-tic-in puts in msg.payload on every frame.
// Units are in the field names (Wh, VA, A, V) so a consumer never guesses.
import type { TempoColour, TicMode } from './types';

export type TariffOption = 'BASE' | 'HC' | 'TEMPO' | 'EJP' | 'OTHER';

/** A decoded label value. */
export interface LabelValue {
  /** Number for numeric labels, string for text, object for structured labels (STGE, profiles). */
  value: number | string | boolean | object | null;
  unit?: string;
  /** ISO-8601 instant of the standard-mode horodate, when the label carries one. */
  time?: string;
  /** Data exactly as transmitted. */
  raw: string;
}

export interface MeterState {
  mode: TicMode;
  /** ADCO (historique) or ADSC (standard): the meter's address. */
  meterId: string;
  /** Manufacturer / year / type decoded from the address, when known. */
  meterInfo?: { manufacturerCode: string; year: number; typeCode: string; description?: string };
  phases: 1 | 3;
  producer: boolean;
  /** Contract text: OPTARIF (historique) or NGTF trimmed (standard). */
  contract?: string;
  tariffOption: TariffOption;
  /** Current tariff period: PTEC (historique, e.g. 'HC..' → 'HC') or LTARF trimmed (standard). */
  tariffPeriod?: string;
  /** Current supplier index number 1..10 (NTARF or derived from PTEC). */
  tariffIndex?: number;
  subscribedCurrentA?: number; // ISOUSC (historique)
  subscribedPowerVA?: number; // PREF × 1000 (standard), or ISOUSC × 200 V per phase (historique)
  /** Total withdrawn energy (sum of the tariff indexes, or EAST), Wh. */
  energyWh?: number;
  /** Withdrawn energy per tariff index, Wh: keyed by label (BASE, HCHC, HCHP, BBRHCJB, EASF01…). */
  energyByPeriodWh: Record<string, number>;
  /** Injected energy (producer), Wh: EAIT. */
  injectedEnergyWh?: number;
  /** Apparent power withdrawn, VA: PAPP or SINSTS. */
  powerVA?: number;
  /** Position i is phase i+1; null where that phase's group was lost and never seen. */
  powerPerPhaseVA?: (number | null)[];
  /** Apparent power injected, VA: SINSTI (producer). */
  injectedPowerVA?: number;
  /** RMS current per phase, A: IINST / IINST1..3 / IRMS1..3. */
  currentA: (number | null)[];
  /** RMS voltage per phase, V: URMS1..3 (standard). */
  voltageV?: (number | null)[];
  tempo?: { today: TempoColour | null; tomorrow: TempoColour | null };
  ejp?: { notice: boolean; peak: boolean };
  alerts: {
    /** ADPS, any ADIRx or STGE bit 7. */
    overload: boolean;
    /** ADPS value (A) or per-phase ADIR values. */
    overloadCurrentA?: number[];
    overvoltage?: boolean;
    /** The meter's breaker is open, with the reason (STGE bits 1-3). */
    breakerOpen?: string | null;
  };
  /** RELAIS: 8 relays, index 0 = relay 1, true = closed. */
  relays?: boolean[];
  /** Meter clock from DATE (standard), ISO-8601 UTC, and whether the meter says it is degraded. */
  meterTime?: string;
  clockDegraded?: boolean;
  /** Every label received, decoded, by label name. */
  labels: Record<string, LabelValue>;
}
