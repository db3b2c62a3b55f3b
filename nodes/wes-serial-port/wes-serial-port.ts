// Config node: one owner of a serial device. Opens it when the first TIC input attaches,
// reopens it by itself when a USB modem disappears and returns, and hunts the line speed
// when set to auto (a valid group locks the speed; bytes that never form one move it on).
import { readdirSync } from 'node:fs';
import type { NodeAPI, NodeDef } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { translator } from '../shared/translate';
import { PME_SPEEDS, SpeedHunter, TIC_SPEEDS } from '../core/tic/speed-hunter';
import type { ByteSource } from '../io/serial/byte-source';
import { claimPort } from '../io/serial/port-registry';
import { SerialPortSource } from '../io/serial/serial-port-source';
import { configValidator } from '../shared/node-config';
import type { SerialClient, SerialPortConfig, WesSerialPortNode } from './serial-port-api';


const schema: JSONSchemaType<SerialPortConfig> = {
  type: 'object',
  properties: {
    path: { type: 'string', minLength: 1, pattern: '^\\S+$' },
    baud: { type: 'string', enum: ['auto', 'auto-pme', '1200', '2400', '4800', '9600', '19200'], default: 'auto' },
    maskBit7: { type: 'boolean', default: false },
  },
  required: ['path', 'baud', 'maskBit7'],
};
const validate = configValidator(schema);

/** Candidate devices for the editor's list: what a TIC modem or a Pi UART shows up as. */
function listSerialDevices(): string[] {
  const found: string[] = [];
  try {
    for (const n of readdirSync('/dev/serial/by-id')) found.push(`/dev/serial/by-id/${n}`);
  } catch { /* no USB serial device plugged */ }
  try {
    for (const n of readdirSync('/dev')) if (/^(ttyUSB|ttyACM|ttyAMA|ttyS0$|serial[01]$)/.test(n)) found.push(`/dev/${n}`);
  } catch { /* not a Linux /dev */ }
  return found;
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, __dirname, 'wes-serial-port');
  RED.httpAdmin.get('/wes/serial-ports', RED.auth.needsPermission('wes-serial-port.read'), (_req, res) => {
    res.json(listSerialDevices());
  });
  function WesSerialPort(this: WesSerialPortNode, def: NodeDef & Partial<SerialPortConfig>): void {
    RED.nodes.createNode(this, def);
    const node = this as WesSerialPortNode & { portConfig?: SerialPortConfig; configError?: string };
    const res = validate(def);
    const clients = new Set<SerialClient>();
    let source: ByteSource | undefined;
    let release: (() => void) | undefined;
    let hunter: SpeedHunter | undefined;
    /** Watches a fixed speed for bytes that never form a group, to hint at a wrong speed. */
    let fixed: SpeedHunter | undefined;
    let doubted = false;
    let huntTimer: NodeJS.Timeout | undefined;
    let baud = 1200;

    if (!res.ok) {
      node.configError = `invalid serial port config: ${res.error}`;
      node.error(node.configError);
    } else {
      node.portConfig = res.config;
      const c = res.config;
      if (c.baud === 'auto' || c.baud === 'auto-pme') {
        hunter = new SpeedHunter(c.baud === 'auto' ? TIC_SPEEDS : PME_SPEEDS);
        baud = hunter.speed;
      } else {
        baud = Number(c.baud);
        fixed = new SpeedHunter([baud]);
      }
    }

    const broadcast = (state: string, detail?: string): void => { for (const cl of clients) cl.portState(state, detail); };

    function open(c: SerialPortConfig): void {
      try {
        release = claimPort(c.path, node.id);
      } catch (e) {
        broadcast('error', (e as Error).message);
        return;
      }
      const s = new SerialPortSource({ path: c.path, baudRate: baud });
      source = s;
      s.on('data', (chunk: Buffer) => {
        (hunter ?? fixed)?.bytes(chunk.length, Date.now());
        for (const cl of clients) cl.data(chunk);
      });
      s.on('open', () => broadcast('open', `${c.path} ${baud} bd`));
      s.on('close', () => broadcast('retrying', `${c.path} closed`));
      // the source reports each distinct failure once, so this never floods the log
      s.on('error', (err: Error) => { node.warn(`${c.path}: ${err.message}`); broadcast('retrying', err.message); });
      s.start();
      if (hunter) {
        huntTimer = setInterval(() => {
          const next = hunter?.tick(Date.now());
          if (next != null && source) {
            baud = next;
            source.setBaudRate(next).catch((e: Error) => node.warn(`${c.path}: cannot switch to ${next} bd: ${e.message}`));
            broadcast('open', `${c.path} ${t('status.trying', { baud: next })}`);
          }
        }, 1000);
      } else if (fixed) {
        // a fixed speed never hops, but a wrong one shows as bytes that never check out
        huntTimer = setInterval(() => {
          const doubt = fixed?.doubtful(Date.now()) ?? false;
          if (doubt !== doubted) {
            doubted = doubt;
            broadcast('open', doubt ? `${c.path} ${baud} bd: ${t('status.wrongSpeed')}` : `${c.path} ${baud} bd`);
          }
        }, 1000);
      }
    }

    async function close(): Promise<void> {
      if (huntTimer) clearInterval(huntTimer);
      huntTimer = undefined;
      const s = source;
      source = undefined;
      if (s) await s.stop();
      release?.();
      release = undefined;
    }

    node.attach = (client: SerialClient): (() => void) => {
      clients.add(client);
      if (node.configError) client.portState('error', node.configError);
      else if (!source && node.portConfig) open(node.portConfig);
      else if (source?.state === 'open') client.portState('open', `${node.portConfig?.path} ${baud} bd`);
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
      if (!wasLocked && node.portConfig) broadcast('open', `${node.portConfig.path} ${t('status.locked', { baud })}`);
    };
    Object.defineProperty(node, 'baud', { get: () => baud });

    node.on('close', (_removed: boolean, done: () => void) => {
      clients.clear();
      close().then(done, done);
    });
  }
  RED.nodes.registerType('wes-serial-port', WesSerialPort);
};
