// wes-surplus: surplus routing for a producer. Meter states (wes-tic-in, producer) or clamp readings
// come in; output 1 switches one load (a water heater) on the export, with a daily energy
// guarantee topped up in the meter's off-peak hours; output 2 carries the router's state.
// Output 1 goes to a wes-relay-out, or, to share one budget with the shedding, into wes-load-shed
// where that load is marked "routed". The decisions are nodes/core/rules/surplus.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import {
  initialSurplus,
  readSurplusPayload,
  resumeSurplus,
  surplusEnergy,
  surplusLoadState,
  surplusMeterLost,
  surplusReading,
  tickSurplus,
  type SurplusOptions,
  type SurplusState,
  type SurplusWhy,
} from '../core/rules/surplus';
import { zoneError, parseHhMm } from '../core/rules/zone-time';
import { ThrottledWriter, readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

interface SurplusConfig {
  name: string;
  loadName: string;
  ratedW: number;
  startExportW: number;
  startAfterS: number;
  stopImportW: number;
  stopAfterS: number;
  minOnS: number;
  minOffS: number;
  budgetPct: number;
  fixedBudgetVA: number;
  targetKwh: number;
  dayStart: string;
  deadline: string;
  timeZone: string;
  energy: 'estimate' | 'measured';
  energyTopic: string;
  meterLostS: number;
}

const schema: JSONSchemaType<SurplusConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    loadName: { type: 'string', minLength: 1, default: 'water heater' },
    ratedW: { type: 'number', exclusiveMinimum: 0, maximum: 36_000, default: 2000 },
    startExportW: { type: 'number', minimum: 0, maximum: 36_000, default: 2000 },
    startAfterS: { type: 'number', minimum: 0, maximum: 3600, default: 60 },
    stopImportW: { type: 'number', minimum: 0, maximum: 36_000, default: 300 },
    stopAfterS: { type: 'number', minimum: 0, maximum: 3600, default: 60 },
    minOnS: { type: 'number', minimum: 0, maximum: 86_400, default: 300 },
    minOffS: { type: 'number', minimum: 0, maximum: 86_400, default: 300 },
    budgetPct: { type: 'number', minimum: 10, maximum: 150, default: 90 },
    fixedBudgetVA: { type: 'number', minimum: 0, maximum: 100_000, default: 0 },
    targetKwh: { type: 'number', minimum: 0, maximum: 200, default: 6 },
    dayStart: { type: 'string', pattern: '^([01]?\\d|2[0-3]):[0-5]\\d$', default: '08:00' },
    deadline: { type: 'string', pattern: '^([01]?\\d|2[0-3]):[0-5]\\d$', default: '20:00' },
    timeZone: { type: 'string', minLength: 1, default: 'Europe/Paris' },
    energy: { type: 'string', enum: ['estimate', 'measured'], default: 'estimate' },
    energyTopic: { type: 'string', default: '' },
    meterLostS: { type: 'number', minimum: 5, maximum: 3600, default: 60 },
  },
  required: [],
};
const configSpec = defineConfig<SurplusConfig>({ type: 'wes-surplus', schema });

interface Saved {
  v: 1;
  ratedW: number;
  state: SurplusState;
}

const kw = (w: number | null): string => (w === null ? '–' : `${(w / 1000).toFixed(1)} kW`);
const kwh = (wh: number): string => (wh / 1000).toFixed(1);

/** A cumulative energy index in Wh from a pulse meter / clamp message, or undefined. */
function energyIndexWh(msg: NodeMessage & { unit?: unknown }): number | undefined {
  const p = msg.payload as unknown;
  const scale = typeof msg.unit === 'string' && /^kwh$/i.test(msg.unit) ? 1000 : 1;
  if (typeof p === 'number' && Number.isFinite(p)) return p * scale;
  if (typeof p === 'object' && p !== null) {
    const o = p as { energyWh?: unknown; index?: unknown };
    if (typeof o.energyWh === 'number' && Number.isFinite(o.energyWh)) return o.energyWh;
    if (typeof o.index === 'number' && Number.isFinite(o.index)) return o.index * scale;
  }
  return undefined;
}

/** The load's fed-back state: a wes-load-shed / wes-relay-out message (on/off, true/false). */
function loadState(p: unknown): boolean | undefined {
  if (typeof p === 'boolean') return p;
  if (typeof p === 'string' && /^(on|off)$/i.test(p.trim())) return /^on$/i.test(p.trim());
  return undefined;
}

