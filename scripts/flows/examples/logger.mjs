// examples/wes-logger.json: a simulated meter recorded by wes-logger, and wes-history reading it
// back for a chart.
import { Flow, grid } from '../builders.mjs';

// A function node so that the example needs no meter; it sends what wes-tic-in would.
const simulatedMeter = [
  "// Shaped like wes-tic-in's output: numbers are recorded, text and flags ignored.",
  "const energy = (context.get('energy') || 12345678);",
  'const power = Math.round(800 + 600 * Math.sin(Date.now() / 600000) + Math.random() * 100);',
  'const next = energy + power * 2 / 3600;',
  "context.set('energy', next);",
  "msg.topic = 'tic1';",
  'msg.payload = {',
  "    mode: 'standard', meterId: '021861348497', tariffPeriod: 'HP',",
  '    powerVA: power, energyWh: Math.round(next),',
  '    energyByPeriodWh: { HCHC: 6000000, HCHP: Math.round(next) - 6000000 },',
  '    currentA: [Math.round(power / 230)], voltageV: [230 + Math.round(Math.random() * 4)],',
  "    tempo: { today: 'BLUE', tomorrow: null }, alerts: { overload: false }",
  '};',
  'return msg;',
].join('\n');

export function loggerExample() {
  const f = new Flow('ex-logger');
  const at = grid(150, 80, 220, 40);
  f.plainTab('tab', {
    label: 'WES logger example',
    info:
      'A simulated meter recorded by wes-logger (daily CSV files in <userDir>/wes-logs), and wes-history reading it back for a chart. ' +
      'Replace the simulation with a wes-tic-in or wes-pulse-in node: the logger takes their messages as they are. ' +
      'Files can be downloaded from /wes/logs (under the Node-RED HTTP root).',
  });
  f.node(
    'every',
    'inject',
    ...at(0, 0),
    {
      name: 'every 2 s',
      props: [{ p: 'payload' }],
      repeat: '2',
      once: true,
      onceDelay: '1',
      topic: '',
      payload: '',
      payloadType: 'date',
    },
    [['sim']],
  );
  f.node('sim', 'function', ...at(1, 0), { name: 'simulated meter tic1', func: simulatedMeter, outputs: 1 }, [['logger']]);
  f.node(
    'logger',
    'wes-logger',
    ...at(2, 0),
    {
      name: 'logs',
      // Its own folder: imported beside the supervisor (whose logger uses the default wes-logs),
      // two loggers on one folder would be refused.
      folder: 'wes-logs-example',
      format: 'excel-fr',
      mode: 'interval',
      interval: 60,
      rules: 'tic1 interval 10',
      flushInterval: 60,
      retentionDays: 730,
      maxBufferKB: 8192,
    },
    [],
  );
  const query = (key, name, payload, row) =>
    f.node(
      key,
      'inject',
      ...at(0, row),
      {
        name,
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        topic: '',
        payload: JSON.stringify(payload),
        payloadType: 'json',
      },
      [['history']],
    );
  query('q-day', 'last 24 h of power', { source: 'tic1', from: '-24h', fields: ['powerVA', 'powerVA_max'] }, 2);
  query('q-year', 'energy per day, last year', { source: 'tic1', from: '-1y', resolution: 'day', fields: ['energyWh'] }, 3);
  f.node(
    'history',
    'wes-history',
    ...at(1, 2.5),
    {
      name: '',
      logger: '',
      source: 'tic1',
      from: '-24h',
      to: 'now',
      resolution: 'auto',
      fields: '',
      output: 'chart',
    },
    [['points']],
  );
  f.node('points', 'debug', ...at(2, 2.5), {
    name: 'points for ui-chart',
    active: true,
    tosidebar: true,
    console: false,
    tostatus: true,
    complete: 'history',
    targetType: 'msg',
    statusVal: 'history.count',
    statusType: 'msg',
  });
  f.node('downloads', 'comment', ...at(1, 4.5), {
    name: 'Downloads: GET /wes/logs/logs/tic1/day/<yyyy-mm-dd>, /month/<yyyy-mm> (zip), /range?from=&to=',
    info: '',
  });
  return f.nodes;
}
