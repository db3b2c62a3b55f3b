// wes-pulse-in: a pulse meter (water, gas, electricity S0, fuel) on one GPIO line.
// Edges -> PulseDebouncer -> meter (index, today/month/year) + RateEstimator (flow/power) + leak rules.
// All of that is nodes/core/pulse; this file maps config, messages, timers and persistence onto it.

import { copyFileSync } from 'node:fs';
import type { NodeAPI, NodeMessage } from 'node-red';
import { PulseDebouncer } from '../core/pulse/debounce';
import { emptyLeakState, leakEvaluate, leakOnPulse, type LeakEvent, type LeakOptions, type LeakState } from '../core/pulse/leak';
import {
  emptyMeter,
  isMeterState,
  meterApplyEditorIndex,
  meterPulse,
  meterRoll,
  meterSetIndex,
  type MeterState,
  parseIndex,
} from '../core/pulse/meter';
import { checkTimeZone } from '../core/pulse/periods';
import { displayRate, RateEstimator, type PulseUnit } from '../core/pulse/rate';
import type { InputHandle } from '../io/gpio/types';
import { readJson, ThrottledWriter } from '../io/state/atomic-json';
import type { WesGpioNode } from '../wes-gpio/gpio-node';
import { systemClocks, wallOf } from '../shared/clock';
import { defineNode } from '../shared/define-node';
import { fmt } from '../shared/node-state';
import { defineConfig, withDefaults } from '../shared/node-config';

type Kind = 'water' | 'gas' | 'electricity' | 'fuel' | 'other';

interface PulseConfig {
  name: string;
  gpio: string;
  line: number;
  activeLevel: 'low' | 'high';
  bias: 'pull-up' | 'pull-down' | 'as-is';
  kind: Kind;
  weight: number;
  unit: PulseUnit;
  debounceMs: number;
  index: number | '';
  timeoutS: number;
  persistS: number;
  timezone: string;
  leakHours: number;
  leakGapMin: number;
  leakRate: number;
  leakRateMin: number;
  simRate: number;
  outputS: number;
}

const configSchema = {
  type: 'object',
  properties: {
    gpio: { type: 'string', minLength: 1 },
    line: { type: 'integer', minimum: 0, maximum: 1023 },
    activeLevel: { enum: ['low', 'high'] },
    bias: { enum: ['pull-up', 'pull-down', 'as-is'] },
    kind: { enum: ['water', 'gas', 'electricity', 'fuel', 'other'] },
    weight: { type: 'number', exclusiveMinimum: 0 },
    unit: { enum: ['L', 'm3', 'Wh', 'kWh'] },
    debounceMs: { type: 'number', minimum: 0, maximum: 1000 },
    index: { anyOf: [{ const: '' }, { type: 'number', minimum: 0, maximum: 1e9 }] },
    timeoutS: { type: 'number', minimum: 1, maximum: 86400 },
    persistS: { type: 'number', minimum: 1, maximum: 60 },
    timezone: { type: 'string' },
    leakHours: { type: 'number', minimum: 0, maximum: 720 },
    leakGapMin: { type: 'number', minimum: 1, maximum: 1440 },
    leakRate: { type: 'number', minimum: 0 },
    leakRateMin: { type: 'number', minimum: 0, maximum: 1440 },
    simRate: { type: 'number', minimum: 0, maximum: 60000 },
    outputS: { type: 'number', minimum: 0, maximum: 3600 },
  },
  required: ['gpio', 'line', 'kind', 'weight', 'unit', 'debounceMs', 'timeoutS', 'persistS'],
};

const defaults: Omit<PulseConfig, 'gpio' | 'line'> = {
  name: '',
  activeLevel: 'low',
  bias: 'pull-up',
  kind: 'water',
  weight: 1,
  unit: 'L',
  debounceMs: 20,
  index: '',
  timeoutS: 300,
  persistS: 60,
  timezone: '',
  leakHours: 0,
  leakGapMin: 30,
  leakRate: 0,
  leakRateMin: 10,
  simRate: 6,
  outputS: 0,
};

const config = defineConfig<PulseConfig>({ type: 'wes-pulse-in', schema: withDefaults(configSchema, defaults) });

interface Persisted {
  v: 1;
  meter: MeterState;
  leak: LeakState;
}

const TICK_MS = 10_000;

