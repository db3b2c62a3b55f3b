// Energy page, in the spirit of Home Assistant's energy dashboard: kWh and € per hour of a day,
// day of a month or month of a year, stacked per tariff period, with the injection beside the
// withdrawal and the previous period for comparison. The figures come from GET /wes/energy
// (wes-history), which reads the logger's index-based aggregates; the widget asks it directly,
// so navigating back and forth needs no flow wiring.
import { colours, page, uiGroup, template, vue } from '../builders.mjs';

export function energy(f) {
  page(f, 'page-energy', f.t({ fr: 'Énergie', en: 'Energy' }), '/energy', 'lightning-bolt', 1.5);
  uiGroup(f, 'ui-energy', f.t({ fr: 'Énergie', en: 'Energy' }), 'page-energy', 12, 1);
  const sources = [
    { value: 'tic1', label: f.t({ fr: 'Compteur 1 · Tempo', en: 'Meter 1 · Tempo' }), contract: f.id('contract-tic1') },
    { value: 'tic2', label: f.t({ fr: 'Compteur 2 · heures creuses', en: 'Meter 2 · off-peak (HC)' }), contract: f.id('contract-tic2') },
    { value: 'clamp1', label: f.t({ fr: 'Pince 1 · réseau (soutirage / injection)', en: 'Clamp 1 · grid (import / export)' }) },
    { value: 'clamp4', label: f.t({ fr: 'Pince 4 · photovoltaïque', en: 'Clamp 4 · PV' }) },
  ];
  const config = { logger: f.id('logger'), sources };
  f.comment(
    'c-energy',
    1400,
    2100,
    f.t({
      fr: 'Page Énergie : kWh et € par heure, jour, mois (GET /wes/energy)',
      en: 'Energy page: kWh and € per hour, day, month (GET /wes/energy)',
    }),
    f.t({
      fr:
        'Le widget demande GET /wes/energy?logger=&source=&period=day|month|year&date=AAAA-MM-JJ&contract= (servi par wes-history) : ' +
        "l'énergie de chaque heure, jour ou mois est la différence des index enregistrés par le logger (agrégats horaires et " +
        "journaliers), par période tarifaire (HC/HP, couleurs Tempo), valorisée aux prix du wes-contract du compteur. L'injection " +
        "(EAIT d'un compteur producteur, export d'une pince) est tracée à côté. Pour une autre source, ajoutez-la à la liste " +
        'des sources de scripts/flows/sections/energy.mjs.',
      en:
        'The widget asks GET /wes/energy?logger=&source=&period=day|month|year&date=YYYY-MM-DD&contract= (served by wes-history): ' +
        "each hour's, day's or month's energy is the difference of the indexes the logger recorded (hour and day aggregates), per " +
        "tariff period (HC/HP, Tempo colours), priced with the meter's wes-contract. Injection (a producer meter's EAIT, a " +
        "clamp's export) is drawn beside it. For another source, add it to the sources of scripts/flows/sections/energy.mjs.",
    }),
  );
  template(
    f,
    'energy-view',
    1400,
    2160,
    'ui-energy',
    1,
    f.t({ fr: 'énergie par période', en: 'energy per period' }),
    vue('energy', f.lang).split('__ENERGY_CONFIG__').join(JSON.stringify(config)),
  );
  f.group('g-energy', f.t({ fr: 'Page Énergie', en: 'Energy page' }), ['c-energy', 'energy-view'], colours.history);
}
