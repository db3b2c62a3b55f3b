// The files and values a 1-Wire device gives, turned into numbers or refused with a reason:
// the kernel's w1_slave text (two lines, a CRC verdict), the plain millidegree files, the DS2438's
// raw ASCII files, the DS2408's one-byte latch and state, and owfs's right-aligned numbers.
// Formats: docs/sensing.md §3 (linux drivers/w1, owfs ow_2438.c).
import { problem, type Problem } from '../problem';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Problem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = <T>(code: string, params: Record<string, string | number> = {}): Parsed<T> => ({
  ok: false,
  error: problem(`onewire.${code}`, params),
});

/** Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1, reflected), as the scratchpad's 9th byte and the ROM's 8th. */
export function crc8(bytes: ArrayLike<number>): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i] & 0xff;
    for (let k = 0; k < 8; k++) {
      const mix = (crc ^ b) & 1;
      crc >>= 1;
      if (mix) crc ^= 0x8c;
      b >>= 1;
    }
  }
  return crc;
}

/**
 * w1_therm's w1_slave: "72 01 … 57 : crc=57 YES" then "72 01 … 57 t=23125". The driver prints
 * on line 2 the bytes of the last good read but t= from the new ones, so t= is trusted only when
 * line 1 says YES and its bytes pass our own CRC too.
 */
export function parseW1Slave(text: string): Parsed<number> {
  if (text.trim() === '') return no('empty');
  const lines = text.trim().split('\n');
  const head = /^((?:[0-9a-f]{2} ){9}): crc=([0-9a-f]{2}) (YES|NO)$/i.exec(lines[0].trim());
  if (!head) return no('format', { text: lines[0].slice(0, 60) });
  if (head[3].toUpperCase() !== 'YES') return no('crc');
  const bytes = head[1]
    .trim()
    .split(' ')
    .map((h) => parseInt(h, 16));
  if (crc8(bytes.slice(0, 8)) !== bytes[8]) return no('crc');
  const t = /t=(-?\d+)\s*$/.exec(lines[1] ?? '');
  if (!t) return no('format', { text: (lines[1] ?? '').slice(0, 60) });
  return ok(Number(t[1]) / 1000);
}

/** A file holding one integer (the w1_therm `temperature` file in m°C, DS2438's raw values). */
export function parseInteger(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '') return no('empty');
  if (!/^-?\d+$/.test(s)) return no('format', { text: s.slice(0, 60) });
  return ok(Number(s));
}

/** owfs's numbers, right-aligned in 12 characters ("           4", "        23.5"). */
export function parseOwfsNumber(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '') return no('empty');
  const v = Number(s);
  return Number.isFinite(v) ? ok(v) : no('format', { text: s.slice(0, 60) });
}

/** w1_ds2438: `temperature` is 1/256 °C, `vad`/`vdd` are 1/100 V. */
export function ds2438Temperature(raw: number): number {
  return raw / 256;
}
export function ds2438Volts(raw: number): number {
  return raw / 100;
}

/**
 * HIH-4000 on a DS2438 (owfs FS_Humid_4000, Honeywell 2007): the sensor's %RH from VAD/VDD,
 * corrected for the DS2438's temperature. Refused when VDD is too low to divide by or the result
 * is not a humidity (a disconnected sensor reads far outside 0–100).
 */
export function hih4000(vad: number, vdd: number, temperatureC: number): Parsed<number> {
  if (!(vdd >= 0.01)) return no('vdd', { vdd });
  const sensor = (vad / vdd - 0.16) / 0.0062;
  const rh = sensor / (1.0546 - 0.00216 * temperatureC);
  // The sensor's own spread reaches a few % past the ends: clamp those, refuse the rest.
  if (rh < -5 || rh > 105) return no('humidityRange', { value: Math.round(rh * 10) / 10 });
  return ok(Math.min(100, Math.max(0, rh)));
}

/**
 * The DS2408 as the nodes see it: bit n set = channel n+1 conducting (relay on). The kernel's
 * `output`/`state` are raw PIO levels where a 0 bit turns the transistor on; owfs's PIO.BYTE is
 * already "1 = on".
 */
export function onMaskFromRawLatch(raw: number): number {
  return ~raw & 0xff;
}
export function rawLatchFromOnMask(mask: number): number {
  return ~mask & 0xff;
}

/** The one byte of a DS2408 binary attribute. */
export function parseDs2408Byte(buf: Uint8Array): Parsed<number> {
  if (buf.length < 1) return no('empty');
  return ok(buf[0]);
}
