// The readings an MCU front end prints on its serial line (emonTx V3 CM firmware, emonTx4,
// emonPi, an ESP32 running emonLibCM): one `key:value` list per line at 115200 8N1, e.g.
// `MSG:1,Vrms:230.1,P1:79,P2:0,E1:0,pulse:1`. The MCU has already computed power with
// emonLibCM, so the line is turned into the same period result as our own accumulator's:
// signed P (direction) exists only when the line carries Vrms. E1..E4 are the MCU's net Wh and
// are not used as our registers: import and export are integrated from P, kept apart.
import { problem, type Problem } from '../problem';
import type { ChannelResult, PeriodResult } from './accumulator';

export interface EmonLine {
  msg?: number;
  vrms?: number;
  hz?: number;
  /** Per channel 1..4 (index 0..3). */
  p: Array<number | undefined>;
  i: Array<number | undefined>;
  pf: Array<number | undefined>;
}

const CHANNEL_KEY = /^(P|I|PF|E)(\d)$/i;

/** Parses one line; a line without a single `key:value` pair is a problem, unknown keys are skipped. */
export function parseEmonLine(text: string): { ok: true; line: EmonLine } | { ok: false; problem: Problem } {
  const line: EmonLine = { p: [], i: [], pf: [] };
  const trimmed = text.trim();
  let pairs = 0;
  for (const part of trimmed.split(',')) {
    const at = part.indexOf(':');
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) continue;
    pairs++;
    const lower = key.toLowerCase();
    if (lower === 'msg') line.msg = value;
    else if (lower === 'vrms' || lower === 'v') line.vrms = value;
    else if (lower === 'hz' || lower === 'f' || lower === 'freq') line.hz = value;
    else {
      const m = CHANNEL_KEY.exec(key);
      if (!m) continue;
      const ch = Number(m[2]) - 1;
      if (ch < 0 || ch > 3) continue;
      const kind = m[1].toUpperCase();
      if (kind === 'P') line.p[ch] = value;
      else if (kind === 'I') line.i[ch] = value;
      else if (kind === 'PF') line.pf[ch] = value;
    }
  }
  if (pairs === 0) return { ok: false, problem: problem('ct.line-unreadable', { line: trimmed.slice(0, 40) }) };
  return { ok: true, line };
}

export interface LineChannel {
  enabled: boolean;
  invert: boolean;
}

/**
 * The period result of one line, `seconds` after the previous one. Without Vrms the MCU's P
 * is apparent power from its assumed voltage: no direction. AC is present when Vrms is above
 * 10 % of nominal (an MCU fed from a UPS-backed USB port keeps printing through a cut).
 */
export function lineResult(line: EmonLine, channels: readonly LineChannel[], nominalV: number, seconds: number): PeriodResult {
  const hasV = line.vrms !== undefined;
  const vrms = line.vrms ?? 0;
  const ac = hasV ? vrms > nominalV * 0.1 : true;
  const hasDirection = hasV && ac;
  const out: Array<ChannelResult | null> = channels.map((c, k) => {
    const p = line.p[k];
    if (!c.enabled || p === undefined) return null;
    const signed = hasDirection ? (c.invert ? -p : p) : Math.abs(p);
    const volts = hasDirection ? vrms : nominalV;
    const given = line.i[k];
    const currentA = given !== undefined && given >= 0 ? given : volts > 0 ? Math.abs(p) / volts : 0;
    const va = Math.max(currentA * volts, Math.abs(signed));
    const pf = hasDirection && va > 0 ? Math.min(1, Math.abs(signed) / va) : 0;
    return { currentA, powerW: signed, apparentPowerVA: va, powerFactor: pf };
  });
  return {
    startSet: 0,
    sets: 0,
    durationS: seconds,
    hasDirection,
    voltageV: vrms,
    frequencyHz: hasDirection ? (line.hz ?? 0) : 0,
    acPresent: ac,
    acKnown: hasV,
    noAc: hasV && !ac,
    channels: out,
  };
}
