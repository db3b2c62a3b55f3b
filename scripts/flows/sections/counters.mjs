// Counters page: water and gas pulse counters and a door contact on the GPIO. A counter's leak
// alert shows on its card and goes to the alarm history (wes-alarms); a lost input (its GPIO line
// no longer answers) shows on the card's top line, since when, with the last values greyed.
import { colours, inputProps, page, uiGroup, text, atStart, template, sourceLink } from '../builders.mjs';

export function counters(f) {
  // numbers as the language writes them: 123 459 L in French, 123,459 L in English
  const fr = f.lang === 'fr';
  const number = (expr, picture) =>
    fr
      ? `$formatNumber(${expr}, "${picture.replace(/,/g, '\u202f').replace(/\./g, ',')}", {"decimal-separator": ",", "grouping-separator": "\u202f"})`
      : `$formatNumber(${expr}, "${picture}")`;
  page(f, 'page-counters', f.t({ fr: 'Impulsions', en: 'Counters' }), '/counters', 'counter', 7);
  uiGroup(f, 'ui-water', f.t({ fr: 'Eau', en: 'Water' }), 'page-counters', 4, 1);
  uiGroup(f, 'ui-gas', f.t({ fr: 'Gaz', en: 'Gas' }), 'page-counters', 4, 2);
  uiGroup(f, 'ui-inputs', f.t({ fr: 'Entrées', en: 'Inputs' }), 'page-counters', 4, 3);
  f.comment(
    'c-counters',
    210,
    1640,
    f.t({
      fr: "Page Compteurs : compteurs d'impulsions d'eau et de gaz, un contact de porte",
      en: 'Counters page: water and gas pulse counters, a door contact',
    }),
    f.t({
      fr:
        "wes-pulse-in compte les impulsions d'un compteur (1 L par impulsion pour l'eau, 0,01 m³ pour le gaz ; rythmes simulés 3 et 2 " +
        "impulsions par minute) et garde son index à travers les redémarrages : saisissez dans le nœud l'index lu sur votre compteur. " +
        "Ses alertes de fuite (sortie 2) vont à l'historique des alarmes et s'affichent sur la carte. Quand la ligne GPIO ne répond " +
        "plus (entrée perdue, jamais un simple silence : l'eau ne coule pas la nuit), la carte le dit en haut, depuis quand, et grise " +
        "les dernières valeurs ; page Réglages, « Couper l'eau » le simule. wes-input lit un contact " +
        '(simulé : la porte s’ouvre ou se ferme toutes les 20 s). Leurs mesures vont aussi au journal.',
      en:
        "wes-pulse-in counts a meter's pulses (1 L a pulse for water, 0.01 m³ for gas; simulated rates 3 and 2 pulses a " +
        'minute) and keeps its index across restarts: set the index read on your meter in the node. Its leak alerts (output 2) ' +
        'go to the alarm history and show on the card. When the GPIO line no longer answers (input lost, never a mere silence: no ' +
        'water runs at night), the top line of the card says so and since when, and the last values are greyed; "Cut water input" ' +
        'on the Settings page simulates it. wes-input reads a contact (simulated: the door opens or closes every 20 s). ' +
        'Their readings also go to the logger.',
    }),
  );
  atStart(
    f,
    'cnt-start',
    130,
    1760,
    f.t({ fr: 'mesures au démarrage', en: 'readings at start' }),
    'status',
    'str',
    [['water', 'gas', 'door']],
    1,
  );
  const counters = [
    {
      key: 'water',
      y: 1700,
      kind: 'water',
      weight: '1',
      unit: 'L',
      line: '17',
      index: '123456',
      simRate: '3',
      timeoutS: '300',
      leakHours: '2',
      leakRate: '0',
      group: 'ui-water',
      digits: '#,##0',
      flow: '0.0',
    },
    {
      key: 'gas',
      y: 1800,
      kind: 'gas',
      weight: '0.01',
      unit: 'm3',
      line: '27',
      index: '4521.37',
      simRate: '2',
      timeoutS: '600',
      leakHours: '0',
      leakRate: '0',
      group: 'ui-gas',
      digits: '#,##0.00',
      flow: '0.00',
    },
  ];
  for (const c of counters) {
    f.node(
      c.key,
      'wes-pulse-in',
      360,
      c.y,
      {
        name: c.key,
        gpio: f.id('gpio'),
        line: c.line,
        activeLevel: 'low',
        bias: 'pull-up',
        kind: c.kind,
        weight: c.weight,
        unit: c.unit,
        debounceMs: '20',
        index: c.index,
        timeoutS: c.timeoutS,
        persistS: '60',
        timezone: '',
        leakHours: c.leakHours,
        leakGapMin: '30',
        leakRate: c.leakRate,
        leakRateMin: '10',
        simRate: c.simRate,
        outputS: '0',
      },
      [[`${c.key}-input`, `${c.key}-index`, `${c.key}-today`, `${c.key}-flow`, `${c.key}-leak`, 'lo-log-counters'], ['lo-leaks']],
    );
    text(f, `${c.key}-index`, 620, c.y - 30, c.group, 2, 'Index', `${number('payload.index', c.digits)} & " " & unit`, 'jsonata');
    text(
      f,
      `${c.key}-today`,
      620,
      c.y,
      c.group,
      3,
      f.t({ fr: "Aujourd'hui", en: 'Today' }),
      `${number('payload.today', c.digits)} & " " & unit`,
      'jsonata',
    );
    text(
      f,
      `${c.key}-flow`,
      620,
      c.y + 30,
      c.group,
      4,
      f.t({ fr: 'Débit', en: 'Flow' }),
      `${number('payload.rate', c.flow)} & " " & payload.rateUnit`,
      'jsonata',
    );
    // wes-pulse-in's readings say whether a leak rule holds; the alert itself (output 2) goes to the alarms
    text(
      f,
      `${c.key}-leak`,
      840,
      c.y,
      c.group,
      5,
      f.t({ fr: 'Fuite', en: 'Leak' }),
      `payload.leak ? ${f.t({ fr: '"suspectée ⚠"', en: '"suspected ⚠"' })} : ${f.t({ fr: '"aucune"', en: '"none"' })}`,
      'jsonata',
    );
    f.nodes.slice(-4).forEach((n, i) => {
      n.name = `${c.key === 'water' ? f.t({ fr: 'eau', en: 'water' }) : f.t({ fr: 'gaz', en: 'gas' })} ${[f.t({ fr: 'index', en: 'index' }), f.t({ fr: "aujourd'hui", en: 'today' }), f.t({ fr: 'débit', en: 'flow' }), f.t({ fr: 'fuite', en: 'leak' })][i]}`;
    });
    const counterName = c.key === 'water' ? f.t({ fr: 'eau', en: 'water' }) : f.t({ fr: 'gaz', en: 'gas' });
    template(
      f,
      `${c.key}-input`,
      840,
      c.y - 40,
      c.group,
      1,
      f.t({ fr: `entrée ${counterName}`, en: `${counterName} input` }),
      sourceLink(f, 'input', c.key),
    );
  }
  f.node('door', 'wes-input', 360, 1900, inputProps({ name: 'door', mode: 'contact', gpio: f.id('gpio'), line: '22', simToggleS: '20' }), [
    ['door-state', 'door-count'],
    [],
  ]);
  text(
    f,
    'door-state',
    620,
    1880,
    'ui-inputs',
    1,
    f.t({ fr: "Porte d'entrée", en: 'Front door' }),
    `payload = 1 ? ${f.t({ fr: '"fermée"', en: '"closed"' })} : ${f.t({ fr: '"ouverte"', en: '"open"' })}`,
    'jsonata',
  );
  f.nodes[f.nodes.length - 1].name = f.t({ fr: 'état de la porte', en: 'door state' });
  text(
    f,
    'door-count',
    620,
    1920,
    'ui-inputs',
    2,
    f.t({ fr: 'Ouvertures', en: 'Openings' }),
    number('counts.openings', '#,##0'),
    'jsonata',
  );
  f.nodes[f.nodes.length - 1].name = f.t({ fr: 'ouvertures de la porte', en: 'door openings' });
  f.node('lo-log-counters', 'link out', 620, 1960, { name: f.t({ fr: 'vers le journal', en: 'to the logger' }), mode: 'link', links: [] });
  f.node('lo-leaks', 'link out', 840, 1960, {
    name: f.t({ fr: 'fuites vers les alarmes', en: 'leaks to the alarms' }),
    mode: 'link',
    links: [],
  });
  f.move(
    [
      'c-counters',
      'cnt-start',
      'water',
      'water-index',
      'water-today',
      'water-flow',
      'water-leak',
      'water-input',
      'gas',
      'gas-index',
      'gas-today',
      'gas-flow',
      'gas-leak',
      'gas-input',
      'door',
      'door-state',
      'door-count',
      'lo-log-counters',
      'lo-leaks',
    ],
    0,
    260,
  );
  f.group(
    'g-counters',
    f.t({ fr: 'Page Compteurs', en: 'Counters page' }),
    [
      'c-counters',
      'cnt-start',
      'water',
      'water-index',
      'water-today',
      'water-flow',
      'water-leak',
      'water-input',
      'gas',
      'gas-index',
      'gas-today',
      'gas-flow',
      'gas-leak',
      'gas-input',
      'door',
      'door-state',
      'door-count',
      'lo-log-counters',
      'lo-leaks',
    ],
    colours.counters,
  );
}
