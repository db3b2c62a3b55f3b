// Clamps page: wes-ct-meter's four circuits (grid supply, heating, water heater, PV) with their
// power, direction and today's kWh, and a live curve of the signed powers; the readings also go
// to the logger (sources clamp1…clamp4), with the power signed (export negative).
import { colours, jsonata, page, template, text, uiGroup, vue, widget, timeChart } from '../builders.mjs';

// Names and labels as { fr, en } pairs: a circuit's name is also its series on the chart.
const CIRCUITS = [
  { n: 1, name: { fr: 'réseau', en: 'grid' }, mode: 'bidirectional', label: { fr: 'Arrivée réseau', en: 'Grid supply' } },
  { n: 2, name: { fr: 'chauffage', en: 'heating' }, mode: 'consumption', label: { fr: 'Chauffage', en: 'Heating' } },
  { n: 3, name: { fr: 'chauffe-eau', en: 'water heater' }, mode: 'consumption', label: { fr: 'Chauffe-eau', en: 'Water heater' } },
  { n: 4, name: { fr: 'PV', en: 'PV' }, mode: 'production', label: { fr: 'Production PV', en: 'PV' } },
];

/**
 * The wes-ct-meter of the supervisor and of the example: the simulated house, named circuits.
 * `t` picks a text of a { fr, en } pair (the supervisor passes its flow's; the example is English).
 */
export function ctMeterProps(t = (pair) => pair.en) {
  const props = {
    name: t({ fr: 'pinces', en: 'clamps' }),
    topic: 'clamp',
    source: 'simulated',
    port: '',
    periodS: '10',
    voltageEnabled: true,
    vcal: '234.26',
    nominalV: '230',
    nominalHz: '50',
    lostAfterS: '30',
    persistS: '60',
    simSeed: '1',
    simPvW: '3000',
    simCuts: true,
    spiChip: 'mcp3208',
    spiBus: '0',
    spiDevice: '0',
    spiSpeedHz: '1000000',
    spiVref: '3.3',
    spiBurstMs: '500',
  };
  for (const c of CIRCUITS)
    Object.assign(props, {
      [`ch${c.n}Name`]: t(c.name),
      [`ch${c.n}Ical`]: '90.91',
      [`ch${c.n}Phase`]: '4.2',
      [`ch${c.n}Invert`]: false,
      [`ch${c.n}Enabled`]: true,
      [`ch${c.n}Mode`]: c.mode,
    });
  return props;
}

