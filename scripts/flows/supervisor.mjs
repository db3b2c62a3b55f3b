// The supervisor: one tab, one editor group per concern (sections/), link nodes between the
// groups so that each reads left to right on its own. The dashboard pages each section fills
// are declared by the section; the three pages the first sections share are declared here.
import { Flow, assertNoOverlap, dashboardBase, page } from './builders.mjs';
import { metersSection } from './sections/meters.mjs';
import { overviewCards } from './sections/overview-cards.mjs';
import { overviewChart } from './sections/overview-chart.mjs';
import { chartLocale } from './sections/chart-locale.mjs';
import { alerts } from './sections/alerts.mjs';
import { loadShedding } from './sections/load-shedding.mjs';
import { relays } from './sections/relays.mjs';
import { scheduler } from './sections/scheduler.mjs';
import { counters } from './sections/counters.mjs';
import { teleinfo } from './sections/teleinfo.mjs';
import { settings } from './sections/settings.mjs';
import { logging } from './sections/logging.mjs';
import { history } from './sections/history.mjs';
import { downloads } from './sections/downloads.mjs';
import { energy } from './sections/energy.mjs';
import { temperatures } from './sections/temperatures.mjs';
import { clamps } from './sections/clamps.mjs';
import { modbusMeter } from './sections/modbus-meter.mjs';
import { httpApi } from './sections/wes-http-api.mjs';
import { virtualSwitch } from './sections/virtual-switch.mjs';
import { alarmsPage, alarmSources } from './sections/alarms-page.mjs';

/**
 * `prefix` keeps the ids of the shipped flow and of its importable copy apart; `hardwareFromEnv`
 * puts the hardware choices behind ${WES_…} settings (the shipped flow) or fixes them to the
 * simulation (the example, which runs anywhere); `lang` is the language of every text a user reads
 * in the editor and on the dashboard.
 */
export function supervisor(prefix, hardwareFromEnv, lang = 'en') {
  const f = new Flow(prefix, lang);
  f.tab(
    'tab',
    f.t({ fr: 'Superviseur WES', en: 'WES supervisor' }),
    f.t({
      fr: [
        'Le superviseur WES par défaut : deux compteurs TIC (simulés tant que settings/hardware.js ne dit pas autre chose),',
        "des relais, des compteurs d'impulsions et un contact sur le GPIO, le délestage et un programmateur (nos nœuds de règles),",
        "un enregistreur CSV et un Dashboard 2.0 sur /dashboard : Vue d'ensemble, Téléinfo, Relais, Règles, Compteurs, Historique",
        'et Réglages. Chaque groupe ci-dessous est un sujet ; des nœuds de lien portent les états et les événements entre eux.',
      ].join('\n'),
      en: [
        'The default WES supervisor: two TIC meters (simulated unless settings/hardware.js says otherwise),',
        'relays, pulse counters and a contact on the GPIO, load shedding and a scheduler (our rule nodes), a CSV logger,',
        'and a Dashboard 2.0 at /dashboard: Overview, Téléinfo, Relays, Rules, Counters, History and Settings.',
        'Each group below is one concern; link nodes carry the meter states and events between them.',
      ].join('\n'),
    }),
  );
  dashboardBase(f);
  page(f, 'page-overview', f.t({ fr: "Vue d'ensemble", en: 'Overview' }), '/overview', 'home', 1);
  page(f, 'page-teleinfo', 'Téléinfo', '/teleinfo', 'meter-electric', 2);
  page(f, 'page-settings', f.t({ fr: 'Réglages', en: 'Settings' }), '/settings', 'cog', 12);

  metersSection(f, hardwareFromEnv);
  overviewCards(f);
  overviewChart(f);
  chartLocale(f);
  alerts(f);
  loadShedding(f);
  relays(f, hardwareFromEnv);
  scheduler(f);
  counters(f);
  teleinfo(f);
  settings(f, hardwareFromEnv);
  logging(f);
  history(f);
  downloads(f);
  energy(f);
  temperatures(f, hardwareFromEnv);
  clamps(f);
  modbusMeter(f);
  httpApi(f);
  virtualSwitch(f);
  alarmsPage(f);
  alarmSources(f);

  // Each meter's states and events: to the sections that take every meter, and to the link ins
  // of one meter (cards and Téléinfo per meter; load shedding, the scheduler and the clamps' cost
  // follow meter 1).
  for (const n of [1, 2]) {
    f.link(`lo-states${n}`, ['li-chart', 'li-log', 'li-api', 'li-temps-power', 'li-alarms', `li-cards${n}`, `li-ti${n}`]);
    f.link(`lo-events${n}`, ['li-events', 'li-api', 'li-alarms']);
  }
  f.link('lo-states1', ['li-shed', 'li-sched', 'li-ct-cost']);
  f.link('lo-events1', ['li-shed']);
  f.link('lo-sim', ['li-sim']);
  f.link('lo-relay1', ['li-relay1']);
  f.link('lo-relay2', ['li-relay2']);
  f.link('lo-relay3', ['li-relay3']);
  f.link('lo-relay-states', ['li-relay-states']);
  f.link('lo-log-counters', ['li-log', 'li-api']);
  f.link('lo-temps', ['li-log']);
  f.link('lo-log-clamps', ['li-log']);
  f.wire('scheduler', 0, 'sched-last');
  f.link('lo-leaks', ['li-alarms']);
  f.link('lo-alarms', ['li-alarms-ov']);
  f.link('lo-alarm-list', ['li-cards-alarms', 'li-ti-alarms']);
  // The WES API takes the probes' readings as they are, and the clamps' from wes-ct-meter itself
  // (the logger's clamp link carries them reshaped, not as clamp readings).
  f.link('lo-temps', ['li-api']);
  const ct = f.nodes.find((n) => n.id === f.id('ct'));
  const toApi = f.node(
    'lo-api-clamps',
    'link out',
    ct.x,
    ct.y + 60,
    { name: f.t({ fr: "vers l'API du WES", en: 'to the WES API' }), mode: 'link', links: [], g: ct.g },
    [],
  );
  f.nodes.find((n) => n.id === ct.g).nodes.push(toApi.id);
  ct.wires[0].push(toApi.id);
  f.link('lo-api-clamps', ['li-api']);
  // Keep every group clear of the editor's left edge.
  for (const n of f.nodes) if (typeof n.x === 'number') n.x += 40;
  assertNoOverlap(f.nodes);
  return f.nodes;
}
