// Relays page: the wes-relay-out nodes driven by the rules, with switches that show the state the runtime holds.
import { colours, grid, page, template, uiGroup, vue, widget, atStart, stateSwitch } from '../builders.mjs';

export function relays(f, hardwareFromEnv) {
  page(f, 'page-relays', f.t({ fr: 'Relais', en: 'Relays' }), '/relays', 'electric-switch', 5);
  uiGroup(f, 'ui-relays', f.t({ fr: 'Relais', en: 'Relays' }), 'page-relays', 6, 1);
  f.config('gpio', 'wes-gpio', {
    name: f.t({ fr: 'GPIO du WES', en: 'WES GPIO' }),
    backend: hardwareFromEnv ? '${WES_GPIO_BACKEND}' : 'simulated',
    chip: 'auto',
  });
  f.comment(
    'c-relays',
    210,
    1120,
    f.t({
      fr: "Page Relais : les relais, commandés par les règles ; les interrupteurs montrent l'état tenu par le système",
      en: 'Relays page: the relays, driven by the rules; the switches show the state the runtime holds',
    }),
    f.t({
      fr:
        'Les règles atteignent les relais par les nœuds de lien « vers relais N ». Chaque interrupteur est découplé : il montre ' +
        'ce que wes-relay-out rapporte, pas ce qui a été cliqué. Un clic est une commande manuelle (topic "manual") qui tient ' +
        "les règles à l'écart pendant la durée de forçage du relais (60 min). L'état de chaque relais va aussi vers « états " +
        'des relais », en retour vers le délestage.\n\n' +
        'Le relais 2 commande le fil pilote du chauffage par une diode : fermé (marche) = hors-gel, ouvert (arrêt) = confort.\n\n' +
        'Les lignes GPIO sont simulées tant que settings/hardware.js ne fixe pas gpio.backend.',
      en:
        'The rules reach the relays through the link nodes "to relay N". Each switch is decoupled: it shows what wes-relay-out ' +
        'reports, not what was clicked. A click is a manual command (topic "manual") that keeps the rules out for the relay\'s ' +
        'override time (60 min). Every relay\'s state also goes to "relay states", back to the load shedding.\n\n' +
        "Relay 2 drives the heating's fil pilote through a diode: closed (on) = frost protection, open (off) = comfort.\n\n" +
        'GPIO lines are simulated unless settings/hardware.js sets gpio.backend.',
    }),
  );
  const relays = [
    {
      n: 1,
      key: 'relay1',
      name: f.t({ fr: 'Chauffe-eau', en: 'Water heater' }),
      line: '23',
      start: 'on',
      label: f.t({ fr: 'Chauffe-eau (relais 1)', en: 'Water heater (relay 1)' }),
      sw: f.t({ fr: 'interrupteur chauffe-eau', en: 'water heater switch' }),
      link: { fr: 'chauffe-eau', en: 'water heater' },
    },
    {
      n: 2,
      key: 'relay2',
      name: f.t({ fr: 'Fil pilote du chauffage', en: 'Heating fil pilote' }),
      line: '24',
      start: 'off',
      label: f.t({ fr: 'Fil pilote du chauffage (relais 2, marche = hors-gel)', en: 'Heating fil pilote (relay 2, on = frost)' }),
      sw: f.t({ fr: 'interrupteur chauffage', en: 'heating switch' }),
      link: { fr: 'chauffage', en: 'heating' },
    },
    {
      n: 3,
      key: 'relay3',
      name: f.t({ fr: 'Borne de recharge', en: 'EV charger' }),
      line: '25',
      start: 'off',
      label: f.t({ fr: 'Borne de recharge (relais 3)', en: 'EV charger (relay 3)' }),
      sw: f.t({ fr: 'interrupteur borne', en: 'ev charger switch' }),
      link: { fr: 'borne', en: 'ev charger' },
    },
  ];
  const at = grid(95, 1180, [0, 235, 485, 680, 860], 60);
  for (const [i, r] of relays.entries()) {
    f.node(
      `li-${r.key}`,
      'link in',
      ...at(0, i),
      { name: f.t({ fr: `vers relais ${r.n} · ${r.link.fr}`, en: `to relay ${r.n} · ${r.link.en}` }), links: [] },
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
      [[`${r.key}-sw`, 'lo-relay-states', 'relay-modes-acc']],
    );
    f.node(
      `${r.key}-sw`,
      'ui-switch',
      ...at(2, i),
      widget(f, 'ui-relays', r.n, 0, 0, stateSwitch({ name: r.sw, label: r.label, topic: 'manual' })),
      [[r.key]],
    );
  }
  // Manual overrides, their expiry and "back to automatic": the relays' own state messages, kept
  // per relay number in flow context so that a page opened later shows every relay.
  uiGroup(f, 'ui-relay-modes', f.t({ fr: 'Automatique ou manuel', en: 'Automatic or manual' }), 'page-relays', 6, 2);
  f.node(
    'relay-modes-acc',
    'change',
    ...at(3, 3),
    {
      name: f.t({ fr: 'mode de chaque relais', en: "each relay's mode" }),
      rules: [
        {
          t: 'set',
          p: 'relayModes',
          pt: 'flow',
          to:
            '$merge([$flowContext("relayModes") ? $flowContext("relayModes") : {}, {$string(relay.number): ' +
            '{"number": relay.number, "name": relay.name, "on": payload, "pending": relay.pending, "overrideUntil": relay.overrideUntil}}])',
          tot: 'jsonata',
        },
        { t: 'set', p: 'payload', pt: 'msg', to: 'relayModes', tot: 'flow' },
        { t: 'delete', p: 'relay', pt: 'msg' },
      ],
    },
    [['relay-modes']],
  );
  template(
    f,
    'relay-modes',
    ...at(4, 0),
    'ui-relay-modes',
    1,
    f.t({ fr: 'modes des relais', en: 'relay modes' }),
    vue('relay-modes', f.lang),
  );
  f.nodes[f.nodes.length - 1].wires = [[f.id('relay-back')]];
  f.node(
    'relay-back',
    'switch',
    ...at(4, 1),
    {
      name: f.t({ fr: 'quel relais ?', en: 'which relay?' }),
      property: 'relayNumber',
      propertyType: 'msg',
      rules: relays.map((r) => ({ t: 'eq', v: String(r.n), vt: 'num' })),
      checkall: 'false',
      repair: false,
      outputs: relays.length,
    },
    // The scheduler's relay gets the scheduler's last decision again at once, so relay and rule agree
    // (the scheduler only sends on a change; supervisor.mjs wires its output to 'sched-last').
    relays.map((r) => (r.n === 3 ? [r.key, 'relay3-resume'] : [r.key])),
  );
  f.node(
    'sched-last',
    'change',
    ...at(3, 4),
    {
      name: f.t({ fr: 'dernière décision', en: 'last decision' }),
      rules: [{ t: 'set', p: 'schedulerDecision', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [],
  );
  f.node(
    'relay3-resume',
    'change',
    ...at(4, 4),
    {
      name: f.t({ fr: 'décision planifiée', en: 'scheduled decision' }),
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: 'schedulerDecision', tot: 'flow' },
        { t: 'set', p: 'topic', pt: 'msg', to: 'scheduler', tot: 'str' },
        { t: 'delete', p: 'relayNumber', pt: 'msg' },
      ],
    },
    [['relay3']],
  );
  // Every relay says its state once everything has started, so the switches and the modes table
  // show all of them (a state sent while the flow was still starting reaches no one).
  atStart(
    f,
    'relays-start',
    ...at(3, 5),
    f.t({ fr: 'états au démarrage', en: 'states at start' }),
    'status',
    'str',
    [relays.map((r) => r.key)],
    1,
  );
  f.node('lo-relay-states', 'link out', ...at(2, relays.length), {
    name: f.t({ fr: 'états des relais', en: 'relay states' }),
    mode: 'link',
    links: [],
  });
  f.group(
    'g-relays',
    f.t({ fr: 'Page Relais', en: 'Relays page' }),
    [
      'c-relays',
      ...relays.flatMap((r) => [`li-${r.key}`, r.key, `${r.key}-sw`]),
      'relay-modes-acc',
      'relay-modes',
      'relay-back',
      'lo-relay-states',
    ],
    colours.relays,
  );
}
