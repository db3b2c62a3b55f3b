// wes-logger: records numeric messages into daily CSV files (one folder per logger node), batched
// for the SD card, repaired after crashes, with aggregates for fast long-range curves and HTTP
// downloads. Logic lives in nodes/core/csv, nodes/core/history and nodes/io/files.
import { join } from 'node:path';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { type CsvFormat, dialectFor, resolveFormat } from '../core/csv/dialect';
import { readingFromMessage } from '../core/csv/fields';
import { dayKey } from '../core/csv/local-time';
import { parsePolicyRules, type RecordMode, type RecordPolicy, Sampler } from '../core/csv/sampler';
import { LogStore } from '../io/files/log-store';
import { sweepOldFiles } from '../io/files/retention';
import { registerRoutes } from './http-routes';
import { registerLogger, unregisterLogger } from './registry';
import { compileSchema, errorText } from '../shared/node-config';

interface LoggerConfig {
  name?: string;
  folder: string;
  format: CsvFormat | 'auto';
  mode: RecordMode;
  interval: number;
  rules: string;
  flushInterval: number;
  retentionDays: number;
  maxBufferKB: number;
}

const configSchema = {
  type: 'object',
  properties: {
    folder: { type: 'string' },
    format: { enum: ['auto', 'standard', 'excel-fr'] },
    mode: { enum: ['every', 'interval', 'change'] },
    interval: { type: 'number', minimum: 0, maximum: 86400 },
    rules: { type: 'string' },
    flushInterval: { type: 'number', minimum: 0.1, maximum: 3600 },
    retentionDays: { type: 'number', minimum: 1, maximum: 36600 },
    maxBufferKB: { type: 'number', minimum: 16, maximum: 1048576 },
  },
  required: ['folder', 'format', 'mode', 'interval', 'rules', 'flushInterval', 'retentionDays', 'maxBufferKB'],
};

const RETENTION_SWEEP_MS = 6 * 3_600_000;

interface LoggerMessage extends NodeMessage {
  timestamp?: unknown;
  flush?: unknown;
}

/** The runtime language as Node-RED itself picks it: settings.lang, then LC_ALL / LC_MESSAGES / LANG. */
function runtimeLang(RED: NodeAPI): string | undefined {
  let lang: unknown;
  try {
    lang = (RED.settings as unknown as Record<string, unknown>).lang;
  } catch {
    lang = undefined; // settings throw on unknown keys in some versions
  }
  if (typeof lang === 'string' && lang) return lang;
  for (const v of ['LC_ALL', 'LC_MESSAGES', 'LANG']) if (process.env[v]) return process.env[v];
  return undefined;
}

function pickDef<T>(value: T | '' | undefined, fallback: T): T {
  return value === '' || value === undefined ? fallback : value;
}

