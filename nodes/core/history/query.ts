// A history request, validated: which source, which span, which resolution. The resolution follows
// the span unless asked for, so a chart gets a few hundred to a few thousand points: raw rows up to
// 6 h, 10-minute buckets up to 8 days, hours up to 3 months, days beyond.
import { SOURCE_RE } from '../csv/paths';
import { parseDayKey } from '../csv/local-time';
import { AGG_RESOLUTIONS, type Resolution } from './buckets';
import { problem, type Problem } from '../problem';

const MAX_SPAN_MS = 20 * 366 * 86_400_000;
const MAX_RAW_SPAN_MS = 31 * 86_400_000;
/**
 * The most buckets one answer may hold: a chart is a few hundred pixels wide, and 10-min buckets
 * over 20 years (a million rows, 200 MB of JSON) took a Pi's memory from 169 MB to 1.5 GB.
 */
const MAX_POINTS = 10_000;
const BUCKET_MS: Record<Exclude<Resolution, 'raw'>, number> = { '10min': 600_000, hour: 3_600_000, day: 86_400_000 };

export interface HistoryQuery {
  source: string;
  from: number;
  to: number;
  resolution: Resolution;
  /** Only these fields (undefined = all). */
  fields?: string[];
}

export interface QueryInput {
  source?: unknown;
  from?: unknown;
  to?: unknown;
  resolution?: unknown;
  fields?: unknown;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 365 * 86_400_000 };

/** A time as ms, an ISO date / date-time, "now", or relative to now: "-24h", "-7d", "-1y". */
export function parseTimeSpec(spec: unknown, now: number): number | undefined {
  if (typeof spec === 'number') return Number.isFinite(spec) ? spec : undefined;
  if (spec instanceof Date) return Number.isFinite(spec.getTime()) ? spec.getTime() : undefined;
  if (typeof spec !== 'string') return undefined;
  const s = spec.trim();
  if (s === 'now') return now;
  const rel = /^-(\d+(?:\.\d+)?)\s*([smhdwy])$/.exec(s);
  if (rel) return now - Number(rel[1]) * (UNIT_MS[rel[2] as string] as number);
  if (/^\d{10,}$/.test(s)) return Number(s);
  // A bare date means local midnight, as a user typing "2026-11-24" expects.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (day) {
    const t = parseDayKey(s);
    return Number.isFinite(t) ? t : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

export function chooseResolution(spanMs: number): Resolution {
  if (spanMs <= 6 * 3_600_000) return 'raw';
  if (spanMs <= 8 * 86_400_000) return '10min';
  if (spanMs <= 93 * 86_400_000) return 'hour';
  return 'day';
}

/** The validated query, or the problem with it (→ HTTP 400 / node.error). */
export function validateQuery(input: QueryInput, now: number): HistoryQuery | Problem {
  if (typeof input.source !== 'string' || !SOURCE_RE.test(input.source)) {
    return problem('history.source');
  }
  const from = input.from === undefined || input.from === '' ? now - 86_400_000 : parseTimeSpec(input.from, now);
  if (from === undefined) return problem('history.time', { field: 'from', value: String(input.from) });
  const to = input.to === undefined || input.to === '' ? now : parseTimeSpec(input.to, now);
  if (to === undefined) return problem('history.time', { field: 'to', value: String(input.to) });
  if (!(from < to)) return problem('history.order');
  if (to - from > MAX_SPAN_MS) return problem('history.span');
  let resolution: Resolution;
  if (input.resolution === undefined || input.resolution === '' || input.resolution === 'auto') resolution = chooseResolution(to - from);
  else if (input.resolution === 'raw' || (AGG_RESOLUTIONS as readonly unknown[]).includes(input.resolution))
    resolution = input.resolution as Resolution;
  else return problem('history.resolution');
  if (resolution === 'raw' && to - from > MAX_RAW_SPAN_MS) return problem('history.rawSpan');
  if (resolution !== 'raw' && (to - from) / BUCKET_MS[resolution] > MAX_POINTS) {
    const coarser = AGG_RESOLUTIONS.find((r) => (to - from) / BUCKET_MS[r] <= MAX_POINTS) ?? 'day';
    return problem('history.points', { resolution, max: MAX_POINTS, coarser });
  }
  let fields: string[] | undefined;
  if (input.fields !== undefined && input.fields !== '') {
    const list = typeof input.fields === 'string' ? input.fields.split(',') : input.fields;
    if (!Array.isArray(list) || !list.every((f) => typeof f === 'string' && /^[A-Za-z0-9_-]+$/.test(f.trim()))) {
      return problem('history.fields');
    }
    fields = list.map((f: string) => f.trim());
  }
  return { source: input.source, from, to, resolution, ...(fields ? { fields } : {}) };
}

export interface ChartPoint {
  x: number;
  y: number;
  series: string;
}

/** Rows → points for a chart (Dashboard 2 ui-chart: x, y and series keys), one series per field. */
export function toChartPoints(rows: readonly { t: number; values: Record<string, number> }[], fields?: readonly string[]): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const row of rows) {
    for (const [name, y] of Object.entries(row.values)) {
      if (fields ? fields.includes(name) : name !== 'count') out.push({ x: row.t, y, series: name });
    }
  }
  return out;
}
