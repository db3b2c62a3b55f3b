// wes-tic-in: one meter input. Bytes come from a wes-serial-port config node, whose backend is a
// real line or a simulated meter; both go through the same decoder. Output 1 carries the
// decoded meter state, output 2 the events (TIC lost / recovered, overload, tariff change, Tempo).
import type { NodeAPI, NodeMessage } from 'node-red';
import type { MeterState } from '../core/tic/meter-state';
import { OutputPolicy, type OutputMode } from '../core/tic/output-policy';
import { TicDecoder, type TicEvent, type TicSink } from '../core/tic/tic-decoder';
import type { SimulatedTicSource } from '../io/serial/simulated-tic-source';
import { systemClocks, wallOf } from '../shared/clock';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { SerialClient, SimulatedMeterSettings, WesSerialPortNode } from '../wes-serial-port/serial-port-api';
import { simulatedLine, simulatedMeterProperties } from '../wes-serial-port/simulated-backend';
import { statusOf } from './tic-status';

interface TicInConfig {
  topic: string;
  port: string;
  /** Version 0 only: `source` said serial or simulated; kept so a bad value is still refused. */
  source?: 'serial' | 'simulated';
  /** A node of the old format with source "simulated": its meter, run without a port. */
  implicitSim?: SimulatedMeterSettings;
  output: OutputMode;
  interval: number;
  lostAfter: number;
}

const SIM_KEYS = Object.keys(simulatedMeterProperties) as Array<keyof SimulatedMeterSettings>;

/**
 * Version 0 chose the source on the TIC input (`source` + `sim*`); version 1 leaves it to the
 * port's backend. An old node with source "simulated" keeps its meter as `implicitSim`, so shipped
 * flows with `source: "${WES_TIC1_SOURCE}"` run unchanged (the runtime substitutes the variable
 * before this runs). Keyed on `source`, not on the version alone, because the editor drops
 * unknown properties but may stamp defaults on import: re-running it changes nothing.
 */
function fromSourceOnTheInput(def: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sim: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def)) {
    if ((SIM_KEYS as string[]).includes(k)) {
      if (v !== '' && v !== null) sim[k] = v;
    } else out[k] = v;
  }
  if (def.source === 'simulated') {
    out.implicitSim = sim;
    delete out.source;
  } else if (def.source === 'serial' || def.source === '' || def.source === undefined) delete out.source;
  return out;
}

const ticInConfig = defineConfig<TicInConfig>({
  type: 'wes-tic-in',
  schema: {
    type: 'object',
    properties: {
      topic: { type: 'string', minLength: 1, default: 'tic1' },
      port: { type: 'string', default: '' },
      source: { type: 'string', enum: ['serial', 'simulated'] },
      implicitSim: {
        type: 'object',
        properties: simulatedMeterProperties,
        required: SIM_KEYS,
      },
      output: { type: 'string', enum: ['every', 'change', 'interval'], default: 'every' },
      interval: { type: 'number', minimum: 0, default: 10 },
      lostAfter: { type: 'number', minimum: 2, maximum: 600, default: 10 },
    },
    required: ['topic', 'port', 'output', 'interval', 'lostAfter'],
  },
  migrations: [fromSourceOnTheInput],
  internal: ['implicitSim'],
});

/** Input: `{ forcePowerVA: number | null }` drives the simulated meter's load (demos, shedding tests). */
function forcedPower(msg: NodeMessage): number | null | undefined {
  const p = msg.payload as { forcePowerVA?: unknown } | undefined;
  if (p === null || typeof p !== 'object' || !('forcePowerVA' in p)) return undefined;
  const v = p.forcePowerVA;
  if (v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 99_999 ? v : undefined;
}

export = function (RED: NodeAPI): void {
  defineNode<TicInConfig>(RED, {
    type: 'wes-tic-in',
    dir: __dirname,
    config: ticInConfig,
    setup({ node, config: cfg, t, status, onInput, onClose, every, fail }) {
      const portNode = cfg.implicitSim ? undefined : ((RED.nodes.getNode(cfg.port) as WesSerialPortNode | null) ?? undefined);
      if (!cfg.implicitSim && portNode === undefined) fail(t('errors.noPort'));
      // a port whose own config was refused never set attach up; its error is in the log
      if (portNode !== undefined && typeof portNode.attach !== 'function') fail(t('errors.portConfig'));
      const decoder = new TicDecoder({ lostAfterMs: cfg.lostAfter * 1000, maskBit7: portNode?.portConfig?.maskBit7 });
      const policy = new OutputPolicy(cfg.output, cfg.interval * 1000);
      let portText = '';
      let last: MeterState | undefined;
      let implicit: SimulatedTicSource | undefined;

      const send = (state: MeterState): void => {
        const s = decoder.stats;
        node.send([
          {
            topic: cfg.topic,
            payload: state,
            link: {
              state: s.link,
              framesCorrect: s.framesCorrect,
              frames: s.frames,
              eot: s.eot,
              groupsOk: s.groupsOk,
              groupsRejected: s.groupsRejected,
              valuesRejected: s.valuesRejected,
            },
          } as NodeMessage,
          null,
        ]);
      };
      const showStatus = (): void => {
        const st = statusOf(decoder.linkState, last, portText, t);
        status.set(st.kind, st.text);
      };

      const sink: TicSink = {
        frame(state) {
          last = state;
          const out = policy.offer(state, systemClocks.monoMs());
          if (out) send(out);
        },
        // every valid group, standby frames included, tells the port its speed is right
        validGroups(count) {
          portNode?.validGroups(count, systemClocks.monoMs());
        },
        event(e: TicEvent) {
          const { atMs, ...details } = e;
          node.send([
            null,
            {
              topic: `${cfg.topic}/event`,
              payload: { ...details, time: new Date(wallOf(atMs)).toISOString(), meterId: last?.meterId },
            } as NodeMessage,
          ]);
          showStatus();
        },
      };
      const onBytes = (chunk: Buffer): void => {
        // The decoder measures the link's silence (tic-lost, which load shedding's fail-safe waits
        // for) and the index guard's rates: monotonic time; event times are turned to wall time.
        decoder.push(chunk, systemClocks.monoMs(), sink);
      };

      // A quarter of a second: a lost link is told at most 0.25 s after its silence reached
      // lostAfter (with the spec's 10 s, a cut shows on the dashboard within 10 s of the cut).
      every(250, () => {
        const now = systemClocks.monoMs();
        decoder.tick(now, sink);
        const due = policy.due(now);
        if (due) send(due);
        showStatus();
      });

      if (cfg.implicitSim) {
        implicit = simulatedLine(cfg.implicitSim, Date.now());
        portText = t('status.simulated');
        implicit.on('data', onBytes);
        implicit.start();
        const line = implicit;
        onClose(() => line.stop());
      } else if (portNode) {
        const client: SerialClient = {
          data: onBytes,
          portState(state, detail) {
            portText = state === 'open' ? (detail ?? '') : `${state}${detail ? `: ${detail}` : ''}`;
            if (state === 'error') node.error(detail ?? t('errors.port'));
            showStatus();
          },
        };
        const detach = portNode.attach(client);
        onClose(() => detach());
      }
      showStatus();

      onInput((msg) => {
        const force = forcedPower(msg);
        if (force === undefined) throw new Error(t('errors.input'));
        if (implicit) implicit.meter.forcePower(force);
        else if (!portNode?.forcePower(force)) throw new Error(t('errors.notSimulated'));
      });
    },
  });
};
