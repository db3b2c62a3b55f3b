// examples/legacy-dashboard-tic.json: the same meter on node-red-dashboard (1.x/3.x, the ui_* nodes).
import { Flow } from '../builders.mjs';
import { meters, ticNode } from '../sections/meters.mjs';

export function legacyExample() {
  const f = new Flow('ex-legacy');
  f.tab('tab', 'legacy dashboard example', 'For users still on node-red-dashboard (1.x/3.x, the ui_* nodes), at /ui.');
  f.comment(
    'c',
    190,
    40,
    'node-red-dashboard (legacy): power gauge, tariff and a downsampled curve',
    'Needs node-red-dashboard installed. wes-chart-feed is set to the legacy format, which replaces the whole ui_chart.',
  );
  f.config('ui-tab', 'ui_tab', { name: 'WES', icon: 'dashboard', order: 1, disabled: false, hidden: false });
  f.config('ui-group', 'ui_group', {
    name: 'Meter 1',
    tab: f.id('ui-tab'),
    order: 1,
    disp: true,
    width: '6',
    collapse: false,
    className: '',
  });
  // No ui_base node: the legacy dashboard then uses its default theme and site settings.
  ticNode(f, meters[0], 170, 120, false, [['power', 'period', 'feed'], []]);
  f.node(
    'power',
    'change',
    400,
    80,
    { name: 'power (VA)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.powerVA', tot: 'msg' }] },
    [['gauge']],
  );
  f.node(
    'gauge',
    'ui_gauge',
    610,
    80,
    {
      name: '',
      group: f.id('ui-group'),
      order: 1,
      width: 0,
      height: 0,
      gtype: 'gage',
      title: 'Power',
      label: 'VA',
      format: '{{value}}',
      min: 0,
      max: '9000',
      colors: ['#00b500', '#e6e600', '#ca3838'],
      seg1: '5400',
      seg2: '8100',
      diff: false,
      className: '',
    },
    [],
  );
  f.node(
    'period',
    'change',
    400,
    120,
    { name: 'tariff period', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.tariffPeriod', tot: 'msg' }] },
    [['period-text']],
  );
  f.node(
    'period-text',
    'ui_text',
    610,
    120,
    {
      group: f.id('ui-group'),
      order: 2,
      width: 0,
      height: 0,
      name: '',
      label: 'Tariff period',
      format: '{{msg.payload}}',
      layout: 'row-spread',
      className: '',
    },
    [],
  );
  f.node(
    'feed',
    'wes-chart-feed',
    400,
    160,
    { name: '', property: 'payload.powerVA', series: '', window: '1h', retention: '24h', points: 400, refresh: 0, format: 'legacy' },
    [['chart']],
  );
  f.node(
    'chart',
    'ui_chart',
    610,
    160,
    {
      name: '',
      group: f.id('ui-group'),
      order: 3,
      width: 0,
      height: 0,
      label: 'Power (VA)',
      chartType: 'line',
      legend: 'true',
      xformat: 'HH:mm',
      interpolate: 'linear',
      nodata: 'waiting for data',
      dot: false,
      ymin: '0',
      ymax: '',
      removeOlder: 1,
      removeOlderPoints: '',
      removeOlderUnit: '86400',
      cutout: 0,
      useOneColor: false,
      useUTC: false,
      colors: ['#1f7a8c', '#e07a1f', '#ff7f0e', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5'],
      outputs: 1,
      useDifferentColor: false,
      className: '',
    },
    [[]],
  );
  return f.nodes;
}
