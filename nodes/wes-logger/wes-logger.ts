// wes-logger: records numeric messages into daily CSV files (one folder per logger node), batched
// for the SD card, repaired after crashes, with aggregates for fast long-range curves and HTTP
// downloads. Logic lives in nodes/core/csv, nodes/core/history and nodes/io/files.
import { checkLogFolder, SOURCE_RE } from '../core/csv/paths';
import { systemClocks } from '../shared/clock';
import { checkTimestamp } from '../core/time/timestamp';
import { join, resolve } from 'node:path';
import type { NodeAPI, NodeMessage } from 'node-red';
import { type CsvFormat, dialectFor, resolveFormat } from '../core/csv/dialect';
import { readingFromMessage } from '../core/csv/fields';
import { dayKey } from '../core/csv/local-time';
import { type OpenInterval, parsePolicyRules, type RecordMode, type RecordPolicy, Sampler } from '../core/csv/sampler';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { LogStore } from '../io/files/log-store';
import { sweepOldFiles } from '../io/files/retention';
import { registerRoutes } from './http-routes';
import { allLoggers, registerLogger, unregisterLogger } from './registry';
import { defineNode } from '../shared/define-node';
import { defineConfig, withDefaults } from '../shared/node-config';
import { isProblem } from '../core/problem';
import { runtimeLang } from '../shared/problems';

