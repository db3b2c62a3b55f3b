// The logger nodes running in this runtime, so the HTTP endpoints and wes-history nodes find a log
// folder by the logger's id or name without holding a reference to the node itself.
import type { CsvDialect } from '../core/csv/dialect';
import type { LogStore } from '../io/files/log-store';

export interface LoggerEntry {
  id: string;
  name: string;
  store: LogStore;
  dialect: CsvDialect;
}

const loggers = new Map<string, LoggerEntry>();

export function registerLogger(entry: LoggerEntry): void {
  loggers.set(entry.id, entry);
}

export function unregisterLogger(id: string, store: LogStore): void {
  if (loggers.get(id)?.store === store) loggers.delete(id);
}

export function allLoggers(): LoggerEntry[] {
  return [...loggers.values()];
}

/** By id, then by name; "" / "_" / "default" mean the only logger when there is exactly one. */
export function findLogger(ref: string | undefined): LoggerEntry | string {
  const all = allLoggers();
  if (!ref || ref === '_' || ref === 'default') {
    if (all.length === 1) return all[0] as LoggerEntry;
    return all.length === 0 ? 'no wes-logger node is deployed' : 'several wes-logger nodes are deployed: name one (id or name)';
  }
  const byId = loggers.get(ref);
  if (byId) return byId;
  const byName = all.filter((l) => l.name === ref);
  if (byName.length === 1) return byName[0] as LoggerEntry;
  return byName.length > 1 ? `several wes-logger nodes are named "${ref}": use its id` : `no wes-logger node with id or name "${ref}"`;
}
