// Overview page: the live power curve through wes-chart-feed.
import { colours, uiGroup, widget, timeChart, atStart } from '../builders.mjs';

export function overviewChart(f) {
  uiGroup(f, 'ui-power', f.t({ fr: 'Puissance en direct', en: 'Live power' }), 'page-overview', 12, 3);
  f.comment(
    'c-chart',
    190,
    300,
    f.t({ fr: "Page Vue d'ensemble : courbe de puissance en direct", en: 'Overview page: live power curve' }),
    f.t({
      fr:
        'wes-chart-feed garde une journée de points à la seconde par compteur et envoie au graphique une courbe réduite ' +
        '(≤ 600 points par compteur, min/max par intervalle pour que les pointes restent visibles). Les boutons changent la fenêtre.',
      en:
        'wes-chart-feed keeps a day of 1-second points per meter and sends the chart a downsampled curve ' +
        '(≤ 600 points per meter, min/max per time bucket so peaks stay visible). The buttons change the window.',
    }),
  );
  f.node('li-chart', 'link in', 95, 360, { name: f.t({ fr: 'états des compteurs', en: 'meter states' }), links: [] }, [['chart-names']]);
  // The legend names the meters as the cards do, not by their topics (tic1, tic2).
  const names = JSON.stringify({
    tic1: f.t({ fr: 'Compteur 1', en: 'Meter 1' }),
    tic2: f.t({ fr: 'Compteur 2', en: 'Meter 2' }),
  });
  f.node(
    'chart-names',
    'change',
    380,
    400,
    {
      name: f.t({ fr: 'noms des courbes', en: 'curve names' }),
      rules: [{ t: 'set', p: 'topic', pt: 'msg', tot: 'jsonata', to: `$lookup(${names}, topic) ? $lookup(${names}, topic) : topic` }],
    },
    [['feed-power']],
  );
  atStart(f, 'window-init', 190, 420, f.t({ fr: '1 h au démarrage', en: 'show 1 h at start' }), '1h', 'str', [['window-buttons']]);
  f.node(
    'window-buttons',
    'ui-button-group',
    230,
    480,
    widget(f, 'ui-power', 1, 0, 1, {
      name: f.t({ fr: 'fenêtre du graphique', en: 'chart window' }),
      label: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: '15 min', icon: '', value: '15m', valueType: 'str' },
        { label: '1 h', icon: '', value: '1h', valueType: 'str' },
        { label: '6 h', icon: '', value: '6h', valueType: 'str' },
        { label: '24 h', icon: '', value: '24h', valueType: 'str' },
      ],
      topic: 'window',
      topicType: 'str',
    }),
    [['feed-power']],
  );
  f.node(
    'feed-power',
    'wes-chart-feed',
    470,
    360,
    {
      name: f.t({ fr: 'courbe de puissance', en: 'power curve' }),
      property: 'payload.powerVA',
      series: '',
      window: '1h',
      retention: '24h',
      points: 600,
      refresh: 0,
      format: 'dashboard2',
    },
    [['chart-power']],
  );
  f.node(
    'chart-power',
    'ui-chart',
    690,
    360,
    widget(f, 'ui-power', 2, 0, 6, {
      ...timeChart({
        name: f.t({ fr: 'graphique de puissance', en: 'power chart' }),
        label: f.t({ fr: 'Puissance apparente (VA)', en: 'Apparent power (VA)' }),
        yAxisLabel: 'VA',
        ymin: '0',
      }),
    }),
    [[]],
  );
  f.group(
    'g-chart',
    f.t({ fr: "Page Vue d'ensemble · courbe de puissance", en: 'Overview page · live power curve' }),
    ['c-chart', 'li-chart', 'chart-names', 'window-init', 'window-buttons', 'feed-power', 'chart-power'],
    colours.chart,
  );
}