export = function (RED: NodeAPI): void {
  defineNode<SurplusConfig>(RED, {
    type: 'wes-surplus',
    dir: __dirname,
    config: configSpec,
    setup(ctx) {
      const { node, config: c, t } = ctx;
      const badZone = zoneError(c.timeZone);
      if (badZone !== null) return ctx.fail(t('errors.zone', { zone: c.timeZone }));
      const dayStartMin = parseHhMm(c.dayStart) ?? 480;
      const deadlineMin = parseHhMm(c.deadline) ?? 1200;
      if (c.energy === 'measured' && c.energyTopic.trim() === '') return ctx.fail(t('errors.energyTopic'));
      const o: SurplusOptions = {
        ratedW: c.ratedW,
        startExportW: c.startExportW,
        startAfterMs: c.startAfterS * 1000,
        stopImportW: c.stopImportW,
        stopAfterMs: c.stopAfterS * 1000,
        minOnMs: c.minOnS * 1000,
        minOffMs: c.minOffS * 1000,
        budgetPct: c.budgetPct,
        fixedBudgetVA: c.fixedBudgetVA,
        targetWh: c.targetKwh * 1000,
        dayStartMin,
        deadlineMin,
        timeZone: c.timeZone,
        energy: c.energy,
        meterLostMs: c.meterLostS * 1000,
      };

      const file = ctx.stateFile;
      const stored = readJson(file);
      let s: SurplusState = initialSurplus(Date.now(), o);
      if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
      else if (stored) {
        const v = stored.value as Partial<Saved>;
        if (v.v === 1 && v.state && typeof v.state.deliveredWh === 'number' && typeof v.state.day === 'string')
          s = resumeSurplus(v.state, Date.now(), o);
      }
      const writer = new ThrottledWriter(
        file,
        (): Saved => ({ v: 1, ratedW: c.ratedW, state: s }),
        30_000,
        (text) => node.error(t('errors.save', { text })),
      );
      const saveNow = (): void => {
        try {
          writeJsonAtomic(file, { v: 1, ratedW: c.ratedW, state: s } satisfies Saved);
        } catch (e) {
          node.error(t('errors.save', { text: (e as Error).message }));
        }
      };

      const whyText = (w: SurplusWhy): string => t(`why.${w.code}`, w.params) + (w.hold ? t(`why.hold.${w.hold}`, w.params) : '');

      const stateMsg = (topic: string): NodeMessage =>
        ({
          topic,
          payload: {
            load: c.loadName,
            on: s.on,
            mode: s.mode,
            why: whyText(s.why),
            loadOn: s.loadOn,
            importW: s.importW,
            exportW: s.exportW,
            budgetVA: s.budgetVA,
            offPeak: s.offPeak,
            lost: s.lost,
            day: s.day,
            todayWh: Math.round(s.deliveredWh),
            toppedUpWh: Math.round(s.toppedUpWh),
            targetWh: o.targetWh,
            yesterday: s.previous
              ? { ...s.previous, deliveredWh: Math.round(s.previous.deliveredWh), toppedUpWh: Math.round(s.previous.toppedUpWh) }
              : null,
          },
        }) as NodeMessage;

      const showStatus = (): void => {
        if (s.lost) {
          ctx.status.set('lost', t('status.lost', { today: kwh(s.deliveredWh), target: kwh(o.targetWh) }));
          return;
        }
        if (s.lastReadingMs === null) {
          ctx.status.set('waiting', t('status.waiting'));
          return;
        }
        const flow = (s.exportW ?? 0) > 0 ? t('status.export', { kw: kw(s.exportW) }) : t('status.import', { kw: kw(s.importW) });
        const load = s.on ? t(`status.${s.mode === 'top-up' ? 'onTopUp' : 'onSurplus'}`) : t('status.off');
        const held = s.on && s.loadOn === false ? ` (${t('status.held')})` : '';
        const energy =
          o.targetWh > 0
            ? t('status.energyTarget', { today: kwh(s.deliveredWh), target: kwh(o.targetWh) })
            : t('status.energy', { today: kwh(s.deliveredWh) });
        ctx.status.set(s.on ? 'ok' : 'idle', `${flow} · ${load}${held} · ${energy}`);
      };

      const send = (cause?: NodeMessage): void => {
        node.send([
          {
            topic: c.loadName,
            payload: s.on ? 'on' : 'off',
            route: { load: c.loadName, on: s.on, mode: s.mode, reason: whyText(s.why) },
            ...(cause?._msgid ? { _msgid: cause._msgid } : {}),
          } as NodeMessage,
          stateMsg('surplus/state'),
        ]);
      };

      /** Apply a new state: a command when the wish changed, the day's summary when a day closed. */
      const apply = (next: SurplusState, cause?: NodeMessage): void => {
        const prev = s;
        s = next;
        if (next.on !== prev.on) {
          send(cause);
          saveNow();
        } else if (next.previous !== prev.previous) {
          node.send([null, stateMsg('surplus/day')]);
          saveNow();
        } else writer.markDirty();
        showStatus();
      };

      ctx.every(1000, () => apply(tickSurplus(s, Date.now(), o)));
      ctx.onClose(() => {
        writer.flush();
        saveNow();
      });
      // After a restart the downstream may not remember: repeat the wish (load-shed ignores a repeat).
      const wasOn = s.on;
      setImmediate(() => {
        if (wasOn && s.on) send();
        showStatus();
      });

      ctx.onInput((msg) => {
        const now = Date.now();
        if (msg.payload === 'status') {
          node.send([null, stateMsg('surplus/state')]);
          return;
        }
        if (c.energyTopic !== '' && msg.topic === c.energyTopic) {
          const wh = energyIndexWh(msg);
          if (wh === undefined) throw new Error(t('errors.energy'));
          apply(surplusEnergy(s, wh, now, o), msg);
          return;
        }
        // Our own command looped back: not a state of the load.
        if (msg.route !== undefined) return;
        const fed = loadState(msg.payload);
        if (fed !== undefined) {
          apply(surplusLoadState(s, fed, now, o), msg);
          return;
        }
        const p = msg.payload as { event?: unknown } | null;
        if (typeof p === 'object' && p !== null && typeof p.event === 'string') {
          if (p.event === 'tic-lost') apply(surplusMeterLost(s, now, o), msg);
          return;
        }
        const reading = readSurplusPayload(msg);
        if (reading === null) throw new Error(t('errors.input'));
        apply(surplusReading(s, reading, now, o), msg);
      });
      showStatus();
    },
  });
};
