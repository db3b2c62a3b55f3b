// examples/wes-http-api.json: a simulated Linky, a water counter and a relay served as a real WES
// serves them, for the box's clients: GET /data.cgx, /RL.cgi?rl77=ON.
import { Flow } from '../builders.mjs';
import { meters, ticNode } from '../sections/meters.mjs';
import { httpApiDefaults } from '../sections/wes-http-api.mjs';

/** This example's relay number: a number is global in a Node-RED, clear of the supervisor's and the other examples'. */
const relay = 77;

export function httpApiExample() {
  const f = new Flow('ex-http-api');
  f.tab(
    'tab',
    'WES HTTP API',
    'The WES interface for existing clients. Open the wes-http-api node and set a user and a password (the flow holds none: until ' +
      'then every request gets 401), then: curl -u user:password http://<host>:1880/wes-example/data.cgx, and ' +
      `curl -u user:password 'http://<host>:1880/wes-example/RL.cgi?rl${relay}=ON'. It serves under /wes-example so that it runs ` +
      'beside the supervisor, whose wes-http-api serves the root as a real WES does; clear the prefix to serve the root instead.',
  );
  f.comment(
    'c',
    170,
    40,
    'wes-http-api: data.cgx from a simulated Linky (tic1), a water counter (pulse1) and a relay',
    'The meter fills tic1 by its topic; the slot table puts the counter named water on pulse 1. The relay is found by its number.',
  );
  const m = { ...meters[0], props: { ...meters[0].props } };
  ticNode(f, m, 170, 120, false, [['api'], ['api']]);
  f.config('gpio', 'wes-gpio', { name: 'simulated GPIO', backend: 'simulated', chip: 'auto' });
  f.node(
    'water',
    'wes-pulse-in',
    170,
    200,
    {
      name: 'water',
      gpio: f.id('gpio'),
      line: '17',
      activeLevel: 'low',
      bias: 'pull-up',
      kind: 'water',
      weight: '1',
      unit: 'L',
      debounceMs: '20',
      index: '',
      timeoutS: '300',
      persistS: '60',
      timezone: '',
      leakHours: '0',
      leakGapMin: '30',
      leakRate: '0',
      leakRateMin: '10',
      simRate: '6',
      outputS: '0',
    },
    [['api'], []],
  );
  f.node(
    'relay',
    'wes-relay-out',
    170,
    280,
    {
      name: 'water heater',
      gpio: f.id('gpio'),
      line: '27',
      activeLow: false,
      number: String(relay),
      startState: 'off',
      minOnS: '60',
      minOffS: '60',
      overrideMin: '60',
    },
    [[]],
  );
  f.node(
    'api',
    'wes-http-api',
    480,
    160,
    { name: 'WES HTTP API', ...httpApiDefaults, prefix: '/wes-example', slots: 'water = pulse1' },
    [],
  );
  return f.nodes;
}
