// The alarm history: a bounded list of what went wrong (a meter's link lost, an overload, a load
// shed, a leak, the mains cut, the log disk full), each raised at a time and cleared at another
// when its end arrives. A reducer on JSON-safe state, as core/relay/machine.ts: the adapter
// persists the state as it is and turns each alarm's code and parameters into a sentence.

const ALARM_CODES = ['tic-lost', 'overload', 'shed', 'leak', 'mains-cut', 'disk-full', 'write-failed'] as const;
export type AlarmCode = (typeof ALARM_CODES)[number];

/** Alarms whose end no node reports (the logger only logs its recovery): cleared by an acknowledgement. */
const CLEARED_BY_HAND: readonly AlarmCode[] = ['disk-full', 'write-failed'];

export interface Alarm {
  /** Increasing, never reused: the dashboard's key for a line. */
  id: number;
  code: AlarmCode;
  /** What raised it: a meter topic (tic2), a counter (water), a load's name, the logger's name. */
  source: string;
  /** The parameters of its sentence (catalog key `alarms.<code>`). */
  params: Record<string, string | number>;
  raisedMs: number;
  clearedMs: number | null;
}

export interface AlarmsState {
  nextId: number;
  /** Newest first. */
  alarms: Alarm[];
}

export type AlarmInput =
  | { kind: 'raise'; code: AlarmCode; source: string; params?: Record<string, string | number>; atMs?: number }
  | { kind: 'clear'; code: AlarmCode; source: string; atMs?: number }
  /** The user saw them: clears the active alarms that nothing else clears. */
  | { kind: 'acknowledge' };

export interface AlarmsOptions {
  /** The most alarms kept; the oldest cleared ones go first. */
  max: number;
}

export interface AlarmsStep {
  state: AlarmsState;
  changed: boolean;
  /** The alarm raised or cleared by this step. */
  alarm?: Alarm;
}

export const emptyAlarms = (): AlarmsState => ({ nextId: 1, alarms: [] });

export const isActive = (a: Alarm): boolean => a.clearedMs === null;

export function activeCount(s: AlarmsState): number {
  return s.alarms.filter(isActive).length;
}

/** Keeps at most `max`: drops the oldest cleared alarm first, then (all active) the oldest. */
function bounded(alarms: Alarm[], max: number): Alarm[] {
  const out = alarms.slice();
  while (out.length > max) {
    let i = -1;
    for (let k = out.length - 1; k >= 0; k--)
      if (!isActive(out[k])) {
        i = k;
        break;
      }
    out.splice(i >= 0 ? i : out.length - 1, 1);
  }
  return out;
}

export function stepAlarms(s: AlarmsState, input: AlarmInput, tMs: number, o: AlarmsOptions): AlarmsStep {
  if (input.kind === 'acknowledge') {
    let changed = false;
    const alarms = s.alarms.map((a) => {
      if (!isActive(a) || !CLEARED_BY_HAND.includes(a.code)) return a;
      changed = true;
      return { ...a, clearedMs: tMs };
    });
    return changed ? { state: { ...s, alarms }, changed } : { state: s, changed };
  }
  const at = input.atMs ?? tMs;
  const open = s.alarms.findIndex((a) => isActive(a) && a.code === input.code && a.source === input.source);
  if (input.kind === 'clear') {
    // an end without its start (it came before the node did): nothing to clear
    if (open < 0) return { state: s, changed: false };
    const alarm = { ...s.alarms[open], clearedMs: Math.max(at, s.alarms[open].raisedMs) };
    const alarms = s.alarms.slice();
    alarms[open] = alarm;
    return { state: { ...s, alarms }, changed: true, alarm };
  }
  // a repeated start of an alarm still active is the same alarm (a second tic-lost after a restart)
  if (open >= 0) return { state: s, changed: false, alarm: s.alarms[open] };
  const alarm: Alarm = { id: s.nextId, code: input.code, source: input.source, params: input.params ?? {}, raisedMs: at, clearedMs: null };
  // in time order even when the event is older than the last one (a leak dated from its start)
  const alarms = s.alarms.slice();
  const place = alarms.findIndex((a) => a.raisedMs <= alarm.raisedMs);
  alarms.splice(place < 0 ? alarms.length : place, 0, alarm);
  return { state: { nextId: s.nextId + 1, alarms: bounded(alarms, o.max) }, changed: true, alarm };
}

const isParams = (v: unknown): v is Record<string, string | number> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)));

function alarmOf(v: unknown): Alarm | null {
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  if (!Number.isInteger(a.id) || !(ALARM_CODES as readonly unknown[]).includes(a.code) || typeof a.source !== 'string') return null;
  if (typeof a.raisedMs !== 'number' || !Number.isFinite(a.raisedMs) || !isParams(a.params)) return null;
  if (a.clearedMs !== null && (typeof a.clearedMs !== 'number' || !Number.isFinite(a.clearedMs))) return null;
  return {
    id: a.id as number,
    code: a.code as AlarmCode,
    source: a.source,
    params: a.params,
    raisedMs: a.raisedMs,
    clearedMs: a.clearedMs,
  };
}

/**
 * The state read back from its file: every well-formed alarm kept (a damaged line does not take
 * the others with it), newest first, within the bound; ids continue after the highest seen.
 */
export function restoreAlarms(v: unknown, o: AlarmsOptions): AlarmsState {
  const raw = typeof v === 'object' && v !== null ? (v as { alarms?: unknown; nextId?: unknown }) : {};
  const alarms = (Array.isArray(raw.alarms) ? raw.alarms : [])
    .map(alarmOf)
    .filter((a): a is Alarm => a !== null)
    .sort((a, b) => b.raisedMs - a.raisedMs || b.id - a.id);
  const highest = alarms.reduce((m, a) => Math.max(m, a.id), 0);
  const nextId = Number.isInteger(raw.nextId) ? Math.max(raw.nextId as number, highest + 1) : highest + 1;
  return { nextId, alarms: bounded(alarms, o.max) };
}
