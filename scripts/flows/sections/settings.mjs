// Settings page: which hardware each input uses, the simulated load of meter 1, and simulated
// lost inputs (the water counter's line, a 1-Wire probe).
import { colours, uiGroup, widget, text, template, vue, atStart } from '../builders.mjs';
import { contracts, meters, meterText } from './meters.mjs';
import { LOG_FORMAT } from './logging.mjs';

export function settings(f, hardwareFromEnv) {
  uiGroup(f, 'ui-hw', f.t({ fr: 'Matériel', en: 'Hardware' }), 'page-settings', 6, 1);
  f.comment(
    'c-set',
    880,
    960,
    f.t({
      fr: 'Page Réglages : le matériel de chaque entrée ; charge simulée',
      en: 'Settings page: which hardware each input uses; simulated load',
    }),
    f.t({
      fr:
        "Les boutons de charge pilotent le compteur simulé 1 (profil d'un foyer, ou une charge fixe : 8,5 kVA montre le délestage). " +
        'Un compteur sur un vrai port série les refuse. « Couper l’eau » débranche la ligne GPIO simulée du compteur d’eau et ' +
        '« Retirer temp3 » ôte la sonde du ballon du bus 1-Wire simulé, pour voir une entrée perdue (pages Impulsions, Températures) ; ' +
        'le vrai matériel refuse ces messages.',
      en:
        'The load buttons drive simulated meter 1 (household profile, or a fixed load: 8.5 kVA shows load shedding). ' +
        'A meter on a real serial port refuses them. "Cut water input" unplugs the water counter\'s simulated GPIO line and ' +
        '"Remove temp3" takes the tank probe off the simulated 1-Wire bus, to see a lost input (Counters, Temperatures pages); ' +
        'real hardware refuses these messages.',
    }),
  );
  const inputs = [
    ...meters.map((m) => ({ label: `${meterText(f, m).short} (${m.key})`, env: `WES_${m.key.toUpperCase()}_SOURCE` })),
    { label: f.t({ fr: 'Lignes GPIO (relais, compteurs, porte)', en: 'GPIO lines (relays, counters, door)' }), env: 'WES_GPIO_BACKEND' },
    { label: f.t({ fr: 'Bus 1-Wire (sondes, cartes relais)', en: '1-Wire bus (probes, relay boards)' }), env: 'WES_ONEWIRE_BACKEND' },
  ];
  for (const [i, input] of inputs.entries()) {
    f.node(
      `set-src${i + 1}`,
      'inject',
      770,
      1000 + i * 40,
      {
        name: input.env,
        props: [{ p: 'payload' }],
        repeat: '',
        crontab: '',
        once: true,
        onceDelay: 0.5,
        topic: '',
        payload: hardwareFromEnv ? input.env : 'simulated',
        payloadType: hardwareFromEnv ? 'env' : 'str',
      },
      [[`set-text${i + 1}`]],
    );
    // The backends' names are identifiers of the settings file; a French reader gets them in words.
    const shown = f.t({
      fr: '($w := $lookup({"simulated": "simulé", "serial": "port série"}, payload); $exists($w) ? $w : payload)',
      en: 'payload',
    });
    text(f, `set-text${i + 1}`, 1030, 1000 + i * 40, 'ui-hw', i + 1, input.label, shown, f.lang === 'fr' ? 'jsonata' : 'msg');
  }
  template(
    f,
    'set-help',
    990,
    1170,
    'ui-hw',
    5,
    f.t({ fr: 'utiliser du vrai matériel', en: 'how to use real hardware' }),
    vue('hardware', f.lang),
  );
  // The load's name is the group's title: a label beside the buttons pushes them out of a phone's
  // one-row widget.
  uiGroup(f, 'ui-sim', f.t({ fr: 'Simulation · charge du compteur 1', en: 'Simulation · meter 1 load' }), 'page-settings', 6, 2);
  f.node(
    'sim-load',
    'ui-button-group',
    800,
    1220,
    widget(f, 'ui-sim', 1, 0, 1, {
      name: f.t({ fr: 'charge du compteur 1', en: 'meter 1 load' }),
      label: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: f.t({ fr: 'Foyer', en: 'Household' }), icon: '', value: '{"forcePowerVA":null}', valueType: 'json' },
        { label: '2 kVA', icon: '', value: '{"forcePowerVA":2000}', valueType: 'json' },
        { label: f.t({ fr: '8,5 kVA', en: '8.5 kVA' }), icon: '', value: '{"forcePowerVA":8500}', valueType: 'json' },
      ],
      topic: 'simulate',
      topicType: 'str',
    }),
    [['lo-sim', 'sim-now']],
  );
  // The load in force, in words: the buttons do not show which one was pressed last.
  atStart(f, 'sim-start', 190, 4580, f.t({ fr: 'profil au démarrage', en: 'profile at start' }), '{"forcePowerVA":null}', 'json', [
    ['sim-now'],
  ]);
  f.node(
    'sim-now',
    'change',
    420,
    4580,
    {
      name: f.t({ fr: 'charge en cours', en: 'load in force' }),
      rules: [
        {
          t: 'set',
          p: 'payload',
          pt: 'msg',
          to: f.t({
            fr: '$exists(payload.forcePowerVA) and payload.forcePowerVA != null ? "charge fixe de " & $formatNumber(payload.forcePowerVA / 1000, "#0,0##", {"decimal-separator": ",", "grouping-separator": " "}) & " kVA" : "profil d\'un foyer"',
            en: '$exists(payload.forcePowerVA) and payload.forcePowerVA != null ? "fixed load of " & $formatNumber(payload.forcePowerVA / 1000, "#0.0##") & " kVA" : "household profile"',
          }),
          tot: 'jsonata',
        },
      ],
    },
    [['sim-text']],
  );
  text(f, 'sim-text', 650, 4580, 'ui-sim', 2, f.t({ fr: 'En cours', en: 'In force' }), 'payload', 'msg');
  // Lost inputs without hardware: the water counter's GPIO line cut (the simulated twin stops its
  // edges and reports the line lost) and a probe taken off the simulated 1-Wire bus (lost after
  // the bus's failed reads). The nodes refuse these messages on real hardware.
  uiGroup(f, 'ui-sim-lost', f.t({ fr: 'Simulation · entrées perdues', en: 'Simulation · lost inputs' }), 'page-settings', 6, 3);
  const simButtons = (key, y, order, name, options, to) =>
    f.node(
      key,
      'ui-button-group',
      420,
      y,
      widget(f, 'ui-sim-lost', order, 0, 1, {
        name,
        label: '',
        rounded: true,
        useThemeColors: true,
        passthru: false,
        options: options.map(([label, value]) => ({ label, icon: '', value: JSON.stringify(value), valueType: 'json' })),
        topic: 'simulate',
        topicType: 'str',
      }),
      [[to]],
    );
  simButtons(
    'sim-water-lost',
    4720,
    1,
    f.t({ fr: "entrée du compteur d'eau", en: 'water counter input' }),
    [
      [f.t({ fr: "Couper l'eau", en: 'Cut water input' }), { inputLost: true }],
      [f.t({ fr: "Rebrancher l'eau", en: 'Plug water back' }), { inputLost: false }],
    ],
    'water',
  );
  simButtons(
    'sim-probe-lost',
    4770,
    2,
    f.t({ fr: 'sonde temp3 (ballon)', en: 'probe temp3 (tank)' }),
    [
      [f.t({ fr: 'Retirer temp3', en: 'Remove temp3' }), { unplug: '28-0316a2799b02' }],
      [f.t({ fr: 'Remettre temp3', en: 'Put temp3 back' }), { plug: '28-0316a2799b02' }],
    ],
    'ow-all',
  );
  f.node('lo-sim', 'link out', 990, 1220, { name: f.t({ fr: 'charge simulée', en: 'simulated load' }), mode: 'link', links: [] });
  const set = ['c-set', ...inputs.flatMap((_, i) => [`set-src${i + 1}`, `set-text${i + 1}`]), 'set-help', 'sim-load', 'lo-sim'];
  f.move(set, 430, 60);
  f.group('g-set', f.t({ fr: 'Page Réglages', en: 'Settings page' }), set, colours.settings);
  languageAndContract(f, hardwareFromEnv);
}

