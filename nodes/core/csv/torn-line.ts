// Crash repair: after kill -9 a file can end in the middle of a line; after a power cut it can also
// end in a run of NUL bytes (the file size reached the disk before the data did). The valid part of
// a file is its longest prefix of whole, parsable lines; everything after is cut at start-up.
import { type ParsedHeader, parseHeader, parseRow } from './rows';

const NL = 0x0a;

export interface TailCheck {
  /** Length in bytes of the valid prefix: the file is truncated to this. */
  validLength: number;
  /** The header when the file has a complete one; undefined = no complete header (delete the file). */
  header?: ParsedHeader;
  /** Number of bytes past validLength (0 = the file was already valid). */
  tornBytes: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Checks a file given its first line region (`head`, from offset 0) and its last bytes (`tail`,
 * ending at `fileSize`). Lines wholly inside the tail are validated; the first line of the tail may
 * be partial (the window starts mid-line) and is trusted because it was followed by a newline.
 */
export function checkTail(head: Uint8Array, tail: Uint8Array, fileSize: number): TailCheck {
  const headNl = head.indexOf(NL);
  if (headNl < 0) return { validLength: 0, tornBytes: fileSize };
  const header = parseHeader(decoder.decode(head.subarray(0, headNl)));
  if (!header) return { validLength: 0, tornBytes: fileSize };
  const headerEnd = headNl + 1;
  const tailStart = fileSize - tail.length;
  // Start of the first line we can see whole in the tail window.
  let pos: number;
  if (tailStart <= headerEnd) pos = headerEnd - tailStart;
  else {
    const firstNl = tail.indexOf(NL);
    if (firstNl < 0) return { validLength: headerEnd, header, tornBytes: fileSize - headerEnd };
    pos = firstNl + 1;
  }
  let valid = pos;
  while (pos < tail.length) {
    const nl = tail.indexOf(NL, pos);
    if (nl < 0) break;
    const row = parseRow(decoder.decode(tail.subarray(pos, nl)), header);
    if (!row) break;
    pos = nl + 1;
    valid = pos;
  }
  const validLength = tailStart + valid;
  return { validLength, header, tornBytes: fileSize - validLength };
}