interface LoggerConfig {
  name: string;
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
    name: { type: 'string' },
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

const config = defineConfig<LoggerConfig>({
  type: 'wes-logger',
  schema: withDefaults(configSchema, {
    name: '',
    folder: '',
    // The product's users are French and open the files in Excel: Excel French unless chosen otherwise.
    format: 'excel-fr',
    mode: 'interval',
    interval: 60,
    rules: '',
    flushInterval: 60,
    retentionDays: 730,
    maxBufferKB: 8192,
  }),
  checks: [
    (c) => checkLogFolder(c.folder),
    (c) => (c.mode === 'interval' && c.interval < 1 ? 'interval mode needs an interval of at least 1 s' : null),
    (c) => {
      const parsed = parsePolicyRules(c.rules);
      return isProblem(parsed) ? parsed : null;
    },
  ],
});

const RETENTION_SWEEP_MS = 6 * 3_600_000;

type FlushOutcome = { ok: true } | { ok: false; code: string; message: string };

export = function (RED: NodeAPI) {
  registerRoutes(RED.httpNode);
  defineNode<LoggerConfig>(RED, {
    type: 'wes-logger',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, userDir, stateFile, onInput, onClose, every, explain, fail }) {
      const rules = parsePolicyRules(c.rules);
      if (isProblem(rules)) throw new Error(explain(rules)); // refused by the config's check already
      const dir = c.folder.trim() ? (c.folder.startsWith('/') ? c.folder : join(userDir, c.folder)) : join(userDir, 'wes-logs');
      const dialect = dialectFor(resolveFormat(c.format, runtimeLang(RED)));
      const store = new LogStore({ dir, dialect, maxBufferBytes: c.maxBufferKB * 1024 });
      const defaultPolicy: RecordPolicy = { mode: c.mode, intervalMs: Math.round(c.interval * 1000) };
      const samplers = new Map<string, Sampler>();
      let failing = false;
      let lastRows = 0;
      // Two stores appending to the same files would interleave and tear each other's rows.
      const sharing = allLoggers().find((l) => l.id !== node.id && resolve(l.store.dir) === resolve(dir));
      if (sharing) return fail(t('errors.sameFolder', { dir, other: sharing.name || sharing.id }));
      registerLogger({ id: node.id, name: c.name, store, dialect });
      status.set('waiting', t('status.waiting'));

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
        status.set('ok', t('status.ok', { rows: store.stats.rowsWritten, kb: (today / 1024).toFixed(1) }));
      };

      /**
       * A write failure is reported with a message, so a Catch node gets it (node.error without
       * one only reaches the log): once when it starts, again when rows start being dropped.
       */
      const reportFailure = (code: string, message: string): void => {
        const text = t('errors.write', { dir, message });
        const err = Object.assign(new Error(text), { code });
        node.error(err, {
          topic: c.name || 'wes-logger',
          payload: { code, dir, pendingRows: store.stats.pendingRows, droppedRows: store.stats.droppedRows },
        } as NodeMessage);
      };
      let warnedDropped = 0;
      /** The memory bound dropped rows: say so in the log (at most once a minute) and the status. */
      const reportDrops = (): void => {
        const dropped = store.stats.droppedRows;
        if (dropped === warnedDropped) return;
        const mono = systemClocks.monoMs();
        if (warnedDropped !== 0 && mono - lastDropWarnMs < 60_000) return;
        lastDropWarnMs = mono;
        node.warn(t('errors.dropped', { rows: dropped - warnedDropped, total: dropped, kb: c.maxBufferKB }));
        warnedDropped = dropped;
      };
      let lastDropWarnMs = 0;
      const failingText = (code: string): string =>
        t('status.failing', { code, rows: store.stats.pendingRows }) +
        (store.stats.droppedRows > 0 ? t('status.dropped', { dropped: store.stats.droppedRows }) : '');

      // The minute open at a redeploy or restart is carried over in the state file, not written
      // half-full: written at close and again after the restart, it repeated the timestamp.
      const saved = readJson(stateFile);
      if (saved && 'value' in saved) {
        const open = (saved.value as { open?: Record<string, OpenInterval> } | null)?.open ?? {};
        for (const [source, interval] of Object.entries(open)) {
          const ok =
            typeof interval?.bucket === 'number' &&
            typeof interval.intervalMs === 'number' &&
            interval.accs !== null &&
            typeof interval.accs === 'object' &&
            SOURCE_RE.test(source);
          if (!ok) continue; // not ours (a hand-edited file): the minute is lost, nothing else
          // Another interval length now: the saved minute is written as it was rather than lost.
          if (!sampler(source).restore(interval)) for (const row of Sampler.rowsOf(interval)) store.append(source, row);
        }
        // Taken: a kill -9 before the next close must not restore (and write) it a second time.
        if (Object.keys(open).length) writeJsonAtomic(stateFile, { open: {} });
      } else if (saved && 'error' in saved) node.warn(saved.error);

      /** On a deploy or a stop: the open intervals to the state file (written once they end). */
      const keepOpenIntervals = (): boolean => {
        const now = Date.now();
        const open: Record<string, OpenInterval> = {};
        for (const [source, s] of samplers) {
          for (const row of s.tick(now)) store.append(source, row);
          const snap = s.snapshot();
          if (snap) open[source] = snap;
        }
        try {
          if (Object.keys(open).length) writeJsonAtomic(stateFile, { open });
        } catch (e) {
          // Cannot keep them: written as partial rows by the close flush rather than lost.
          node.warn(String(e));
          return false;
        }
        // Kept: the close flush must not write them too.
        for (const s of samplers.values()) s.drain();
        return true;
      };

      const flush = async (final: boolean): Promise<FlushOutcome> => {
        const now = Date.now();
        for (const [source, s] of samplers) for (const row of final ? s.drain() : s.tick(now)) store.append(source, row);
        const result = await store.flush(now);
        reportDrops();
        if (!result.ok) {
          const code = result.error?.code ?? 'error';
          status.set('lost', failingText(code));
          if (!failing) reportFailure(code, result.error?.message ?? '');
          failing = true;
          return { ok: false, code, message: result.error?.message ?? '' };
        }
        if (failing) node.log(t('errors.recovered', { dir }));
        failing = false;
        if (store.stats.rowsWritten !== lastRows || result.bytes > 0) {
          lastRows = store.stats.rowsWritten;
          showOk();
        }
        return { ok: true };
      };

      const flushSafely = (final: boolean): Promise<FlushOutcome> =>
        flush(final).catch((e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          reportFailure((e as NodeJS.ErrnoException).code ?? 'error', message);
          return { ok: false, code: 'error', message };
        });

      store
        .open()
        .then((report) => {
          if (report.repaired.length || report.removed.length) {
            node.warn(
              t('errors.repaired', {
                files: [...report.repaired.map((r) => `${r.rel} (-${r.tornBytes} B)`), ...report.removed].join(', '),
              }),
            );
          }
          return sweepOldFiles(store.port, dir, Date.now(), c.retentionDays);
        })
        .then(() => flushSafely(false))
        .catch((e: unknown) => {
          failing = true;
          const code = (e as NodeJS.ErrnoException).code ?? 'error';
          reportFailure(code, e instanceof Error ? e.message : String(e));
          status.set('lost', failingText(code));
        });

      // Deploy, stop and SIGTERM/SIGINT all come through here: what is in memory goes to disk now.
      // Registered before the timers: the cleanup list runs in reverse, so they stop first.
      onClose((removed) => {
        const kept = !removed && keepOpenIntervals();
        return flushSafely(!kept)
          .then(() => undefined)
          .finally(() => unregisterLogger(node.id, store));
      });
      every(c.flushInterval * 1000, () => {
        void flushSafely(false);
      });
      every(RETENTION_SWEEP_MS, () => {
        sweepOldFiles(store.port, dir, Date.now(), c.retentionDays).catch((e: unknown) => node.warn(String(e)));
      });

      onInput((msg) => {
        // A flush asked by a message answers for itself: done(err) when the folder cannot be written.
        if (msg.flush === true)
          return flushSafely(false).then((r) => {
            if (!r.ok) throw Object.assign(new Error(t('errors.write', { dir, message: r.message })), { code: r.code });
          });
        const reading = readingFromMessage(msg.topic, msg.payload);
        if (isProblem(reading)) throw new Error(t('errors.message', { text: explain(reading) }));
        const ts = msg.timestamp;
        const now = Date.now();
        if (typeof ts === 'number') {
          const far = checkTimestamp(ts, now);
          if (far) throw new Error(t('errors.message', { text: explain(far) }));
        }
        const at = typeof ts === 'number' ? ts : now;
        for (const row of sampler(reading.source).push(at, reading.values, reading.labels)) store.append(reading.source, row);
        reportDrops();
        if (failing && store.stats.droppedRows > 0) status.set('lost', failingText(store.stats.lastError?.code ?? 'error'));
      });
    },
  });
};