/** `2025-08-01 HC=0.2068 HP=0.2700 sub=15.89` (the wes-contract text) as the Settings page shows it. */
const pricesOf = (text) => {
  const line = text.split('\n').find((l) => /^\d{4}-\d\d-\d\d /.test(l));
  const [since, ...pairs] = line.split(/\s+/);
  const entries = pairs.map((p) => p.split('=')).map(([period, v]) => ({ period, price: Number(v) }));
  const sub = entries.find((e) => e.period === 'sub');
  return { since, prices: entries.filter((e) => e.period !== 'sub'), sub: sub ? sub.price : null };
};

/**
 * The language of the dashboard (saved for `npm start`, which generates both) and the contracts'
 * prices, read-only: they are edited in the wes-contract nodes, where the cost nodes read them.
 */
function languageAndContract(f, hardwareFromEnv) {
  const y = 4400;
  uiGroup(f, 'ui-lang', f.t({ fr: 'Langue et fichiers', en: 'Language and files' }), 'page-settings', 6, 4);
  uiGroup(f, 'ui-contract', f.t({ fr: 'Contrats et prix', en: 'Contracts and prices' }), 'page-settings', 6, 5);
  f.comment(
    'c-lang',
    210,
    y,
    f.t({ fr: 'Page Réglages : langue et contrats', en: 'Settings page: language and contracts' }),
    f.t({
      fr:
        'Le choix de langue est écrit dans le fichier WES_LANGUAGE_FILE que npm start donne à Node-RED ; npm start le voit, ' +
        "redémarre Node-RED dans cette langue et prend le flux de cette langue si le vôtre n'a pas été modifié (sinon le " +
        'vôtre reste, seuls les messages des nœuds changent de langue). Les prix affichés sont ceux des nœuds wes-contract.',
      en:
        'The language choice is written to the WES_LANGUAGE_FILE that npm start gives Node-RED; npm start sees it, restarts ' +
        'Node-RED in that language and takes the flow in that language if yours is unmodified (otherwise yours stays and only ' +
        "the nodes' messages change language). The prices shown are the wes-contract nodes'.",
    }),
  );
  const keys = ['c-lang'];
  if (hardwareFromEnv) {
    atStart(f, 'lang-start', 190, y + 60, f.t({ fr: 'langue en cours', en: 'current language' }), f.lang, 'str', [['lang-choice']]);
    f.node(
      'lang-choice',
      'ui-dropdown',
      420,
      y + 60,
      widget(f, 'ui-lang', 1, 0, 0, {
        name: f.t({ fr: 'choix de la langue', en: 'language choice' }),
        label: f.t({ fr: 'Langue du tableau de bord', en: 'Dashboard language' }),
        tooltip: '',
        passthru: false,
        multiple: false,
        chips: false,
        clearable: false,
        options: [
          { value: 'fr', label: 'Français', type: 'str' },
          { value: 'en', label: 'English', type: 'str' },
        ],
        payload: '',
        topic: 'language',
        topicType: 'str',
        typeIsComboBox: false,
        msgTrigger: 'onChange',
      }),
      [['lang-save']],
    );
    f.node(
      'lang-save',
      'file',
      650,
      y + 60,
      {
        name: f.t({ fr: 'enregistrer le choix', en: 'save the choice' }),
        filename: 'WES_LANGUAGE_FILE',
        filenameType: 'env',
        appendNewline: true,
        createDir: false,
        overwriteFile: 'true',
        encoding: 'utf8',
      },
      [['lang-saved']],
    );
    f.node(
      'lang-saved',
      'change',
      870,
      y + 60,
      { name: f.t({ fr: 'choix enregistré', en: 'choice saved' }), rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'saved', tot: 'str' }] },
      [['lang-help']],
    );
    keys.push('lang-start', 'lang-choice', 'lang-save', 'lang-saved');
  }
  template(f, 'lang-help', 1090, y + 60, 'ui-lang', 2, f.t({ fr: 'aide langue', en: 'language help' }), vue('language', f.lang));
  const shown = contracts.map((c) => ({
    meter: c.meter,
    name: f.lang === 'fr' ? c.nameFr : c.name,
    option: c.option,
    ...pricesOf(c.prices),
  }));
  atStart(f, 'contract-start', 190, y + 120, f.t({ fr: 'contrats du flux', en: "the flow's contracts" }), JSON.stringify(shown), 'json', [
    ['contract-table'],
  ]);
  template(f, 'contract-table', 420, y + 120, 'ui-contract', 1, f.t({ fr: 'contrats', en: 'contracts' }), vue('contract', f.lang));
  // The logs' CSV dialect, as the logger writes it; each download on the Downloads page may ask for the other.
  const formats = {
    'excel-fr': { fr: 'Excel français (; et virgule décimale, heure de Paris)', en: 'Excel French (; and decimal comma, Paris time)' },
    standard: { fr: 'CSV standard (, et point décimal)', en: 'plain CSV (, and decimal point)' },
    auto: { fr: 'selon la langue du système', en: 'from the system language' },
  };
  atStart(f, 'csv-start', 190, y + 240, f.t({ fr: 'format des journaux', en: 'log format' }), f.t(formats[LOG_FORMAT]), 'str', [
    ['csv-text'],
  ]);
  text(f, 'csv-text', 420, y + 240, 'ui-lang', 3, f.t({ fr: 'Fichiers CSV', en: 'CSV files' }), 'payload', 'msg');
  keys.push('lang-help', 'contract-start', 'contract-table', 'sim-start', 'sim-now', 'sim-text', 'csv-start', 'csv-text');
  f.group(
    'g-lang',
    f.t({ fr: 'Page Réglages · langue, contrats, simulation', en: 'Settings page · language, contracts, simulation' }),
    keys,
    colours.settings,
  );
}
