// wes-scheduler: the WES "programmation". Weekly windows (text the user reads in the editor),
// public holidays, sun-relative edges and "follow the meter" conditions decide on/off; the node
// sends the command at each change, on demand, and shows the next change in its status.
// The windows and DST handling are nodes/core/rules/schedule.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import {
  combine,
  meterConditionValue,
  type Combine,
  type MeterCondition,
  type MeterConditionKind,
  type MeterView,
} from '../core/rules/meter-condition';
import {
  edgesAfter,
  nextChange,
  parseSchedule,
  scheduleActive,
  windowsOfDay,
  type ScheduleContext,
  type WeeklySchedule,
} from '../core/rules/schedule';
import { zoneError, localDayAt } from '../core/rules/zone-time';
import type { TempoColour } from '../core/tic/types';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { defineNode, type NodeContext } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

interface SchedulerConfig {
  name: string;
  schedule: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  holidayMode: 'sunday' | 'weekday';
  alsaceMoselle: boolean;
  meter: MeterConditionKind;
  tempoDay: 'today' | 'tomorrow';
  colours: string;
  combine: Combine;
  payloadOn: string;
  payloadOff: string;
}

const schema: JSONSchemaType<SchedulerConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    schedule: { type: 'string', default: '' },
    timeZone: { type: 'string', minLength: 1, default: 'Europe/Paris' },
    latitude: { type: 'number', minimum: -90, maximum: 90, default: 48.8566 },
    longitude: { type: 'number', minimum: -180, maximum: 180, default: 2.3522 },
    holidayMode: { type: 'string', enum: ['sunday', 'weekday'], default: 'sunday' },
    alsaceMoselle: { type: 'boolean', default: false },
    meter: { type: 'string', enum: ['none', 'offpeak', 'peak', 'tempo', 'ejp-notice', 'ejp-peak'], default: 'none' },
    tempoDay: { type: 'string', enum: ['today', 'tomorrow'], default: 'today' },
    colours: { type: 'string', pattern: '^\\s*((BLEU|BLANC|ROUGE)\\s*,?\\s*)*$', default: 'ROUGE' },
    combine: { type: 'string', enum: ['time', 'meter', 'or', 'and', 'and-not'], default: 'and-not' },
    payloadOn: { type: 'string', minLength: 1, default: 'on' },
    payloadOff: { type: 'string', minLength: 1, default: 'off' },
  },
  required: [],
};
const config = defineConfig({
  type: 'wes-scheduler',
  schema,
  checks: [
    (c) => zoneError(c.timeZone),
    (c) => {
      const p = parseSchedule(c.schedule);
      return p.ok ? null : p.error;
    },
  ],
});

const MAX_TIMER_MS = 60_000;

export = function (RED: NodeAPI): void {
  defineNode<SchedulerConfig>(RED, {
    type: 'wes-scheduler',
    dir: __dirname,
    config,
    setup: setupScheduler,
  });
};

