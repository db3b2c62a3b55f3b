// wes-input: the WES's other inputs. "contact": a GPIO line with a reed switch, float or rain
// sensor (debounced state, open/close events and counts). "analog": an IIO channel (ADS1115)
// read at an interval, scaled by a divider ratio or a two-point map, averaged, with thresholds.
// The logic is nodes/core/contact and nodes/core/analog; this file is the Node-RED glue.

import type { NodeAPI, NodeMessage } from 'node-red';
import { checkScaling, MovingAverage, rawToVolts, scaleVolts, type Scaling } from '../core/analog/scaling';
import { parseThresholds, ThresholdSet } from '../core/analog/threshold';
import { ContactInput, type ContactCounts } from '../core/contact/contact';
import type { InputHandle } from '../io/gpio/types';
import { DEFAULT_IIO_ROOT, IioSource, SimulatedAnalogSource, type AnalogSource } from '../io/iio/analog-source';
import { readJson, ThrottledWriter } from '../io/state/atomic-json';
import type { WesGpioNode } from '../wes-gpio/gpio-node';
import { defineNode, type NodeContext } from '../shared/define-node';
import { fmt } from '../shared/node-state';
import { defineConfig, withDefaults } from '../shared/node-config';
import { isProblem } from '../core/problem';

const num = { type: 'number' };
const configSchema = {
  type: 'object',
  properties: {
    mode: { enum: ['contact', 'analog'] },
    gpio: { type: 'string' },
    line: { type: 'integer', minimum: 0, maximum: 1023 },
    bias: { enum: ['pull-up', 'pull-down', 'as-is'] },
    debounceMs: { type: 'number', minimum: 0, maximum: 10000 },
    inverted: { type: 'boolean' },
    simToggleS: { type: 'number', minimum: 0 },
    source: { enum: ['iio', 'simulated'] },
    iioRoot: { type: 'string', minLength: 1 },
    device: { type: 'string', minLength: 1 },
    channel: { type: 'integer', minimum: 0, maximum: 15 },
    intervalS: { type: 'number', minimum: 0.05, maximum: 86400 },
    average: { type: 'integer', minimum: 1, maximum: 1000 },
    scaling: { enum: ['divider', 'linear'] },
    ratio: { type: 'number', exclusiveMinimum: 0 },
    v1: num,
    y1: num,
    v2: num,
    y2: num,
    unit: { type: 'string', maxLength: 16 },
    decimals: { type: 'integer', minimum: 0, maximum: 6 },
    thresholds: { type: 'string', maxLength: 500 },
    simVolts: { type: 'number', minimum: -10, maximum: 10 },
  },
  required: ['mode'],
  if: { properties: { mode: { const: 'contact' } } },
  then: { required: ['gpio', 'line', 'debounceMs'], properties: { gpio: { minLength: 1 } } },
  else: { required: ['source', 'device', 'channel', 'intervalS', 'average', 'scaling'] },
};

const defaults: Record<string, unknown> = {
  mode: 'contact',
  name: '',
  bias: 'pull-up',
  debounceMs: 50,
  inverted: false,
  simToggleS: 0,
  source: 'iio',
  iioRoot: DEFAULT_IIO_ROOT,
  device: 'iio:device0',
  channel: 0,
  intervalS: 1,
  average: 5,
  scaling: 'divider',
  ratio: 1,
  v1: 0,
  y1: 0,
  v2: 3.3,
  y2: 3.3,
  unit: 'V',
  decimals: 3,
  thresholds: '',
  simVolts: 1.65,
};

type Cfg = typeof defaults & Record<string, unknown>;

const config = defineConfig<Cfg>({ type: 'wes-input', schema: withDefaults(configSchema, defaults) });

export = function (RED: NodeAPI) {
  defineNode<Cfg>(RED, {
    type: 'wes-input',
    dir: __dirname,
    config,
    setup: (ctx) => (ctx.config.mode === 'contact' ? contactMode(ctx) : analogMode(ctx)),
  });
};

