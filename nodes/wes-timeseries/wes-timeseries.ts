// wes-timeseries: our nodes' messages as time-series points, written in batches to InfluxDB
// (1.x /write or 2.x /api/v2/write, line protocol; VictoriaMetrics takes both), kept in a
// bounded buffer while the database is away (the drop count shown when it overflows), and/or
// served on /wes/metrics for Prometheus to scrape. Mapping and encodings: nodes/core/export;
// the HTTP write: nodes/io/timeseries. Tokens and passwords are Node-RED credentials.
import type { NodeAPI } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { readingOf } from '../core/export/readings';
import { lineOf, pointOf, seriesOf } from '../core/export/points';
import { PointBuffer } from '../core/export/point-buffer';
import { due, offer, type ThrottleState } from '../core/export/throttle';
import { WriteRefused, writeLines, type InfluxTarget } from '../io/timeseries/influx-http';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import { addMetricsSource, registerMetricsRoute, type Series } from './metrics-route';

interface TimeseriesConfig {
  name: string;
  box: string;
  api: 'v1' | 'v2' | 'none';
  url: string;
  database: string;
  retentionPolicy: string;
  org: string;
  bucket: string;
  intervalS: number;
  batchSize: number;
  flushS: number;
  bufferPoints: number;
  prometheus: boolean;
}

interface Credentials {
  user?: string;
  password?: string;
  token?: string;
}

const schema: JSONSchemaType<TimeseriesConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    box: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', default: 'wes' },
    api: { type: 'string', enum: ['v1', 'v2', 'none'], default: 'v1' },
    url: { type: 'string', pattern: '^https?://\\S+$', default: 'http://127.0.0.1:8086' },
    database: { type: 'string', default: 'wes' },
    retentionPolicy: { type: 'string', default: '' },
    org: { type: 'string', default: '' },
    bucket: { type: 'string', default: 'wes' },
    intervalS: { type: 'number', minimum: 0, maximum: 3600, default: 0 },
    batchSize: { type: 'integer', minimum: 1, maximum: 50_000, default: 5000 },
    flushS: { type: 'number', minimum: 0.2, maximum: 3600, default: 10 },
    bufferPoints: { type: 'integer', minimum: 10, maximum: 10_000_000, default: 100_000 },
    prometheus: { type: 'boolean', default: false },
  },
  required: [],
};
const configSpec = defineConfig<TimeseriesConfig>({
  type: 'wes-timeseries',
  schema,
  checks: [(c) => (c.api === 'none' && !c.prometheus ? 'api: choose a database, or Prometheus, or both' : null)],
});

