// Config node: one owner of a serial line, real or simulated. Opens it when the first TIC input
// attaches, reopens it by itself when a USB modem disappears and returns, and hunts the line
// speed when set to auto (a valid group locks the speed; bytes that never form one move it on).
// The "simulated" backend puts a virtual Linky behind the same interface, so a flow switches
// a meter from simulated to real by editing this node only.
import { readdirSync } from 'node:fs';
import type { NodeAPI } from 'node-red';
import { PME_SPEEDS, SpeedHunter, TIC_SPEEDS } from '../core/tic/speed-hunter';
import type { ByteSource } from '../io/serial/byte-source';
import { claimPort } from '../io/serial/port-registry';
import { SerialPortSource, type LineFormat } from '../io/serial/serial-port-source';
import type { SimulatedTicSource } from '../io/serial/simulated-tic-source';
import { ThrottledWriter, readJson } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { SerialClient, SerialPortConfig, WesSerialPortNode } from './serial-port-api';
import { simulatedLine, simulatedMeterProperties } from './simulated-backend';
import { systemClocks } from '../shared/clock';

const serialPortConfig = defineConfig<SerialPortConfig>({
  type: 'wes-serial-port',
  schema: {
    type: 'object',
    properties: {
      backend: { type: 'string', enum: ['serial', 'simulated'], default: 'serial' },
      path: { type: 'string', pattern: '^\\S*$', default: '' },
      baud: {
        type: 'string',
        enum: ['auto', 'auto-pme', '1200', '2400', '4800', '9600', '19200', '38400', '57600', '115200'],
        default: 'auto',
      },
      maskBit7: { type: 'boolean', default: false },
      dataBits: { type: 'integer', enum: [7, 8], default: 7 },
      parity: { type: 'string', enum: ['none', 'even', 'odd'], default: 'even' },
      stopBits: { type: 'integer', enum: [1, 2], default: 1 },
      ...simulatedMeterProperties,
    },
    required: ['backend', 'path', 'baud', 'maskBit7', 'dataBits', 'parity', 'stopBits'],
  },
  checks: [(c) => (c.backend === 'serial' && c.path === '' ? 'path: a serial port needs a device' : null)],
  // version 1: backend, line settings and the simulated meter; older ports were serial 7E1
  migrations: [(def) => def],
});

/** Candidate devices for the editor's list: what a TIC modem or a Pi UART shows up as. */
function listSerialDevices(): string[] {
  const found: string[] = [];
  try {
    for (const n of readdirSync('/dev/serial/by-id')) found.push(`/dev/serial/by-id/${n}`);
  } catch {
    /* no USB serial device plugged */
  }
  try {
    for (const n of readdirSync('/dev')) if (/^(ttyUSB|ttyACM|ttyAMA|ttyS0$|serial[01]$)/.test(n)) found.push(`/dev/${n}`);
  } catch {
    /* not a Linux /dev */
  }
  return found;
}

