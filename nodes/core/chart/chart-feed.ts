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