export = function (RED: NodeAPI): void {
  registerMetricsRoute(RED);
  defineNode<TimeseriesConfig>(RED, {
    type: 'wes-timeseries',
    dir: __dirname,
    config: configSpec,
    credentials: { user: { type: 'text' }, password: { type: 'password' }, token: { type: 'password' } },
    setup(ctx) {
      const { node, config: c, t, status } = ctx;
      const creds = ((node as unknown as { credentials?: Credentials }).credentials ?? {}) as Credentials;
      const db: InfluxTarget | null =
        c.api === 'none'
          ? null
          : { api: c.api, url: c.url, database: c.database, retentionPolicy: c.retentionPolicy, org: c.org, bucket: c.bucket, ...creds };
      const buffer = new PointBuffer(c.bufferPoints);
      const intervalMs = c.intervalS * 1000;
      let throttle: ThrottleState = {};
      let written = 0;
      let refused = 0;
      let lastError: string | null = null;
      let reportedDrops = 0;
      let closed = false;

      const series = new Map<string, Series>();
      const lastMs = new Map<string, number>();
      if (c.prometheus) {
        const own = (): Series[] => [
          ...series.values(),
          { name: 'wes_export_buffered_points', labels: `box="${c.box}",node="${node.id}"`, value: buffer.size },
          { name: 'wes_export_dropped_points', labels: `box="${c.box}",node="${node.id}"`, value: buffer.dropped + refused },
        ];
        ctx.onClose(addMetricsSource(node.id, own));
      }

      const show = () => {
        const counts = { written, buffered: buffer.size, dropped: buffer.dropped + refused };
        if (lastError !== null) status.set('lost', t('status.down', { ...counts, error: lastError.slice(0, 40) }));
        else if (!db) status.set('ok', t('status.metrics', { series: series.size }));
        else if (written === 0 && buffer.size === 0) status.set('waiting', t('status.waiting'));
        else status.set('ok', t(counts.dropped ? 'status.writtenDropped' : 'status.written', counts));
      };
      show();

      const flush = async (): Promise<void> => {
        if (!db || closed) return;
        const batch = buffer.next(c.batchSize);
        if (!batch) return;
        try {
          await writeLines(db, batch, 10_000);
          buffer.settled(true);
          written += batch.length;
          if (lastError !== null) node.log(t('log.back', { buffered: buffer.size }));
          lastError = null;
        } catch (e) {
          if (e instanceof WriteRefused && e.status === 400) {
            // The database refuses the data itself (a field's type changed): retrying cannot help.
            buffer.settled(true);
            refused += batch.length;
            node.warn(t('log.refused', { points: batch.length, error: e.message }));
          } else {
            buffer.settled(false);
            if (lastError === null) node.warn(t('log.down', { error: (e as Error).message }));
            lastError = (e as Error).message;
          }
        }
        if (buffer.dropped > reportedDrops) {
          node.warn(t('log.dropped', { dropped: buffer.dropped - reportedDrops, bound: c.bufferPoints }));
          reportedDrops = buffer.dropped;
        }
        show();
        // A backlog after an outage goes out batch after batch, not one per tick.
        if (lastError === null && buffer.size >= c.batchSize) return flush();
      };
      const kick = () => {
        flush().catch((e: Error) => node.error(e.message));
      };

      const add = (line: string) => {
        buffer.push([line]);
        if (buffer.size >= c.batchSize) kick();
      };
      ctx.every(c.flushS * 1000, () => {
        if (intervalMs > 0) {
          const d = due(throttle, Date.now(), intervalMs);
          throttle = d.state;
          for (const [, line] of d.send) add(line);
        }
        kick();
        show();
      });

      ctx.onInput((msg) => {
        const r = readingOf(msg);
        if (r.kind === 'unknown') throw new Error(t('errors.input'));
        if (r.kind !== 'values') return;
        // Two readings of a source in one millisecond would be one point in the database (the later
        // overwrites the earlier): each source's times are kept strictly increasing.
        const key = `${r.family}/${r.source}`;
        const tMs = Math.max(Date.now(), (lastMs.get(key) ?? 0) + 1);
        const p = pointOf(c.box, r, tMs);
        if (!p) return;
        lastMs.set(key, tMs);
        if (c.prometheus) {
          for (const s of seriesOf(p)) {
            // One tariff-period series per source: the current period replaces the earlier one.
            const key = s.name.endsWith('_tariff_period') ? `${s.name}{${s.labels.replace(/,period=.*$/, '')}}` : `${s.name}{${s.labels}}`;
            series.set(key, s);
          }
        }
        if (!db) return;
        const line = lineOf(p);
        if (intervalMs === 0) return add(line);
        const o = offer(throttle, key, line, p.tMs, intervalMs);
        throttle = o.state;
        if (o.send !== null) add(o.send);
      });

      ctx.onClose(async () => {
        // What is still buffered gets one try; a database that is away keeps it lost, as the log says.
        if (db && buffer.size > 0 && lastError === null) await flush().catch(() => undefined);
        closed = true;
        if (db && buffer.size > 0) node.warn(t('log.unsent', { points: buffer.size }));
      });
    },
  });
};
