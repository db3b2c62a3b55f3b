// GET /wes/metrics on Node-RED's HTTP node server (so httpNodeAuth protects it like any
// http-in endpoint): the latest value of every series of every wes-timeseries node with
// Prometheus on, in Prometheus' text format. Registered once per runtime.
import type { NodeAPI } from 'node-red';
import { prometheusText } from '../core/export/points';

export interface Series {
  name: string;
  labels: string;
  value: number;
}

const sources = new Map<string, () => Iterable<Series>>();
const registered = new WeakSet<object>();

export function addMetricsSource(id: string, series: () => Iterable<Series>): () => void {
  sources.set(id, series);
  return () => sources.delete(id);
}

export function registerMetricsRoute(RED: NodeAPI): void {
  // The test helper and some embedders run without an HTTP server: then there is nothing to serve.
  const app = RED.httpNode as NodeAPI['httpNode'] | undefined;
  if (!app || registered.has(app)) return;
  registered.add(app);
  app.get('/wes/metrics', (_req, res) => {
    const all: Series[] = [];
    for (const s of sources.values()) all.push(...s());
    res.type('text/plain; version=0.0.4; charset=utf-8').send(prometheusText(all));
  });
}
