// examples/wes-thermostat.json: any sensor message (°C) drives a thermostat and its relay; without
// messages the output goes to its safe state.
import { Flow, grid } from '../builders.mjs';

/**
 * The relay numbers of this example's wes-relay-out nodes and of the loads that command them. A
 * number is global in a Node-RED (`relay number N is already used`), so each example has its own
 * tens, clear of the supervisor's 1-3, and all the examples can be imported together.
 */
export const relayNumbers = [51];

export function thermostatExample() {
  const f = new Flow('ex-thermostat');
  const at = grid(150, 100, 220, 40);
  f.plainTab('tab', { label: 'Thermostat' });
  f.config('gpio', 'wes-gpio', { name: 'simulated GPIO', backend: 'simulated', chip: 'auto' });
  f.node('c', 'comment', 420, 40, {
    name: 'Any sensor message (°C) drives the thermostat; stop injecting and after 2 minutes the output goes to its safe state.',
  });
  f.node(
    't19',
    'inject',
    ...at(0, 0),
    { name: '19 °C every 30 s', props: [{ p: 'payload' }], repeat: '30', once: true, payload: '19', payloadType: 'num' },
    [['th']],
  );
  f.node('t22', 'inject', ...at(0, 1), { name: '22 °C', props: [{ p: 'payload' }], payload: '22', payloadType: 'num' }, [['th']]);
  f.node('sp', 'inject', ...at(0, 2), { name: 'setpoint 21', props: [{ p: 'setpoint', v: '21', vt: 'num' }] }, [['th']]);
  f.node(
    'th',
    'wes-thermostat',
    ...at(1, 1),
    {
      name: 'living room',
      mode: 'heat',
      setpoint: 20,
      ecoSetpoint: 17,
      comfortSchedule: 'Mon-Fri 06:00-08:30, 17:00-22:00\nSat,Sun 08:00-22:30',
      hysteresis: 0.5,
      minOnS: 60,
      minOffS: 60,
      frostProtection: true,
      frost: 7,
      sensorLostS: 120,
      lostOutput: 'off',
      payloadOn: 'on',
      payloadOff: 'off',
    },
    [['r1', 'dbg']],
  );
  f.node(
    'r1',
    'wes-relay-out',
    ...at(2, 0.5),
    {
      name: 'radiator',
      gpio: f.id('gpio'),
      line: 20,
      activeLow: false,
      number: relayNumbers[0],
      startState: 'on',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 60,
    },
    [[]],
  );
  f.node('dbg', 'debug', ...at(2, 1.5), {
    name: 'thermostat',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'thermostat',
    targetType: 'msg',
  });
  return f.nodes;
}
