// wes-chart-feed: keeps a day of points per series and feeds a chart with a downsampled window,
// so a browser draws a few hundred points instead of every raw sample. The model and the
// downsampling live in nodes/core/chart; this file only maps config and messages onto them.
// The points persist in the node's state file (ChartFeed.snapshot says in what form), so a
// restart or a full deploy redraws the curve at once instead of an empty chart.
import { checkTimestamp } from '../core/time/timestamp';
import type { NodeAPI, NodeMessage } from 'node-red';
import { autoRefreshMs, ChartFeed, toDashboard2, toLegacy } from '../core/chart/chart-feed';
import { formatDuration, parseDuration } from '../core/chart/duration';
import { readJson, ThrottledWriter } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

interface ChartFeedConfig {
  name: string;
  property: string;
  series: string;
  window: string;
  retention: string;
  points: number;
  refresh: number;
  format: 'dashboard2' | 'legacy';
}

/** At most this much of the curve is lost in a crash; the file is rewritten no more often. */
const SAVE_WITHIN_MS = 60_000;

const config = defineConfig<ChartFeedConfig>({
  type: 'wes-chart-feed',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      property: { type: 'string', minLength: 1, default: 'payload' },
      series: { type: 'string', default: '' },
      window: { type: 'string', minLength: 1, default: '1h' },
      retention: { type: 'string', minLength: 1, default: '24h' },
      points: { type: 'integer', minimum: 10, maximum: 5000, default: 500 },
      refresh: { type: 'number', minimum: 0, maximum: 3600, default: 0 },
      format: { type: 'string', enum: ['dashboard2', 'legacy'], default: 'dashboard2' },
    },
    required: [],
  },
});

export = function (RED: NodeAPI) {
  defineNode<ChartFeedConfig>(RED, {
    type: 'wes-chart-feed',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, stateFile, onInput, onClose, fail, explain }) {
      const windowMs = parseDuration(c.window);
      const retentionMs = parseDuration(c.retention);
      if (windowMs === null || retentionMs === null || windowMs > retentionMs)
        return fail(t('errors.window', { window: c.window, retention: c.retention }));
      const feed = new ChartFeed({ windowMs, retentionMs, maxPoints: c.points });
      const format = c.format;
      const stored = readJson(stateFile);
      if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
      const restored = stored && 'value' in stored ? feed.restore(stored.value, Date.now()) : 0;
      const writer = new ThrottledWriter(
        stateFile,
        () => feed.snapshot(Date.now()),
        SAVE_WITHIN_MS,
        (text) => node.error(t('errors.save', { text })),
      );
      let timer: NodeJS.Timeout | undefined;
      // A new series is drawn as soon as it is a line (two points), not one refresh period later:
      // a chart given one point per series has no line to draw and guesses a days-wide time axis.
      const shown = new Set<string>();

      const showStatus = () => {
        const { series, points } = feed.stats();
        if (points === 0) status.set('waiting', t('status.waiting', { window: formatDuration(feed.windowMs) }));
        else status.set('ok', t('status.live', { series, points, window: formatDuration(feed.windowMs) }));
      };

      const emit = () => {
        const rendering = feed.render(Date.now());
        const payload = format === 'legacy' ? toLegacy(rendering) : toDashboard2(rendering);
        node.send({ topic: node.name || 'chart', payload, action: 'replace', window: formatDuration(feed.windowMs) } as NodeMessage);
        shown.clear();
        for (const r of rendering) if (r.points.length > 1) shown.add(r.series);
        showStatus();
      };

      const schedule = () => {
        if (timer) clearInterval(timer);
        const everyMs = c.refresh > 0 ? c.refresh * 1000 : autoRefreshMs(feed.windowMs, c.points);
        timer = setInterval(() => {
          if (feed.changed) emit();
        }, everyMs);
      };

      onInput((msg) => {
        // Commands first: they carry no data point.
        const windowInput = msg.window !== undefined ? msg.window : msg.topic === 'window' ? msg.payload : undefined;
        if (windowInput !== undefined) {
          const ms = parseDuration(windowInput);
          if (ms === null || !feed.setWindow(ms)) {
            throw new Error(t('errors.badWindow', { value: String(windowInput), retention: c.retention }));
          }
          schedule();
          emit();
          return;
        }
        if (msg.reset === true) {
          feed.clear();
          writer.markDirty();
          emit();
          return;
        }
        const value = RED.util.getMessageProperty(msg, c.property);
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new Error(t('errors.notNumber', { property: `msg.${c.property}`, value: String(value) }));
        }
        const series = c.series || (typeof msg.topic === 'string' && msg.topic !== '' ? msg.topic : 'value');
        const now = Date.now();
        // A point from the future would stay the series' latest and freeze the curve.
        const far = typeof msg.timestamp === 'number' ? checkTimestamp(msg.timestamp, now) : null;
        if (far) throw new Error(explain(far));
        const time = typeof msg.timestamp === 'number' ? msg.timestamp : now;
        const result = feed.add(series, time, value);
        if (result === 'too-many-series') {
          throw new Error(t('errors.tooManySeries', { max: feed.options.maxSeries, series }));
        }
        if (result === 'too-old') {
          throw new Error(t('errors.tooOld', { series }));
        }
        writer.markDirty();
        if (!shown.has(series) && feed.size(series) > 1) emit();
      });

      // Registered first, so it runs last, after the timer stopped; the flush also clears the
      // writer's pending timer (the scaffold deletes the file after it when the node is removed).
      onClose(() => writer.flush());
      onClose(() => {
        if (timer) clearInterval(timer);
        timer = undefined;
      });

      schedule();
      showStatus();
      // The restored curve goes out once the flow is wired, as after a window change: the
      // chart is full again without waiting for the next refresh or the next two points.
      if (restored > 0) setImmediate(emit);
    },
  });
};
