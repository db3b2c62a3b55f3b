// The model behind wes-chart-feed: named series of (time, value) points kept for a retention
// period (a day by default) at a bounded resolution (1 s by default), rendered on demand as a
// downsampled window in the data shapes the dashboards accept. No clock: times are passed in.
import { bucketDuration, minMaxDownsample, type TimePoint } from './downsample';
import { SeriesBuffer } from './series-buffer';

export interface ChartFeedOptions {
  /** How long points are kept, ms (the longest window that can be shown). */
  retentionMs: number;
  /** Points closer than this are merged (the later value wins), ms. */
  resolutionMs: number;
  /** Window rendered, ms (<= retentionMs). */
  windowMs: number;
  /** Budget of chart points per series for one rendering. */
  maxPoints: number;
  /** Most series accepted; protects memory from a topic that changes on every message. */
  maxSeries: number;
}

const DEFAULT_CHART_FEED_OPTIONS: ChartFeedOptions = {
  retentionMs: 86_400_000,
  resolutionMs: 1000,
  windowMs: 3_600_000,
  maxPoints: 500,
  maxSeries: 16,
};

export type AddResult = 'added' | 'too-old' | 'too-many-series';

/**
 * What survives a restart (file version 1). The last hour as it is (every 1-second point: the
 * 15-minute and 1-hour windows draw exactly as before the restart), and before it the lowest and
 * the highest point of at most STORED_BUCKETS buckets over the retention (10 s for a day), the
 * chart's own reduction: each extreme keeps its time and value, so a 3-second peak is still on
 * the 6-hour and 24-hour curves (86.4 s and 345.6 s buckets at 500 points). All the raw points
 * of a day would be ~1 MB of JSON rewritten every minute (SD card wear on a Raspberry Pi); this
 * keeps a file under ~21 000 points per series whatever the retention. Times are a first time
 * and steps in resolution units (a 1-second step is one digit); values are rounded to 3
 * decimals, finer than any chart draws.
 */
export interface ChartSnapshot {
  v: 1;
  /** The time step unit of `dt`, ms. */
  res: number;
  series: Array<{ name: string; t0: number; dt: number[]; y: number[] }>;
}

/** The newest part of a series kept point by point in a snapshot, ms. */
const FULL_RESOLUTION_MS = 3_600_000;
/** Buckets kept per series in a snapshot (two points each, the lowest and the highest). */
const STORED_BUCKETS = 8640;

/** One rendering: series name -> downsampled points, series in name order. */
export type Rendering = Array<{ series: string; points: TimePoint[] }>;

export class ChartFeed {
  readonly options: ChartFeedOptions;
  private readonly series = new Map<string, SeriesBuffer>();
  private dirty = true;

  constructor(options: Partial<ChartFeedOptions> = {}) {
    this.options = { ...DEFAULT_CHART_FEED_OPTIONS, ...options };
    const o = this.options;
    if (!(o.resolutionMs > 0 && o.retentionMs >= o.resolutionMs)) throw new RangeError('retention must be at least one resolution step');
    if (!(o.windowMs > 0 && o.windowMs <= o.retentionMs)) throw new RangeError('window must be within the retention');
    if (!(Number.isInteger(o.maxPoints) && o.maxPoints >= 2)) throw new RangeError('maxPoints must be an integer >= 2');
  }

  /** True when something changed since the last render (new points, window, clear). */
  get changed(): boolean {
    return this.dirty;
  }

  get windowMs(): number {
    return this.options.windowMs;
  }

  setWindow(windowMs: number): boolean {
    if (!(windowMs > 0 && windowMs <= this.options.retentionMs)) return false;
    if (windowMs !== this.options.windowMs) {
      this.options.windowMs = windowMs;
      this.dirty = true;
    }
    return true;
  }

  add(name: string, time: number, value: number): AddResult {
    let buf = this.series.get(name);
    if (!buf) {
      if (this.series.size >= this.options.maxSeries) return 'too-many-series';
      buf = new SeriesBuffer(Math.ceil(this.options.retentionMs / this.options.resolutionMs) + 1);
      this.series.set(name, buf);
    }
    const slot = Math.floor(time / this.options.resolutionMs) * this.options.resolutionMs;
    if (!buf.push(slot, value)) return 'too-old';
    this.dirty = true;
    return 'added';
  }

  /** Forgets one series, or all of them. */
  clear(name?: string): void {
    if (name === undefined) this.series.clear();
    else this.series.delete(name);
    this.dirty = true;
  }

  /** Drops points older than the retention. */
  prune(now: number): void {
    for (const buf of this.series.values()) buf.dropBefore(now - this.options.retentionMs);
  }

