// Meters page: a Modbus energy meter on a simulated RS485 bus (an SDM630 on the grid connection
// answering real Modbus frames, and a PZEM-004T on the heat pump), and one load-shedding input
// fed by the SDM630: its highest phase current against a 25 A breaker.
import { page, text, uiGroup } from '../builders.mjs';

// French numbers in the JSONata texts: 1 234,5 (narrow no-break space between thousands).
const FR_NUMBER = '{"decimal-separator": ",", "grouping-separator": "\\u202f"}';

export function modbusMeter(f) {
  const x0 = 60;
  const y0 = 3400;
  // "Compteurs" alone would read like the Counters page (pulse counters) in French.
  page(f, 'page-modbus-meters', f.t({ fr: 'Compteurs Modbus', en: 'Meters' }), '/meters', 'gauge', 4);
  uiGroup(f, 'ui-modbus-grid', f.t({ fr: 'Modbus · SDM630 (réseau)', en: 'Modbus · SDM630 (grid)' }), 'page-modbus-meters', 6, 1);
  uiGroup(
    f,
    'ui-modbus-hp',
    f.t({ fr: 'Modbus · PZEM-004T (pompe à chaleur)', en: 'Modbus · PZEM-004T (heat pump)' }),
    'page-modbus-meters',
    6,
    2,
  );
  f.comment(
    'c-modbus',
    x0 + 150,
    y0 - 60,
    f.t({
      fr: 'Page Compteurs Modbus : compteurs du bus RS485 simulé, l’un pour un délestage',
      en: 'Meters page: Modbus meters on the simulated RS485 bus, one feeding load shedding',
    }),
    f.t({
      fr:
        'Le nœud de configuration « bus RS485 » est simulé : un Eastron SDM630 (esclave 1) et un PZEM-004T (esclave 2) ' +
        'répondent à de vraies trames Modbus sur un port en boucle, avec une pompe à chaleur qui tourne par cycles et du PV ' +
        'qui injecte à midi. Pour de vrais compteurs, modifiez le bus : RTU, l’adaptateur (/dev/serial/by-id/…), 9600 8N1. ' +
        'Les relevés suivent le contrat des pinces, si bien que le délestage ci-dessous lit le SDM630 comme une pince (son ' +
        'courant de phase le plus fort face à un disjoncteur de 25 A), et les coûts peuvent utiliser son propre registre ' +
        'd’index de consommation (energyImportWh).',
      en:
        'The "RS485 bus" config node is simulated: an Eastron SDM630 (unit 1) and a PZEM-004T (unit 2) answer real Modbus ' +
        'frames on a loopback port, with a heat pump cycling and PV exporting at midday. For real meters, edit the bus: RTU, ' +
        'the adapter (/dev/serial/by-id/…), 9600 8N1. The readings follow the clamp contract, so the load shedding below reads ' +
        'the SDM630 as it reads a clamp (its highest phase current against a 25 A breaker), and costs can use its own import ' +
        'register (energyImportWh).',
    }),
  );
  f.config('modbus-bus', 'wes-modbus-bus', {
    name: f.t({ fr: 'bus RS485', en: 'RS485 bus' }),
    backend: 'simulated',
    simSeed: 1,
    simPvPeakW: 3000,
  });
  f.node(
    'modbus-grid',
    'wes-modbus',
    x0 + 130,
    y0,
    {
      name: f.t({ fr: 'SDM630 réseau', en: 'SDM630 grid' }),
      bus: f.id('modbus-bus'),
      topic: 'modbus1',
      mode: 'profile',
      profile: 'sdm630',
      unitId: 1,
      poll: 5,
      output: 'every',
    },
    [['modbus-grid-power', 'modbus-grid-energy', 'modbus-shed']],
  );
  f.node(
    'modbus-hp',
    'wes-modbus',
    x0 + 130,
    y0 + 100,
    {
      name: f.t({ fr: 'PZEM pompe à chaleur', en: 'PZEM heat pump' }),
      bus: f.id('modbus-bus'),
      topic: 'modbus2',
      mode: 'profile',
      profile: 'pzem-004t',
      unitId: 2,
      poll: 5,
      output: 'every',
    },
    [['modbus-hp-power']],
  );
  text(
    f,
    'modbus-grid-power',
    x0 + 420,
    y0 - 20,
    'ui-modbus-grid',
    1,
    f.t({ fr: 'Puissance', en: 'Power' }),
    f.t({
      fr:
        `$formatNumber($round(payload.powerW), "#\\u202f##0", ${FR_NUMBER}) & " W " & ` +
        '($d := $lookup({"import": "consommation", "export": "injection", "unknown": "sens inconnu"}, payload.direction); ' +
        '$exists($d) ? $d : payload.direction)',
      en: '$round(payload.powerW) & " W " & payload.direction',
    }),
    'jsonata',
  );
  text(
    f,
    'modbus-grid-energy',
    x0 + 420,
    y0 + 20,
    'ui-modbus-grid',
    2,
    f.t({ fr: 'Index de consommation', en: 'Import index' }),
    f.t({
      fr: `$formatNumber(payload.energyImportWh / 1000, "#\\u202f##0,0", ${FR_NUMBER}) & " kWh"`,
      en: '$round(payload.energyImportWh / 1000, 1) & " kWh"',
    }),
    'jsonata',
  );
  text(
    f,
    'modbus-hp-power',
    x0 + 420,
    y0 + 100,
    'ui-modbus-hp',
    1,
    f.t({ fr: 'Puissance (sens non mesuré)', en: 'Power (direction not measured)' }),
    f.t({ fr: `$formatNumber($round(payload.powerW), "#\\u202f##0", ${FR_NUMBER}) & " W"`, en: '$round(payload.powerW) & " W"' }),
    'jsonata',
  );
  f.node(
    'modbus-shed',
    'wes-load-shed',
    x0 + 420,
    y0 + 60,
    {
      name: f.t({ fr: 'délestage sur le compteur Modbus', en: 'shedding on the Modbus meter' }),
      basis: 'current',
      fixedLimit: 25,
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 60,
      settleS: 3,
      rotateAfterMin: 30,
      predictS: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      voltage: 230,
      pilotCommand: 'relay',
      loads: [
        {
          name: f.t({ fr: 'appoint électrique de la pompe à chaleur', en: 'heat pump backup heater' }),
          powerW: 3000,
          kind: 'onoff',
          relay: 0,
          minOnS: 0,
          minOffS: 0,
          rotate: false,
        },
      ],
      outputs: 2,
    },
    [[], ['modbus-shed-state']],
  );
  text(
    f,
    'modbus-shed-state',
    x0 + 700,
    y0 + 60,
    'ui-modbus-grid',
    3,
    f.t({ fr: 'Délestage', en: 'Shedding' }),
    f.t({
      fr:
        '$exists(payload.shed) ? ($count(payload.shed) = 0 ? "aucune charge délestée" : "délesté : " & $join(payload.shed, ", ")) : ' +
        '($a := $lookup({"shed": "délestage", "restore": "rétablissement", "route-on": "surplus : marche", ' +
        '"route-off": "surplus : arrêt"}, payload.action); $exists($a) ? $a : payload.action)',
      en: '$exists(payload.shed) ? ($count(payload.shed) = 0 ? "nothing shed" : "shed: " & $join(payload.shed, ", ")) : payload.action',
    }),
    'jsonata',
  );
}
