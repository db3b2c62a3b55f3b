// wes-tic-in: one meter input. Bytes from a serial port (through its config node) or from
// the simulated meter go through the same decoder; output 1 carries the decoded meter
// state, output 2 the events (TIC lost / recovered, overload, tariff change, Tempo).
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import type { MeterState } from '../core/tic/meter-state';
import { SimulatedMeter } from '../core/tic/simulated-meter';
import { OutputPolicy, type OutputMode } from '../core/tic/output-policy';
import { TicDecoder, type TicEvent, type TicSink } from '../core/tic/tic-decoder';
import { SimulatedTicSource } from '../io/serial/simulated-tic-source';
import { configValidator } from '../shared/node-config';
import type { SerialClient, WesSerialPortNode } from '../wes-serial-port/serial-port-api';
import { statusOf } from './tic-status';

interface TicInConfig {
  topic: string;
  source: 'serial' | 'simulated';
  port: string;
  simMode: 'historique' | 'standard';
  simPhases: 1 | 3;
  simProducer: boolean;
  simOption: 'BASE' | 'HC' | 'TEMPO' | 'EJP';
  simKva: number;
  simSeed: number;
  output: OutputMode;
  interval: number;
  lostAfter: number;
}

const schema: JSONSchemaType<TicInConfig> = {
  type: 'object',
  properties: {
    topic: { type: 'string', minLength: 1, default: 'tic1' },
    source: { type: 'string', enum: ['serial', 'simulated'], default: 'simulated' },
    port: { type: 'string', default: '' },
    simMode: { type: 'string', enum: ['historique', 'standard'], default: 'standard' },
    simPhases: { type: 'integer', enum: [1, 3], default: 1 },
    simProducer: { type: 'boolean', default: false },
    simOption: { type: 'string', enum: ['BASE', 'HC', 'TEMPO', 'EJP'], default: 'HC' },
    simKva: { type: 'number', minimum: 3, maximum: 36, default: 9 },
    simSeed: { type: 'integer', default: 1 },
    output: { type: 'string', enum: ['every', 'change', 'interval'], default: 'every' },
    interval: { type: 'number', minimum: 0, default: 10 },
    lostAfter: { type: 'number', minimum: 2, maximum: 600, default: 10 },
  },
  required: ['topic', 'source', 'output'],
  if: { properties: { source: { const: 'serial' } } },
  then: { properties: { port: { type: 'string', minLength: 1 } } },
};
const validate = configValidator(schema);

/** Input: `{ forcePowerVA: number | null }` drives the simulated meter's load (demos, shedding tests). */
function forcedPower(msg: NodeMessage): number | null | undefined {
  const p = msg.payload as { forcePowerVA?: unknown } | undefined;
  if (p === null || typeof p !== 'object' || !('forcePowerVA' in p)) return undefined;
  const v = p.forcePowerVA;
  if (v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 99_999 ? v : undefined;
}

export = function (RED: NodeAPI): void {
  function WesTicIn(this: Node, def: NodeDef & Partial<TicInConfig>): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const res = validate(def);
    if (!res.ok) {
      node.error(`invalid configuration: ${res.error}`);
      node.status({ fill: 'red', shape: 'ring', text: 'invalid configuration' });
      return;
    }
    const cfg = res.config;
    const portNode = cfg.source === 'serial' ? (RED.nodes.getNode(cfg.port) as WesSerialPortNode | null) ?? undefined : undefined;
    const decoder = new TicDecoder({ lostAfterMs: cfg.lostAfter * 1000, maskBit7: portNode?.portConfig?.maskBit7 });
    const policy = new OutputPolicy(cfg.output, cfg.interval * 1000);
    let portText = '';
    let last: MeterState | undefined;
    let simulated: SimulatedTicSource | undefined;
    let detach: (() => void) | undefined;

    const send = (state: MeterState): void => {
      const s = decoder.stats;
      node.send([{
        topic: cfg.topic,
        payload: state,
        link: { state: s.link, framesCorrect: s.framesCorrect, frames: s.frames, eot: s.eot, groupsOk: s.groupsOk, groupsRejected: s.groupsRejected, valuesRejected: s.valuesRejected },
      } as NodeMessage, null]);
    };
    /** A fault that no frame can clear (no port configured): it owns the status. */
    let fault: string | undefined;
    // the editor is told only when the status text changes, not on every tick
    let shown = '';
    const showStatus = (): void => {
      const st = fault ? { fill: 'red' as const, shape: 'ring' as const, text: fault } : statusOf(decoder.linkState, last, portText);
      const key = `${st.fill}|${st.shape}|${st.text}`;
      if (key === shown) return;
      shown = key;
      node.status(st);
    };

    const sink: TicSink = {
      frame(state, info) {
        last = state;
        const out = policy.offer(state, Date.now());
        if (out) send(out);
      },
      validGroups(count) {
        portNode?.validGroups(count, Date.now());
      },
      event(e: TicEvent) {
        const { atMs, ...details } = e;
        node.send([null, { topic: `${cfg.topic}/event`, payload: { ...details, time: new Date(atMs).toISOString(), meterId: last?.meterId } } as NodeMessage]);
        showStatus();
      },
    };
    const onBytes = (chunk: Buffer): void => {
      decoder.push(chunk, Date.now(), sink);
    };

    const ticker = setInterval(() => {
      const now = Date.now();
      decoder.tick(now, sink);
      const due = policy.due(now);
      if (due) send(due);
      showStatus();
    }, 1000);

    if (cfg.source === 'simulated') {
      const meter = new SimulatedMeter(
        { mode: cfg.simMode, phases: cfg.simPhases, producer: cfg.simProducer, option: cfg.simOption, subscribedKva: cfg.simKva, seed: cfg.simSeed },
        Date.now(),
      );
      simulated = new SimulatedTicSource(meter);
      portText = 'simulated';
      simulated.on('data', onBytes);
      simulated.start();
    } else {
      if (portNode === undefined || typeof portNode.attach !== 'function') {
        node.error('no serial port configured: choose or add a wes-serial-port');
        fault = 'no serial port';
      } else {
        const client: SerialClient = {
          data: onBytes,
          portState(state, detail) {
            portText = state === 'open' ? (detail ?? '') : `${state}${detail ? `: ${detail}` : ''}`;
            if (state === 'error') node.error(detail ?? 'serial port error');
            showStatus();
          },
        };
        detach = portNode.attach(client);
      }
    }
    showStatus();

    node.on('input', (msg: NodeMessage, _send, done) => {
      const force = forcedPower(msg);
      if (force === undefined) {
        done(new Error('unsupported input: send { forcePowerVA: <VA 0..99999> | null } to drive the simulated meter'));
        return;
      }
      if (!simulated) {
        done(new Error('forcePowerVA only applies to a simulated meter'));
        return;
      }
      simulated.meter.forcePower(force);
      done();
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      clearInterval(ticker);
      detach?.();
      (simulated ? simulated.stop() : Promise.resolve()).then(() => done(), () => done());
    });
  }
  RED.nodes.registerType('wes-tic-in', WesTicIn);
};
