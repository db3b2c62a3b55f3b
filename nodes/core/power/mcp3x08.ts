// The MCP3008 (10 bits) and MCP3208 (12 bits) on SPI: the bytes of one single-ended
// conversion, and a burst of sample sets (V, then the currents, in turn) decoded into a sample
// frame for the accumulator. The chip converts one channel at a time, so each current sample is
// taken a fixed number of conversions after its set's voltage sample: the skew that the
// accumulator corrects, computed here from the burst's measured duration.
import type { FrontEnd, SampleFrame } from './accumulator';

export type McpChip = 'mcp3008' | 'mcp3208';

function adcBitsOf(chip: McpChip): number {
  return chip === 'mcp3008' ? 10 : 12;
}

/** The 3 bytes sent for a single-ended read of `channel` (0..7). */
export function commandBytes(chip: McpChip, channel: number): [number, number, number] {
  if (chip === 'mcp3008') return [0x01, (0x08 | channel) << 4, 0x00];
  return [0x06 | (channel >> 2), (channel & 3) << 6, 0x00];
}

/** The count in the 3 bytes received. */
export function countOf(chip: McpChip, rx: ArrayLike<number>, at = 0): number {
  return chip === 'mcp3008' ? ((rx[at + 1] & 0x03) << 8) | rx[at + 2] : ((rx[at + 1] & 0x0f) << 8) | rx[at + 2];
}

/** The order of conversions in one set: the voltage input first, then each current input. */
export function setOrder(vChannel: number, iChannels: readonly number[]): number[] {
  return [vChannel, ...iChannels];
}

/** Decodes a burst's received bytes (3 per conversion, sets × order.length conversions). */
export function decodeBurst(chip: McpChip, rx: ArrayLike<number>, order: readonly number[], sets: number): SampleFrame {
  const per = order.length;
  const v = new Uint16Array(sets);
  const i = Array.from({ length: per - 1 }, () => new Uint16Array(sets));
  for (let k = 0; k < sets; k++) {
    const base = k * per * 3;
    v[k] = countOf(chip, rx, base);
    for (let c = 1; c < per; c++) i[c - 1][k] = countOf(chip, rx, base + c * 3);
  }
  return { v, i, fresh: true };
}

/** The front end of a burst that took `durationUs`: conversions evenly spaced, currents after V. */
export function burstFrontEnd(chip: McpChip, vrefV: number, channels: number, sets: number, durationUs: number): FrontEnd {
  const convUs = durationUs / (sets * (channels + 1));
  return {
    adcBits: adcBitsOf(chip),
    vrefV,
    setIntervalUs: convUs * (channels + 1),
    skewUs: Array.from({ length: channels }, (_, c) => convUs * (c + 1)),
  };
}
