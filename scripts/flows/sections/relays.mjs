// Relays page: the wes-relay-out nodes driven by the rules, with switches that show the state the runtime holds.
import { colours, grid, page, uiGroup, widget } from '../builders.mjs';

export function relays(f, hardwareFromEnv) {
  page(f, 'page-relays', 'Relays', '/relays', 'electric-switch', 5);
  uiGroup(f, 'ui-relays', 'Relays', 'page-relays', 6, 1);
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: hardwareFromEnv ? '${WES_GPIO_BACKEND}' : 'simulated', chip: 'auto' });
  f.comment(
    'c-relays',
    210,
    1120,
    'Relays page: the relays, driven by the rules; the switches show the state the runtime holds',
    'The rules reach the relays through the link nodes "to relay N". Each switch is decoupled: it shows what wes-relay-out ' +
      'reports, not what was clicked. A click is a manual command (topic "manual") that keeps the rules out for the relay\'s ' +
      'override time (60 min). Every relay\'s state also goes to "relay states", back to the load shedding.\n\n' +
      "Relay 2 drives the heating's fil pilote through a diode: closed (on) = frost protection, open (off) = comfort.\n\n" +
      'GPIO lines are simulated unless settings/hardware.js sets gpio.backend.',
  );
  const relays = [
    { n: 1, key: 'relay1', name: 'Water heater', line: '23', start: 'on', label: 'Water heater (relay 1)', sw: 'water heater switch' },
    {
      n: 2,
      key: 'relay2',
      name: 'Heating fil pilote',
      line: '24',
      start: 'off',
      label: 'Heating fil pilote (relay 2, on = frost)',
      sw: 'heating switch',
    },
    { n: 3, key: 'relay3', name: 'EV charger', line: '25', start: 'off', label: 'EV charger (relay 3)', sw: 'ev charger switch' },
  ];
  const at = grid(95, 1180, [0, 235, 485], 60);
  for (const [i, r] of relays.entries()) {
    f.node(
      `li-${r.key}`,
      'link in',
      ...at(0, i),
      { name: `to relay ${r.n} · ${r.name.toLowerCase().replace(' fil pilote', '')}`, links: [] },
      [[r.key]],
    );
    f.node(
      r.key,
      'wes-relay-out',
      ...at(1, i),
      {
        name: r.name,
        gpio: f.id('gpio'),
        line: r.line,
        activeLow: false,
        number: String(r.n),
        startState: r.start,
        minOnS: '0',
        minOffS: '0',
        overrideMin: '60',
      },
      [[`${r.key}-sw`, 'lo-relay-states']],
    );
    f.node(
      `${r.key}-sw`,
      'ui-switch',
      ...at(2, i),
      widget(f, 'ui-relays', r.n, 0, 0, {
        name: r.sw,
        label: r.label,
        passthru: false,
        decouple: true,
        topic: 'manual',
        topicType: 'str',
        style: '',
        layout: 'row-spread',
        clickableArea: 'switch',
        onvalue: 'true',
        onvalueType: 'bool',
        onicon: '',
        oncolor: '',
        offvalue: 'false',
        offvalueType: 'bool',
        officon: '',
        offcolor: '',
      }),
      [[r.key]],
    );
  }
  f.node('lo-relay-states', 'link out', ...at(2, relays.length), { name: 'relay states', mode: 'link', links: [] });
  f.group(
    'g-relays',
    'Relays page',
    ['c-relays', ...relays.flatMap((r) => [`li-${r.key}`, r.key, `${r.key}-sw`]), 'lo-relay-states'],
    colours.relays,
  );
}