export = function (RED: NodeAPI) {
  defineNode<PulseConfig>(RED, {
    type: 'wes-pulse-in',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, stateFile: file, onInput, onClose, fail }) {
      try {
        if (c.timezone) checkTimeZone(c.timezone);
      } catch {
        return fail(t('errors.timezone', { tz: c.timezone }));
      }
      const gpio = RED.nodes.getNode(c.gpio) as WesGpioNode | null;
      if (!gpio || typeof gpio.claim !== 'function') return fail(t('errors.noGpio'));
      try {
        gpio.claim(c.line, node);
      } catch (e) {
        return fail((e as Error).message);
      }

      const tz = c.timezone || undefined;
      const leakOptions: LeakOptions = {
        continuousMs: c.leakHours * 3_600_000,
        gapMs: c.leakGapMin * 60_000,
        maxRatePerHour: c.leakRate,
        rateMinMs: c.leakRateMin * 60_000,
      };
      const debouncer = new PulseDebouncer({ minActiveMs: c.debounceMs, activeLevel: c.activeLevel === 'low' ? 0 : 1 });
      const rate = new RateEstimator({ weight: c.weight, timeoutMs: c.timeoutS * 1000 });

      // Pulse times (the GPIO's edges), the rate, the leak rules, the throttle and the tick are on
      // the monotonic clock; only the calendar (today, month, year) reads the wall clock.
      const mono = systemClocks.monoMs;
      const wall = systemClocks.wallMs;
      let meter: MeterState = emptyMeter(wall(), tz);
      let leak: LeakState = emptyLeakState();
      const stored = readJson(file);
      /** The unreadable file is kept beside it (the next save replaces it) and the user told loudly. */
      const keepBad = (why: string): void => {
        const bad = `${file}.bad-${new Date(wall()).toISOString().replace(/[:.]/g, '-')}`;
        try {
          copyFileSync(file, bad);
        } catch {
          /* nothing to keep */
        }
        node.error(t('errors.corrupt', { text: why, file: bad }));
      };
      if (stored && 'error' in stored) keepBad(stored.error);
      else if (stored) {
        const p = stored.value as Partial<Persisted>;
        if (p && isMeterState(p.meter)) {
          meter = p.meter;
          if (p.leak && typeof p.leak === 'object') leak = { ...emptyLeakState(), ...p.leak };
        } else keepBad(file);
      }
      meter = meterApplyEditorIndex(meter, c.index === '' ? null : Number(c.index));
      meter = meterRoll(meter, wall(), tz);

      const writer = new ThrottledWriter(
        file,
        (): Persisted => ({ v: 1, meter, leak }),
        c.persistS * 1000,
        (text) => node.error(text),
      );
      writer.markDirty();

      let handle: InputHandle | null = null;
      let closed = false;
      let lastRateZero = true;
      let lastSent = 0;
      let trailing: NodeJS.Timeout | null = null;
      let failed = false;
      /** When the input was lost (ISO, wall clock), null while it answers. */
      let lostSince: string | null = null;

      const readings = (now: number) => {
        const perHour = rate.perHour(now);
        const shown = displayRate(perHour, c.unit);
        return {
          index: meter.index,
          today: meter.totals.today,
          yesterday: meter.totals.yesterday,
          month: meter.totals.month,
          year: meter.totals.year,
          pulses: meter.pulses,
          rate: shown.value,
          rateUnit: shown.unit,
          ratePerHour: perHour,
          leak: leak.continuous || leak.rate,
          // A lost input (the GPIO line stopped answering) is not a meter at rest: the last
          // values stay but are no longer live. No pulse for hours is not a loss (water at night).
          inputLost: lostSince !== null,
          lostSince,
        };
      };
      const unitLabel = c.unit === 'm3' ? 'm³' : c.unit;
      const topic = c.name || `pulse${c.line}`;

      const showStatus = (now: number) => {
        if (failed) return;
        if (meter.lastPulseMs === null && meter.pulses === 0) {
          status.set('waiting', t('status.waiting', { index: fmt(meter.index), unit: unitLabel, backend: gpio.backendLabel() }));
          return;
        }
        const r = readings(now);
        node.status({
          fill: r.leak ? 'red' : 'green',
          shape: 'dot',
          text: `${fmt(r.index)} ${unitLabel} · ${fmt(r.rate, 2)} ${r.rateUnit}${r.leak ? ` · ${t('status.leak')}` : ''}`,
        });
      };

      const send = (now: number) => {
        lastSent = now;
        const payload = readings(now);
        lastRateZero = payload.ratePerHour === 0;
        node.send([{ topic, payload, unit: unitLabel, kind: c.kind, line: c.line } as NodeMessage, null]);
        showStatus(now);
      };

      const sendThrottled = (now: number) => {
        const wait = lastSent + c.outputS * 1000 - now;
        if (wait <= 0) return send(now);
        trailing ??= setTimeout(() => {
          trailing = null;
          if (!closed) send(mono());
        }, wait);
      };

      const emitLeak = (events: LeakEvent[], now: number) => {
        for (const ev of events) {
          const text = ev.active ? t(`leak.${ev.rule}`, { hours: c.leakHours, rate: c.leakRate, unit: unitLabel }) : t('leak.cleared');
          node.send([
            null,
            {
              topic: `${topic}/leak`,
              payload: { rule: ev.rule, active: ev.active, since: ev.sinceMs === null ? null : wallOf(ev.sinceMs), text },
              kind: c.kind,
            } as NodeMessage,
          ]);
          if (ev.active) node.warn(text);
        }
        if (events.length) {
          writer.markDirty();
          showStatus(now);
        }
      };

      const lose = (text: string) => {
        failed = true;
        node.error(text);
        status.set('lost', t('status.lost'));
        if (lostSince === null) {
          lostSince = new Date(wall()).toISOString();
          send(mono());
        }
      };
      const recover = () => {
        const wasLost = lostSince !== null;
        failed = false;
        lostSince = null;
        if (wasLost && !closed) send(mono());
      };

      const onEdge = (level: 0 | 1, tMs: number) => {
        if (failed) recover();
        const p = debouncer.feed(level, tMs);
        if (p === null) return;
        rate.onPulse(p);
        meter = meterPulse(meter, c.weight, wallOf(p), tz);
        leak = leakOnPulse(leak, p, leakOptions);
        const ev = leakEvaluate(leak, p, rate.perHour(p), leakOptions);
        leak = ev.state;
        writer.markDirty();
        sendThrottled(p);
        emitLeak(ev.events, p);
      };

      const tick = () => {
        const now = mono();
        const rolled = meterRoll(meter, wall(), tz);
        const changed = rolled !== meter;
        meter = rolled;
        const ev = leakEvaluate(leak, now, rate.perHour(now), leakOptions);
        leak = ev.state;
        emitLeak(ev.events, now);
        const zero = rate.perHour(now) === 0;
        if (changed) writer.markDirty();
        if (changed || (zero && !lastRateZero)) send(now);
        else showStatus(now);
      };
      const ticker = setInterval(tick, TICK_MS);

      showStatus(mono());
      gpio
        .openInput(
          { line: c.line, bias: c.bias, sim: { pulsesPerMinute: c.simRate } },
          (e) => onEdge(e.level, e.tMs),
          (err) => lose(t('errors.device', { line: c.line, text: err.message })),
          recover,
        )
        .then(async (h) => {
          if (closed) return h.close();
          handle = h;
          // The line may already be active (a pulse in progress at start): let the debouncer know.
          const level = await h.read();
          if (level === (c.activeLevel === 'low' ? 0 : 1)) debouncer.feed(level, mono());
          showStatus(mono());
        })
        .catch((e: Error) => lose(t('errors.open', { line: c.line, text: e.message })));

      onInput(async (msg, send) => {
        const p = msg.payload as unknown;
        if (msg.topic === 'simulate') {
          const present = typeof p === 'object' && p !== null ? (p as { inputLost?: unknown }).inputLost : undefined;
          if (typeof present !== 'boolean') throw new Error(t('errors.simulate'));
          if (!(await gpio.simulateInput(c.line, !present))) throw new Error(t('errors.notSimulated'));
          return;
        }
        let index: unknown;
        if (msg.topic === 'index') index = p;
        else if (typeof p === 'object' && p !== null && 'index' in p) index = (p as { index: unknown }).index;
        else if (p === 'status' || p === 'refresh') {
          node.send([{ ...msg, topic, payload: readings(mono()), unit: unitLabel, kind: c.kind } as NodeMessage, null]);
          return;
        } else throw new Error(t('errors.message'));
        const n = parseIndex(index);
        if (n === null) throw new Error(t('errors.index', { value: String(index).slice(0, 30) }));
        meter = meterSetIndex(meter, n);
        writer.markDirty();
        // The index is what the user just read off the meter: save it now rather than in a minute.
        writer.flush();
        send([{ ...msg, topic, payload: readings(mono()), unit: unitLabel, kind: c.kind } as NodeMessage, null]);
        showStatus(mono());
      });

      onClose(() => {
        closed = true;
        clearInterval(ticker);
        if (trailing) clearTimeout(trailing);
        gpio.release(c.line, node);
        writer.flush();
        const h = handle;
        handle = null;
        return (h ? h.close() : Promise.resolve()).catch(() => undefined);
      });
    },
  });
};
