// Logging: one wes-logger for the meters and the counters.
import { colours } from '../builders.mjs';

export function logging(f) {
  f.comment(
    'c-log',
    1400,
    1400,
    'Logging: meters and counters to CSV files (wes-logger)',
    'Default settings: one CSV file per day and source (tic1, tic2, water, gas) in wes-logs/ inside the Node-RED user ' +
      'folder, a row every 60 s with average / min / max, written once a minute (SD-card friendly), with 10-min, hour and ' +
      'day aggregates for the History page. Downloads: /wes/logs.',
  );
  f.node('li-log', 'link in', 1305, 1460, { name: 'to the logger', links: [] }, [['logger']]);
  f.node(
    'logger',
    'wes-logger',
    1480,
    1460,
    {
      name: 'logs',
      folder: '',
      format: 'auto',
      mode: 'interval',
      interval: 60,
      rules: '',
      flushInterval: 60,
      retentionDays: 730,
      maxBufferKB: 8192,
    },
    [],
  );
  f.group('g-log', 'Logging', ['c-log', 'li-log', 'logger'], colours.logging);
}
