// History page: a logged source over a chosen range, read by wes-history into a chart.
import { colours, page, uiGroup, widget, text, jsonata, timeChart } from '../builders.mjs';

export function history(f) {
  page(f, 'page-history', 'History', '/history', 'chart-timeline-variant', 9);
  uiGroup(f, 'ui-history', 'History', 'page-history', 12, 1);
  f.comment(
    'c-hist',
    1150,
    1640,
    'History page: a logged source over a chosen range (wes-history)',
    'The dropdown picks the source, the buttons the range; both are kept in flow context, and "query" builds ' +
      "wes-history's request with JSONata. wes-history picks the resolution from the range (raw up to 6 h, 10 min up to " +
      '8 days, hours up to 3 months, days beyond). Opening the page asks again, so the curve is fresh. The sources are ' +
      'the names the logger records: tic1, tic2, water, gas, the clamps clamp1…clamp4 (signed W) and the 1-Wire probes by ' +
      'the names the bus gave them (temp1…, humidity1; simulated: temp1 outdoor, temp2 living room, temp3 water tank). ' +
      'A probe of yours is added to the dropdown, the "query" field table and the "readable series" names.',
  );
  f.node('hist-view', 'ui-event', 1060, 1700, { ui: f.id('ui-base'), name: 'page views' }, [['hist-page']]);
  f.node(
    'hist-page',
    'switch',
    1230,
    1700,
    {
      name: 'History page?',
      property: 'payload.page.path',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: '/history', vt: 'str' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['hist-query']],
  );
  f.node(
    'hist-src-init',
    'inject',
    1060,
    1760,
    {
      name: 'meter 1 at start',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: 1,
      topic: '',
      payload: 'tic1',
      payloadType: 'str',
    },
    [['hist-source', 'hist-set-src']],
  );
  f.node(
    'hist-source',
    'ui-dropdown',
    1230,
    1800,
    widget(f, 'ui-history', 1, 0, 0, {
      name: 'history source',
      label: 'Source',
      tooltip: '',
      passthru: false,
      multiple: false,
      chips: false,
      clearable: false,
      options: [
        { value: 'tic1', label: 'Meter 1 · power (VA)', type: 'str' },
        { value: 'tic2', label: 'Meter 2 · power (VA)', type: 'str' },
        { value: 'water', label: 'Water · flow (L/min)', type: 'str' },
        { value: 'gas', label: 'Gas · flow (m³/h)', type: 'str' },
        { value: 'clamp1', label: 'Clamp 1 · grid · power (W, export < 0)', type: 'str' },
        { value: 'clamp2', label: 'Clamp 2 · heating · power (W)', type: 'str' },
        { value: 'clamp3', label: 'Clamp 3 · water heater · power (W)', type: 'str' },
        { value: 'clamp4', label: 'Clamp 4 · PV · power (W)', type: 'str' },
        { value: 'temp1', label: 'Probe temp1 · temperature (°C)', type: 'str' },
        { value: 'temp2', label: 'Probe temp2 · temperature (°C)', type: 'str' },
        { value: 'temp3', label: 'Probe temp3 · temperature (°C)', type: 'str' },
        { value: 'humidity1', label: 'Probe humidity1 · humidity (%RH)', type: 'str' },
      ],
      payload: '',
      topic: 'source',
      topicType: 'str',
      typeIsComboBox: false,
      msgTrigger: 'onChange',
    }),
    [['hist-set-src']],
  );
  f.node(
    'hist-set-src',
    'change',
    1420,
    1760,
    {
      name: 'remember source',
      rules: [{ t: 'set', p: 'historySource', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [['hist-query']],
  );
  f.node(
    'hist-range-init',
    'inject',
    1060,
    1860,
    {
      name: '24 h at start',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: 1.2,
      topic: '',
      payload: '-24h',
      payloadType: 'str',
    },
    [['hist-range', 'hist-set-range']],
  );
  f.node(
    'hist-range',
    'ui-button-group',
    1230,
    1900,
    widget(f, 'ui-history', 2, 0, 1, {
      name: 'history range',
      label: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: '1 h', icon: '', value: '-1h', valueType: 'str' },
        { label: '24 h', icon: '', value: '-24h', valueType: 'str' },
        { label: '7 d', icon: '', value: '-7d', valueType: 'str' },
        { label: '31 d', icon: '', value: '-31d', valueType: 'str' },
        { label: '1 y', icon: '', value: '-1y', valueType: 'str' },
      ],
      topic: 'range',
      topicType: 'str',
    }),
    [['hist-set-range']],
  );
  f.node(
    'hist-set-range',
    'change',
    1420,
    1860,
    {
      name: 'remember range',
      rules: [{ t: 'set', p: 'historyRange', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [['hist-query']],
  );
  f.node(
    'hist-query',
    'change',
    1620,
    1760,
    {
      name: 'query',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: jsonata('history-query') }],
    },
    [['history']],
  );
  f.node(
    'history',
    'wes-history',
    1800,
    1760,
    {
      name: 'history',
      // The supervisor's own logger by id: with a second logger deployed (an imported example),
      // "the only logger" is ambiguous and the page broke.
      logger: f.id('logger'),
      source: 'tic1',
      from: '-24h',
      to: 'now',
      resolution: 'auto',
      fields: '',
      output: 'chart',
    },
    [['hist-series', 'hist-info']],
  );
  f.node(
    'hist-series',
    'change',
    1620,
    1840,
    {
      name: 'readable series',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: jsonata('history-series') }],
    },
    [['hist-chart']],
  );
  f.node(
    'hist-chart',
    'ui-chart',
    1800,
    1840,
    widget(f, 'ui-history', 3, 0, 7, {
      ...timeChart({ name: 'history chart', label: 'History' }),
    }),
    [[]],
  );
  f.node('hist-catch', 'catch', 1620, 1920, { name: 'history errors', scope: [f.id('history')], uncaught: false }, [['hist-info']]);
  text(
    f,
    'hist-info',
    1800,
    1920,
    'ui-history',
    4,
    'Points',
    '$exists(error) ? error.message : ($string(history.count) & " points · resolution " & history.resolution)',
    'jsonata',
  );
  f.nodes[f.nodes.length - 1].name = 'history points';
  const hist = [
    'c-hist',
    'hist-view',
    'hist-page',
    'hist-src-init',
    'hist-source',
    'hist-set-src',
    'hist-range-init',
    'hist-range',
    'hist-set-range',
    'hist-query',
    'history',
    'hist-series',
    'hist-chart',
    'hist-catch',
    'hist-info',
  ];
  f.move(hist, 140, 0);
  f.group('g-hist', 'History page', hist, colours.history);
}
