// wes-history: msg in (source, range, resolution) → msg out with the points of that history, ready
// for a chart (Dashboard 2 ui-chart: x, y, series). Reads a wes-logger node's folder. Also serves
// GET /wes/energy (energy-route.ts): the Energy page's kWh and € per hour, day or month.
import type { NodeAPI, NodeMessage } from 'node-red';
import { toChartPoints, validateQuery } from '../core/history/query';
import { readHistory } from '../io/files/history-reader';
import { findLogger } from '../wes-logger/registry';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import { isProblem } from '../core/problem';
import { registerEnergyRoute } from './energy-route';

interface HistoryConfig {
  name: string;
  logger: string;
  source: string;
  from: string;
  to: string;
  resolution: 'auto' | 'raw' | '10min' | 'hour' | 'day';
  fields: string;
  output: 'chart' | 'rows';
}

const config = defineConfig<HistoryConfig>({
  type: 'wes-history',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      logger: { type: 'string', default: '' },
      source: { type: 'string', default: '' },
      from: { type: 'string', default: '-24h' },
      to: { type: 'string', default: 'now' },
      resolution: { type: 'string', enum: ['auto', 'raw', '10min', 'hour', 'day'], default: 'auto' },
      fields: { type: 'string', pattern: '^[A-Za-z0-9_,\\s-]*$', default: '' },
      output: { type: 'string', enum: ['chart', 'rows'], default: 'chart' },
    },
    required: [],
  },
});

export = function (RED: NodeAPI) {
  registerEnergyRoute(RED);
  defineNode<HistoryConfig>(RED, {
    type: 'wes-history',
    dir: __dirname,
    config,
    setup({ config: cfg, t, status, onInput, explain }) {
      onInput(async (msg, send) => {
        const p =
          msg.payload !== null && typeof msg.payload === 'object' && !Array.isArray(msg.payload)
            ? (msg.payload as Record<string, unknown>)
            : {};
        const topicSource = typeof msg.topic === 'string' && msg.topic ? msg.topic : undefined;
        const q = validateQuery(
          {
            source: p.source ?? (cfg.source || topicSource),
            from: p.from ?? cfg.from,
            to: p.to ?? cfg.to,
            resolution: p.resolution ?? cfg.resolution,
            fields: p.fields ?? (cfg.fields.trim() || undefined),
          },
          Date.now(),
        );
        if (isProblem(q)) throw new Error(t('errors.query', { text: explain(q) }));
        const logger = findLogger(typeof p.logger === 'string' ? p.logger : cfg.logger);
        if (typeof logger === 'string') {
          status.set('lost', t('status.noLogger'));
          throw new Error(t('errors.query', { text: logger }));
        }
        const rows = await readHistory(logger.store, q);
        const out = msg as NodeMessage & Record<string, unknown>;
        out.topic = q.source;
        out.payload = cfg.output === 'chart' ? toChartPoints(rows, q.fields) : rows.map((r) => ({ t: r.t, ...r.values }));
        out.history = { source: q.source, resolution: q.resolution, from: q.from, to: q.to, count: rows.length };
        status.set('ok', t('status.ok', { count: rows.length, resolution: q.resolution }));
        send(out);
      });
    },
  });
};
