// What the bus decides about each reading and each scan, as pure functions over JSON-safe state:
// a value is accepted or refused with its reason (the error values of docs/sensing.md §3.1 and a
// plausibility limit), N refusals in a row make the probe lost, the next good value brings it
// back; a scan is compared with the known ROM ids; a new probe gets a name that stays its own.
import { problem, type Problem } from '../problem';
import { kindOf, type DeviceKind } from './rom';

export type ReadResult = { ok: true; value: number } | { ok: false; error: Problem };

export interface ProbeOptions {
  /** The largest change between two readings that is believed at once (°C or %RH). */
  maxJump: number;
  /** Failed reads in a row after which the probe is lost. */
  lostAfter: number;
}

export interface ProbeState {
  /** The last accepted value. */
  last: number | null;
  /** A value refused as a jump: a second reading close to it proves the change is real. */
  pending: number | null;
  failures: number;
  lost: boolean;
}

export interface Judgement {
  state: ProbeState;
  /** The accepted value, or undefined when refused. */
  value?: number;
  refused?: Problem;
  event?: 'lost' | 'recovered';
}

export const initialProbeState = (): ProbeState => ({ last: null, pending: null, failures: 0, lost: false });

/** DS18B20's power-up register value, and 0x07FF/16 which a probe short of power reports. */
const POWER_ON_RESET_C = 85;
const INSUFFICIENT_POWER_C = 127.9375;

/** The reason a temperature read is not a temperature, or null. */
function temperatureProblem(v: number, s: ProbeState, o: ProbeOptions): Problem | null {
  if (Math.abs(v - INSUFFICIENT_POWER_C) < 0.01) return problem('onewire.insufficientPower', { value: v });
  // 85 °C is believed only when the probe was already near it: a hot water tank can be at 85.
  if (v === POWER_ON_RESET_C && !(s.last !== null && Math.abs(s.last - v) <= o.maxJump))
    return problem('onewire.powerOnReset', { value: v });
  if (v < -55 || v > 125) return problem('onewire.range', { value: v, min: -55, max: 125 });
  return null;
}

function jumpProblem(v: number, s: ProbeState, o: ProbeOptions): Problem | null {
  if (s.last === null || Math.abs(v - s.last) <= o.maxJump) return null;
  if (s.pending !== null && Math.abs(v - s.pending) <= o.maxJump) return null;
  return problem('onewire.jump', { value: v, last: s.last, max: o.maxJump });
}

export function judge(s: ProbeState, read: ReadResult, kind: DeviceKind, o: ProbeOptions): Judgement {
  let refused: Problem | null = read.ok ? null : read.error;
  if (read.ok) refused = (kind === 'temperature' ? temperatureProblem(read.value, s, o) : null) ?? jumpProblem(read.value, s, o);
  if (refused) {
    const failures = s.failures + 1;
    const lost = s.lost || failures >= o.lostAfter;
    const pending = read.ok && refused.code === 'onewire.jump' ? read.value : s.pending;
    return { state: { ...s, failures, lost, pending }, refused, ...(lost && !s.lost ? { event: 'lost' as const } : {}) };
  }
  const value = (read as { value: number }).value;
  return {
    state: { last: value, pending: null, failures: 0, lost: false },
    value,
    ...(s.lost ? { event: 'recovered' as const } : {}),
  };
}

export function diffRoms(known: readonly string[], found: readonly string[]): { added: string[]; removed: string[] } {
  const k = new Set(known);
  const f = new Set(found);
  return { added: found.filter((r) => !k.has(r)), removed: known.filter((r) => !f.has(r)) };
}

const PREFIX: Record<DeviceKind, string> = { temperature: 'temp', humidity: 'humidity', switch: 'board', other: 'device' };

/**
 * Names for the ROM ids found: known ones keep theirs, a new one gets the next free number of
 * its kind (temp1, temp2…, humidity1, board1…), never a number a missing probe still holds.
 */
export function assignNames(names: Readonly<Record<string, string>>, found: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { ...names };
  for (const rom of [...found].sort()) {
    if (out[rom]) continue;
    const prefix = PREFIX[kindOf(rom)];
    const used = new Set(Object.values(out));
    let n = 1;
    while (used.has(`${prefix}${n}`)) n++;
    out[rom] = `${prefix}${n}`;
  }
  return out;
}
