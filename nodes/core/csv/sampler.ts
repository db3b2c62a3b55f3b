// How often a source is recorded. "every" keeps each message; "interval" keeps one row per N s with
// the average, min and max of each gauge (counters keep their last value: an averaged index means
// nothing); "change" keeps a row when a value changed, plus a heartbeat row every N s if N > 0.
import { fieldKind, type Labels, type Values } from './fields';
import type { Row } from './rows';
import { problem, type Problem } from '../problem';

export type RecordMode = 'every' | 'interval' | 'change';

export interface RecordPolicy {
  mode: RecordMode;
  intervalMs: number;
}

export interface Acc {
  sum: number;
  n: number;
  min: number;
  max: number;
  last: number;
}

/**
 * The interval still open, as JSON: kept across a redeploy or restart instead of being written as a
 * partial row, so the minute is resumed and written once (a partial row at close and a second row
 * for the same minute after the restart repeated the timestamp after every deploy).
 */
export interface OpenInterval {
  bucket: number;
  intervalMs: number;
  accs: Record<string, Acc>;
  labels?: Labels;
}

function withLabels(t: number, values: Values, labels: Labels | undefined): Row {
  return labels && Object.keys(labels).length ? { t, values, labels: { ...labels } } : { t, values };
}

export class Sampler {
  private bucket: number | undefined;
  private accs = new Map<string, Acc>();
  private labels: Labels | undefined;
  private lastEmitted: Values | undefined;
  private lastLabels: Labels | undefined;
  private lastEmitT = -Infinity;

  constructor(readonly policy: RecordPolicy) {}

  push(t: number, values: Values, labels?: Labels): Row[] {
    switch (this.policy.mode) {
      case 'every':
        return [withLabels(t, { ...values }, labels)];
      case 'change':
        return this.pushChange(t, values, labels);
      case 'interval':
        return this.pushInterval(t, values, labels);
    }
  }

  /** The open interval, to carry over a restart; undefined when none is open. */
  snapshot(): OpenInterval | undefined {
    if (this.policy.mode !== 'interval' || this.bucket === undefined || this.accs.size === 0) return undefined;
    return {
      bucket: this.bucket,
      intervalMs: this.policy.intervalMs,
      accs: Object.fromEntries([...this.accs].map(([k, a]) => [k, { ...a }])),
      ...(this.labels ? { labels: { ...this.labels } } : {}),
    };
  }

  /** The row of a saved interval that cannot be resumed (the interval length changed meanwhile). */
  static rowsOf(open: OpenInterval): Row[] {
    const s = new Sampler({ mode: 'interval', intervalMs: open.intervalMs });
    s.restore(open);
    return s.drain();
  }

  /** Reopens an interval saved by snapshot(); ignored when the interval length changed meanwhile. */
  restore(open: OpenInterval): boolean {
    if (this.policy.mode !== 'interval' || open.intervalMs !== this.policy.intervalMs || this.bucket !== undefined) return false;
    this.bucket = open.bucket;
    this.accs = new Map(Object.entries(open.accs).map(([k, a]) => [k, { ...a }]));
    this.labels = open.labels ? { ...open.labels } : undefined;
    return true;
  }

  /** Rows whose interval has ended by `now` (call before each flush). */
  tick(now: number): Row[] {
    if (this.policy.mode !== 'interval' || this.bucket === undefined) return [];
    if (now < this.bucket + this.policy.intervalMs) return [];
    return this.drain();
  }

  /** The partial interval, emitted on close so a redeploy loses nothing. */
  drain(): Row[] {
    if (this.policy.mode !== 'interval' || this.bucket === undefined || this.accs.size === 0) return [];
    const values: Values = {};
    for (const [name, a] of this.accs) {
      if (fieldKind(name) === 'counter') values[name] = a.last;
      else {
        values[name] = a.sum / a.n;
        values[`${name}_min`] = a.min;
        values[`${name}_max`] = a.max;
      }
    }
    const row = withLabels(this.bucket, values, this.labels);
    this.bucket = undefined;
    this.accs.clear();
    this.labels = undefined;
    return [row];
  }

  private pushInterval(t: number, values: Values, labels: Labels | undefined): Row[] {
    const size = this.policy.intervalMs;
    const bucket = Math.floor(t / size) * size;
    const out = this.bucket !== undefined && bucket !== this.bucket ? this.drain() : [];
    this.bucket = bucket;
    // The period or colour at the end of the interval, like a counter's last value.
    if (labels && Object.keys(labels).length) this.labels = { ...(this.labels ?? {}), ...labels };
    for (const [name, v] of Object.entries(values)) {
      const a = this.accs.get(name);
      if (!a) this.accs.set(name, { sum: v, n: 1, min: v, max: v, last: v });
      else {
        a.sum += v;
        a.n++;
        a.min = Math.min(a.min, v);
        a.max = Math.max(a.max, v);
        a.last = v;
      }
    }
    return out;
  }

  private pushChange(t: number, values: Values, labels: Labels | undefined): Row[] {
    const prev = this.lastEmitted;
    const prevLabels = this.lastLabels;
    const changed =
      !prev ||
      Object.entries(values).some(([k, v]) => prev[k] !== v) ||
      Object.entries(labels ?? {}).some(([k, v]) => prevLabels?.[k] !== v);
    const heartbeat = this.policy.intervalMs > 0 && t - this.lastEmitT >= this.policy.intervalMs;
    if (!changed && !heartbeat) return [];
    this.lastEmitted = { ...(prev ?? {}), ...values };
    if (labels) this.lastLabels = { ...(prevLabels ?? {}), ...labels };
    this.lastEmitT = t;
    return [withLabels(t, { ...values }, labels)];
  }
}

/** Per-source rules, one per line: "<source> every", "<source> interval 60", "<source> change 300". */
export function parsePolicyRules(text: string): Map<string, RecordPolicy> | Problem {
  const rules = new Map<string, RecordPolicy>();
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const m = /^([A-Za-z0-9_-]+)\s+(every|interval|change)(?:\s+(\d+(?:\.\d+)?))?$/.exec(line);
    if (!m) return problem('rules.syntax', { line });
    const seconds = m[3] === undefined ? undefined : Number(m[3]);
    const mode = m[2] as RecordMode;
    if (mode === 'interval' && (seconds === undefined || seconds < 1)) return problem('rules.interval', { line });
    rules.set(m[1] as string, { mode, intervalMs: Math.round((seconds ?? 0) * 1000) });
  }
  return rules;
}
