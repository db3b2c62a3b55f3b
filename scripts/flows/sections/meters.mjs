// The meters, as the supervisor and the TIC examples use them, their example contracts, and the
// Meters section: one wes-tic-in per TIC interface, feeding link nodes for the other sections.
import { colours, grid } from '../builders.mjs';

export const meters = [
  {
    key: 'tic1',
    title: 'Meter 1 · Linky Tempo',
    short: 'Meter 1',
    fr: { title: 'Compteur 1 · Linky Tempo', short: 'Compteur 1' },
    maxVA: 9000,
    props: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'TEMPO', simKva: 9, simSeed: 1 },
  },
  {
    key: 'tic2',
    title: 'Meter 2 · historique HC',
    short: 'Meter 2',
    fr: { title: 'Compteur 2 · historique HC', short: 'Compteur 2' },
    maxVA: 6000,
    props: { simMode: 'historique', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 6, simSeed: 2 },
  },
];

/** A meter's title and short name in the flow's language (`title`, `short` are the English ones). */
export const meterText = (f, m) => (f.lang === 'fr' ? m.fr : { title: m.title, short: m.short });

// Example contracts, close to the French regulated tariffs (TRV) of 1 August 2025, TTC: €/kWh per
// tariff period, subscription in €/month. Users enter their own in the wes-contract node.
export const contracts = [
  {
    meter: 'tic1',
    name: 'Meter 1 · Tempo contract (example prices)',
    nameFr: "Compteur 1 · contrat Tempo (prix d'exemple)",
    option: 'TEMPO',
    prices:
      '# example prices (Tempo, 9 kVA): enter yours\n2025-08-01 HCJB=0.1232 HPJB=0.1494 HCJW=0.1391 HPJW=0.1730 HCJR=0.1460 ' +
      'HPJR=0.6468 sub=16.16',
  },
  {
    meter: 'tic2',
    name: 'Meter 2 · HC contract (example prices)',
    nameFr: "Compteur 2 · contrat HC (prix d'exemple)",
    option: 'HC',
    prices: '# example prices (heures creuses, 6 kVA): enter yours\n2025-08-01 HC=0.2068 HP=0.2700 sub=15.89',
  },
];

/**
 * A wes-serial-port: the TIC line (7E1) and, for the simulated backend, the simulated meter. The
 * port chooses real or simulated, so the wes-tic-in on it is the same either way.
 */
export function ticPort(f, key, name, { backend = 'simulated', path = '/dev/ttyUSB0', baud = 'auto', sim }) {
  return f.config(key, 'wes-serial-port', {
    name,
    backend,
    path,
    baud,
    maskBit7: false,
    dataBits: 7,
    parity: 'even',
    stopBits: 1,
    ...sim,
    simSpeedup: 1,
    configVersion: 1,
  });
}

/** wes-tic-in + its serial port config; `hardwareFromEnv` puts the backend behind ${WES_…} settings. */
export function ticNode(f, m, x, y, hardwareFromEnv, wires) {
  const env = (name, literal) => (hardwareFromEnv ? `\${WES_${m.key.toUpperCase()}_${name}}` : literal);
  const { title, short } = meterText(f, m);
  ticPort(f, `${m.key}-port`, f.t({ fr: `Port TIC ${short.toLowerCase()}`, en: `${short} TIC port` }), {
    backend: env('SOURCE', 'simulated'),
    path: env('PORT', m.key === 'tic1' ? '/dev/ttyAMA0' : '/dev/ttyUSB0'),
    baud: env('BAUD', 'auto'),
    sim: m.props,
  });
  return f.node(
    m.key,
    'wes-tic-in',
    x,
    y,
    {
      name: title,
      topic: m.key,
      port: f.id(`${m.key}-port`),
      output: 'every',
      interval: 10,
      // 9 s of silence (a meter sends a frame every 1 to 2 s): with the 0.25 s tick and the way to
      // the browser, the dashboard shows a cut within the spec's 10 s.
      lostAfter: 9,
    },
    wires,
  );
}

export function metersSection(f, hardwareFromEnv) {
  f.comment(
    'c-meters',
    190,
    60,
    f.t({ fr: 'Compteurs : un wes-tic-in par interface TIC', en: 'Meters: one wes-tic-in per TIC interface' }),
    f.t({
      fr:
        "Sortie 1 : l'état décodé du compteur à chaque trame (msg.payload : puissance, énergie par période tarifaire, Tempo...).\n" +
        'Sortie 2 : les événements (liaison perdue/revenue, dépassement, changement de période, couleur Tempo annoncée).\n\n' +
        (hardwareFromEnv
          ? "La source, le port série et la vitesse viennent de settings/hardware.js ou des variables d'environnement " +
            'WES_TIC1_* / WES_TIC2_* (simulés par défaut).'
          : 'Les deux compteurs sont simulés ; ouvrez un nœud pour le passer sur un port série.'),
      en:
        'Output 1: the decoded meter state on every frame (msg.payload: power, energy per tariff period, Tempo...).\n' +
        'Output 2: events (link lost/back, overload, tariff change, Tempo announced).\n\n' +
        (hardwareFromEnv
          ? 'Source, serial port and speed come from settings/hardware.js or the WES_TIC1_* / WES_TIC2_* environment ' +
            'variables (simulated by default).'
          : 'Both meters are simulated; open a node to switch it to a serial port.'),
    }),
  );
  const at = grid(95, 120, [0, 225, 455], 80);
  f.node('li-sim', 'link in', ...at(0, 0), { name: f.t({ fr: 'charge simulée', en: 'simulated load' }), links: [] }, [['tic1']]);
  // One pair of link outs per meter, so a section that wants one meter links to it alone. A core
  // switch ("which meter?") handles one message per turn of the event loop and queues the rest:
  // on a busy runtime with fast lines, those queues grew without bound (bench/soak).
  const outs = [];
  for (const [i, m] of meters.entries()) {
    const n = i + 1;
    const [x, y] = at(1, i);
    ticNode(f, m, x, y, hardwareFromEnv, [[`lo-states${n}`], [`lo-events${n}`]]);
    const short = f.t({ fr: m.fr.short.toLowerCase(), en: m.short.toLowerCase() });
    f.node(`lo-states${n}`, 'link out', at(2, 0)[0], y - 20, {
      name: f.t({ fr: `états ${short}`, en: `states ${short}` }),
      mode: 'link',
      links: [],
    });
    f.node(`lo-events${n}`, 'link out', at(2, 0)[0], y + 20, {
      name: f.t({ fr: `événements ${short}`, en: `events ${short}` }),
      mode: 'link',
      links: [],
    });
    outs.push(`lo-states${n}`, `lo-events${n}`);
  }
  f.group('g-meters', f.t({ fr: 'Compteurs', en: 'Meters' }), ['c-meters', 'li-sim', 'tic1', 'tic2', ...outs], colours.meters);
}
