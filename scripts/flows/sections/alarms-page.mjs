// Alarms page: wes-alarms keeps the alarm history (TIC lost/back, overload, shed/restored, leak,
// mains cut, disk full) across restarts; the page lists it, the Overview shows the latest and a
// badge in the title bar counts the active ones. Its list also tells the meter cards and the
// Téléinfo page that a meter's téléinfo is lost, since when.
import { colours, grid, page, template, uiGroup, vue } from '../builders.mjs';
import { meters } from './meters.mjs';

export function alarmsPage(f) {
  page(f, 'page-alarms', f.t({ fr: 'Alarmes', en: 'Alarms' }), '/alarms', 'bell', 11);
  uiGroup(f, 'ui-alarms', f.t({ fr: 'Historique des alarmes', en: 'Alarm history' }), 'page-alarms', 12, 1);
  const at = grid(2200, 80, [0, 200, 420], 60);
  f.comment(
    'c-alarms',
    ...at(1, 0),
    f.t({ fr: 'Page Alarmes : historique des alarmes (wes-alarms)', en: 'Alarms page: the alarm history (wes-alarms)' }),
    f.t({
      fr:
        'wes-alarms garde les 500 dernières alarmes (téléinfo coupée / revenue, dépassement, délestage, fuite, coupure secteur, disque plein) ' +
        'avec leur heure, à travers les redémarrages. Il reçoit les événements et les états des compteurs, les alertes de fuite des ' +
        "compteurs d'impulsions, les décisions du délestage, les événements des pinces et, par le nœud Catch, les échecs d'écriture du journal. " +
        "Sa liste va à la page Alarmes, à la vue d'ensemble (dernières alarmes, badge) et aux cartes des compteurs (téléinfo coupée depuis…).",
      en:
        'wes-alarms keeps the last 500 alarms (TIC lost / back, overload, load shed, leak, mains cut, disk full) with their time, ' +
        "across restarts. It gets the meters' events and states, the pulse counters' leak alerts, the load-shedding decisions, the " +
        "clamps' events and, through the Catch node, the logger's write failures. Its list goes to the Alarms page, the Overview " +
        '(latest alarms, badge) and the meter cards (TIC lost since…).',
    }),
  );
  f.node('li-alarms', 'link in', ...at(0, 1), { name: f.t({ fr: 'événements des alarmes', en: 'alarm events' }), links: [] }, [['alarms']]);
  f.node('lo-alarm-src', 'link out', ...at(0, 2), { name: f.t({ fr: 'vers les alarmes', en: 'to the alarms' }), mode: 'link', links: [] });
  f.node(
    'alarms-catch',
    'catch',
    ...at(0, 3),
    { name: f.t({ fr: 'échecs du journal', en: 'logger failures' }), scope: [f.id('logger')], uncaught: false },
    [['alarms']],
  );
  const sources = [
    ...meters.map((m, i) => `${m.key} = ${f.t({ fr: `Compteur ${i + 1}`, en: m.short })}`),
    `water = ${f.t({ fr: 'Eau', en: 'Water' })}`,
    `gas = ${f.t({ fr: 'Gaz', en: 'Gas' })}`,
    `clamp = ${f.t({ fr: 'Pinces', en: 'Clamps' })}`,
    `logs = ${f.t({ fr: 'Journal', en: 'Log' })}`,
  ].join('\n');
  f.node('alarms', 'wes-alarms', ...at(1, 2), { name: f.t({ fr: 'alarmes', en: 'alarms' }), max: 500, lang: f.lang, sources }, [
    ['alarms-list', 'lo-alarms', 'lo-alarm-list'],
    ['lo-alarms'],
  ]);
  template(f, 'alarms-list', ...at(2, 1), 'ui-alarms', 1, f.t({ fr: 'liste des alarmes', en: 'alarm list' }), vue('alarms', f.lang));
  // the Acknowledge button of the list
  f.nodes[f.nodes.length - 1].wires = [[f.id('alarms')]];
  f.node('lo-alarms', 'link out', ...at(2, 3), { name: f.t({ fr: 'alarmes', en: 'alarms' }), mode: 'link', links: [] });
  // The list alone (output 1), for the cards and the Téléinfo page, which show whether a source is
  // lost from the list and keep it beside the source's last state.
  f.node('lo-alarm-list', 'link out', ...at(2, 4), { name: f.t({ fr: 'liste des alarmes', en: 'alarm list' }), mode: 'link', links: [] });
  const keys = ['c-alarms', 'li-alarms', 'lo-alarm-src', 'alarms-catch', 'alarms', 'alarms-list', 'lo-alarms', 'lo-alarm-list'];
  f.group('g-alarms', f.t({ fr: 'Page Alarmes', en: 'Alarms page' }), keys, colours.alerts);
}

/**
 * The alarms of sections that do not send them anywhere yet: the load-shedding decisions and the
 * clamps' events also go to the alarms' link. Called once every section is in the flow.
 */
export function alarmSources(f) {
  for (const [key, output] of [
    ['load-shed', 2],
    ['ct', 1],
  ]) {
    const n = f.nodes.find((m) => m.id === f.id(key));
    if (!n) throw new Error(`alarm source ${key} not in the flow`);
    n.wires[output] = [...n.wires[output], f.id('lo-alarm-src')];
  }
  f.link('lo-alarm-src', ['li-alarms']);
}
