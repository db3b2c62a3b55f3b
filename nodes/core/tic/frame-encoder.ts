// Builds TIC bytes exactly as a meter sends them. Used by the simulated meter and by
// tests that construct frames from the specification tables.
import { ticChecksumOf } from './checksum';
import type { TicGroup, TicMode } from './types';

/** One group, from LF to CR, with its checksum. */
export function encodeGroup(mode: TicMode, group: TicGroup): string {
  if (mode === 'standard') {
    const body = group.horodate !== undefined ? `${group.label}\t${group.horodate}\t${group.data}\t` : `${group.label}\t${group.data}\t`;
    return `\n${body}${String.fromCharCode(ticChecksumOf(body))}\r`;
  }
  // historique and PME-PMI: mode 1, the separator before the checksum is not covered
  const body = `${group.label} ${group.data}`;
  return `\n${body} ${String.fromCharCode(ticChecksumOf(body))}\r`;
}

/** A whole frame, STX … ETX. */
export function encodeFrame(mode: TicMode, groups: readonly TicGroup[]): Buffer {
  let text = '\x02';
  for (const g of groups) text += encodeGroup(mode, g);
  text += '\x03';
  return Buffer.from(text, 'latin1');
}

/** Serial line speed of each mode's default (baud) and the wire time of n bytes (7E1 = 10 bits a char). */
export const DEFAULT_BAUD: Record<TicMode, number> = { historique: 1200, standard: 9600, 'pme-pmi': 1200 };
export function wireTimeMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}
