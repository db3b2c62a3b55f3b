// Parses one information group from its END, as the spec requires: the last byte is the
// checksum (which may itself be a space), the byte before it is the separator, and the
// first separator closes the label. Data may therefore contain the separator (standard
// NGTF/LTARF/MSG1/PJOURF+1, PME-PMI values) without confusing the parser.
import { HT, SP } from './checksum';
import type { RejectReason, TicGroup } from './types';

export const MAX_LABEL_LENGTH = 8;
/** Longest legal group body is PJOURF+1: 8 + 1 + 98 + 1 + 1 = 109 bytes between LF and CR. */
export const MAX_GROUP_LENGTH = 128;

export type GroupResult = TicGroup | RejectReason;

/**
 * Group body = the bytes between LF and CR (both excluded), in buf[0, len).
 * `latin1` turns a byte range into a string; it is passed in so the hot path can use
 * Buffer's native slice without this module depending on Buffer.
 */
export function parseGroup(buf: Uint8Array, len: number, latin1: (start: number, end: number) => string): GroupResult {
  if (len < 4) return 'structure';
  const chk = buf[len - 1];
  const sep = buf[len - 2];
  if (chk < 0x20 || chk > 0x5f) return 'checksum';
  if (sep !== SP && sep !== HT) return 'structure';

  // Standard mode ("mode 2") covers the final HT; historique/PME-PMI ("mode 1") stops before the final SP.
  const covered = sep === HT ? len - 1 : len - 2;
  let sum = 0;
  let labelEnd = -1;
  let secondSep = -1;
  for (let i = 0; i < covered; i++) {
    const b = buf[i];
    sum += b;
    if (b === sep) {
      if (labelEnd < 0) labelEnd = i;
      else if (secondSep < 0 && i < len - 2) secondSep = i;
    } else if (b < 0x20 || b > 0x7e) {
      return 'non-printable';
    }
  }
  if (((sum & 0x3f) + 0x20) !== chk) return 'checksum';
  if (labelEnd <= 0 || labelEnd > MAX_LABEL_LENGTH) return 'structure';

  const label = latin1(0, labelEnd);
  const dataEnd = len - 2;
  if (sep === HT && secondSep > 0 && secondSep < dataEnd) {
    // label HT horodate HT data HT chk
    return { label, horodate: latin1(labelEnd + 1, secondSep), data: latin1(secondSep + 1, dataEnd) };
  }
  if (labelEnd + 1 > dataEnd) return 'structure';
  return { label, data: latin1(labelEnd + 1, dataEnd) };
}