  render(now: number): Rendering {
    this.prune(now);
    this.dirty = false;
    return [...this.series.keys()].sort().map((name) => ({
      series: name,
      points: minMaxDownsample(this.series.get(name)!, now, this.options.windowMs, this.options.maxPoints),
    }));
  }

  /** The points to persist: the last hour raw, min/max buckets before it (see ChartSnapshot). */
  snapshot(now: number): ChartSnapshot {
    this.prune(now);
    const o = this.options;
    const res = o.resolutionMs;
    const bucketMs = Math.max(res, Math.ceil(o.retentionMs / STORED_BUCKETS));
    const series: ChartSnapshot['series'] = [];
    for (const name of [...this.series.keys()].sort()) {
      const buf = this.series.get(name)!;
      const n = buf.size;
      if (n === 0) continue;
      // From the newest point, not the clock: a point a little ahead (a source's own time) is kept.
      const cut = Math.max(now, buf.lastTime) - FULL_RESOLUTION_MS;
      const kept: number[] = [];
      let i = 0;
      while (i < n && buf.timeAt(i) < cut) {
        const end = Math.min((Math.floor(buf.timeAt(i) / bucketMs) + 1) * bucketMs, cut);
        let minI = i;
        let maxI = i;
        let j = i + 1;
        for (; j < n && buf.timeAt(j) < end; j++) {
          if (buf.valueAt(j) < buf.valueAt(minI)) minI = j;
          if (buf.valueAt(j) > buf.valueAt(maxI)) maxI = j;
        }
        kept.push(Math.min(minI, maxI));
        if (minI !== maxI) kept.push(Math.max(minI, maxI));
        i = j;
      }
      for (; i < n; i++) kept.push(i);
      const t0 = buf.timeAt(kept[0]);
      const dt: number[] = [];
      const y: number[] = [];
      let prev = t0;
      for (const k of kept) {
        const t = buf.timeAt(k);
        dt.push(Math.round((t - prev) / res));
        y.push(Math.round(buf.valueAt(k) * 1000) / 1000);
        prev = t;
      }
      series.push({ name, t0, dt, y });
    }
    return { v: 1, res, series };
  }

  /**
   * Takes back a snapshot's points (into an empty feed): the ones older than the retention are
   * dropped, and so are the ones after `now` (the clock went back), which would otherwise stay
   * every series' latest point and refuse the new ones. Returns the number of points restored;
   * anything that is not a snapshot restores nothing.
   */
  restore(stored: unknown, now: number): number {
    const snap = stored as Partial<ChartSnapshot> | null;
    if (!snap || snap.v !== 1 || typeof snap.res !== 'number' || !(snap.res > 0) || !Array.isArray(snap.series)) return 0;
    let n = 0;
    for (const s of snap.series) {
      if (!s || typeof s.name !== 'string' || typeof s.t0 !== 'number' || !Array.isArray(s.dt) || !Array.isArray(s.y)) continue;
      let t = s.t0;
      const len = Math.min(s.dt.length, s.y.length);
      for (let i = 0; i < len; i++) {
        t += Number(s.dt[i]) * snap.res;
        if (t < now - this.options.retentionMs || t > now) continue;
        if (this.add(s.name, t, Number(s.y[i])) === 'added') n++;
      }
    }
    this.dirty = true;
    return n;
  }

  /** Points held for one series (0 when unknown). */
  size(name: string): number {
    return this.series.get(name)?.size ?? 0;
  }

  stats(): { series: number; points: number } {
    let points = 0;
    for (const buf of this.series.values()) points += buf.size;
    return { series: this.series.size, points };
  }
}

/** Dashboard 2.0 ui-chart: an array of {series, x, y}, the chart set to read those keys. */
export function toDashboard2(r: Rendering): Array<{ series: string; x: number; y: number }> {
  const out: Array<{ series: string; x: number; y: number }> = [];
  for (const s of r) for (const p of s.points) out.push({ series: s.series, x: p.x, y: p.y });
  return out;
}

/** Legacy node-red-dashboard ui_chart: [{series, data, labels}] replaces the whole chart. */
export function toLegacy(r: Rendering): [{ series: string[]; data: TimePoint[][]; labels: string[] }] {
  return [{ series: r.map((s) => s.series), data: r.map((s) => s.points), labels: [''] }];
}

/** Auto refresh period: one bucket, but at least 1 s, and at most 10 s so the tip of a long window stays live. */
export function autoRefreshMs(windowMs: number, maxPoints: number): number {
  return Math.min(10_000, Math.max(1000, bucketDuration(windowMs, maxPoints)));
}
