// Thresholds with hysteresis: a value hovering around a limit must not emit an event per sample.
// "above" turns on at value >= level and off only at value <= level - hysteresis.
import { problem, type Problem } from '../problem';

export interface Threshold {
  name: string;
  level: number;
  hysteresis: number;
}

export interface ThresholdEvent {
  name: string;
  level: number;
  state: 'above' | 'below';
  value: number;
}

export class ThresholdSet {
  private readonly above = new Map<string, boolean>();

  constructor(private readonly thresholds: Threshold[]) {}

  /** Feed one value; returns the crossings. The first value sets the states without emitting. */
  feed(value: number): ThresholdEvent[] {
    const events: ThresholdEvent[] = [];
    for (const t of this.thresholds) {
      const was = this.above.get(t.name);
      let now: boolean;
      if (was === undefined) now = value >= t.level;
      else if (was) now = value > t.level - t.hysteresis;
      else now = value >= t.level;
      this.above.set(t.name, now);
      if (was !== undefined && was !== now) events.push({ name: t.name, level: t.level, state: now ? 'above' : 'below', value });
    }
    return events;
  }

  states(): Record<string, 'above' | 'below'> {
    const out: Record<string, 'above' | 'below'> = {};
    for (const [k, v] of this.above) out[k] = v ? 'above' : 'below';
    return out;
  }
}

/**
 * Parse the editor's threshold list: "12.5/0.3 low_battery, 13.8/0.2" = level / hysteresis [name].
 * Returns the problem for anything else.
 */
export function parseThresholds(text: string): Threshold[] | Problem {
  const out: Threshold[] = [];
  const items = text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [i, item] of items.entries()) {
    const m = /^(-?\d+(?:\.\d+)?)(?:\s*\/\s*(\d+(?:\.\d+)?))?(?:\s+([\w.-]+))?$/.exec(item);
    if (!m) return problem('analog.threshold', { item });
    out.push({ level: Number(m[1]), hysteresis: m[2] ? Number(m[2]) : 0, name: m[3] ?? `t${i + 1}` });
  }
  return out;
}