export = function (RED: NodeAPI) {
  const validate = compileSchema(configSchema);
  registerRoutes(RED.httpNode);

  function WesLogger(this: Node, def: NodeDef & Partial<LoggerConfig>) {
    RED.nodes.createNode(this, def);
    const node = this;
    const cfg: Record<string, unknown> = {
      folder: def.folder ?? '',
      format: def.format || 'auto',
      mode: def.mode || 'interval',
      interval: pickDef(def.interval, 60),
      rules: def.rules ?? '',
      flushInterval: pickDef(def.flushInterval, 60),
      retentionDays: pickDef(def.retentionDays, 730),
      maxBufferKB: pickDef(def.maxBufferKB, 8192),
    };
    const configError = (text: string): void => {
      node.error(RED._('wes-logger.errors.config', { text }));
      node.status({ fill: 'red', shape: 'dot', text: RED._('wes-logger.status.config') });
    };
    if (!validate(cfg)) {
      configError(errorText(validate.errors));
      return;
    }
    const c = cfg as unknown as LoggerConfig;
    if (c.mode === 'interval' && c.interval < 1) { configError('interval mode needs an interval of at least 1 s'); return; }
    const rules = parsePolicyRules(c.rules);
    if (typeof rules === 'string') { configError(rules); return; }
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? process.cwd();
    const dir = c.folder.trim() ? (c.folder.startsWith('/') ? c.folder : join(userDir, c.folder)) : join(userDir, 'wes-logs');
    const dialect = dialectFor(resolveFormat(c.format, runtimeLang(RED)));
    const store = new LogStore({ dir, dialect, maxBufferBytes: c.maxBufferKB * 1024 });
    const defaultPolicy: RecordPolicy = { mode: c.mode, intervalMs: Math.round(c.interval * 1000) };
    const samplers = new Map<string, Sampler>();
    let failing = false;
    let lastRows = 0;
    registerLogger({ id: node.id, name: def.name ?? '', store, dialect });
    node.status({ fill: 'yellow', shape: 'ring', text: RED._('wes-logger.status.waiting') });

    const sampler = (source: string): Sampler => {
      let s = samplers.get(source);
      if (!s) {
        s = new Sampler(rules.get(source) ?? defaultPolicy);
        samplers.set(source, s);
      }
      return s;
    };

    const showOk = (): void => {
      const today = store.stats.bytesByDay[dayKey(Date.now())] ?? 0;
      node.status({ fill: 'green', shape: 'dot', text: RED._('wes-logger.status.ok', { rows: store.stats.rowsWritten, kb: (today / 1024).toFixed(1) }) });
    };

    const flush = async (final: boolean): Promise<void> => {
      const now = Date.now();
      for (const [source, s] of samplers) for (const row of final ? s.drain() : s.tick(now)) store.append(source, row);
      const result = await store.flush(now);
      if (!result.ok) {
        const text = RED._('wes-logger.status.failing', { code: result.error?.code ?? 'error', rows: store.stats.pendingRows });
        node.status({ fill: 'red', shape: 'dot', text });
        if (!failing) node.error(RED._('wes-logger.errors.write', { dir, message: result.error?.message ?? '' }));
        failing = true;
        return;
      }
      if (failing) node.log(RED._('wes-logger.errors.recovered', { dir }));
      failing = false;
      if (store.stats.rowsWritten !== lastRows || result.bytes > 0) { lastRows = store.stats.rowsWritten; showOk(); }
    };

    const flushSafely = (final: boolean): Promise<void> => flush(final).catch((e: unknown) => {
      node.error(RED._('wes-logger.errors.write', { dir, message: e instanceof Error ? e.message : String(e) }));
    });

    store.open().then((report) => {
      if (report.repaired.length || report.removed.length) {
        node.warn(RED._('wes-logger.errors.repaired', { files: [...report.repaired.map((r) => `${r.rel} (-${r.tornBytes} B)`), ...report.removed].join(', ') }));
      }
      return sweepOldFiles(store.port, dir, Date.now(), c.retentionDays);
    }).then(() => flushSafely(false)).catch((e: unknown) => {
      failing = true;
      node.error(RED._('wes-logger.errors.write', { dir, message: e instanceof Error ? e.message : String(e) }));
      node.status({ fill: 'red', shape: 'dot', text: RED._('wes-logger.status.failing', { code: (e as NodeJS.ErrnoException).code ?? 'error', rows: 0 }) });
    });

    const flushTimer = setInterval(() => { void flushSafely(false); }, c.flushInterval * 1000);
    const sweepTimer = setInterval(() => {
      sweepOldFiles(store.port, dir, Date.now(), c.retentionDays).catch((e: unknown) => node.warn(String(e)));
    }, RETENTION_SWEEP_MS);

    node.on('input', (msg: LoggerMessage, _send, done) => {
      if (msg.flush === true) { void flushSafely(false).then(() => done()); return; }
      const reading = readingFromMessage(msg.topic, msg.payload);
      if (typeof reading === 'string') { done(new Error(RED._('wes-logger.errors.message', { text: reading }))); return; }
      const ts = msg.timestamp;
      const t = typeof ts === 'number' && Number.isFinite(ts) && ts > 0 ? ts : Date.now();
      for (const row of sampler(reading.source).push(t, reading.values)) store.append(reading.source, row);
      done();
    });

    node.on('close', (done: () => void) => {
      clearInterval(flushTimer);
      clearInterval(sweepTimer);
      // Deploy, stop and SIGTERM/SIGINT all come through here: what is in memory goes to disk now.
      flushSafely(true).finally(() => {
        unregisterLogger(node.id, store);
        done();
      });
    });
  }

  RED.nodes.registerType('wes-logger', WesLogger);
};
