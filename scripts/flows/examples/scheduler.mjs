// examples/wes-scheduler.json: heating in weekly windows but never on Tempo red days, the water
// heater on the meter's off-peak hours.
import { Flow, grid } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

/**
 * The relay numbers of this example's wes-relay-out nodes and of the loads that command them. A
 * number is global in a Node-RED (`relay number N is already used`), so each example has its own
 * tens, clear of the supervisor's 1-3, and all the examples can be imported together.
 */
export const relayNumbers = [31, 32];

export function schedulerExample() {
  const f = new Flow('ex-scheduler');
  const at = grid(130, 120, 215, 60);
  f.plainTab('tab', { label: 'Scheduler (programmation)' });
  f.config('gpio', 'wes-gpio', { name: 'simulated GPIO', backend: 'simulated', chip: 'auto' });
  f.node('c', 'comment', 460, 40, {
    name:
      "Heating in weekly windows but never on Tempo red days; the water heater on the meter's off-peak hours. Inject 'status' " +
      'to ask now.',
  });
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'TEMPO', simKva: 9, simSeed: 1 },
  });
  f.node(
    'tic',
    'wes-tic-in',
    ...at(0, 0),
    {
      name: '',
      topic: 'tic1',
      port: f.id('port'),
      output: 'change',
      interval: 10,
      lostAfter: 10,
    },
    [['heat', 'wh'], []],
  );
  f.node('status', 'inject', ...at(0, 1.5), { name: 'status', props: [{ p: 'payload' }], payload: 'status', payloadType: 'str' }, [
    ['heat', 'wh'],
  ]);
  const place = { timeZone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522, holidayMode: 'sunday', alsaceMoselle: false };
  f.node(
    'heat',
    'wes-scheduler',
    ...at(1, 0),
    {
      name: 'heating',
      schedule: '# comfort hours\nMon-Fri 06:00-08:30, 17:00-22:30\nSat,Sun 08:00-23:00\nholiday 08:00-23:00\n2026-12-24 07:00-01:00',
      ...place,
      meter: 'tempo',
      tempoDay: 'today',
      colours: 'ROUGE',
      combine: 'and-not',
      payloadOn: 'on',
      payloadOff: 'off',
    },
    [['r1']],
  );
  f.node(
    'wh',
    'wes-scheduler',
    ...at(1, 1),
    {
      name: 'water heater',
      schedule: '',
      ...place,
      meter: 'offpeak',
      tempoDay: 'today',
      colours: 'ROUGE',
      combine: 'meter',
      payloadOn: 'on',
      payloadOff: 'off',
    },
    [['r2']],
  );
  for (const [i, name] of ['heating', 'water heater'].entries()) {
    f.node(
      `r${i + 1}`,
      'wes-relay-out',
      ...at(2, i),
      {
        name,
        gpio: f.id('gpio'),
        line: 20 + i,
        activeLow: false,
        number: relayNumbers[i],
        startState: 'on',
        minOnS: 0,
        minOffS: 0,
        overrideMin: 60,
      },
      [[]],
    );
  }
  return f.nodes;
}
