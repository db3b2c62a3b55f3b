// wes-history: msg in (source, range, resolution) → msg out with the points of that history, ready
// for a chart (Dashboard 2 ui-chart: x, y, series). Reads a wes-logger node's folder.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { toChartPoints, validateQuery } from '../core/history/query';
import { readHistory } from '../io/files/history-reader';
import { findLogger } from '../wes-logger/registry';
import { compileSchema, errorText } from '../shared/node-config';

interface HistoryConfig {
  name?: string;
  logger: string;
  source: string;
  from: string;
  to: string;
  resolution: string;
  fields: string;
  output: 'chart' | 'rows';
}

const configSchema = {
  type: 'object',
  properties: {
    logger: { type: 'string' },
    source: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    resolution: { enum: ['auto', 'raw', '10min', 'hour', 'day'] },
    fields: { type: 'string', pattern: '^[A-Za-z0-9_,\\s-]*$' },
    output: { enum: ['chart', 'rows'] },
  },
  required: ['logger', 'source', 'from', 'to', 'resolution', 'fields', 'output'],
};

export = function (RED: NodeAPI) {
  const validate = compileSchema(configSchema);

  function WesHistory(this: Node, def: NodeDef & Partial<HistoryConfig>) {
    RED.nodes.createNode(this, def);
    const node = this;
    const cfg: HistoryConfig = {
      logger: def.logger ?? '', source: def.source ?? '', from: def.from || '-24h', to: def.to || 'now',
      resolution: def.resolution || 'auto', fields: def.fields ?? '', output: def.output || 'chart',
    };
    if (!validate(cfg)) {
      const text = errorText(validate.errors);
      node.error(RED._('wes-history.errors.config', { text }));
      node.status({ fill: 'red', shape: 'dot', text: RED._('wes-history.status.config') });
      return;
    }
    node.status({});

    node.on('input', (msg: NodeMessage & { payload?: unknown }, send, done) => {
      const p = msg.payload !== null && typeof msg.payload === 'object' && !Array.isArray(msg.payload) ? msg.payload as Record<string, unknown> : {};
      const topicSource = typeof msg.topic === 'string' && msg.topic ? msg.topic : undefined;
      const q = validateQuery({
        source: p.source ?? (cfg.source || topicSource),
        from: p.from ?? cfg.from,
        to: p.to ?? cfg.to,
        resolution: p.resolution ?? cfg.resolution,
        fields: p.fields ?? (cfg.fields.trim() || undefined),
      }, Date.now());
      if (typeof q === 'string') { done(new Error(RED._('wes-history.errors.query', { text: q }))); return; }
      const logger = findLogger(typeof p.logger === 'string' ? p.logger : cfg.logger);
      if (typeof logger === 'string') {
        node.status({ fill: 'red', shape: 'ring', text: RED._('wes-history.status.noLogger') });
        done(new Error(RED._('wes-history.errors.query', { text: logger })));
        return;
      }
      readHistory(logger.store, q).then((rows) => {
        const out = msg as NodeMessage & Record<string, unknown>;
        out.topic = q.source;
        out.payload = cfg.output === 'chart' ? toChartPoints(rows, q.fields) : rows.map((r) => ({ t: r.t, ...r.values }));
        out.history = { source: q.source, resolution: q.resolution, from: q.from, to: q.to, count: rows.length };
        node.status({ fill: 'green', shape: 'dot', text: RED._('wes-history.status.ok', { count: rows.length, resolution: q.resolution }) });
        send(out);
        done();
      }).catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
    });
  }

  RED.nodes.registerType('wes-history', WesHistory);
};
