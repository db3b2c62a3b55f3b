// examples/wes-chart-feed.json: a day-long live curve of a simulated meter on Dashboard 2.0.
import { Flow, page, uiGroup, widget, dashboardBase, timeChart } from '../builders.mjs';
import { meters, ticNode } from '../sections/meters.mjs';

export function chartFeedExample() {
  const f = new Flow('ex-chart');
  f.tab('tab', 'wes-chart-feed example', 'A day-long live curve that stays light in the browser.');
  f.comment('c', 190, 40, 'wes-chart-feed: live curve of a simulated meter on Dashboard 2.0 (/dashboard)');
  dashboardBase(f);
  page(f, 'page', 'Curve', '/curve', 'chart-line', 1);
  uiGroup(f, 'ui-g', 'Power', 'page', 12, 1);
  const m = meters[1];
  ticNode(f, m, 170, 120, false, [['feed'], []]);
  f.node(
    'feed',
    'wes-chart-feed',
    400,
    120,
    { name: '', property: 'payload.powerVA', series: '', window: '15m', retention: '24h', points: 300, refresh: 0, format: 'dashboard2' },
    [['chart']],
  );
  f.node(
    'chart',
    'ui-chart',
    610,
    120,
    widget(f, 'ui-g', 1, 0, 6, {
      ...timeChart({ name: '', label: 'Power (VA)', ymin: '0', colors: ['#1f7a8c', '#e07a1f'] }),
    }),
    [[]],
  );
  return f.nodes;
}
