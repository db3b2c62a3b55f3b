// examples/wes-load-shed.json: a simulated meter pushed over its subscription; wes-load-shed sheds
// three relays in priority order and restores them, the relays' states looping back.
import { Flow, grid } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

/**
 * The relay numbers of this example's wes-relay-out nodes and of the loads that command them. A
 * number is global in a Node-RED (`relay number N is already used`), so each example has its own
 * tens, clear of the supervisor's 1-3, and all the examples can be imported together.
 */
export const relayNumbers = [11, 12, 13];

export function loadShedExample() {
  const f = new Flow('ex-load-shed');
  const at = grid(140, 100, 210, 40);
  f.plainTab('tab', { label: 'Load shedding (délestage)' });
  f.config('gpio', 'wes-gpio', { name: 'simulated GPIO', backend: 'simulated', chip: 'auto' });
  f.node('c', 'comment', 520, 40, {
    name:
      'Push the simulated meter over its 9 kVA: the relays go off in priority order; back to normal: they come back after the ' +
      'restore delay. ' +
      'Relay states loop back into the shedding so manual overrides are respected.',
  });
  f.node(
    'over',
    'inject',
    ...at(0, 0),
    { name: '12 kVA overload', props: [{ p: 'payload' }], payload: '{"forcePowerVA":12000}', payloadType: 'json' },
    [['tic']],
  );
  f.node(
    'norm',
    'inject',
    ...at(0, 1),
    { name: 'back to normal', props: [{ p: 'payload' }], payload: '{"forcePowerVA":null}', payloadType: 'json' },
    [['tic']],
  );
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 9, simSeed: 1 },
  });
  f.node(
    'tic',
    'wes-tic-in',
    ...at(1, 0.5),
    {
      name: '',
      topic: 'tic1',
      port: f.id('port'),
      output: 'every',
      interval: 10,
      lostAfter: 10,
    },
    [['ls'], ['ls']],
  );
  const loads = [
    { key: 'r1', name: 'water heater', relayName: 'water heater', powerW: 2400, kind: 'onoff', line: 20, rotate: false },
    { key: 'r2', name: 'bedrooms', relayName: 'bedrooms (fil pilote)', powerW: 2000, kind: 'pilot', line: 21, rotate: true },
    { key: 'r3', name: 'living room', relayName: 'living room (fil pilote)', powerW: 2000, kind: 'pilot', line: 22, rotate: true },
  ];
  f.node(
    'ls',
    'wes-load-shed',
    ...at(2, 0.5),
    {
      name: 'délestage',
      basis: 'power',
      fixedLimit: 0,
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 30,
      settleS: 3,
      rotateAfterMin: 30,
      predictS: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      voltage: 230,
      pilotCommand: 'relay',
      loads: loads.map((l, i) => ({
        name: l.name,
        powerW: l.powerW,
        kind: l.kind,
        relay: relayNumbers[i],
        minOnS: 0,
        minOffS: 0,
        rotate: l.rotate,
      })),
      outputs: loads.length + 1,
    },
    [...loads.map((l) => [l.key]), ['log']],
  );
  for (const [i, l] of loads.entries()) {
    f.node(
      l.key,
      'wes-relay-out',
      ...at(3.1, i - 0.5),
      {
        name: l.relayName,
        gpio: f.id('gpio'),
        line: l.line,
        activeLow: false,
        number: relayNumbers[i],
        startState: 'on',
        minOnS: 0,
        minOffS: 0,
        overrideMin: 60,
      },
      [['ls']],
    );
  }
  f.node('log', 'debug', ...at(3.1, 2.5), {
    name: 'decision log',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'payload',
    targetType: 'msg',
  });
  return f.nodes;
}