export = function (RED: NodeAPI): void {
  RED.httpAdmin.get('/wes/serial-ports', RED.auth.needsPermission('wes-serial-port.read'), (_req, res) => {
    res.json(listSerialDevices());
  });
  defineNode<SerialPortConfig, WesSerialPortNode & { portConfig?: SerialPortConfig }>(RED, {
    type: 'wes-serial-port',
    dir: __dirname,
    config: serialPortConfig,
    // For a soak test only (bench/soak.ts): the simulated wire runs this many times faster.
    settings: { wesSerialPortSimPace: { value: 1, exportable: false } },
    setup({ node, config: c, t, stateFile, onClose }) {
      node.portConfig = c;
      const line: LineFormat = { dataBits: c.dataBits, parity: c.parity, stopBits: c.stopBits };
      const clients = new Set<SerialClient>();
      let source: ByteSource | undefined;
      let simulated: SimulatedTicSource | undefined;
      let release: (() => void) | undefined;
      let hunter: SpeedHunter | undefined;
      /** Watches a fixed speed for bytes that never form a group, to hint at a wrong speed. */
      let fixed: SpeedHunter | undefined;
      let doubted = false;
      let huntTimer: NodeJS.Timeout | undefined;
      let baud = 1200;
      if (c.backend === 'serial' && (c.baud === 'auto' || c.baud === 'auto-pme')) {
        hunter = new SpeedHunter(c.baud === 'auto' ? TIC_SPEEDS : PME_SPEEDS);
        baud = hunter.speed;
      } else if (c.baud !== 'auto' && c.baud !== 'auto-pme') {
        baud = Number(c.baud);
        if (c.backend === 'serial') fixed = new SpeedHunter([baud]);
      }

      const openText = (): string => (simulated ? t('state.simulated') : t('state.open', { path: c.path, baud }));
      const broadcast = (state: string, detail?: string): void => {
        for (const cl of clients) cl.portState(state, detail);
      };

      // The simulated meter keeps its energy registers across restarts, as a real meter does
      // through a power cut: otherwise every restart sent the indexes back to their seeded values
      // and the cost node warned of a counter reset. Another meter (other settings) starts afresh.
      const meterKey = [c.simMode, c.simPhases, c.simOption, c.simProducer, c.simSeed].join('/');
      let saver: ThrottledWriter | undefined;

      function simPace(): number {
        let v: unknown;
        try {
          v = (RED.settings as unknown as { wesSerialPortSimPace?: unknown }).wesSerialPortSimPace;
        } catch {
          v = undefined; // settings throw on unknown keys in some versions
        }
        return typeof v === 'number' && v >= 1 && v <= 1000 ? v : 1;
      }

      function openSimulated(): void {
        // a fixed speed other than the meter's gives garbage, as a real modem would
        const sim = simulatedLine(c, Date.now(), { line, baudRate: c.baud.startsWith('auto') ? undefined : baud, pace: simPace() });
        simulated = sim;
        const stored = readJson(stateFile);
        if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
        else if (stored) {
          const v = stored.value as { meter?: unknown; registers?: object };
          if (v.meter === meterKey && v.registers) sim.meter.restoreRegisters(v.registers);
        }
        saver = new ThrottledWriter(
          stateFile,
          () => ({ v: 1, meter: meterKey, registers: sim.meter.registers() }),
          60_000,
          (text) => node.error(t('errors.save', { text })),
        );
        baud = sim.wireBaud;
        source = sim;
        sim.on('data', (chunk: Buffer) => {
          saver?.markDirty();
          for (const cl of clients) cl.data(chunk);
        });
        sim.on('open', () => broadcast('open', openText()));
        sim.start();
      }

      function open(): void {
        if (c.backend === 'simulated') {
          openSimulated();
          return;
        }
        try {
          release = claimPort(c.path, node.id);
        } catch (e) {
          broadcast('error', (e as Error).message);
          return;
        }
        const s = new SerialPortSource({ path: c.path, baudRate: baud, line });
        source = s;
        s.on('data', (chunk: Buffer) => {
          (hunter ?? fixed)?.bytes(chunk.length, systemClocks.monoMs());
          for (const cl of clients) cl.data(chunk);
        });
        s.on('open', () => broadcast('open', openText()));
        s.on('close', () => broadcast('retrying', t('state.closed', { path: c.path })));
        // the source reports each distinct failure once, so this never floods the log
        s.on('error', (err: Error) => {
          node.warn(`${c.path}: ${err.message}`);
          broadcast('retrying', err.message);
        });
        s.start();
        if (hunter) {
          huntTimer = setInterval(() => {
            const next = hunter?.tick(systemClocks.monoMs());
            if (next != null && source) {
              baud = next;
              source.setBaudRate(next).catch((e: Error) => node.warn(t('errors.speed', { path: c.path, baud: next, text: e.message })));
              broadcast('open', t('state.trying', { path: c.path, baud: next }));
            }
          }, 1000);
        } else if (fixed) {
          // a fixed speed never hops, but a wrong one shows as bytes that never check out
          huntTimer = setInterval(() => {
            const doubt = fixed?.doubtful(systemClocks.monoMs()) ?? false;
            if (doubt !== doubted) {
              doubted = doubt;
              broadcast('open', doubt ? t('state.wrongSpeed', { path: c.path, baud }) : openText());
            }
          }, 1000);
        }
      }

      async function close(): Promise<void> {
        if (huntTimer) clearInterval(huntTimer);
        huntTimer = undefined;
        const s = source;
        source = undefined;
        simulated = undefined;
        saver?.flush();
        saver = undefined;
        if (s) await s.stop();
        release?.();
        release = undefined;
      }

      node.attach = (client: SerialClient): (() => void) => {
        clients.add(client);
        if (!source) open();
        else if (source.state === 'open') client.portState('open', openText());
        return () => {
          clients.delete(client);
          if (clients.size === 0) void close();
        };
      };
      node.validGroups = (count: number, nowMs: number): void => {
        if (count <= 0) return;
        fixed?.validGroup(nowMs);
        if (!hunter) return;
        const wasLocked = hunter.isLocked;
        hunter.validGroup(nowMs);
        // the status said "trying …": once groups check out it names the speed found
        if (!wasLocked) broadcast('open', t('state.locked', { path: c.path, baud }));
      };
      node.forcePower = (va: number | null): boolean => {
        if (c.backend !== 'simulated') return false;
        // before the first input attaches the meter does not exist yet; nothing to drive
        simulated?.meter.forcePower(va);
        return true;
      };
      Object.defineProperty(node, 'baud', { get: () => baud });
      onClose(async () => {
        clients.clear();
        await close();
      });
    },
  });
};
