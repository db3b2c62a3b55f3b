// wes-input: the WES's other inputs. "contact": a GPIO line with a reed switch, float or rain
// sensor (debounced state, open/close events and counts). "analog": an IIO channel (ADS1115)
// read at an interval, scaled by a divider ratio or a two-point map, averaged, with thresholds.
// The logic is nodes/core/contact and nodes/core/analog; this file is the Node-RED glue.

import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { checkScaling, MovingAverage, rawToVolts, scaleVolts, type Scaling } from '../core/analog/scaling';
import { parseThresholds, ThresholdSet } from '../core/analog/threshold';
import { ContactInput, type ContactCounts } from '../core/contact/contact';
import type { InputHandle } from '../io/gpio/types';
import { DEFAULT_IIO_ROOT, IioSource, SimulatedAnalogSource, type AnalogSource } from '../io/iio/analog-source';
import { readJson, stateFile, ThrottledWriter } from '../io/state/atomic-json';
import type { WesGpioNode } from '../wes-gpio/gpio-node';
import { failConfig, fmt, userDirOf } from '../shared/node-state';
import { translator, type Translate } from '../shared/translate';
import { compileSchema, errorText } from '../shared/node-config';

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

export = function (RED: NodeAPI) {
  const t = translator(RED, __dirname, 'wes-input');
  const validate = compileSchema(configSchema);

  function WesInput(this: Node, def: NodeDef & Record<string, unknown>) {
    RED.nodes.createNode(this, def);
    const node = this;
    const raw: Cfg = { ...defaults };
    for (const [k, v] of Object.entries(def)) if (v !== undefined && v !== null && !(v === '' && !['name', 'thresholds', 'unit'].includes(k))) raw[k] = v;
    if (!validate(raw)) return failConfig(node, t('errors.config', { text: errorText(validate.errors) }), t('status.config'));
    if (raw.mode === 'contact') contactMode(RED, node, raw, t);
    else analogMode(node, raw, t);
  }

  function contactMode(R: NodeAPI, node: Node, c: Cfg, t: Translate): void {
    const line = c.line as number;
    const gpio = R.nodes.getNode(c.gpio as string) as WesGpioNode | null;
    if (!gpio || typeof gpio.claim !== 'function') return failConfig(node, t('errors.noGpio'), t('status.config'));
    try {
      gpio.claim(line, node);
    } catch (e) {
      return failConfig(node, (e as Error).message, t('status.busy', { line }));
    }
    const file = stateFile(userDirOf(R), node.id);
    let counts: ContactCounts | undefined;
    const stored = readJson(file);
    if (stored && 'value' in stored) {
      const s = (stored.value as { counts?: ContactCounts }).counts;
      if (s && Number.isInteger(s.openings) && Number.isInteger(s.closings)) counts = s;
    }
    // With the usual pull-up a closed contact pulls the line low; "inverted" is for the other wiring
    // (or a normally-closed contact read as "active when open").
    const contact = new ContactInput({ debounceMs: c.debounceMs as number, closedLevel: c.inverted ? 1 : 0 }, counts);
    const writer = new ThrottledWriter(file, () => ({ v: 1, counts: contact.counts }), 60_000, (text) => node.error(text));
    const topic = (c.name as string) || `input${line}`;
    let handle: InputHandle | null = null;
    let timer: NodeJS.Timeout | null = null;
    let closed = false;

    const showStatus = () => {
      const s = contact.closed;
      if (s === null) node.status({ fill: 'yellow', shape: 'ring', text: t('status.opening') });
      else node.status({ fill: 'green', shape: s ? 'dot' : 'ring', text: `${s ? t('state.closed') : t('state.open')} · ${t('status.openings', { n: contact.counts.openings })} [${gpio.backendLabel()}]` });
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
      timer = setTimeout(() => {
        timer = null;
        const ev = contact.settle(performance.timeOrigin + performance.now());
        if (ev) {
          writer.markDirty();
          emit(ev.closed, ev.closed ? 'closed' : 'opened', ev.tMs);
        }
        settleLater();
      }, Math.max(0, at - (performance.timeOrigin + performance.now())) + 1);
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
          node.status({ fill: 'red', shape: 'dot', text: t('status.lost') });
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
        node.status({ fill: 'red', shape: 'dot', text: t('status.lost') });
      });

    node.on('input', (msg: NodeMessage, send, done) => {
      if (msg.payload === 'status') {
        send([{ ...msg, topic, payload: contact.closed ? 1 : 0, state: contact.closed ? 'closed' : 'open', counts: contact.counts } as NodeMessage, null]);
        return done();
      }
      if (msg.payload === 'reset') {
        contact.counts = { openings: 0, closings: 0 };
        writer.markDirty();
        writer.flush();
        showStatus();
        return done();
      }
      done(new Error(t('errors.contactMessage')));
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      if (timer) clearTimeout(timer);
      gpio.release(line, node);
      writer.flush();
      const h = handle;
      handle = null;
      (h ? h.close() : Promise.resolve()).catch(() => undefined).finally(() => done());
    });
  }

  function analogMode(node: Node, c: Cfg, t: Translate): void {
    const scaling: Scaling =
      c.scaling === 'divider'
        ? { kind: 'divider', ratio: c.ratio as number }
        : { kind: 'linear', v1: c.v1 as number, y1: c.y1 as number, v2: c.v2 as number, y2: c.y2 as number };
    const scalingError = checkScaling(scaling);
    if (scalingError) return failConfig(node, t('errors.scaling', { text: scalingError }), t('status.config'));
    const thresholds = parseThresholds(c.thresholds as string);
    if (typeof thresholds === 'string') return failConfig(node, t('errors.thresholds', { text: thresholds }), t('status.config'));
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
        node.status({ fill: 'green', shape: 'dot', text: `${fmt(rounded, decimals)} ${unit} [${source.description}]` });
      } catch (e) {
        if (!lost) node.error(t('errors.read', { source: source.description, text: (e as Error).message }));
        lost = true;
        node.status({ fill: 'red', shape: 'dot', text: t('status.lost') });
      } finally {
        busy = false;
      }
    };
    node.status({ fill: 'yellow', shape: 'ring', text: t('status.opening') });
    const timer = setInterval(() => void sample(), (c.intervalS as number) * 1000);
    void sample();
    node.on('input', (msg: NodeMessage, _send, done) => {
      if (msg.payload !== 'status' && msg.payload !== 'read') return done(new Error(t('errors.analogMessage')));
      sample(msg).then(() => done());
    });
    node.on('close', () => clearInterval(timer));
  }

  RED.nodes.registerType('wes-input', WesInput as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);
};
