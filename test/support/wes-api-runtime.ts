// A Node-RED (the test helper's) with our nodes feeding a wes-http-api node, its httpNode served
// on a real port so HTTP clients (Node's fetch, the Python peer) talk to it as to a WES box.
import { createServer, type Server } from 'node:http';
import type { NodeAPI } from 'node-red';
import type { AddressInfo } from 'node:net';
import apiModule from '../../nodes/wes-http-api/wes-http-api';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import serialPortNode from '../../nodes/wes-serial-port/wes-serial-port';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import relayNode from '../../nodes/wes-relay-out/wes-relay-out';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import inputNode from '../../nodes/wes-input/wes-input';
import ctMeterNode from '../../nodes/wes-ct-meter/wes-ct-meter';
import oneWireBusNode from '../../nodes/wes-onewire-bus/wes-onewire-bus';
import oneWireNode from '../../nodes/wes-onewire/wes-onewire';

type App = (req: unknown, res: unknown) => void;
let current: App | null = null;

/** A node module that notes the httpNode app of each load it is in (the helper makes a new one per load). */
export function served(mod: (RED: NodeAPI) => void): (RED: NodeAPI) => void {
  return (RED) => {
    current = RED.httpNode as unknown as App;
    mod(RED);
  };
}

/** The API node's module, serving each load's httpNode. */
export const apiNode = served(apiModule);

export const apiNodes = [
  serialPortNode,
  ticInNode,
  gpioNode,
  relayNode,
  pulseNode,
  inputNode,
  ctMeterNode,
  oneWireBusNode,
  oneWireNode,
  apiNode,
];

/** An HTTP server on `port` that hands every request to the current load's httpNode (404 when none). */
export function serveHttpNode(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (current) current(req, res);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

export const USER = 'maison';
export const PASSWORD = 'pas-admin-wes';

/**
 * Simulated Linky (historique HC) on tic1, water counter on pulse1, a contact and an analog value, two relays,
 * the simulated clamps (clamp1…4), the simulated 1-Wire bus's probes (temp1…3, humidity1) and a DS2408 relay (rl101).
 */
export function apiFlow(api: Record<string, unknown> = {}): object[] {
  return [
    {
      id: 'port',
      type: 'wes-serial-port',
      backend: 'simulated',
      path: '',
      baud: 'auto',
      simMode: 'historique',
      simOption: 'HC',
      simPhases: '1',
      simKva: '9',
      simSeed: '5',
      simSpeedup: '',
    },
    { id: 'tic', type: 'wes-tic-in', topic: 'linky', port: 'port', output: 'every', wires: [['api', 'ticOut'], ['api']] },
    { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
    {
      id: 'p',
      type: 'wes-pulse-in',
      name: 'Eau',
      gpio: 'g',
      line: 17,
      kind: 'water',
      weight: 1,
      unit: 'm3',
      debounceMs: 20,
      simRate: 0,
      index: 1234.5,
      wires: [['api', 'pulseOut'], []],
    },
    { id: 'in', type: 'wes-input', mode: 'contact', gpio: 'g', line: 22, debounceMs: 20, wires: [['api', 'inOut'], []] },
    {
      id: 'ad',
      type: 'wes-input',
      name: 'cuve',
      mode: 'analog',
      source: 'simulated',
      device: 'sim',
      channel: 0,
      intervalS: 0.5,
      average: 1,
      scaling: 'divider',
      ratio: 2,
      simVolts: 1.5,
      decimals: 2,
      wires: [['api', 'adOut'], []],
    },
    relay('r1', 1, 27, { minOnS: 3600, overrideMin: 30 }),
    relay('r2', 2, 26, {}),
    {
      id: 'ct',
      type: 'wes-ct-meter',
      topic: 'clamp',
      source: 'simulated',
      periodS: 1,
      simSeed: 2,
      simCuts: false,
      wires: [['api', 'ctOut'], []],
    },
    { id: 'bus', type: 'wes-onewire-bus', backend: 'simulated', pollS: 1, rescanMin: 0, lostAfter: 3 },
    { id: 'ow', type: 'wes-onewire', bus: 'bus', romId: '', name: '', wires: [['api', 'owOut'], []] },
    relay('r101', 101, 0, { output: 'onewire', onewire: 'bus', board: 1, channel: 1 }),
    {
      id: 'api',
      type: 'wes-http-api',
      prefix: '',
      anonymous: false,
      slots: 'linky = tic1\nEau = pulse1\ninput22 = input1\ncuve = analog2',
      ...api,
    },
    { id: 'ticOut', type: 'helper' },
    { id: 'pulseOut', type: 'helper' },
    { id: 'inOut', type: 'helper' },
    { id: 'adOut', type: 'helper' },
    { id: 'ctOut', type: 'helper' },
    { id: 'owOut', type: 'helper' },
  ];
}

function relay(id: string, number: number, line: number, extra: Record<string, unknown>) {
  return {
    id,
    type: 'wes-relay-out',
    name: `relay ${number}`,
    gpio: 'g',
    line,
    number,
    startState: 'off',
    minOnS: 0,
    minOffS: 0,
    overrideMin: 0,
    wires: [[]],
    ...extra,
  };
}

export const credentials = { api: { user: USER, password: PASSWORD } };
