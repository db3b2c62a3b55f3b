// The standard-mode status register (STGE, 54E §6.2.3.14), bit by bit.
import type { TempoColour } from './types';

export interface StatusRegister {
  dryContactOpen: boolean;
  breaker:
    | 'closed'
    | 'open-overpower'
    | 'open-overvoltage'
    | 'open-load-shedding'
    | 'open-remote-order'
    | 'open-overheat-high-current'
    | 'open-overheat-low-current'
    | 'undefined';
  distributorCoverOpen: boolean;
  overvoltage: boolean;
  overReferencePower: boolean;
  producer: boolean;
  injecting: boolean;
  /** Current supplier tariff index, 1..10. */
  supplierIndex: number;
  /** Current distributor tariff index, 1..4. */
  distributorIndex: number;
  clockDegraded: boolean;
  ticStandard: boolean;
  euridis: 'disabled' | 'enabled-unsecured' | 'enabled-secured' | 'undefined';
  cpl: 'new-unlock' | 'new-lock' | 'registered' | 'undefined';
  cplSynchronised: boolean;
  tempoToday: TempoColour | null;
  tempoTomorrow: TempoColour | null;
  /** Mobile peak notice in progress: 0 none, 1..3 PM1..PM3. */
  mobilePeakNotice: number;
  /** Mobile peak in progress: 0 none, 1..3. */
  mobilePeak: number;
}

const BREAKER: StatusRegister['breaker'][] = [
  'closed',
  'open-overpower',
  'open-overvoltage',
  'open-load-shedding',
  'open-remote-order',
  'open-overheat-high-current',
  'open-overheat-low-current',
  'undefined',
];
const EURIDIS: StatusRegister['euridis'][] = ['disabled', 'enabled-unsecured', 'undefined', 'enabled-secured'];
const CPL: StatusRegister['cpl'][] = ['new-unlock', 'new-lock', 'registered', 'undefined'];
const COLOURS: (TempoColour | null)[] = [null, 'BLEU', 'BLANC', 'ROUGE'];

/** Decodes the 8 hex chars; null when they are not hex. */
export function decodeStge(hex: string): StatusRegister | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const v = parseInt(hex, 16) >>> 0;
  const bits = (from: number, count: number): number => (v >>> from) & ((1 << count) - 1);
  return {
    dryContactOpen: bits(0, 1) === 1,
    breaker: BREAKER[bits(1, 3)],
    distributorCoverOpen: bits(4, 1) === 1,
    overvoltage: bits(6, 1) === 1,
    overReferencePower: bits(7, 1) === 1,
    producer: bits(8, 1) === 1,
    injecting: bits(9, 1) === 1,
    supplierIndex: bits(10, 4) + 1,
    distributorIndex: bits(14, 2) + 1,
    clockDegraded: bits(16, 1) === 1,
    ticStandard: bits(17, 1) === 1,
    euridis: EURIDIS[bits(19, 2)],
    cpl: CPL[bits(21, 2)],
    cplSynchronised: bits(23, 1) === 1,
    tempoToday: COLOURS[bits(24, 2)],
    tempoTomorrow: COLOURS[bits(26, 2)],
    mobilePeakNotice: bits(28, 2),
    mobilePeak: bits(30, 2),
  };
}
