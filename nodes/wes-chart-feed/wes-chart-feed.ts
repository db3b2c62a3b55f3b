// wes-chart-feed: keeps a day of points per series and feeds a chart with a downsampled window,
// so a browser draws a few hundred points instead of every raw sample. The model and the
// downsampling live in nodes/core/chart; this file only maps config and messages onto them.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { autoRefreshMs, ChartFeed, toDashboard2, toLegacy } from '../core/chart/chart-feed';
import { formatDuration, parseDuration } from '../core/chart/duration';
import { translator } from '../shared/translate';
import { compileSchema, errorText } from '../shared/node-config';

interface ChartFeedConfig {
  name?: string;
  property: string;
  series: string;
  window: string;
  retention: string;
  points: number | string;
  refresh: number | string;
  format: 'dashboard2' | 'legacy';
}

const configSchema = {
  type: 'object',
  properties: {
    property: { type: 'string', minLength: 1 },
    series: { type: 'string' },
    window: { type: 'string', minLength: 1 },
    retention: { type: 'string', minLength: 1 },
    points: { type: 'integer', minimum: 10, maximum: 5000 },
    refresh: { type: 'number', minimum: 0, maximum: 3600 },
    format: { enum: ['dashboard2', 'legacy'] },
  },
  required: ['property', 'window', 'retention', 'points', 'refresh', 'format'],
};

interface ChartFeedMessage extends NodeMessage {
  window?: unknown;
  reset?: unknown;
  timestamp?: unknown;
}

export = function (RED: NodeAPI) {
  const validate = compileSchema(configSchema);
  // Falls back to the en-US catalog where RED._ has none (test helper, nodesDir loading).
  const t = translator(RED, __dirname, 'wes-chart-feed');

  function WesChartFeed(this: Node, def: NodeDef & Partial<ChartFeedConfig>) {
    RED.nodes.createNode(this, def);
    const node = this;
    const cfg: Record<string, unknown> = {
      property: def.property || 'payload',
      series: def.series ?? '',
      window: String(def.window || '1h'),
      retention: String(def.retention || '24h'),
      points: def.points ?? 500,
      refresh: def.refresh === '' || def.refresh === undefined ? 0 : def.refresh,
      format: def.format || 'dashboard2',
    };
    if (!validate(cfg)) {
      const text = errorText(validate.errors);
      node.error(t('errors.config', { text }));
      node.status({ fill: 'red', shape: 'dot', text: t('status.config') });
      return;
    }
    const c = cfg as unknown as ChartFeedConfig & { points: number; refresh: number };
    const windowMs = parseDuration(c.window);
    const retentionMs = parseDuration(c.retention);
    if (windowMs === null || retentionMs === null || windowMs > retentionMs) {
      node.error(t('errors.window', { window: c.window, retention: c.retention }));
      node.status({ fill: 'red', shape: 'dot', text: t('status.config') });
      return;
    }
    const feed = new ChartFeed({ windowMs, retentionMs, maxPoints: c.points });
    const format = c.format;
    let timer: NodeJS.Timeout | undefined;
    // A new series is drawn as soon as it is a line (two points), not one refresh period later:
    // a chart given one point per series has no line to draw and guesses a days-wide time axis.
    const shown = new Set<string>();

    const showStatus = () => {
      const { series, points } = feed.stats();
      if (points === 0) node.status({ fill: 'yellow', shape: 'ring', text: t('status.waiting', { window: formatDuration(feed.windowMs) }) });
      else node.status({ fill: 'green', shape: 'dot', text: t('status.live', { series, points, window: formatDuration(feed.windowMs) }) });
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
      timer = setInterval(() => { if (feed.changed) emit(); }, everyMs);
    };

    node.on('input', (msg: ChartFeedMessage, _send, done) => {
      // Commands first: they carry no data point.
      const windowInput = msg.window !== undefined ? msg.window : msg.topic === 'window' ? msg.payload : undefined;
      if (windowInput !== undefined) {
        const ms = parseDuration(windowInput);
        if (ms === null || !feed.setWindow(ms)) {
          done(new Error(t('errors.badWindow', { value: String(windowInput), retention: c.retention })));
          return;
        }
        schedule();
        emit();
        done();
        return;
      }
      if (msg.reset === true) {
        feed.clear();
        emit();
        done();
        return;
      }
      const value = RED.util.getMessageProperty(msg, c.property);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        done(new Error(t('errors.notNumber', { property: `msg.${c.property}`, value: String(value) })));
        return;
      }
      const series = c.series || (typeof msg.topic === 'string' && msg.topic !== '' ? msg.topic : 'value');
      const time = typeof msg.timestamp === 'number' && Number.isFinite(msg.timestamp) ? msg.timestamp : Date.now();
      const result = feed.add(series, time, value);
      if (result === 'too-many-series') {
        done(new Error(t('errors.tooManySeries', { max: feed.options.maxSeries, series })));
        return;
      }
      if (result === 'too-old') {
        done(new Error(t('errors.tooOld', { series })));
        return;
      }
      if (!shown.has(series) && feed.size(series) > 1) emit();
      done();
    });

    node.on('close', () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    });

    schedule();
    showStatus();
  }

  RED.nodes.registerType('wes-chart-feed', WesChartFeed);
};
