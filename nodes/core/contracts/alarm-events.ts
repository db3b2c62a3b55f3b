// The messages wes-alarms records, beside wes-tic-in's events (tic-event.ts): a pulse counter's
// leak alert (wes-pulse-in output 2), a load-shedding decision (wes-load-shed's last output), a
// clamp meter's event (wes-ct-meter output 2) and a logger's write failure as a Catch node hands it on.
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

const wallMs = (v: unknown): number | undefined => {
  if (isFiniteNumber(v)) return v;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
};

const stripped = (topic: unknown, suffix: string, fallback: string): string =>
  typeof topic === 'string' && topic ? topic.replace(new RegExp(`/${suffix}$`), '') : fallback;

export interface LeakAlert {
  /** The counter's topic (water). */
  source: string;
  rule: string;
  active: boolean;
  /** When the flow that made it a leak began (wall ms), if known. */
  sinceMs?: number;
}

export function readLeakAlert(msg: { topic?: unknown; payload?: unknown }): Read<LeakAlert> {
  const p = objectOf(msg.payload);
  if (!p || typeof msg.topic !== 'string' || !msg.topic.endsWith('/leak') || typeof p.active !== 'boolean') return refuse('not-leak-alert');
  if (typeof p.rule !== 'string') return refuse('bad-field', { field: 'rule' });
  const since = wallMs(p.since);
  return accept({
    source: stripped(msg.topic, 'leak', 'counter'),
    rule: p.rule,
    active: p.active,
    ...(since !== undefined ? { sinceMs: since } : {}),
  });
}

export interface ShedDecisionMessage {
  load: string;
  action: 'shed' | 'restore' | 'route-on' | 'route-off';
  tMs?: number;
  value?: number;
  limit?: number;
  unit?: string;
}

const SHED_ACTIONS: readonly string[] = ['shed', 'restore', 'route-on', 'route-off'];

export function readShedDecision(msg: { topic?: unknown; payload?: unknown }): Read<ShedDecisionMessage> {
  const p = objectOf(msg.payload);
  if (!p || msg.topic !== 'load-shed/decision') return refuse('not-shed-decision');
  if (typeof p.load !== 'string' || !p.load) return refuse('bad-field', { field: 'load' });
  if (typeof p.action !== 'string' || !SHED_ACTIONS.includes(p.action)) return refuse('bad-field', { field: 'action' });
  const t = wallMs(p.time);
  return accept({
    load: p.load,
    action: p.action as ShedDecisionMessage['action'],
    ...(t !== undefined ? { tMs: t } : {}),
    ...(isFiniteNumber(p.value) ? { value: p.value } : {}),
    ...(isFiniteNumber(p.limit) ? { limit: p.limit } : {}),
    ...(typeof p.unit === 'string' ? { unit: p.unit } : {}),
  });
}

export interface CtEventMessage {
  source: string;
  event: 'mains-cut' | 'mains-back' | 'clamp-reversed-suspected';
  tMs?: number;
}

const CT_EVENTS: readonly string[] = ['mains-cut', 'mains-back', 'clamp-reversed-suspected'];

export function readCtEvent(msg: { topic?: unknown; payload?: unknown }): Read<CtEventMessage> {
  const p = objectOf(msg.payload);
  if (!p || typeof p.event !== 'string' || !CT_EVENTS.includes(p.event)) return refuse('not-ct-event');
  const t = wallMs(p.time);
  return accept({
    source: stripped(msg.topic, 'event', 'clamp'),
    event: p.event as CtEventMessage['event'],
    ...(t !== undefined ? { tMs: t } : {}),
  });
}

export interface WriteFailure {
  /** The failing node's name (or its topic). */
  source: string;
  /** The system's code: ENOSPC for a full disk. */
  code: string;
  message: string;
}

/** wes-logger's node.error(err, msg) as a Catch node sends it: msg.error and payload.code. */
export function readWriteFailure(msg: { topic?: unknown; payload?: unknown; error?: unknown }): Read<WriteFailure> {
  const e = objectOf(msg.error);
  const p = objectOf(msg.payload);
  if (!e || !p || typeof p.code !== 'string') return refuse('not-write-failure');
  const src = objectOf(e.source);
  const name = typeof src?.name === 'string' && src.name ? src.name : typeof msg.topic === 'string' && msg.topic ? msg.topic : 'logger';
  return accept({ source: name, code: p.code, message: typeof e.message === 'string' ? e.message : '' });
}

export interface LinkStateMessage {
  /** The meter's topic (tic1). */
  source: string;
  state: string;
}

/** The link part of wes-tic-in's output 1 (`msg.link.state`: ok, lost, standby). */
export function readLinkState(msg: { topic?: unknown; link?: unknown }): Read<LinkStateMessage> {
  const l = objectOf(msg.link);
  if (!l || typeof l.state !== 'string' || typeof msg.topic !== 'string' || !msg.topic) return refuse('not-link-state');
  return accept({ source: msg.topic, state: l.state });
}
