// Folds rows into fixed buckets. Per bucket and field: gauges → average (field), min (field_min),
// max (field_max); counters → energy in the bucket as the sum of positive index steps (field; a step
// down is a meter reset or swap and counts 0) and the index at the bucket end (field_last); sources
// with no counter get their power fields integrated over time (field_Wh). "count" = rows folded.
import { fieldKind, type Values } from '../csv/fields';
import type { Row } from '../csv/rows';
import { type AggResolution, bucketEnd, bucketStart } from './buckets';

/** Power held longer than this between two rows is not integrated (the source was silent). */
const DEFAULT_GAP_CAP_MS = 15 * 60_000;

interface GaugeAcc {
  sum: number;
  n: number;
  min: number;
  max: number;
}
interface CounterAcc {
  delta: number;
  last: number;
}

interface Bucket {
  start: number;
  end: number;
  count: number;
  gauges: Map<string, GaugeAcc>;
  counters: Map<string, CounterAcc>;
  energy: Map<string, number>;
}

export class Aggregator {
  private open: Bucket | undefined;
  /** Start of the newest bucket already written: rows before its end were folded before. */
  private doneUntil = -Infinity;
  private counterLast = new Map<string, number>();
  private lastPower: { t: number; values: Map<string, number> } | undefined;
  private hasCounter = false;

  constructor(
    readonly resolution: AggResolution,
    private readonly gapCapMs = DEFAULT_GAP_CAP_MS,
  ) {}

  /** Continue after the last aggregate row on disk (restart): skip what it covers, keep its indexes. */
  prime(lastAggRow: Row | undefined): void {
    if (!lastAggRow) return;
    this.doneUntil = bucketEnd(lastAggRow.t, this.resolution);
    for (const [k, v] of Object.entries(lastAggRow.values)) {
      if (k.endsWith('_last')) {
        this.counterLast.set(k.slice(0, -5), v);
        this.hasCounter = true;
      }
    }
  }

  /** Folds a row; returns the buckets it closed (rows must arrive in time order). */
  push(row: Row): Row[] {
    if (row.t < this.doneUntil) return [];
    const out: Row[] = [];
    // The last power reading is held until this row; its energy goes to the bucket it was read in.
    const lp = this.lastPower;
    if (lp && this.open && row.t > lp.t) {
      const held = Math.min(row.t - lp.t, this.gapCapMs);
      for (const [name, p] of lp.values) this.open.energy.set(name, (this.open.energy.get(name) ?? 0) + (p * held) / 3_600_000);
    }
    if (lp) lp.t = row.t;
    if (this.open && row.t >= this.open.end) out.push(this.close());
    if (!this.open) {
      const start = bucketStart(row.t, this.resolution);
      this.open = { start, end: bucketEnd(start, this.resolution), count: 0, gauges: new Map(), counters: new Map(), energy: new Map() };
    }
    this.fold(this.open, row);
    return out;
  }

  /** The open bucket as a row, without closing it (for answering queries up to now). */
  peek(): Row | undefined {
    return this.open ? toRow(this.open, this.hasCounter) : undefined;
  }

  private close(): Row {
    const b = this.open as Bucket;
    this.open = undefined;
    this.doneUntil = b.end;
    return toRow(b, this.hasCounter);
  }

  private fold(b: Bucket, row: Row): void {
    const values = row.values;
    b.count++;
    const power = new Map<string, number>();
    for (const [name, v] of Object.entries(values)) {
      const base = companionBase(name, values);
      if (base !== undefined) continue;
      const kind = fieldKind(name);
      if (kind === 'counter') {
        this.hasCounter = true;
        const prev = this.counterLast.get(name);
        const c = b.counters.get(name) ?? { delta: 0, last: v };
        if (prev !== undefined && v > prev) c.delta += v - prev;
        c.last = v;
        b.counters.set(name, c);
        this.counterLast.set(name, v);
        continue;
      }
      if (kind === 'power') power.set(name, v);
      const g = b.gauges.get(name);
      if (!g) b.gauges.set(name, { sum: v, n: 1, min: v, max: v });
      else {
        g.sum += v;
        g.n++;
        g.min = Math.min(g.min, v);
        g.max = Math.max(g.max, v);
      }
    }
    // Interval-mode rows carry their own min / max: they widen the base field's range.
    for (const [name, v] of Object.entries(values)) {
      const base = companionBase(name, values);
      const g = base === undefined ? undefined : b.gauges.get(base);
      if (g) {
        if (name.endsWith('_min')) g.min = Math.min(g.min, v);
        else g.max = Math.max(g.max, v);
      }
    }
    if (power.size) this.lastPower = { t: row.t, values: power };
  }
}

function companionBase(name: string, values: Values): string | undefined {
  const m = /^(.*)_(min|max)$/.exec(name);
  return m && m[1] !== undefined && m[1] in values ? m[1] : undefined;
}

function toRow(b: Bucket, hasCounter: boolean): Row {
  const values: Values = { count: b.count };
  for (const [name, g] of b.gauges) {
    values[name] = g.sum / g.n;
    values[`${name}_min`] = g.min;
    values[`${name}_max`] = g.max;
  }
  for (const [name, c] of b.counters) {
    values[name] = c.delta;
    values[`${name}_last`] = c.last;
  }
  if (!hasCounter) for (const [name, e] of b.energy) values[`${name}_Wh`] = e;
  return { t: b.start, values };
}
