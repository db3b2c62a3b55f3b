// Counters page: water and gas pulse counters and a door contact on the GPIO.
import { colours, inputProps, page, uiGroup, text } from '../builders.mjs';

export function counters(f) {
  page(f, 'page-counters', 'Counters', '/counters', 'counter', 7);
  uiGroup(f, 'ui-water', 'Water', 'page-counters', 4, 1);
  uiGroup(f, 'ui-gas', 'Gas', 'page-counters', 4, 2);
  uiGroup(f, 'ui-inputs', 'Inputs', 'page-counters', 4, 3);
  f.comment(
    'c-counters',
    210,
    1640,
    'Counters page: water and gas pulse counters, a door contact',
    "wes-pulse-in counts a meter's pulses (1 L a pulse for water, 0.01 m³ for gas; simulated rates 3 and 2 pulses a " +
      'minute) and keeps its index across restarts: set the index read on your meter in the node. wes-input reads a ' +
      'contact (simulated: the door opens or closes every 20 s). Their readings also go to the logger.',
  );
  f.node(
    'cnt-start',
    'inject',
    130,
    1760,
    {
      name: 'readings at start',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: 1,
      topic: '',
      payload: 'status',
      payloadType: 'str',
    },
    [['water', 'gas', 'door']],
  );
  const counters = [
    {
      key: 'water',
      y: 1700,
      kind: 'water',
      weight: '1',
      unit: 'L',
      line: '17',
      index: '123456',
      simRate: '3',
      timeoutS: '300',
      leakHours: '2',
      leakRate: '0',
      group: 'ui-water',
      digits: '#,##0',
      flow: '0.0',
    },
    {
      key: 'gas',
      y: 1800,
      kind: 'gas',
      weight: '0.01',
      unit: 'm3',
      line: '27',
      index: '4521.37',
      simRate: '2',
      timeoutS: '600',
      leakHours: '0',
      leakRate: '0',
      group: 'ui-gas',
      digits: '#,##0.00',
      flow: '0.00',
    },
  ];
  for (const c of counters) {
    f.node(
      c.key,
      'wes-pulse-in',
      360,
      c.y,
      {
        name: c.key,
        gpio: f.id('gpio'),
        line: c.line,
        activeLevel: 'low',
        bias: 'pull-up',
        kind: c.kind,
        weight: c.weight,
        unit: c.unit,
        debounceMs: '20',
        index: c.index,
        timeoutS: c.timeoutS,
        persistS: '60',
        timezone: '',
        leakHours: c.leakHours,
        leakGapMin: '30',
        leakRate: c.leakRate,
        leakRateMin: '10',
        simRate: c.simRate,
        outputS: '0',
      },
      [[`${c.key}-index`, `${c.key}-today`, `${c.key}-flow`, 'lo-log-counters'], []],
    );
    text(f, `${c.key}-index`, 620, c.y - 30, c.group, 1, 'Index', `$formatNumber(payload.index, "${c.digits}") & " " & unit`, 'jsonata');
    text(f, `${c.key}-today`, 620, c.y, c.group, 2, 'Today', `$formatNumber(payload.today, "${c.digits}") & " " & unit`, 'jsonata');
    text(
      f,
      `${c.key}-flow`,
      620,
      c.y + 30,
      c.group,
      3,
      'Flow',
      `$formatNumber(payload.rate, "${c.flow}") & " " & payload.rateUnit`,
      'jsonata',
    );
    f.nodes.slice(-3).forEach((n, i) => {
      n.name = `${c.key} ${['index', 'today', 'flow'][i]}`;
    });
  }
  f.node('door', 'wes-input', 360, 1900, inputProps({ name: 'door', mode: 'contact', gpio: f.id('gpio'), line: '22', simToggleS: '20' }), [
    ['door-state', 'door-count'],
    [],
  ]);
  text(f, 'door-state', 620, 1880, 'ui-inputs', 1, 'Front door', 'payload = 1 ? "closed" : "open"', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'door state';
  text(f, 'door-count', 620, 1920, 'ui-inputs', 2, 'Openings', '$string(counts.openings)', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'door openings';
  f.node('lo-log-counters', 'link out', 620, 1960, { name: 'to the logger', mode: 'link', links: [] });
  f.move(
    [
      'c-counters',
      'cnt-start',
      'water',
      'water-index',
      'water-today',
      'water-flow',
      'gas',
      'gas-index',
      'gas-today',
      'gas-flow',
      'door',
      'door-state',
      'door-count',
      'lo-log-counters',
    ],
    0,
    260,
  );
  f.group(
    'g-counters',
    'Counters page',
    [
      'c-counters',
      'cnt-start',
      'water',
      'water-index',
      'water-today',
      'water-flow',
      'gas',
      'gas-index',
      'gas-today',
      'gas-flow',
      'door',
      'door-state',
      'door-count',
      'lo-log-counters',
    ],
    colours.counters,
  );
}
