// The TIC checksum: sum of the covered bytes, low 6 bits, plus 0x20 (always printable,
// and may be a space). Which bytes are covered depends on the mode: historique ("mode 1")
// stops at the end of the data, standard ("mode 2") includes the final separator.

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const LF = 0x0a;
export const CR = 0x0d;
export const HT = 0x09;
export const SP = 0x20;

/** Checksum of an ASCII string: what a meter appends to a group (the parser sums bytes inline). */
export function ticChecksumOf(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return (sum & 0x3f) + 0x20;
}