export function clamps(f) {
  const y0 = 2800;
  page(f, 'page-clamps', f.t({ fr: 'Pinces', en: 'Clamps' }), '/clamps', 'current-ac', 3);
  uiGroup(f, 'ui-clamps', f.t({ fr: 'Circuits', en: 'Circuits' }), 'page-clamps', 6, 1);
  uiGroup(
    f,
    'ui-clamps-curve',
    f.t({ fr: 'Puissance en direct (W, injection en négatif)', en: 'Live power (W, export negative)' }),
    'page-clamps',
    12,
    2,
  );
  f.comment(
    'c-clamps',
    190,
    y0,
    f.t({
      fr: 'Page Pinces : quatre pinces ampèremétriques et la tension secteur (wes-ct-meter)',
      en: 'Clamps page: four CT clamps and the mains voltage (wes-ct-meter)',
    }),
    f.t({
      fr:
        'Simulé ici : une maison derrière les pinces (arrivée réseau, chauffage, chauffe-eau, PV qui injecte à midi, une ' +
        'courte coupure secteur de temps en temps) synthétisée en échantillons ADC et mesurée par les mêmes calculs qu’une ' +
        'vraie carte d’acquisition. Pour du vrai matériel, réglez la source du nœud sur la liaison série de l’emonTx (avec un ' +
        'wes-serial-port en 8N1) et étalonnez : la tension, puis le courant, puis la phase (voir l’aide). Les puissances ' +
        'signées vont aussi à l’enregistreur, en clamp1…clamp4.',
      en:
        'Simulated here: a house behind the clamps (grid supply, heating, water heater, PV exporting at midday, a short mains ' +
        'cut now and then) synthesised as ADC samples and measured by the same maths as a real front end. For hardware, set ' +
        "the node's source to the emonTx serial line (and a wes-serial-port at 8N1) and calibrate: voltage, then current, then " +
        'phase (see the help). The signed powers also go to the logger as clamp1…clamp4.',
    }),
  );
  f.node(
    'ct',
    'wes-ct-meter',
    190,
    y0 + 80,
    ctMeterProps((pair) => f.t(pair)),
    [['ct-today', 'ct-grid', 'ct-cost'], ['ct-events']],
  );
  // Today's energy per clamp: the index minus the index at the clamp's first reading of the Paris
  // day (kept in flow context). Signed power for the curve and the logger, because a magnitude
  // plus a word is not a curve.
  f.node(
    'ct-today',
    'change',
    400,
    y0 + 80,
    {
      name: f.t({ fr: 'aujourd’hui par pince', en: 'today per clamp' }),
      rules: [
        { t: 'set', p: 'clampDayStarts', pt: 'flow', to: jsonata('clamps-day-start', f.lang), tot: 'jsonata' },
        { t: 'set', p: 'today', pt: 'msg', to: jsonata('clamps-today', f.lang), tot: 'jsonata' },
        { t: 'set', p: 'signedW', pt: 'msg', to: 'payload.direction = "export" ? -payload.powerW : payload.powerW', tot: 'jsonata' },
      ],
    },
    [['ct-which', 'ct-curve', 'ct-log']],
  );
  f.node(
    'ct-which',
    'switch',
    620,
    y0 + 80,
    {
      name: f.t({ fr: 'quelle pince', en: 'which clamp' }),
      property: 'topic',
      propertyType: 'msg',
      rules: CIRCUITS.map((c) => ({ t: 'eq', v: `clamp${c.n}`, vt: 'str' })),
      checkall: 'false',
      repair: false,
      outputs: CIRCUITS.length,
    },
    CIRCUITS.map((c) => [`ct-text${c.n}`]),
  );
  CIRCUITS.forEach((c, i) => {
    text(f, `ct-text${c.n}`, 840, y0 + 20 + i * 40, 'ui-clamps', c.n, f.t(c.label), jsonata('clamp-line', f.lang), 'jsonata');
    // wrapped, or a phone cuts the line of a circuit that both imports and exports today
    Object.assign(f.nodes[f.nodes.length - 1], { name: f.t({ fr: `pince ${c.n}`, en: `clamp ${c.n}` }), wrapText: true });
  });
  f.node(
    'ct-curve',
    'change',
    620,
    y0 + 200,
    {
      name: f.t({ fr: 'signée, par circuit', en: 'signed, by circuit' }),
      rules: [
        { t: 'set', p: 'topic', pt: 'msg', to: 'clamp.name', tot: 'msg' },
        { t: 'set', p: 'payload', pt: 'msg', to: '{ "powerW": signedW }', tot: 'jsonata' },
      ],
    },
    [['ct-feed']],
  );
  f.node(
    'ct-log',
    'change',
    620,
    y0 + 340,
    {
      name: f.t({ fr: 'signée, pour le journal', en: 'signed, for the log' }),
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: jsonata('clamp-log', f.lang), tot: 'jsonata' }],
    },
    [['lo-log-clamps']],
  );
  f.node(
    'ct-feed',
    'wes-chart-feed',
    840,
    y0 + 200,
    {
      name: f.t({ fr: 'courbe des pinces', en: 'clamp curve' }),
      property: 'payload.powerW',
      series: '',
      window: '1h',
      retention: '24h',
      points: 600,
      refresh: 0,
      format: 'dashboard2',
    },
    [['ct-chart']],
  );
  f.node(
    'ct-chart',
    'ui-chart',
    1060,
    y0 + 200,
    widget(f, 'ui-clamps-curve', 1, 0, 6, {
      ...timeChart({
        name: f.t({ fr: 'graphique des pinces', en: 'clamp chart' }),
        label: f.t({ fr: 'Pinces (W)', en: 'Clamps (W)' }),
        yAxisLabel: 'W',
      }),
    }),
    [[]],
  );
  f.node('ct-events', 'debug', 400, y0 + 140, {
    name: f.t({ fr: 'événements des pinces', en: 'clamp events' }),
    active: true,
    tosidebar: true,
    console: false,
    tostatus: true,
    complete: 'payload.text',
    targetType: 'msg',
    statusVal: 'payload.text',
    statusType: 'auto',
  });
  // the grid clamp drives a PV surplus router, shown on the page: advice only here, because the
  // supervisor's meter 1 is a consumer and its load shedding owns the water heater's relay. To
  // route for real, wire output 1 into wes-load-shed and mark the water heater "routed" there.
  f.node(
    'ct-grid',
    'switch',
    190,
    y0 + 200,
    {
      name: f.t({ fr: 'pince réseau', en: 'grid clamp' }),
      property: 'topic',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: 'clamp1', vt: 'str' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['ct-surplus']],
  );
  f.node(
    'ct-surplus',
    'wes-surplus',
    400,
    y0 + 200,
    {
      name: f.t({ fr: 'surplus PV (pince réseau)', en: 'PV surplus (grid clamp)' }),
      loadName: f.t({ fr: 'chauffe-eau', en: 'water heater' }),
      ratedW: 2400,
      startExportW: 2400,
      startAfterS: 60,
      stopImportW: 300,
      stopAfterS: 60,
      minOnS: 300,
      minOffS: 300,
      budgetPct: 90,
      fixedBudgetVA: 9000,
      targetKwh: 0,
      dayStart: '08:00',
      deadline: '20:00',
      timeZone: 'Europe/Paris',
      energy: 'estimate',
      energyTopic: '',
      meterLostS: 60,
    },
    [[], ['ct-router']],
  );
  text(
    f,
    'ct-router',
    620,
    y0 + 280,
    'ui-clamps',
    5,
    f.t({ fr: 'Routeur PV (conseil)', en: 'PV router (advice)' }),
    f.t({
      fr:
        '"chauffe-eau " & (payload.on ? "en marche" : "arrêté") & " · injection " & ' +
        '$formatNumber($round(payload.exportW), "#\\u202f##0", {"grouping-separator": "\\u202f"}) & " W"',
      en: '"water heater " & (payload.on ? "on" : "off") & " · export " & $string($round(payload.exportW)) & " W"',
    }),
    'jsonata',
  );
  f.nodes[f.nodes.length - 1].name = f.t({ fr: 'conseil du routeur', en: 'router advice' });
  // € per circuit: wes-cost prices each clamp's own import index at the tariff period meter 1 is
  // in (its link in is linked to meter 1's states alone); the table keeps one line per clamp.
  f.node('li-ct-cost', 'link in', 300, y0 + 400, { name: f.t({ fr: 'états compteur 1', en: 'states meter 1' }), links: [] }, [['ct-cost']]);
  f.node(
    'ct-cost',
    'wes-cost',
    620,
    y0 + 400,
    { name: f.t({ fr: 'coût par circuit', en: 'cost per circuit' }), contract: f.id('contract-tic1'), intervalS: 30 },
    [['ct-cost-acc']],
  );
  const names = Object.fromEntries(CIRCUITS.map((c) => [`clamp${c.n}`, f.t(c.label)]));
  f.node(
    'ct-cost-acc',
    'change',
    840,
    y0 + 400,
    {
      name: f.t({ fr: 'coût de chaque pince', en: "each clamp's cost" }),
      rules: [
        {
          t: 'set',
          p: 'clampCosts',
          pt: 'flow',
          to:
            '($c := $substringBefore(topic, "/cost"); $n := ' +
            JSON.stringify(names) +
            '; $exists($lookup($n, $c)) ? $merge([$flowContext("clampCosts") ? $flowContext("clampCosts") : {}, {$c: {"topic": $c, "name": $lookup($n, $c), ' +
            '"energyWh": payload.today.energyWh, "costEur": payload.today.costEur}}]) : $flowContext("clampCosts"))',
          tot: 'jsonata',
        },
        { t: 'set', p: 'payload', pt: 'msg', to: 'clampCosts', tot: 'flow' },
      ],
    },
    [['ct-cost-table']],
  );
  template(
    f,
    'ct-cost-table',
    1060,
    y0 + 400,
    'ui-clamps',
    6,
    f.t({ fr: 'coûts des pinces', en: 'clamp costs' }),
    vue('clamp-costs', f.lang),
  );
  f.node('lo-log-clamps', 'link out', 840, y0 + 340, {
    name: f.t({ fr: 'vers l’enregistreur', en: 'to the logger' }),
    mode: 'link',
    links: [],
  });
  f.group(
    'g-clamps',
    f.t({ fr: 'Page Pinces', en: 'Clamps page' }),
    [
      'c-clamps',
      'ct',
      'ct-today',
      'ct-which',
      'ct-curve',
      'ct-log',
      'ct-text1',
      'ct-text2',
      'ct-text3',
      'ct-text4',
      'ct-feed',
      'ct-chart',
      'ct-events',
      'ct-grid',
      'ct-surplus',
      'ct-router',
      'lo-log-clamps',
      'li-ct-cost',
      'ct-cost',
      'ct-cost-acc',
      'ct-cost-table',
    ],
    colours.counters,
  );
}
