// Overview page: one card per meter (its téléinfo link, power gauge, tariff period, current, Tempo
// colours, today's cost). While a meter's téléinfo is lost the card says since when and greys its
// last values; the loss comes from the alarm list (wes-alarms), as no frame arrives to say it.
import { colours, uiGroup, text, gauge, template, vue, sourceLink } from '../builders.mjs';
import { meters, contracts } from './meters.mjs';

export function overviewCards(f) {
  const titles = [
    f.t({ fr: 'Compteur 1 · Linky Tempo', en: meters[0].title }),
    f.t({ fr: 'Compteur 2 · historique HC', en: meters[1].title }),
  ];
  const shorts = [f.t({ fr: 'Compteur 1', en: meters[0].short }), f.t({ fr: 'Compteur 2', en: meters[1].short })];
  uiGroup(f, 'ui-meter1', titles[0], 'page-overview', 6, 1);
  uiGroup(f, 'ui-meter2', titles[1], 'page-overview', 6, 2);
  f.comment(
    'c-cards',
    730,
    60,
    f.t({ fr: "Vue d'ensemble : une carte par compteur", en: 'Overview page: one card per meter' }),
    f.t({
      fr:
        "Les widgets lisent leur valeur directement dans l'état du compteur (par ex. payload.powerVA), sans nœud function.\n\n" +
        'La ligne du haut de chaque carte dit si la téléinfo arrive ; coupée, elle dit depuis quand et grise les dernières valeurs ' +
        "(d'après la liste de wes-alarms, page Alarmes).\n\n" +
        "wes-cost transforme les index du compteur en énergie et en € par période tarifaire (aujourd'hui, hier, mois, année) " +
        'avec les prix de son wes-contract : ouvrez le contrat (Meter 1 · Tempo contract, Meter 2 · HC contract) pour saisir ' +
        "vos prix. Les prix livrés sont des exemples proches des tarifs réglementés d'août 2025.",
      en:
        'The widgets read their value straight from the meter state (e.g. payload.powerVA), so no function node is needed.\n\n' +
        'The top line of each card says whether the téléinfo arrives; when it is lost, since when, and the last values are greyed ' +
        '(from the list of wes-alarms, Alarms page).\n\n' +
        "wes-cost turns the meter's index registers into energy and € per tariff period (today, yesterday, month, year) " +
        'with the prices of its wes-contract: open the contract (Meter 1 · Tempo contract, Meter 2 · HC contract) to enter ' +
        'your own prices. The shipped prices are examples close to the French regulated tariffs of August 2025.',
    }),
  );
  for (const c of contracts)
    f.config(`contract-${c.meter}`, 'wes-contract', { name: c.name, option: c.option, timeZone: 'Europe/Paris', prices: c.prices });
  // One link in per meter and one for the alarms: no switch between them and the widgets.
  f.node('li-cards1', 'link in', 800, 120, { name: f.t({ fr: 'états compteur 1', en: 'states meter 1' }), links: [] }, [
    ['m1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-cost-rate'],
  ]);
  f.node('li-cards2', 'link in', 800, 420, { name: f.t({ fr: 'états compteur 2', en: 'states meter 2' }), links: [] }, [
    ['m2-gauge', 'm2-period', 'm2-current', 'm2-cost-rate'],
  ]);
  f.node('li-cards-alarms', 'link in', 800, 245, { name: f.t({ fr: 'liste des alarmes', en: 'alarm list' }), links: [] }, [
    ['m1-link', 'm2-link'],
  ]);
  for (const [i, m] of meters.entries()) {
    const p = `m${i + 1}`;
    const g = `ui-meter${i + 1}`;
    const y0 = i === 0 ? 120 : 420;
    template(
      f,
      `${p}-link`,
      1030,
      y0 - 50,
      g,
      1,
      f.t({ fr: `carte liaison ${shorts[i].toLowerCase()}`, en: `card link ${m.short.toLowerCase()}` }),
      sourceLink(f, 'meter', m.key),
    );
    gauge(f, `${p}-gauge`, 1030, y0, g, 2, f.t({ fr: 'Puissance', en: 'Power' }), m.maxVA);
    text(f, `${p}-period`, 1030, y0 + 50, g, 3, f.t({ fr: 'Période tarifaire', en: 'Tariff period' }), 'payload.tariffPeriod', 'msg');
    text(
      f,
      `${p}-current`,
      1030,
      y0 + 100,
      g,
      4,
      f.t({ fr: 'Courant', en: 'Current' }),
      `$formatNumber(payload.currentA[0], "${f.t({ fr: '0,0', en: '0.0' })}"${f.t({ fr: ', {"decimal-separator": ",", "grouping-separator": " "}', en: '' })}) & " A"`,
      'jsonata',
    );
    if (m.key === 'tic1') {
      f.node(
        `${p}-tempo-sel`,
        'change',
        1030,
        y0 + 150,
        {
          name: f.t({ fr: 'couleurs Tempo', en: 'Tempo colours' }),
          rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.tempo', tot: 'msg' }],
        },
        [[`${p}-tempo`]],
      );
      template(
        f,
        `${p}-tempo`,
        1260,
        y0 + 150,
        g,
        5,
        f.t({ fr: "Tempo aujourd'hui / demain", en: 'Tempo today / tomorrow' }),
        vue('tempo', f.lang),
      );
    }
    // Energy and cost today per tariff period, from the meter's index registers and the contract's prices.
    // The index moves by a few Wh a frame: one reading every 15 s is plenty and spares the CPU and the SD card.
    f.node(
      `${p}-cost-rate`,
      'delay',
      1030,
      y0 + 200,
      {
        name: f.t({ fr: 'une mesure / 15 s', en: 'one reading / 15 s' }),
        pauseType: 'rate',
        timeout: '5',
        timeoutUnits: 'seconds',
        rate: '1',
        nbRateUnits: '15',
        rateUnits: 'second',
        randomFirst: '1',
        randomLast: '5',
        randomUnits: 'seconds',
        drop: true,
        allowrate: false,
        outputs: 1,
      },
      [[`${p}-cost`]],
    );
    f.node(
      `${p}-cost`,
      'wes-cost',
      1260,
      y0 + 250,
      { name: f.t({ fr: `${shorts[i]} · coût`, en: `${m.short} · cost` }), contract: f.id(`contract-${m.key}`), intervalS: 30 },
      [[`${p}-energy`]],
    );
    template(
      f,
      `${p}-energy`,
      1480,
      y0 + 250,
      g,
      6,
      f.t({ fr: `coût du jour ${shorts[i].toLowerCase()}`, en: `energy and cost today ${m.short.toLowerCase()}` }),
      vue('cost', f.lang),
    );
  }
  const cards = [
    'c-cards',
    'li-cards1',
    'li-cards2',
    'li-cards-alarms',
    'm1-link',
    'm2-link',
    'm1-gauge',
    'm1-period',
    'm1-current',
    'm1-tempo-sel',
    'm1-tempo',
    'm1-cost-rate',
    'm1-cost',
    'm1-energy',
    'm2-gauge',
    'm2-period',
    'm2-current',
    'm2-cost-rate',
    'm2-cost',
    'm2-energy',
  ];
  f.move(cards, 420, 0);
  f.group('g-cards', f.t({ fr: "Vue d'ensemble · cartes des compteurs", en: 'Overview page · meter cards' }), cards, colours.overview);
}
