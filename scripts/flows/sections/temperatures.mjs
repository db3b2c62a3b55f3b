// Temperatures page: the 1-Wire probes (simulated bus: outdoor, living room, water tank, humidity),
// each with its value and today's min/max, a 24 h curve with the house's power under it on the
// same window, the probes to the logger (so to the history), and the living room's thermostat driving a 1-Wire relay (rl101) shown on the Relays page.
// A lost probe keeps its last value, greyed, with since when (from the bus's lost event).
import { grid, jsonata, page, uiGroup, widget, template, vue, timeChart, stateSwitch } from '../builders.mjs';

/** The living-room thermostat on its 1-Wire probe, shared by the supervisor and the 1-Wire example. */
export const livingRoomThermostat = {
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
};

export function temperatures(f, hardwareFromEnv) {
  const env = (name, literal) => (hardwareFromEnv ? `\${WES_ONEWIRE_${name}}` : literal);
  page(f, 'page-temps', f.t({ fr: 'Températures', en: 'Temperatures' }), '/temperatures', 'thermometer', 8);
  uiGroup(f, 'ui-temps', f.t({ fr: 'Sondes', en: 'Probes' }), 'page-temps', 6, 1);
  uiGroup(f, 'ui-temps-chart', f.t({ fr: 'Dernières 24 heures', en: 'Last 24 hours' }), 'page-temps', 6, 2);
  // Simulated in the shipped flow too: edit this config node to "kernel w1 (sysfs)" or "owserver" for real probes.
  f.config('onewire', 'wes-onewire-bus', {
    name: f.t({ fr: 'bus 1-Wire', en: '1-Wire bus' }),
    backend: env('BACKEND', 'simulated'),
    root: env('ROOT', '/sys/bus/w1/devices'),
    host: env('HOST', 'localhost'),
    port: env('PORT', 4304),
    pollS: 10,
    rescanMin: 5,
    lostAfter: 3,
    maxJump: 10,
    boards: '',
  });
  f.comment(
    'c-temps',
    210,
    2320,
    f.t({
      fr:
        'Page Températures : les sondes 1-Wire, min/max du jour, une courbe sur 24 h au-dessus de la puissance de la maison ; ' +
        'le thermostat du séjour sur le relais rl101',
      en: 'Temperatures page: the 1-Wire probes, min/max today, a 24 h curve over the house power; the living-room thermostat on relay rl101',
    }),
    f.t({
      fr:
        'Le bus est simulé sauf si settings/hardware.js (ou WES_ONEWIRE_BACKEND) indique sysfs ou owserver. Chaque sonde trouvée ' +
        'reçoit un nom (temp1, temp2…, humidity1) lié à son identifiant ROM. Les deux courbes viennent de wes-chart-feed sur la ' +
        'même fenêtre de 24 h (≤ 300 points par série, redessinées une fois par minute ; une courbe plate apparaît comme une ' +
        'ligne dès qu’elle couvre deux tranches de 5 min) : les sondes en °C et, en dessous, la puissance des deux compteurs ' +
        '(« états des compteurs »), pour voir le chauffage suivre le froid. Les relevés vont aussi à l’enregistreur (lien ' +
        '« sondes 1-Wire »), donc à la page Historique. Le thermostat lit la sonde du séjour par son identifiant ROM et ' +
        'commande la voie 1 de la première carte DS2408 (rl101). Une sonde qui ne répond plus (perdue après 3 lectures ratées, ' +
        'soit 30 s) garde sa dernière valeur, grisée, avec « sonde perdue depuis HH:MM » ; page Réglages, « Retirer temp3 » le simule.',
      en:
        'The bus is simulated unless settings/hardware.js (or WES_ONEWIRE_BACKEND) says sysfs or owserver. Every probe found gets a name ' +
        '(temp1, temp2…, humidity1) bound to its ROM id. Both curves come from wes-chart-feed on the same 24 h window ' +
        '(≤ 300 points a series, redrawn once a minute; a flat curve shows as a line once it spans two 5-min buckets): ' +
        'the °C probes, and under them both meters\' power ("meter states"), ' +
        'to see the heating follow the cold. The readings also go to the logger ("1-Wire probes" link), so to the History page. ' +
        'The thermostat reads the living-room probe by its ROM id and drives channel 1 of the first DS2408 board (rl101). ' +
        'A probe that stops answering (lost after 3 failed reads, 30 s) keeps its last value, greyed, with "probe lost since HH:MM"; ' +
        '"Remove temp3" on the Settings page simulates it.',
    }),
  );
  const at = grid(150, 2380, [0, 220, 440, 660, 880], 60);
  f.node(
    'ow-search',
    'inject',
    ...at(0, 0),
    {
      name: f.t({ fr: 'recherche toutes les heures', en: 'search every hour' }),
      props: [{ p: 'payload' }],
      repeat: '3600',
      payload: '',
      payloadType: 'date',
    },
    [['ow-all']],
  );
  f.node(
    'ow-all',
    'wes-onewire',
    ...at(1, 0),
    { name: f.t({ fr: 'toutes les sondes', en: 'every probe' }), bus: f.id('onewire'), romId: '' },
    [['ow-minmax', 'ow-celsius', 'lo-temps'], ['ow-minmax']],
  );
  // Today's min/max per probe in flow context (reset at Paris midnight); the table gets every probe at each reading.
  f.node(
    'ow-minmax',
    'change',
    ...at(2, 0),
    {
      name: f.t({ fr: 'min/max du jour', en: 'min/max today' }),
      rules: [
        { t: 'set', p: 'temperatureProbes', pt: 'flow', to: jsonata('temperatures-today'), tot: 'jsonata' },
        { t: 'set', p: 'payload', pt: 'msg', to: jsonata('temperatures-table'), tot: 'jsonata' },
      ],
    },
    [['ow-table']],
  );
  template(f, 'ow-table', ...at(3, 0), 'ui-temps', 1, f.t({ fr: 'tableau des sondes', en: 'probes table' }), vue('temperatures', f.lang));
  f.node(
    'ow-celsius',
    'switch',
    ...at(2, 1),
    {
      name: f.t({ fr: '°C seulement', en: '°C only' }),
      property: 'unit',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: '°C', vt: 'str' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['ow-feed']],
  );
  const feed = (key, name, property, col, row, to) =>
    f.node(
      key,
      'wes-chart-feed',
      ...at(col, row),
      { name, property, series: '', window: '24h', retention: '24h', points: 300, refresh: 60, format: 'dashboard2' },
      [[to]],
    );
  const chart = (key, name, order, label, unit, ymin, col, row) =>
    f.node(
      key,
      'ui-chart',
      ...at(col, row),
      widget(f, 'ui-temps-chart', order, 0, 5, {
        ...timeChart({ name, label, yAxisLabel: unit, ymin }),
      }),
      [[]],
    );
  feed('ow-feed', f.t({ fr: 'flux des températures', en: 'temperature curve' }), 'payload', 3, 1, 'ow-chart');
  chart(
    'ow-chart',
    f.t({ fr: 'graphique des températures', en: 'temperature chart' }),
    1,
    f.t({ fr: 'Températures (°C)', en: 'Temperatures (°C)' }),
    '°C',
    '',
    4,
    1,
  );
  f.node('li-temps-power', 'link in', ...at(0, 4), { name: f.t({ fr: 'états des compteurs', en: 'meter states' }), links: [] }, [
    ['ow-power-feed'],
  ]);
  feed('ow-power-feed', f.t({ fr: 'flux de puissance, 24 h', en: 'house power, 24 h' }), 'payload.powerVA', 3, 4, 'ow-power-chart');
  chart(
    'ow-power-chart',
    f.t({ fr: 'graphique de puissance', en: 'house power chart' }),
    2,
    f.t({ fr: 'Puissance apparente de la maison (VA)', en: 'House power (VA)' }),
    'VA',
    '0',
    4,
    4,
  );
  f.node('lo-temps', 'link out', ...at(2, 2), { name: f.t({ fr: 'sondes 1-Wire', en: '1-Wire probes' }), mode: 'link', links: [] });
  const livingRoom = f.t({ fr: 'séjour', en: livingRoomThermostat.name });
  f.node('ow-living', 'wes-onewire', ...at(0, 3), { name: livingRoom, bus: f.id('onewire'), romId: '28-0316a2799b01' }, [['ow-th'], []]);
  // The 1-Wire example shares the English thermostat; the French one reads the French day names
  // the schedule grammar accepts (nodes/core/rules/schedule.ts).
  const thermostat = {
    ...livingRoomThermostat,
    name: livingRoom,
    comfortSchedule: f.t({ fr: 'lun-ven 06:00-08:30, 17:00-22:00\nsam,dim 08:00-22:30', en: livingRoomThermostat.comfortSchedule }),
  };
  f.node('ow-th', 'wes-thermostat', ...at(1, 3), thermostat, [['ow-rl']]);
  f.node(
    'ow-rl',
    'wes-relay-out',
    ...at(2, 3),
    {
      name: f.t({ fr: 'Chauffage (1-Wire)', en: 'Heating (1-Wire)' }),
      output: 'onewire',
      onewire: f.id('onewire'),
      board: 1,
      channel: 1,
      gpio: '',
      line: 0,
      activeLow: false,
      number: 101,
      startState: 'restore',
      minOnS: '0',
      minOffS: '0',
      overrideMin: '60',
    },
    [['ow-rl-sw']],
  );
  f.node(
    'ow-rl-sw',
    'ui-switch',
    ...at(3, 3),
    widget(
      f,
      'ui-relays',
      4,
      0,
      0,
      stateSwitch({
        name: f.t({ fr: 'interrupteur chauffage rl101', en: 'heating rl101 switch' }),
        label: f.t({ fr: 'Chauffage, séjour (1-Wire rl101)', en: 'Heating, living room (1-Wire rl101)' }),
        topic: 'manual',
      }),
    ),
    [['ow-rl']],
  );
  f.group(
    'g-temps',
    f.t({ fr: 'Page Températures', en: 'Temperatures page' }),
    [
      'c-temps',
      'ow-search',
      'ow-all',
      'ow-minmax',
      'ow-table',
      'ow-celsius',
      'ow-feed',
      'ow-chart',
      'li-temps-power',
      'ow-power-feed',
      'ow-power-chart',
      'lo-temps',
      'ow-living',
      'ow-th',
      'ow-rl',
      'ow-rl-sw',
    ],
    '#fdeede',
  );
}
