// Relays page: the wes-relay-out nodes driven by the rules, with switches that show the state the runtime holds.
import { colours, grid, page, uiGroup, widget } from '../builders.mjs';

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
  const at = grid(95, 1180, [0, 235, 485], 60);
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
  f.node('lo-relay-states', 'link out', ...at(2, relays.length), {
    name: f.t({ fr: 'états des relais', en: 'relay states' }),
    mode: 'link',
    links: [],
  });
  f.group(
    'g-relays',
    f.t({ fr: 'Page Relais', en: 'Relays page' }),
    ['c-relays', ...relays.flatMap((r) => [`li-${r.key}`, r.key, `${r.key}-sw`]), 'lo-relay-states'],
    colours.relays,
  );
}
