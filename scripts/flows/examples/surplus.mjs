// examples/wes-surplus.json: a simulated producer meter; wes-surplus routes the export to the water
// heater through wes-load-shed, which alone commands the relays.
import { Flow, grid } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

/**
 * The relay numbers of this example's wes-relay-out nodes and of the loads that command them. A
 * number is global in a Node-RED (`relay number N is already used`), so each example has its own
 * tens, clear of the supervisor's 1-3, and all the examples can be imported together.
 */
export const relayNumbers = [41, 42];

export function surplusExample() {
  const f = new Flow('ex-surplus');
  const at = grid(180, 100, 220, 40);
  f.plainTab('tab', { label: 'Surplus routing (routage de surplus)' });
  f.config('gpio', 'wes-gpio', { name: 'simulated GPIO', backend: 'simulated', chip: 'auto' });
  f.node('c', 'comment', 560, 40, {
    name:
      'A simulated producer meter (3 kW of panels, following the real sun of today in France): the water heater is switched on the ' +
      'export, ' +
      'off on the import, and topped up in off-peak hours after 20:00 if the sun gave less than 6 kWh. The router goes through the ' +
      'load shedding, ' +
      'which alone commands the relays: routing never pushes the import over 90 % of the subscription and the routed load is the ' +
      'first shed.',
  });
  const forced = [
    ['low', 'house at 200 VA (export in daylight)', 200],
    ['over', '10 kVA overload', 10000],
    ['norm', 'back to the household profile', null],
  ];
  for (const [i, [key, name, va]] of forced.entries()) {
    f.node(
      key,
      'inject',
      ...at(0, i),
      { name, props: [{ p: 'payload' }], payload: JSON.stringify({ forcePowerVA: va }), payloadType: 'json' },
      [['tic']],
    );
  }
  f.node('status', 'inject', ...at(1.2, 3.5), { name: 'router state', props: [{ p: 'payload' }], payload: 'status', payloadType: 'str' }, [
    ['sr'],
  ]);
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: true, simOption: 'HC', simKva: 9, simSeed: 1 },
  });
  f.node(
    'tic',
    'wes-tic-in',
    ...at(1.2, 1),
    {
      name: 'producer meter',
      topic: 'tic1',
      port: f.id('port'),
      output: 'every',
      interval: 10,
      lostAfter: 10,
    },
    [
      ['sr', 'ls'],
      ['sr', 'ls'],
    ],
  );
  f.node(
    'sr',
    'wes-surplus',
    ...at(2.2, 0.5),
    {
      name: '',
      loadName: 'water heater',
      ratedW: 2000,
      startExportW: 2000,
      startAfterS: 60,
      stopImportW: 300,
      stopAfterS: 60,
      minOnS: 300,
      minOffS: 300,
      budgetPct: 90,
      fixedBudgetVA: 0,
      targetKwh: 6,
      dayStart: '08:00',
      deadline: '20:00',
      timeZone: 'Europe/Paris',
      energy: 'estimate',
      energyTopic: '',
      meterLostS: 60,
    },
    [['ls'], ['state']],
  );
  f.node(
    'ls',
    'wes-load-shed',
    ...at(3.2, 1.5),
    {
      name: 'délestage',
      basis: 'power',
      fixedLimit: 0,
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 30,
      settleS: 3,
      rotateAfterMin: 0,
      predictS: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      voltage: 230,
      pilotCommand: 'relay',
      loads: [
        { name: 'water heater', powerW: 2000, kind: 'onoff', relay: relayNumbers[0], minOnS: 0, minOffS: 0, rotate: false, routed: true },
        { name: 'heating', powerW: 3000, kind: 'pilot', relay: relayNumbers[1], minOnS: 0, minOffS: 0, rotate: false, routed: false },
      ],
      outputs: 3,
    },
    [['r1'], ['r2'], ['log']],
  );
  f.node(
    'r1',
    'wes-relay-out',
    ...at(4.2, 0.5),
    {
      name: 'water heater',
      gpio: f.id('gpio'),
      line: 20,
      activeLow: false,
      number: relayNumbers[0],
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 60,
    },
    [['ls', 'sr']],
  );
  f.node(
    'r2',
    'wes-relay-out',
    ...at(4.2, 1.5),
    {
      name: 'heating (fil pilote)',
      gpio: f.id('gpio'),
      line: 21,
      activeLow: false,
      number: relayNumbers[1],
      startState: 'off',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 60,
    },
    [['ls']],
  );
  f.node('log', 'debug', ...at(4.3, 3), {
    name: 'shedding / routing decisions',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'payload',
    targetType: 'msg',
  });
  f.node('state', 'debug', ...at(3.2, -0.5), {
    name: 'router state',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'payload',
    targetType: 'msg',
  });
  return f.nodes;
}
