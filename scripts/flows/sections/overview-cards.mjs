// Overview page: one card per meter (power gauge, tariff period, current, Tempo colours, today's cost).
import { colours, uiGroup, text, gauge, template, vue } from '../builders.mjs';
import { meters, contracts } from './meters.mjs';

export function overviewCards(f) {
  uiGroup(f, 'ui-meter1', meters[0].title, 'page-overview', 6, 1);
  uiGroup(f, 'ui-meter2', meters[1].title, 'page-overview', 6, 2);
  f.comment(
    'c-cards',
    730,
    60,
    'Overview page: one card per meter',
    'The widgets read their value straight from the meter state (e.g. payload.powerVA), so no function node is needed.\n\n' +
      "wes-cost turns the meter's index registers into energy and € per tariff period (today, yesterday, month, year) " +
      'with the prices of its wes-contract: open the contract (Meter 1 · Tempo contract, Meter 2 · HC contract) to enter ' +
      'your own prices. The shipped prices are examples close to the French regulated tariffs of August 2025.',
  );
  for (const c of contracts)
    f.config(`contract-${c.meter}`, 'wes-contract', { name: c.name, option: c.option, timeZone: 'Europe/Paris', prices: c.prices });
  f.node('li-cards', 'link in', 635, 120, { name: 'meter states', links: [] }, [['sw-cards']]);
  f.node(
    'sw-cards',
    'switch',
    770,
    120,
    {
      name: 'which meter?',
      property: 'topic',
      propertyType: 'msg',
      rules: [
        { t: 'eq', v: 'tic1', vt: 'str' },
        { t: 'eq', v: 'tic2', vt: 'str' },
      ],
      checkall: 'false',
      repair: false,
      outputs: 2,
    },
    [
      ['m1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-cost-rate'],
      ['m2-gauge', 'm2-period', 'm2-current', 'm2-cost-rate'],
    ],
  );
  for (const [i, m] of meters.entries()) {
    const p = `m${i + 1}`;
    const g = `ui-meter${i + 1}`;
    const y0 = i === 0 ? 120 : 420;
    gauge(f, `${p}-gauge`, 1030, y0, g, 1, 'Power', m.maxVA);
    text(f, `${p}-period`, 1030, y0 + 50, g, 2, 'Tariff period', 'payload.tariffPeriod', 'msg');
    text(f, `${p}-current`, 1030, y0 + 100, g, 3, 'Current', '$join([$string($round(payload.currentA[0], 1)), "A"], " ")', 'jsonata');
    if (m.key === 'tic1') {
      f.node(
        `${p}-tempo-sel`,
        'change',
        1030,
        y0 + 150,
        {
          name: 'Tempo colours',
          rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.tempo', tot: 'msg' }],
        },
        [[`${p}-tempo`]],
      );
      template(f, `${p}-tempo`, 1260, y0 + 150, g, 4, 'Tempo today / tomorrow', vue('tempo'));
    }
    // Energy and cost today per tariff period, from the meter's index registers and the contract's prices.
    // The index moves by a few Wh a frame: one reading every 15 s is plenty and spares the CPU and the SD card.
    f.node(
      `${p}-cost-rate`,
      'delay',
      1030,
      y0 + 200,
      {
        name: 'one reading / 15 s',
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
    f.node(`${p}-cost`, 'wes-cost', 1260, y0 + 250, { name: `${m.short} · cost`, contract: f.id(`contract-${m.key}`), intervalS: 30 }, [
      [`${p}-energy`],
    ]);
    template(f, `${p}-energy`, 1480, y0 + 250, g, 5, `energy and cost today ${m.short.toLowerCase()}`, vue('cost'));
  }
  const cards = [
    'c-cards',
    'li-cards',
    'sw-cards',
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
  f.move(['li-cards'], -60, 0);
  f.group('g-cards', 'Overview page · meter cards', cards, colours.overview);
}
