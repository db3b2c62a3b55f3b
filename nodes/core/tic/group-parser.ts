// Parses one information group from its END, as the spec requires: the last byte is the
// checksum (which may itself be a space), the byte before it is the separator, and the
// first separator closes the label. Data may therefore contain the separator (standard
// NGTF/LTARF/MSG1/PJOURF+1, PME-PMI values) without confusing the parser.
//
// A meter repeats most groups unchanged from frame to frame, so the parser remembers the
// last group of each label and hands back the very same object when the bytes match: no
// string is built for an unchanged group, and the decoder recognises it by identity.
import { HT, SP } from './checksum';
import type { RejectReason, TicGroup } from './types';

/** The spec says 8, but its own table has SMAXSN1-1…SMAXSN3-1, nine characters. */
const MAX_LABEL_LENGTH = 9;
/** Longest legal group body is PJOURF+1: 8 + 1 + 98 + 1 + 1 = 109 bytes between LF and CR. */
export const MAX_GROUP_LENGTH = 128;

/** A control byte (other than HT) inside the group: the framer must handle it byte by byte. */
export const CONTROL = 'control';
export type GroupResult = TicGroup | RejectReason | typeof CONTROL;

type Latin1Slicer = { latin1Slice?: (start: number, end: number) => string };
const nativeLatin1 = (Buffer.prototype as unknown as Latin1Slicer).latin1Slice;
/** Buffer's own latin1 slicer skips toString's argument checks: it runs for every changed group. */
function latin1(buf: Buffer, start: number, end: number): string {
  return nativeLatin1 !== undefined ? nativeLatin1.call(buf, start, end) : buf.toString('latin1', start, end);
}

function sameText(buf: Uint8Array, start: number, end: number, text: string | undefined): boolean {
  if (text === undefined || text.length !== end - start) return false;
  for (let i = start; i < end; i++) if (buf[i] !== text.charCodeAt(i - start)) return false;
  return true;
}

export class GroupParser {
  /** Last group seen for each label, keyed by a hash of the label bytes. */
  private readonly last = new Map<number, TicGroup>();

  /** Parses the group body buf[start, end): the bytes between LF and CR, both excluded. */
  parse(buf: Buffer, start: number, end: number): GroupResult {
    const len = end - start;
    if (len < 4) {
      for (let i = start; i < end; i++) if (buf[i] < 0x20 && buf[i] !== HT) return CONTROL;
      return 'structure';
    }
    const chk = buf[end - 1];
    const sep = buf[end - 2];
    // one pass in two loops: the label (hashed) up to the first separator, then the rest
    let sum = 0;
    let labelEnd = -1;
    let secondHt = -1;
    let hash = 0;
    let nonPrintable = false;
    const last = end - 1;
    let i = start;
    for (; i < last; i++) {
      const b = buf[i];
      sum += b;
      if (b === sep) {
        labelEnd = i;
        i++;
        break;
      }
      if (b <= 0x20 || b > 0x7e) {
        if (b < 0x20 && b !== HT) return CONTROL;
        nonPrintable = true;
      }
      hash = (hash * 31 + b) | 0;
    }
    for (; i < last; i++) {
      const b = buf[i];
      sum += b;
      // one unsigned compare keeps printable bytes (0x20..0x7e) on the fast path
      if ((b - 0x20) >>> 0 > 0x5e) {
        if (b === HT) {
          if (sep !== HT) nonPrintable = true;
          else if (secondHt < 0 && i < end - 2) secondHt = i;
        } else if (b < 0x20) return CONTROL;
        else nonPrintable = true;
      }
    }
    if (chk < 0x20) return CONTROL;
    if (chk > 0x5f) return nonPrintable || chk > 0x7e ? 'non-printable' : 'checksum';
    if (sep !== SP && sep !== HT) return 'structure';
    // standard ("mode 2") covers the final HT; historique / PME-PMI ("mode 1") stops before the final SP
    if (sep === SP) sum -= SP;
    if ((sum & 0x3f) + 0x20 !== chk) return 'checksum';
    if (nonPrintable) return 'non-printable';
    const labelLen = labelEnd - start;
    if (labelEnd < 0 || labelLen === 0 || labelLen > MAX_LABEL_LENGTH) return 'structure';

    const dataEnd = end - 2;
    let hStart = -1;
    let dataStart = labelEnd + 1;
    if (secondHt > 0) {
      hStart = labelEnd + 1;
      dataStart = secondHt + 1;
    }
    if (dataStart > dataEnd) return 'structure';

    const key = (hash * 16 + labelLen) | 0;
    const prev = this.last.get(key);
    const labelKnown = prev !== undefined && sameText(buf, start, labelEnd, prev.label);
    if (
      labelKnown &&
      sameText(buf, dataStart, dataEnd, prev.data) &&
      (hStart < 0 ? prev.horodate === undefined : sameText(buf, hStart, secondHt, prev.horodate))
    ) {
      return prev;
    }
    const label = labelKnown ? prev.label : latin1(buf, start, labelEnd);
    const group: TicGroup =
      hStart < 0
        ? { label, data: latin1(buf, dataStart, dataEnd) }
        : { label, horodate: latin1(buf, hStart, secondHt), data: latin1(buf, dataStart, dataEnd) };
    this.last.set(key, group);
    return group;
  }
}
