// Every page: the charts' numbers and times in the dashboard's language (a template of the whole
// dashboard, templates/chart-locale.vue, that sets formatters on each ui-chart's ECharts instance).
import { template, vue } from '../builders.mjs';

export function chartLocale(f) {
  const x0 = 1400;
  const y0 = 2420;
  f.comment(
    'c-chart-locale',
    x0 + 60,
    y0,
    f.t({ fr: 'Graphiques : nombres et heures en français', en: 'Charts: numbers and times in English' }),
    f.t({
      fr:
        'Sur chaque page, ce modèle écrit les graduations et les infobulles des graphiques à la française : 3 500 et 2,5, ' +
        'les heures sur 24 h et les dates « 2 déc. ». Sans lui (ou si une version du Dashboard change la façon de joindre ' +
        'ECharts), les graphiques gardent les libellés anglais d’ECharts : 3,500 et 2.5.',
      en:
        'On every page, this template writes the charts’ axis labels and tooltips in British English: 3,500 and 2.5, ' +
        '24-hour times and dates like “2 Dec”. Without it (or if a Dashboard version changes how ECharts is reached), ' +
        'the charts keep ECharts’ default labels.',
    }),
  );
  const tpl = template(
    f,
    'chart-locale',
    x0,
    y0 + 60,
    'ui-power',
    0,
    f.t({ fr: 'graphiques en français', en: 'charts in English' }),
    vue('chart-locale', f.lang),
  );
  Object.assign(tpl, { group: '', ui: f.id('ui-base'), templateScope: 'widget:ui', order: 0 });
  f.group(
    'g-chart-locale',
    f.t({ fr: 'Toutes les pages · graphiques', en: 'Every page · charts' }),
    ['c-chart-locale', 'chart-locale'],
    '#ddf0f7',
  );
}
