// History page: a logged source over a chosen window, read by wes-history into a chart that spans
// the whole window, with the average, min and max of each bucket (a peak stays visible at 10-minute
// resolution), a unit on the y axis, navigation back and forth, and a refresh while the page is open.
import { colours, page, uiGroup, widget, text, template, jsonata, timeChart, vue, atStart } from '../builders.mjs';

export function history(f) {
  page(f, 'page-history', f.t({ fr: 'Historique', en: 'History' }), '/history', 'chart-timeline-variant', 9);
  uiGroup(f, 'ui-history', f.t({ fr: 'Historique', en: 'History' }), 'page-history', 12, 1);
  f.comment(
    'c-hist',
    1150,
    1640,
    f.t({
      fr: 'Page Historique : une source enregistrée sur une fenêtre choisie (wes-history)',
      en: 'History page: a logged source over a chosen window (wes-history)',
    }),
    f.t({
      fr:
        'La liste choisit la source, les boutons la durée et « ‹ Maintenant › » déplace la fenêtre ; tout est gardé dans le ' +
        'contexte du flow et « query » construit la requête de wes-history en JSONata (champ, champ_min, champ_max). ' +
        'wes-history choisit la résolution selon la durée (brut jusqu’à 6 h, 10 min jusqu’à 8 jours, heures jusqu’à 3 mois, ' +
        'jours au-delà) ; la courbe couvre toute la fenêtre, avec la moyenne, le min et le max de chaque intervalle. Ouvrir la ' +
        'page redemande la courbe ; tant qu’elle est ouverte, le widget de la fenêtre la redemande toutes les 30 s pour 1 h et ' +
        '24 h se terminant maintenant. Les sources sont les noms enregistrés par le logger : tic1, tic2, water, gas, les pinces ' +
        'clamp1…clamp4 (W signés) et les sondes 1-Wire sous les noms donnés par le bus (temp1…, humidity1). Une sonde à vous ' +
        's’ajoute à la liste, à la table des champs de « query » et aux noms de « readable series ».',
      en:
        'The dropdown picks the source, the buttons the span and "‹ Now ›" moves the window; all are kept in flow context, ' +
        'and "query" builds wes-history\'s request with JSONata (field, field_min, field_max). wes-history picks the ' +
        'resolution from the span (raw up to 6 h, 10 min up to 8 days, hours up to 3 months, days beyond); the curve spans ' +
        'the whole window, with the average, min and max of each bucket. Opening the page asks again; while it is open, the ' +
        'window widget asks every 30 s for 1 h and 24 h windows ending now. The sources are the names the logger records: ' +
        'tic1, tic2, water, gas, the clamps clamp1…clamp4 (signed W) and the 1-Wire probes by the names the bus gave them ' +
        '(temp1…, humidity1). A probe of yours is added to the dropdown, the "query" field table and the "readable series" names.',
    }),
  );
  f.node('hist-view', 'ui-event', 1060, 1700, { ui: f.id('ui-base'), name: 'page views' }, [['hist-page']]);
  f.node(
    'hist-page',
    'switch',
    1230,
    1700,
    {
      name: f.t({ fr: 'page Historique ?', en: 'History page?' }),
      property: 'payload.page.path',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: '/history', vt: 'str' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['hist-query']],
  );
  atStart(
    f,
    'hist-src-init',
    1060,
    1760,
    f.t({ fr: 'compteur 1 au départ', en: 'meter 1 at start' }),
    'tic1',
    'str',
    [['hist-source', 'hist-set-src']],
    1,
  );
  f.node(
    'hist-source',
    'ui-dropdown',
    1230,
    1800,
    widget(f, 'ui-history', 1, 0, 0, {
      name: 'history source',
      label: f.t({ fr: 'Source', en: 'Source' }),
      tooltip: '',
      passthru: false,
      multiple: false,
      chips: false,
      clearable: false,
      options: [
        { value: 'tic1', label: f.t({ fr: 'Compteur 1 · puissance (VA)', en: 'Meter 1 · power (VA)' }), type: 'str' },
        { value: 'tic2', label: f.t({ fr: 'Compteur 2 · puissance (VA)', en: 'Meter 2 · power (VA)' }), type: 'str' },
        { value: 'water', label: f.t({ fr: 'Eau · débit (L/min)', en: 'Water · flow (L/min)' }), type: 'str' },
        { value: 'gas', label: f.t({ fr: 'Gaz · débit (m³/h)', en: 'Gas · flow (m³/h)' }), type: 'str' },
        {
          value: 'clamp1',
          label: f.t({ fr: 'Pince 1 · réseau · puissance (W, injection < 0)', en: 'Clamp 1 · grid · power (W, export < 0)' }),
          type: 'str',
        },
        { value: 'clamp2', label: f.t({ fr: 'Pince 2 · chauffage · puissance (W)', en: 'Clamp 2 · heating · power (W)' }), type: 'str' },
        {
          value: 'clamp3',
          label: f.t({ fr: 'Pince 3 · chauffe-eau · puissance (W)', en: 'Clamp 3 · water heater · power (W)' }),
          type: 'str',
        },
        { value: 'clamp4', label: f.t({ fr: 'Pince 4 · PV · puissance (W)', en: 'Clamp 4 · PV · power (W)' }), type: 'str' },
        { value: 'temp1', label: f.t({ fr: 'Sonde temp1 · température (°C)', en: 'Probe temp1 · temperature (°C)' }), type: 'str' },
        { value: 'temp2', label: f.t({ fr: 'Sonde temp2 · température (°C)', en: 'Probe temp2 · temperature (°C)' }), type: 'str' },
        { value: 'temp3', label: f.t({ fr: 'Sonde temp3 · température (°C)', en: 'Probe temp3 · temperature (°C)' }), type: 'str' },
        {
          value: 'humidity1',
          label: f.t({ fr: 'Sonde humidity1 · humidité (%HR)', en: 'Probe humidity1 · humidity (%RH)' }),
          type: 'str',
        },
      ],
      payload: '',
      topic: 'source',
      topicType: 'str',
      typeIsComboBox: false,
      msgTrigger: 'onChange',
    }),
    [['hist-set-src']],
  );
  f.node(
    'hist-set-src',
    'change',
    1420,
    1760,
    {
      name: f.t({ fr: 'retenir la source', en: 'remember source' }),
      rules: [{ t: 'set', p: 'historySource', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [['hist-query']],
  );
  atStart(
    f,
    'hist-range-init',
    1060,
    1860,
    f.t({ fr: '24 h au départ', en: '24 h at start' }),
    '-24h',
    'str',
    [['hist-range', 'hist-set-range']],
    1.2,
  );
  f.node(
    'hist-range',
    'ui-button-group',
    1230,
    1900,
    widget(f, 'ui-history', 2, 0, 1, {
      name: 'history range',
      label: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: '1 h', icon: '', value: '-1h', valueType: 'str' },
        { label: '24 h', icon: '', value: '-24h', valueType: 'str' },
        { label: f.t({ fr: '7 j', en: '7 d' }), icon: '', value: '-7d', valueType: 'str' },
        { label: f.t({ fr: '31 j', en: '31 d' }), icon: '', value: '-31d', valueType: 'str' },
        { label: f.t({ fr: '1 an', en: '1 y' }), icon: '', value: '-1y', valueType: 'str' },
      ],
      topic: 'range',
      topicType: 'str',
    }),
    [['hist-set-range']],
  );
  f.node(
    'hist-set-range',
    'change',
    1420,
    1860,
    {
      name: f.t({ fr: 'retenir la durée', en: 'remember range' }),
      rules: [{ t: 'set', p: 'historyRange', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [['hist-query']],
  );
  f.node(
    'hist-query',
    'change',
    1620,
    1760,
    {
      name: 'query',
      // Each query numbered: a slow answer (24 h at 10 min) arriving after a quick one asked later
      // (1 y in days) must not replace it on the page.
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: jsonata('history-query', f.lang) },
        {
          t: 'set',
          p: 'historyAsked',
          pt: 'flow',
          tot: 'jsonata',
          to: '($flowContext("historyAsked") ? $flowContext("historyAsked") : 0) + 1',
        },
        { t: 'set', p: 'historyAsked', pt: 'msg', tot: 'flow', to: 'historyAsked' },
      ],
    },
    [['history']],
  );
  f.node(
    'history',
    'wes-history',
    1800,
    1760,
    {
      name: 'history',
      // The supervisor's own logger by id: with a second logger deployed (an imported example),
      // "the only logger" is ambiguous and the page broke.
      logger: f.id('logger'),
      source: 'tic1',
      from: '-24h',
      to: 'now',
      resolution: 'auto',
      fields: '',
      output: 'chart',
    },
    [['hist-latest']],
  );
  f.node(
    'hist-latest',
    'switch',
    1800,
    1700,
    {
      name: f.t({ fr: 'dernière demande ?', en: 'latest query?' }),
      property: 'historyAsked',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: 'historyAsked', vt: 'flow' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['hist-series', 'hist-info', 'hist-window']],
  );
  f.node(
    'hist-series',
    'change',
    1620,
    1840,
    {
      name: 'readable series',
      // The chart spans the asked window (not the data), names its unit and shows the points of a sparse curve.
      rules: [
        { t: 'set', p: 'ui_update', pt: 'msg', tot: 'jsonata', to: jsonata('history-chart-options', f.lang) },
        { t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: jsonata('history-series', f.lang) },
      ],
    },
    [['hist-chart']],
  );
  f.node(
    'hist-chart',
    'ui-chart',
    1800,
    1840,
    widget(f, 'ui-history', 5, 0, 7, {
      // Average, min, max: the min and max lighter, so the average reads first and a peak still shows.
      ...timeChart({ name: 'history chart', label: f.t({ fr: 'Historique', en: 'History' }), colors: ['#1f7a8c', '#9ecbd4', '#e07a1f'] }),
    }),
    [[]],
  );
  f.node('hist-catch', 'catch', 1620, 1920, { name: 'history errors', scope: [f.id('history')], uncaught: false }, [['hist-info']]);
  text(f, 'hist-info', 1800, 1920, 'ui-history', 6, f.t({ fr: 'Points', en: 'Points' }), jsonata('history-info', f.lang), 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'history points';
  f.node(
    'hist-nav',
    'ui-button-group',
    1060,
    1980,
    widget(f, 'ui-history', 3, 0, 1, {
      name: f.t({ fr: 'navigation', en: 'history navigation' }),
      label: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: f.t({ fr: '‹ Avant', en: '‹ Earlier' }), icon: '', value: 'back', valueType: 'str' },
        { label: f.t({ fr: 'Maintenant', en: 'Now' }), icon: '', value: 'now', valueType: 'str' },
        { label: f.t({ fr: 'Après ›', en: 'Later ›' }), icon: '', value: 'forward', valueType: 'str' },
      ],
      topic: 'move',
      topicType: 'str',
    }),
    [['hist-move']],
  );
  f.node(
    'hist-move',
    'change',
    1230,
    1980,
    {
      name: f.t({ fr: 'décaler', en: 'move the window' }),
      rules: [{ t: 'set', p: 'historyEnd', pt: 'flow', to: jsonata('history-move', f.lang), tot: 'jsonata' }],
    },
    [['hist-query']],
  );
  template(f, 'hist-window', 1800, 1980, 'ui-history', 4, 'history window', vue('history-window', f.lang));
  f.nodes[f.nodes.length - 1].wires = [[f.id('hist-live')]];
  f.node(
    'hist-live',
    'switch',
    1420,
    1980,
    {
      name: f.t({ fr: 'fenêtre récente ?', en: 'short window ending now?' }),
      property:
        '$not($flowContext("historyEnd")) and ($flowContext("historyRange") in ["-1h", "-24h"] or $not($flowContext("historyRange")))',
      propertyType: 'jsonata',
      rules: [{ t: 'true' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['hist-query']],
  );
  const hist = [
    'c-hist',
    'hist-view',
    'hist-page',
    'hist-src-init',
    'hist-source',
    'hist-set-src',
    'hist-range-init',
    'hist-range',
    'hist-set-range',
    'hist-query',
    'history',
    'hist-latest',
    'hist-series',
    'hist-chart',
    'hist-catch',
    'hist-info',
    'hist-nav',
    'hist-move',
    'hist-live',
    'hist-window',
  ];
  f.move(hist, 140, 0);
  f.group('g-hist', f.t({ fr: 'Page Historique', en: 'History page' }), hist, colours.history);
}
