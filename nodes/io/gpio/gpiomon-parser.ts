// gpiomon prints one line per edge. We ask for a fixed format so parsing is exact:
//  libgpiod 1.6 (Debian bookworm): -F '%e %o %s %n'  -> "1 17 1234 567890123" (1 rising, 0 falling)
//  libgpiod 2.x (Debian trixie):   -F '%e %o %S'     -> "1 17 1234.567890123" (1 rising, 2 falling)
// 1.6's default format ("event:  RISING EDGE offset: 17 timestamp: [1234.567890123]") is accepted too,
// in case a wrapper script drops -F.

import type { Level } from './types';

export type GpiodVersion = 1 | 2;

export interface GpiomonEvent {
  line: number;
  level: Level;
  /** Kernel timestamp in ms (float, sub-ms precision kept). */
  tMs: number;
}

export function gpiomonFormat(version: GpiodVersion): string {
  return version === 1 ? '%e %o %s %n' : '%e %o %S';
}

function ms(sec: string, nsec: string): number {
  return Number(sec) * 1000 + Number(nsec) / 1e6;
}

export function parseGpiomonLine(text: string, version: GpiodVersion): GpiomonEvent | null {
  const line = text.trim();
  let m = /^event:\s+(RISING|FALLING) EDGE offset:\s*(\d+) timestamp:\s*\[\s*(\d+)\.(\d+)\]$/.exec(line);
  if (m) return { level: m[1] === 'RISING' ? 1 : 0, line: Number(m[2]), tMs: ms(m[3], m[4].padEnd(9, '0')) };
  if (version === 1) {
    m = /^([01]) (\d+) (\d+) (\d+)$/.exec(line);
    if (m) return { level: m[1] === '1' ? 1 : 0, line: Number(m[2]), tMs: ms(m[3], m[4]) };
    return null;
  }
  m = /^([12]) (\d+) (\d+)\.(\d+)$/.exec(line);
  if (m) return { level: m[1] === '1' ? 1 : 0, line: Number(m[2]), tMs: ms(m[3], m[4].padEnd(9, '0')) };
  return null;
}

/** "gpiomon (libgpiod) v1.6.3" -> 1; "gpiomon (libgpiod) v2.1" -> 2. */
export function parseGpiodVersion(text: string): GpiodVersion | null {
  const m = /libgpiod\)\s*v(\d+)\./.exec(text);
  if (!m) return null;
  return Number(m[1]) >= 2 ? 2 : 1;
}

/**
 * Kernel edge timestamps are CLOCK_MONOTONIC on kernels >= 5.7 and CLOCK_REALTIME before.
 * Returns the offset to add to get epoch ms: 0 when the stamp already looks like wall time.
 */
export function kernelToEpochOffset(kernelMs: number, nowEpochMs: number, nowMonotonicMs: number): number {
  return Math.abs(kernelMs - nowEpochMs) < 86_400_000 ? 0 : nowEpochMs - nowMonotonicMs;
}