function contactMode({ RED: R, node, config: c, t, status, stateFile: file, onInput, onClose, fail }: NodeContext<Cfg>): void {
  const line = c.line as number;
  const gpio = R.nodes.getNode(c.gpio as string) as WesGpioNode | null;
  if (!gpio || typeof gpio.claim !== 'function') return fail(t('errors.noGpio'));
  try {
    gpio.claim(line, node);
  } catch (e) {
    return fail((e as Error).message);
  }
  let counts: ContactCounts | undefined;
  const stored = readJson(file);
  if (stored && 'value' in stored) {
    const s = (stored.value as { counts?: ContactCounts }).counts;
    if (s && Number.isInteger(s.openings) && Number.isInteger(s.closings)) counts = s;
  }
  // With the usual pull-up a closed contact pulls the line low; "inverted" is for the other wiring
  // (or a normally-closed contact read as "active when open").
  const contact = new ContactInput({ debounceMs: c.debounceMs as number, closedLevel: c.inverted ? 1 : 0 }, counts);
  const writer = new ThrottledWriter(
    file,
    () => ({ v: 1, counts: contact.counts }),
    60_000,
    (text) => node.error(text),
  );
  const topic = (c.name as string) || `input${line}`;
  let handle: InputHandle | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const showStatus = () => {
    const s = contact.closed;
    if (s === null) status.set('waiting', t('status.opening'));
    else
      status.set(
        s ? 'ok' : 'idle',
        `${s ? t('state.closed') : t('state.open')} · ${t('status.openings', { n: contact.counts.openings })} [${gpio.backendLabel()}]`,
      );
  };
  const emit = (closedNow: boolean, event: string | null, tMs: number) => {
    const msg = { topic, payload: closedNow ? 1 : 0, state: closedNow ? 'closed' : 'open', event, counts: contact.counts, time: tMs };
    node.send([msg as NodeMessage, event ? ({ ...msg } as NodeMessage) : null]);
    showStatus();
  };
  const settleLater = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const at = contact.nextDeadlineMs();
    if (at === null || closed) return;
    timer = setTimeout(
      () => {
        timer = null;
        const ev = contact.settle(performance.timeOrigin + performance.now());
        if (ev) {
          writer.markDirty();
          emit(ev.closed, ev.closed ? 'closed' : 'opened', ev.tMs);
        }
        settleLater();
      },
      Math.max(0, at - (performance.timeOrigin + performance.now())) + 1,
    );
  };

  showStatus();
  gpio
    .openInput(
      { line, bias: c.bias as 'pull-up', sim: { togglePeriodMs: (c.simToggleS as number) * 1000 } },
      (e) => {
        const ev = contact.edge(e.level, e.tMs);
        if (ev) {
          writer.markDirty();
          emit(ev.closed, ev.closed ? 'closed' : 'opened', ev.tMs);
        }
        settleLater();
      },
      (err) => {
        node.error(t('errors.device', { line, text: err.message }));
        status.set('lost', t('status.lost'));
      },
    )
    .then(async (h) => {
      if (closed) return h.close();
      handle = h;
      contact.initial(await h.read());
      emit(contact.closed === true, null, Date.now());
    })
    .catch((e: Error) => {
      node.error(t('errors.open', { line, text: e.message }));
      status.set('lost', t('status.lost'));
    });

  onInput((msg, send) => {
    if (msg.payload === 'status') {
      send([
        {
          ...msg,
          topic,
          payload: contact.closed ? 1 : 0,
          state: contact.closed ? 'closed' : 'open',
          counts: contact.counts,
        } as NodeMessage,
        null,
      ]);
      return;
    }
    if (msg.payload === 'reset') {
      contact.counts = { openings: 0, closings: 0 };
      writer.markDirty();
      writer.flush();
      showStatus();
      return;
    }
    throw new Error(t('errors.contactMessage'));
  });

  onClose(() => {
    closed = true;
    if (timer) clearTimeout(timer);
    gpio.release(line, node);
    writer.flush();
    const h = handle;
    handle = null;
    return (h ? h.close() : Promise.resolve()).catch(() => undefined);
  });
}

function analogMode({ node, config: c, t, status, onInput, onClose, fail, explain }: NodeContext<Cfg>): void {
  const scaling: Scaling =
    c.scaling === 'divider'
      ? { kind: 'divider', ratio: c.ratio as number }
      : { kind: 'linear', v1: c.v1 as number, y1: c.y1 as number, v2: c.v2 as number, y2: c.y2 as number };
  const scalingError = checkScaling(scaling);
  if (scalingError) return fail(t('errors.scaling', { text: explain(scalingError) }));
  const thresholds = parseThresholds(c.thresholds as string);
  if (isProblem(thresholds)) return fail(t('errors.thresholds', { text: explain(thresholds) }));
  const source: AnalogSource =
    c.source === 'simulated'
      ? new SimulatedAnalogSource(c.simVolts as number)
      : new IioSource(c.iioRoot as string, c.device as string, c.channel as number);
  const avg = new MovingAverage(c.average as number);
  const set = new ThresholdSet(thresholds);
  const unit = c.unit as string;
  const decimals = c.decimals as number;
  const topic = (c.name as string) || `analog${c.channel as number}`;
  let busy = false;
  let lost = false;

  const sample = async (msgIn?: NodeMessage) => {
    if (busy) return;
    busy = true;
    try {
      const r = await source.read();
      const volts = rawToVolts(r.raw, r.scaleMv, r.offset);
      const value = avg.push(scaleVolts(volts, scaling));
      const rounded = Number(value.toFixed(decimals));
      const events = set.feed(value);
      lost = false;
      const out = { ...(msgIn ?? {}), topic, payload: rounded, unit, raw: r.raw, volts, thresholds: set.states() };
      node.send([out as NodeMessage, null]);
      for (const ev of events) node.send([null, { topic: `${topic}/${ev.name}`, payload: ev, unit } as NodeMessage]);
      status.set('ok', `${fmt(rounded, decimals)} ${unit} [${source.description}]`);
    } catch (e) {
      if (!lost) node.error(t('errors.read', { source: source.description, text: (e as Error).message }));
      lost = true;
      status.set('lost', t('status.lost'));
    } finally {
      busy = false;
    }
  };
  status.set('waiting', t('status.opening'));
  const timer = setInterval(() => void sample(), (c.intervalS as number) * 1000);
  void sample();
  onInput(async (msg) => {
    if (msg.payload !== 'status' && msg.payload !== 'read') throw new Error(t('errors.analogMessage'));
    await sample(msg);
  });
  onClose(() => clearInterval(timer));
}
