// examples/wes-onewire.json: the simulated 1-Wire bus: every probe to a Dashboard 2.0 curve and to
// the debug sidebar (with the added/removed/lost/recovered events), a search on demand, and the
// living-room probe driving a thermostat whose radiator is a relay of a DS2408 board (rl201:
// board 2, channel 1).
import { Flow, dashboardBase, grid, page, timeChart, uiGroup, widget } from '../builders.mjs';
import { livingRoomThermostat } from '../sections/temperatures.mjs';

/** Clear of the supervisor's relays and of the other examples' tens: a 1-Wire number is board × 100 + channel. */
export const relayNumbers = [201];

export function oneWireExample() {
  const f = new Flow('ex-onewire');
  const at = grid(150, 100, 240, 60);
  f.plainTab('tab', {
    label: '1-Wire',
    info: 'The simulated 1-Wire bus: every probe on a Dashboard 2.0 curve (/dashboard/onewire; needs @flowfuse/node-red-dashboard) and in the debug sidebar, and a thermostat on a DS2408 relay (rl201).',
  });
  dashboardBase(f);
  page(f, 'page', '1-Wire', '/onewire', 'thermometer', 1);
  uiGroup(f, 'ui-probes', 'Probes', 'page', 12, 1);
  f.config('bus', 'wes-onewire-bus', {
    name: 'simulated 1-Wire',
    backend: 'simulated',
    root: '/sys/bus/w1/devices',
    host: 'localhost',
    port: 4304,
    pollS: 10,
    rescanMin: 5,
    lostAfter: 3,
    maxJump: 10,
    boards: '',
  });
  f.node('c', 'comment', 420, 40, {
    name: 'Edit the bus to "kernel w1 (sysfs)" or "owserver" for real probes; pick a probe in a wes-onewire node by its ROM id.',
  });
  f.node('search', 'inject', ...at(0, 0), { name: 'search the bus', props: [{ p: 'payload' }], payload: '', payloadType: 'date' }, [
    ['all'],
  ]);
  f.node('all', 'wes-onewire', ...at(1, 0), { name: '', bus: f.id('bus'), romId: '' }, [['dbg', 'celsius'], ['events']]);
  // The humidity board's %RH would share the °C axis: only temperatures go to the curve.
  f.node(
    'celsius',
    'switch',
    ...at(2, 1.5),
    {
      name: 'temperatures only',
      property: 'unit',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: '°C', vt: 'str' }],
      checkall: 'true',
      outputs: 1,
    },
    [['feed']],
  );
  f.node(
    'feed',
    'wes-chart-feed',
    ...at(3, 1.5),
    { name: '', property: 'payload', series: '', window: '24h', retention: '24h', points: 300, refresh: 60, format: 'dashboard2' },
    [['chart']],
  );
  f.node(
    'chart',
    'ui-chart',
    ...at(4, 1.5),
    widget(f, 'ui-probes', 1, 0, 6, { ...timeChart({ name: '', label: 'Probes (°C)', yAxisLabel: '°C' }) }),
    [[]],
  );
  f.node('dbg', 'debug', ...at(2, -0.5), {
    name: 'every probe',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'true',
    targetType: 'full',
  });
  f.node('events', 'debug', ...at(2, 0.5), {
    name: 'probe events',
    active: true,
    tosidebar: true,
    console: false,
    complete: 'true',
    targetType: 'full',
  });
  f.node('living', 'wes-onewire', ...at(0, 3), { name: 'living room', bus: f.id('bus'), romId: '28-0316a2799b01' }, [['th'], []]);
  f.node('th', 'wes-thermostat', ...at(1, 3), livingRoomThermostat, [['rl']]);
  f.node(
    'rl',
    'wes-relay-out',
    ...at(2, 3),
    {
      name: 'radiator (rl201)',
      output: 'onewire',
      onewire: f.id('bus'),
      board: 2,
      channel: 1,
      gpio: '',
      line: 0,
      activeLow: false,
      number: relayNumbers[0],
      startState: 'restore',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 60,
    },
    [[]],
  );
  return f.nodes;
}
