// Logging: one wes-logger for the meters and the counters.
import { colours } from '../builders.mjs';

/** The CSV dialect the supervisor's logger writes (its Settings page says which). */
export const LOG_FORMAT = 'excel-fr';

export function logging(f) {
  f.comment(
    'c-log',
    1400,
    1400,
    f.t({
      fr: 'Enregistrement : compteurs et capteurs en fichiers CSV (wes-logger)',
      en: 'Logging: meters and counters to CSV files (wes-logger)',
    }),
    f.t({
      fr:
        'Réglages par défaut : un fichier CSV par jour et par source (tic1, tic2, water, gas) dans wes-logs/ du dossier ' +
        "utilisateur de Node-RED, au format Excel français (; et virgule décimale), à l'heure de Paris, une ligne par " +
        'minute avec moyenne / min / max, la période tarifaire et la couleur Tempo, écrite une fois par minute (ménage la ' +
        'carte SD), et des agrégats 10 min, heure et jour pour la page Historique. Téléchargements : la page ' +
        'Téléchargements, ou /wes/logs.',
      en:
        'Default settings: one CSV file per day and source (tic1, tic2, water, gas) in wes-logs/ inside the Node-RED user ' +
        'folder, in Excel French (; and decimal comma), in Paris time, a row a minute with average / min / max, the tariff ' +
        'period and the Tempo colour, written once a minute (SD-card friendly), with 10-min, hour and day aggregates for ' +
        'the History page. Downloads: the Downloads page, or /wes/logs.',
    }),
  );
  f.node('li-log', 'link in', 1305, 1460, { name: f.t({ fr: 'vers le logger', en: 'to the logger' }), links: [] }, [['logger']]);
  f.node(
    'logger',
    'wes-logger',
    1480,
    1460,
    {
      name: 'logs',
      folder: '',
      format: LOG_FORMAT,
      mode: 'interval',
      interval: 60,
      rules: '',
      flushInterval: 60,
      retentionDays: 730,
      maxBufferKB: 8192,
    },
    [],
  );
  f.group('g-log', f.t({ fr: 'Enregistrement', en: 'Logging' }), ['c-log', 'li-log', 'logger'], colours.logging);
}
