// Config node: the one owner of a Modbus line, RTU over a serial device, TCP, or a simulated
// line whose devices (an SDM630 on the grid, unit 1, and a PZEM-004T on a heat pump, unit 2)
// answer real Modbus frames through modbus-serial's server on a loopback port. Every wes-modbus
// node on it sends its requests through its queue (nodes/io/modbus/bus.ts).
import type { NodeAPI } from 'node-red';
import { PROFILES } from '../core/modbus/profiles';
import { SimulatedModbusMeters } from '../core/sim/modbus-meters';
import { ModbusBus, type BusState, type BusTarget } from '../io/modbus/bus';
import { ModbusSimulator } from '../io/modbus/simulator';
import { claimPort } from '../io/serial/port-registry';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { ModbusBusClient, WesModbusBusNode } from './modbus-bus-api';

interface ModbusBusConfig {
  backend: 'rtu' | 'tcp' | 'simulated';
  path: string;
  baud: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
  host: string;
  port: number;
  timeout: number;
  retries: number;
  backoffMax: number;
  simSeed: number;
  simPvPeakW: number;
}

const busConfig = defineConfig<ModbusBusConfig>({
  type: 'wes-modbus-bus',
  schema: {
    type: 'object',
    properties: {
      backend: { type: 'string', enum: ['rtu', 'tcp', 'simulated'], default: 'rtu' },
      path: { type: 'string', pattern: '^\\S*$', default: '' },
      baud: { type: 'integer', enum: [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200], default: 9600 },
      dataBits: { type: 'integer', enum: [7, 8], default: 8 },
      parity: { type: 'string', enum: ['none', 'even', 'odd'], default: 'none' },
      stopBits: { type: 'integer', enum: [1, 2], default: 1 },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'integer', minimum: 1, maximum: 65535, default: 502 },
      timeout: { type: 'integer', minimum: 20, maximum: 10000, default: 500 },
      retries: { type: 'integer', minimum: 0, maximum: 5, default: 1 },
      backoffMax: { type: 'number', minimum: 1, maximum: 600, default: 60 },
      simSeed: { type: 'integer', minimum: 0, maximum: 1000000, default: 1 },
      simPvPeakW: { type: 'number', minimum: 0, maximum: 36000, default: 3000 },
    },
    required: [
      'backend',
      'path',
      'baud',
      'dataBits',
      'parity',
      'stopBits',
      'host',
      'port',
      'timeout',
      'retries',
      'backoffMax',
      'simSeed',
      'simPvPeakW',
    ],
  },
  checks: [
    (c) => (c.backend === 'rtu' && c.path === '' ? 'path: an RTU bus needs a serial device' : null),
    (c) => (c.backend === 'tcp' && c.host.trim() === '' ? 'host: a TCP bus needs a host' : null),
  ],
});

export = function (RED: NodeAPI): void {
  defineNode<ModbusBusConfig, WesModbusBusNode>(RED, {
    type: 'wes-modbus-bus',
    dir: __dirname,
    config: busConfig,
    setup({ node, config: c, t, onClose }) {
      const clients = new Set<ModbusBusClient>();
      let bus: ModbusBus | undefined;
      let sim: ModbusSimulator | undefined;
      let release: (() => void) | undefined;
      let starting: Promise<void> | undefined;
      const options = { timeoutMs: c.timeout, retries: c.retries, backoffMaxMs: c.backoffMax * 1000, reopenMs: 500 };

      const where = c.backend === 'rtu' ? c.path : c.backend === 'tcp' ? `${c.host}:${c.port}` : t('state.simulated');
      const wire = (b: ModbusBus): void => {
        b.on('state', (s: BusState, detail?: string) => {
          // the bus emits a change once: one line in the log per outage, not one per poll
          if (s === 'closed' && detail) node.warn(t('state.lost', { where, text: detail }));
          if (s === 'open' && bus === b) node.log(t('state.open', { where }));
          for (const cl of clients) cl.busState(s, detail);
        });
        b.on('device', (unitId: number, s: 'down' | 'up') => {
          if (s === 'down') node.warn(t('state.deviceDown', { where, unitId }));
          else node.log(t('state.deviceUp', { where, unitId }));
        });
      };

      async function open(): Promise<void> {
        let target: BusTarget;
        if (c.backend === 'simulated') {
          const meters = new SimulatedModbusMeters({ seed: c.simSeed, pvPeakW: c.simPvPeakW, heatPumpW: 1800 });
          // both devices read the same instant's model, as meters on one installation would
          let at = 0;
          let now = meters.sample(Date.now());
          const current = (): typeof now => {
            const ms = Date.now();
            if (ms - at >= 200) {
              at = ms;
              now = meters.sample(ms);
            }
            return now;
          };
          sim = new ModbusSimulator(
            new Map([
              [1, { profile: PROFILES.get('sdm630')!, values: () => current().sdm630 }],
              [2, { profile: PROFILES.get('pzem-004t')!, values: () => current().pzem }],
            ]),
          );
          const port = await sim.start({ kind: 'tcp', host: '127.0.0.1', port: 0 });
          target = { kind: 'tcp', host: '127.0.0.1', port };
        } else if (c.backend === 'tcp') target = { kind: 'tcp', host: c.host, port: c.port };
        else {
          try {
            release = claimPort(c.path, node.id);
          } catch (e) {
            node.error((e as Error).message);
            for (const cl of clients) cl.busState('closed', (e as Error).message);
            return;
          }
          target = { kind: 'rtu', path: c.path, line: { baudRate: c.baud, dataBits: c.dataBits, parity: c.parity, stopBits: c.stopBits } };
        }
        bus = new ModbusBus(target, options);
        wire(bus);
        bus.start();
      }

      async function close(): Promise<void> {
        await starting;
        const b = bus;
        bus = undefined;
        await b?.stop();
        await sim?.stop();
        sim = undefined;
        release?.();
        release = undefined;
      }

      node.attach = (client) => {
        clients.add(client);
        if (!bus && !starting) starting = open().finally(() => (starting = undefined));
        else if (bus) client.busState(bus.state);
        return () => {
          clients.delete(client);
          if (clients.size === 0) void close();
        };
      };
      node.request = (req) => (bus ? bus.request(req) : Promise.resolve({ ok: false, failure: { kind: 'closed', unitId: req.unitId } }));
      node.stats = () => bus?.stats() ?? { state: 'closed', requestsPerS: 0, errors: 0, resting: [] };
      Object.defineProperty(node, 'busState', { get: () => bus?.state ?? 'closed' });
      onClose(async () => {
        clients.clear();
        await close();
      });
    },
  });
};