function setupScheduler({ node, config: c, t, status, stateFile: file, onInput, onClose, explain }: NodeContext<SchedulerConfig>): void {
  const fromEditor = parseSchedule(c.schedule);
  if (!fromEditor.ok) throw new Error(explain(fromEditor.error)); // refused by the config's check already
  const ctx: ScheduleContext = {
    timeZone: c.timeZone,
    latitude: c.latitude,
    longitude: c.longitude,
    holidayMode: c.holidayMode,
    alsaceMoselle: c.alsaceMoselle,
  };
  const condition: MeterCondition = {
    kind: c.meter,
    tempoDay: c.tempoDay,
    colours: c.colours.split(/[\s,]+/).filter(Boolean) as TempoColour[],
  };
  const mode: Combine = c.meter === 'none' ? 'time' : c.combine;

  // A schedule edited at run time (the Rules page) survives restarts; {schedule: null} goes back to the editor's.
  let scheduleText = c.schedule;
  let schedule: WeeklySchedule = fromEditor.value;
  const stored = readJson(file);
  if (stored && 'value' in stored) {
    const text = (stored.value as { schedule?: unknown }).schedule;
    const p = typeof text === 'string' ? parseSchedule(text) : null;
    if (p?.ok && typeof text === 'string') {
      schedule = p.value;
      scheduleText = text;
    }
  }
  let meter: MeterView | undefined;
  let current: boolean | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const evaluate = (tMs: number): { on: boolean; time: boolean; meter: boolean | null } => {
    const time = mode === 'meter' ? false : scheduleActive(schedule, tMs, ctx);
    const m = meterConditionValue(condition, meter);
    return { on: combine(mode, time, m), time, meter: m };
  };
  const upcoming = (tMs: number): { atMs: number; on: boolean } | null =>
    mode === 'meter' ? null : nextChange(tMs, edgesAfter(schedule, tMs, ctx), (x) => evaluate(x).on);

  const describe = (tMs: number) => {
    const e = evaluate(tMs);
    const next = upcoming(tMs);
    const day = localDayAt(tMs, c.timeZone).day;
    return {
      on: e.on,
      time: e.time,
      meter: e.meter,
      day: day.key,
      because: windowsOfDay(schedule, day, ctx).because,
      next: next ? { time: new Date(next.atMs).toISOString(), on: next.on } : null,
      schedule: scheduleText,
    };
  };

  const fmtNext = (ms: number, now: number): string => {
    const opts: Intl.DateTimeFormatOptions = { timeZone: c.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    if (ms - now > 20 * 3_600_000) opts.weekday = 'short';
    return new Intl.DateTimeFormat('en-GB', opts).format(new Date(ms));
  };

  const showStatus = (now: number): void => {
    const d = describe(now);
    const next = upcoming(now);
    const text = next
      ? t('status.next', { state: d.on ? 'ON' : 'OFF', next: next.on ? 'ON' : 'OFF', at: fmtNext(next.atMs, now) })
      : d.on
        ? 'ON'
        : 'OFF';
    status.set(d.on ? 'ok' : 'idle', text);
  };

  const output = (now: number, reason: string, extra: Partial<NodeMessage> = {}): void => {
    const d = describe(now);
    node.send({
      ...extra,
      topic: c.name || 'scheduler',
      payload: d.on ? c.payloadOn : c.payloadOff,
      scheduler: { ...d, reason },
    } as NodeMessage);
  };

  /** Re-evaluate now: send when the answer changed; re-arm the timer for the next edge (at most a minute away, so clock jumps heal). */
  const step = (reason: string): void => {
    if (closed) return;
    const now = Date.now();
    const on = evaluate(now).on;
    if (current !== on) {
      current = on;
      output(now, reason);
    }
    showStatus(now);
    if (timer) clearTimeout(timer);
    const next = upcoming(now);
    const wait = next ? Math.min(MAX_TIMER_MS, Math.max(0, next.atMs - now)) : MAX_TIMER_MS;
    timer = setTimeout(() => step('edge'), wait + (next && next.atMs - now <= MAX_TIMER_MS ? 1 : 0));
  };

  onInput((msg) => {
    const p = msg.payload as unknown;
    if (p === 'status' || p === 'trigger' || p === undefined || p === '') {
      const at = typeof msg.time === 'number' ? msg.time : typeof msg.time === 'string' ? Date.parse(msg.time) : Date.now();
      if (!Number.isFinite(at)) throw new Error(t('errors.time'));
      output(at, msg.time === undefined ? 'demand' : 'query', { _msgid: msg._msgid });
      return;
    }
    if (typeof p === 'object' && p !== null && 'schedule' in p) {
      const text = (p as { schedule: unknown }).schedule;
      if (text === null) {
        schedule = fromEditor.value;
        scheduleText = c.schedule;
      } else if (typeof text === 'string') {
        const parsed = parseSchedule(text);
        if (!parsed.ok) throw new Error(explain(parsed.error));
        schedule = parsed.value;
        scheduleText = text;
      } else throw new Error(t('errors.schedule'));
      try {
        writeJsonAtomic(file, { v: 1, schedule: text });
      } catch (e) {
        node.error(t('errors.save', { text: (e as Error).message }));
      }
      current = null; // always answer an edit with the resulting state
      step('edited');
      return;
    }
    if (typeof p === 'object' && p !== null && ('tariffPeriod' in p || 'tempo' in p || 'ejp' in p || 'tariffOption' in p)) {
      meter = p as MeterView;
      step('meter');
      return;
    }
    throw new Error(t('errors.input'));
  });

  onClose(() => {
    closed = true;
    if (timer) clearTimeout(timer);
  });

  setImmediate(() => step('start'));
}
