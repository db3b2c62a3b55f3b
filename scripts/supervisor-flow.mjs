// Writes the shipped flows: flows/wes-supervisor.json (loaded by `npm start`) and the
// importable examples/*.json. The flows are plain Node-RED JSON, edited by users in the
// editor; this generator exists so that the project keeps them consistent (stable ids,
// aligned layout, the same dashboard in the flow and in its example) and so that each node
// issue adds its page here. Run: node scripts/supervisor-flow.mjs
//
// Layout conventions: one editor group per concern (meters, each dashboard page, load
// shedding), a Comment node first in each, link nodes between groups so that each group
// reads left to right on its own.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Stable 16-hex ids from a readable key, so regenerating gives the same ids. */
const id = (key) => createHash('sha1').update(key).digest('hex').slice(0, 16);

// ---------------------------------------------------------------------------------------
// Builders

class Flow {
  constructor(prefix) {
    this.prefix = prefix;
    this.nodes = [];
  }

  id(key) { return id(`${this.prefix}:${key}`); }

  add(node) { this.nodes.push(node); return node; }

  tab(key, label, info) {
    this.z = this.id(key);
    return this.add({ id: this.z, type: 'tab', label, disabled: false, info, env: [] });
  }

  /** A node on the current tab; wires given as keys of other nodes, one array per output. */
  node(key, type, x, y, props = {}, wires = []) {
    return this.add({ id: this.id(key), type, z: this.z, ...props, x, y, wires: wires.map((out) => out.map((k) => this.id(k))) });
  }

  config(key, type, props) { return this.add({ id: this.id(key), type, ...props }); }

  comment(key, x, y, name, info = '') { return this.node(key, 'comment', x, y, { name, info }); }

  /** Moves nodes (by key) as a block: sections are laid out in two columns. */
  move(keys, dx, dy) {
    for (const k of keys) {
      const n = this.nodes.find((m) => m.id === this.id(k));
      n.x += dx;
      n.y += dy;
    }
  }

  /** Editor group around the nodes whose keys are given; size from their positions. */
  group(key, name, keys, color) {
    const members = keys.map((k) => this.nodes.find((n) => n.id === this.id(k)));
    const xs = members.map((n) => n.x);
    const ys = members.map((n) => n.y);
    const x = Math.min(...xs) - 100;
    const y = Math.min(...ys) - 40;
    const w = Math.max(...xs) - Math.min(...xs) + 200;
    const h = Math.max(...ys) - Math.min(...ys) + 80;
    const g = {
      id: this.id(key), type: 'group', z: this.z, name,
      style: { label: true, stroke: '#999999', fill: color, 'fill-opacity': '0.35', color: '#000000' },
      nodes: members.map((n) => n.id), x, y, w, h,
    };
    for (const n of members) n.g = g.id;
    return this.add(g);
  }

  /** Links a link-out to link-ins, both given by key; their names are shown in the editor. */
  link(outKey, inKeys) {
    const out = this.nodes.find((n) => n.id === this.id(outKey));
    out.l = true;
    out.links = inKeys.map((k) => this.id(k));
    for (const k of inKeys) {
      const inn = this.nodes.find((n) => n.id === this.id(k));
      inn.l = true;
      inn.links = [...(inn.links || []), out.id];
    }
  }
}

const colours = { meters: '#e3f3d3', overview: '#dbeafe', chart: '#ddf0f7', alerts: '#fde2e2', shedding: '#fff0c2', teleinfo: '#ece4f7', settings: '#eeeeee', relays: '#e0f2e9' };

// ---------------------------------------------------------------------------------------
// Dashboard 2.0 configuration shared by the supervisor

function dashboardBase(f) {
  f.config('ui-base', 'ui-base', {
    name: 'WES supervisor', path: '/dashboard', appIcon: '', includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'], showPathInSidebar: false,
    headerContent: 'page', navigationStyle: 'default', titleBarStyle: 'default',
    showReconnectNotification: true, notificationDisplayTime: 1, showDisconnectNotification: true, allowInstall: false,
  });
  f.config('ui-theme', 'ui-theme', {
    name: 'WES', colors: { surface: '#1f4e5f', primary: '#1f7a8c', bgPage: '#f2f5f7', groupBg: '#ffffff', groupOutline: '#d6dde3' },
    sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '6px', widgetGap: '10px' },
  });
}

const breakpoints = [
  { name: 'Default', px: 0, cols: 3 },
  { name: 'Tablet', px: 576, cols: 6 },
  { name: 'Small Desktop', px: 768, cols: 9 },
  { name: 'Desktop', px: 1024, cols: 12 },
];

function page(f, key, name, path, icon, order) {
  return f.config(key, 'ui-page', {
    name, ui: f.id('ui-base'), path, icon, layout: 'grid', theme: f.id('ui-theme'), breakpoints, order,
    className: '', visible: 'true', disabled: 'false',
  });
}

function uiGroup(f, key, name, pageKey, width, order) {
  return f.config(key, 'ui-group', {
    name, page: f.id(pageKey), width: String(width), height: '1', order, showTitle: true, className: '', visible: 'true', disabled: 'false', groupType: 'default',
  });
}

const widget = (f, groupKey, order, width, height, extra) => ({ group: f.id(groupKey), order, width: String(width), height: String(height), className: '', ...extra });

function text(f, key, x, y, groupKey, order, label, value, valueType = 'msg') {
  return f.node(key, 'ui-text', x, y, widget(f, groupKey, order, 0, 0, {
    name: '', label, format: '{{msg.payload}}', layout: 'row-spread', style: false, font: '', fontSize: 16, color: '#717171', wrapText: false, value, valueType,
  }));
}

function gauge(f, key, x, y, groupKey, order, title, max) {
  return f.node(key, 'ui-gauge', x, y, widget(f, groupKey, order, 3, 3, {
    name: `${title} gauge`, value: 'payload.powerVA', valueType: 'msg', gtype: 'gauge-half', gstyle: 'rounded', title, alwaysShowTitle: false,
    floatingTitlePosition: 'top-left', units: 'VA', icon: '', prefix: '', suffix: '',
    segments: [{ from: '0', color: '#5cb85c' }, { from: String(Math.round(max * 0.6)), color: '#f0ad4e' }, { from: String(Math.round(max * 0.9)), color: '#d9534f' }],
    min: 0, max, sizeThickness: 16, sizeGap: 4, sizeKeyThickness: 8, styleRounded: true, styleGlow: false,
  }), [[]]);
}

function template(f, key, x, y, groupKey, order, name, format) {
  return f.node(key, 'ui-template', x, y, {
    ...widget(f, groupKey, order, 0, 0, {}), page: '', ui: '', name, head: '', format, storeOutMessages: true, passthru: false, resendOnRefresh: true, templateScope: 'local',
  }, [[]]);
}

// Small Vue templates: presentation only, the values come ready from our nodes. Plain <table>
// elements, not Vuetify's v-table: the dashboard parses a template as HTML first, and the parser
// drops <tbody>/<tr> that are not inside a real <table>.
const tableStyle = `<style>
.wes-table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
.wes-table th { text-align: left; font-weight: 600; opacity: 0.7; padding: 4px 6px; border-bottom: 1px solid #d6dde3; }
.wes-table td { padding: 4px 6px; border-bottom: 1px solid #eef1f4; word-break: break-word; }
.wes-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wes-ok { color: #2e7d32; font-weight: 600; } .wes-bad { color: #c62828; font-weight: 600; }
</style>`;

const tplEnergy = `<template>
  <table class="wes-table">
    <tr v-for="(wh, period) in (msg.payload || {})" :key="period">
      <td>{{ period }}</td>
      <td class="num">{{ (wh / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 }) }} kWh</td>
    </tr>
  </table>
</template>
${tableStyle}`;

const tplTempo = `<template>
  <div class="wes-tempo">
    <div v-for="day in ['today', 'tomorrow']" :key="day" class="wes-tempo-day">
      <span class="wes-tempo-label">{{ day === 'today' ? 'Today' : 'Tomorrow' }}</span>
      <span :class="['wes-tempo-chip', 'wes-tempo-' + ((msg.payload && msg.payload[day]) || 'NONE')]">{{ (msg.payload && msg.payload[day]) || 'not announced' }}</span>
    </div>
  </div>
</template>
<style>
.wes-tempo { display: flex; gap: 12px; flex-wrap: wrap; }
.wes-tempo-day { display: flex; flex-direction: column; align-items: center; gap: 4px; flex: 1; }
.wes-tempo-label { font-size: 0.85em; opacity: 0.7; }
.wes-tempo-chip { padding: 4px 14px; border-radius: 14px; font-weight: 600; border: 1px solid #ccc; }
.wes-tempo-BLEU { background: #1565c0; color: #fff; }
.wes-tempo-BLANC { background: #fff; color: #333; }
.wes-tempo-ROUGE { background: #c62828; color: #fff; }
.wes-tempo-NONE { background: #eee; color: #777; font-weight: 400; }
</style>`;

const tplLabels = `<template>
  <table class="wes-table">
    <tr><th>Label</th><th>Value</th><th>Unit</th></tr>
    <tr v-for="(l, name) in ((msg.payload && msg.payload.labels) || {})" :key="name">
      <td>{{ name }}</td>
      <td>{{ l && typeof l.value === 'object' && l.value !== null ? l.raw : (l && l.value) }}</td>
      <td>{{ (l && l.unit) || '' }}</td>
    </tr>
  </table>
</template>
${tableStyle}`;

const tplLink = `<template>
  <table class="wes-table">
    <tr><td>Link</td><td class="num"><span :class="(msg.link && msg.link.state) === 'ok' ? 'wes-ok' : 'wes-bad'">{{ (msg.link && msg.link.state) || 'waiting' }}</span></td></tr>
    <tr><td>Mode</td><td class="num">{{ msg.payload && msg.payload.mode }}</td></tr>
    <tr><td>Meter</td><td class="num">{{ msg.payload && msg.payload.meterId }}</td></tr>
    <tr><td>Frames correct / received</td><td class="num">{{ msg.link && msg.link.framesCorrect }} / {{ msg.link && msg.link.frames }}</td></tr>
    <tr><td>Groups accepted</td><td class="num">{{ msg.link && msg.link.groupsOk }}</td></tr>
    <tr v-for="(n, reason) in ((msg.link && msg.link.groupsRejected) || {})" :key="'g' + reason"><td>Groups rejected: {{ reason }}</td><td class="num">{{ n }}</td></tr>
    <tr v-for="(n, reason) in ((msg.link && msg.link.valuesRejected) || {})" :key="'v' + reason"><td>Values rejected: {{ reason }}</td><td class="num">{{ n }}</td></tr>
  </table>
</template>
${tableStyle}`;

const tplEvents = `<template>
  <div>
    <div v-if="!events.length" class="text-medium-emphasis">No event since the page was opened.</div>
    <div v-for="(e, i) in events" :key="i" class="wes-event">{{ e }}</div>
  </div>
</template>
<script>
export default {
  data () { return { events: [], lastId: null } },
  watch: {
    msg (m) {
      // the same message comes again when the page is reopened: show it once
      if (!m || !m.payload || m._msgid === this.lastId) return
      this.lastId = m._msgid
      this.events = [m.payload, ...this.events].slice(0, 8)
    }
  }
}
</script>
<style>.wes-event { padding: 2px 0; border-bottom: 1px solid #eee; font-size: 0.9em; }</style>`;

const tplHardware = `<template>
  <div class="wes-help">
    <p>Every input runs on <b>simulated</b> hardware unless configured otherwise.</p>
    <p>To use a real TIC interface, copy <code>settings/hardware.example.js</code> to
    <code>settings/hardware.js</code>, set <code>source: 'serial'</code> and the device path, then
    restart with <code>npm start</code>. Environment variables (<code>WES_TIC1_SOURCE</code>,
    <code>WES_TIC1_PORT</code>, …) do the same for one run.</p>
    <p>The flow itself is edited in the Node-RED editor; <code>npm start -- --reset-flow</code>
    brings back the shipped one (yours is kept as a backup).</p>
  </div>
</template>
<style>.wes-help p { margin-bottom: 8px; } .wes-help code { font-size: 0.9em; }</style>`;

// Event texts for people; the event names are wes-tic-in's contract.
const eventText = `(
  $meter := $substringBefore(topic, "/");
  $texts := {
    "tic-lost": "TIC link lost",
    "tic-recovered": "TIC link back",
    "overload": "Overload: subscribed power exceeded",
    "overload-end": "Overload ended",
    "tariff-change": "Tariff period changed" & ($exists(payload.to) ? " to " & payload.to : ""),
    "tempo-announced": "Tempo colour announced for tomorrow" & ($exists(payload.tomorrow) ? ": " & payload.tomorrow : ""),
    "standby": "Meter link in standby",
    "ejp-notice": "EJP peak day notice"
  };
  $t := $lookup($texts, payload.event);
  $meter & " · " & ($exists($t) ? $t : payload.event)
)`;

// ---------------------------------------------------------------------------------------
// The meters, as the supervisor and the TIC example use them

const meters = [
  {
    key: 'tic1', title: 'Meter 1 · Linky Tempo', short: 'Meter 1', maxVA: 9000,
    props: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'TEMPO', simKva: 9, simSeed: 1 },
  },
  {
    key: 'tic2', title: 'Meter 2 · historique HC', short: 'Meter 2', maxVA: 6000,
    props: { simMode: 'historique', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 6, simSeed: 2 },
  },
];

/** wes-tic-in + its serial port config; `hardwareFromEnv` puts the source behind ${WES_…} settings. */
function ticNode(f, m, x, y, hardwareFromEnv, wires) {
  const env = (name, literal) => (hardwareFromEnv ? `\${WES_${m.key.toUpperCase()}_${name}}` : literal);
  f.config(`${m.key}-port`, 'wes-serial-port', { name: `${m.short} TIC port`, path: env('PORT', m.key === 'tic1' ? '/dev/ttyAMA0' : '/dev/ttyUSB0'), baud: env('BAUD', 'auto') });
  return f.node(m.key, 'wes-tic-in', x, y, {
    name: m.title, topic: m.key, source: env('SOURCE', 'simulated'), port: f.id(`${m.key}-port`),
    ...m.props, output: 'every', interval: 10, lostAfter: 10,
  }, wires);
}

// ---------------------------------------------------------------------------------------
// The supervisor

function supervisor(prefix, hardwareFromEnv) {
  const f = new Flow(prefix);
  f.tab('tab', 'WES supervisor', [
    'The default WES supervisor: two TIC meters (simulated unless settings/hardware.js says otherwise),',
    'a Dashboard 2.0 at /dashboard with the Overview, Téléinfo and Settings pages.',
    'Each group below is one concern; link nodes carry the meter states and events between them.',
  ].join('\n'));
  dashboardBase(f);
  page(f, 'page-overview', 'Overview', '/overview', 'home', 1);
  page(f, 'page-teleinfo', 'Téléinfo', '/teleinfo', 'meter-electric', 2);
  page(f, 'page-settings', 'Settings', '/settings', 'cog', 9);

  // -- Meters
  f.comment('c-meters', 190, 60, 'Meters: one wes-tic-in per TIC interface',
    'Output 1: the decoded meter state on every frame (msg.payload: power, energy per tariff period, Tempo...).\n'
    + 'Output 2: events (link lost/back, overload, tariff change, Tempo announced).\n\n'
    + (hardwareFromEnv ? 'Source, serial port and speed come from settings/hardware.js or the WES_TIC1_* / WES_TIC2_* environment variables (simulated by default).' : 'Both meters are simulated; open a node to switch it to a serial port.'));
  f.node('li-sim', 'link in', 95, 120, { name: 'simulated load', links: [] }, [['tic1']]);
  ticNode(f, meters[0], 250, 120, hardwareFromEnv, [['lo-states'], ['lo-events']]);
  ticNode(f, meters[1], 250, 180, hardwareFromEnv, [['lo-states'], ['lo-events']]);
  f.node('lo-states', 'link out', 480, 120, { name: 'meter states', mode: 'link', links: [] });
  f.node('lo-events', 'link out', 480, 180, { name: 'meter events', mode: 'link', links: [] });
  f.move(['tic1', 'tic2', 'lo-states', 'lo-events'], 70, 0);
  f.group('g-meters', 'Meters', ['c-meters', 'li-sim', 'tic1', 'tic2', 'lo-states', 'lo-events'], colours.meters);

  // -- Overview: meter cards
  uiGroup(f, 'ui-meter1', meters[0].title, 'page-overview', 6, 1);
  uiGroup(f, 'ui-meter2', meters[1].title, 'page-overview', 6, 2);
  f.comment('c-cards', 730, 60, 'Overview page: one card per meter',
    'The widgets read their value straight from the meter state (e.g. payload.powerVA), so no function node is needed.');
  f.node('li-cards', 'link in', 635, 120, { name: 'meter states', links: [] }, [['sw-cards']]);
  f.node('sw-cards', 'switch', 770, 120, {
    name: 'which meter?', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'tic1', vt: 'str' }, { t: 'eq', v: 'tic2', vt: 'str' }], checkall: 'false', repair: false, outputs: 2,
  }, [['m1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-energy-sel'], ['m2-gauge', 'm2-period', 'm2-current', 'm2-energy-sel']]);
  for (const [i, m] of meters.entries()) {
    const p = `m${i + 1}`;
    const g = `ui-meter${i + 1}`;
    const y0 = i === 0 ? 120 : 420;
    gauge(f, `${p}-gauge`, 1030, y0, g, 1, 'Power', m.maxVA);
    text(f, `${p}-period`, 1030, y0 + 50, g, 2, 'Tariff period', 'payload.tariffPeriod', 'msg');
    text(f, `${p}-current`, 1030, y0 + 100, g, 3, 'Current', '$join([$string($round(payload.currentA[0], 1)), "A"], " ")', 'jsonata');
    if (m.key === 'tic1') {
      f.node(`${p}-tempo-sel`, 'change', 1030, y0 + 150, {
        name: 'Tempo colours', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.tempo', tot: 'msg' }],
      }, [[`${p}-tempo`]]);
      template(f, `${p}-tempo`, 1260, y0 + 150, g, 4, 'Tempo today / tomorrow', tplTempo);
    }
    f.node(`${p}-energy-sel`, 'change', 1030, y0 + 200, {
      name: 'energy per tariff period', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.energyByPeriodWh', tot: 'msg' }],
    }, [[`${p}-energy`]]);
    template(f, `${p}-energy`, 1260, y0 + 200, g, 5, 'Energy by tariff period (meter index)', tplEnergy);
  }
  const cards = ['c-cards', 'li-cards', 'sw-cards',
    'm1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-tempo', 'm1-energy-sel', 'm1-energy',
    'm2-gauge', 'm2-period', 'm2-current', 'm2-energy-sel', 'm2-energy'];
  f.move(cards, 420, 0);
  f.move(['li-cards'], -60, 0);
  f.group('g-cards', 'Overview page · meter cards', cards, colours.overview);

  // -- Overview: live power curve
  uiGroup(f, 'ui-power', 'Live power', 'page-overview', 12, 3);
  f.comment('c-chart', 190, 300, 'Overview page: live power curve',
    'wes-chart-feed keeps a day of 1-second points per meter and sends the chart a downsampled curve '
    + '(≤ 600 points per meter, min/max per time bucket so peaks stay visible). The buttons change the window.');
  f.node('li-chart', 'link in', 95, 360, { name: 'meter states', links: [] }, [['feed-power']]);
  f.node('window-init', 'inject', 190, 420, {
    name: 'show 1 h at start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 0.5, topic: '', payload: '1h', payloadType: 'str',
  }, [['window-buttons']]);
  f.node('window-buttons', 'ui-button-group', 230, 480, widget(f, 'ui-power', 1, 0, 1, {
    name: 'chart window', label: '', rounded: true, useThemeColors: true, passthru: false,
    options: [
      { label: '15 min', icon: '', value: '15m', valueType: 'str' },
      { label: '1 h', icon: '', value: '1h', valueType: 'str' },
      { label: '6 h', icon: '', value: '6h', valueType: 'str' },
      { label: '24 h', icon: '', value: '24h', valueType: 'str' },
    ],
    topic: 'window', topicType: 'str',
  }), [['feed-power']]);
  f.node('feed-power', 'wes-chart-feed', 470, 360, {
    name: 'power curve', property: 'payload.powerVA', series: '', window: '1h', retention: '24h', points: 600, refresh: 0, format: 'dashboard2',
  }, [['chart-power']]);
  f.node('chart-power', 'ui-chart', 690, 360, widget(f, 'ui-power', 2, 0, 6, {
    name: 'power chart', label: 'Apparent power (VA)', chartType: 'line', category: 'series', categoryType: 'property',
    xAxisLabel: '', xAxisProperty: 'x', xAxisPropertyType: 'property', xAxisType: 'time', xAxisFormat: '', xAxisFormatType: 'auto',
    xmin: '', xmax: '', yAxisLabel: 'VA', yAxisProperty: 'y', yAxisPropertyType: 'property', ymin: '0', ymax: '', bins: 10,
    action: 'replace', stackSeries: false, pointShape: 'false', pointRadius: 0, showLegend: true,
    removeOlder: '0', removeOlderUnit: '3600', removeOlderPoints: '',
    colors: ['#1f7a8c', '#e07a1f', '#7a1fe0', '#2ca02c', '#d62728', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'],
    textColor: ['#666666'], textColorDefault: true, gridColor: ['#e5e5e5'], gridColorDefault: true, interpolation: 'linear',
  }), [[]]);
  f.group('g-chart', 'Overview page · live power curve', ['c-chart', 'li-chart', 'window-init', 'window-buttons', 'feed-power', 'chart-power'], colours.chart);

  // -- Alerts
  uiGroup(f, 'ui-alerts', 'Alerts', 'page-overview', 6, 4);
  f.comment('c-alerts', 190, 580, 'Alerts: meter events become notifications',
    'The change node turns a wes-tic-in event into a sentence; edit its JSONata to reword or translate.');
  f.node('li-events', 'link in', 95, 640, { name: 'meter events', links: [] }, [['event-text']]);
  f.node('event-text', 'change', 260, 640, {
    name: 'event → text', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: eventText, tot: 'jsonata' }],
  }, [['notify', 'event-list']]);
  f.node('notify', 'ui-notification', 490, 620, {
    ui: f.id('ui-base'), position: 'top right', colorDefault: true, color: '', displayTime: '5', showCountdown: true, outputs: 1,
    allowDismiss: true, dismissText: 'Close', allowConfirm: false, confirmText: 'Confirm', raw: false, className: '', name: 'pop-up',
  }, [[]]);
  template(f, 'event-list', 490, 680, 'ui-alerts', 1, 'recent events', tplEvents);
  f.group('g-alerts', 'Overview page · alerts', ['c-alerts', 'li-events', 'event-text', 'notify', 'event-list'], colours.alerts);

  // -- Load shedding
  uiGroup(f, 'ui-shedding', 'Load shedding', 'page-overview', 6, 5);
  f.comment('c-shed', 190, 780, 'Load shedding (meter 1): edit the thresholds here',
    'Above 90 % of the subscribed power, shed; below 70 %, restore; in between, keep the current decision '
    + '(hysteresis, so a load is not switched on and off every second). The filter only lets changes through.\n\n'
    + 'Wire a wes-relay-out after "only changes" to switch a real load (water heater, EV charger).');
  f.node('li-shed', 'link in', 95, 840, { name: 'meter states', links: [] }, [['shed-meter']]);
  f.node('shed-meter', 'switch', 210, 840, {
    name: 'meter 1 only', property: 'topic', propertyType: 'msg', rules: [{ t: 'eq', v: 'tic1', vt: 'str' }], checkall: 'true', repair: false, outputs: 1,
  }, [['shed-rule']]);
  f.node('shed-rule', 'switch', 380, 840, {
    name: 'power vs subscribed', property: 'payload.powerVA', propertyType: 'msg',
    rules: [
      { t: 'gte', v: 'payload.subscribedPowerVA * 0.9', vt: 'jsonata' },
      { t: 'lt', v: 'payload.subscribedPowerVA * 0.7', vt: 'jsonata' },
    ],
    checkall: 'false', repair: false, outputs: 2,
  }, [['shed-on'], ['shed-off']]);
  f.node('shed-on', 'change', 580, 820, { name: 'shed', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'false', tot: 'bool' }, { t: 'set', p: 'topic', pt: 'msg', to: 'shedding', tot: 'str' }] }, [['shed-changes']]);
  f.node('shed-off', 'change', 580, 860, { name: 'restore', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'true', tot: 'bool' }, { t: 'set', p: 'topic', pt: 'msg', to: 'shedding', tot: 'str' }] }, [['shed-changes']]);
  f.node('shed-changes', 'rbe', 760, 840, { name: 'only changes', func: 'rbe', gap: '', start: '', inout: 'out', septopics: true, property: 'payload', topi: 'topic' }, [['shed-text']]);
  text(f, 'shed-text', 940, 820, 'ui-shedding', 1, 'Water heater', 'payload ? "allowed" : "shed: power above 90 % of subscribed"', 'jsonata');
  f.node('lo-shed', 'link out', 940, 870, { name: 'to the water heater relay', mode: 'link', links: [] });
  f.move(['shed-meter', 'shed-rule', 'shed-on', 'shed-off', 'shed-changes', 'shed-text', 'lo-shed'], 70, 0);
  f.group('g-shed', 'Overview page · load shedding', ['c-shed', 'li-shed', 'shed-meter', 'shed-rule', 'shed-on', 'shed-off', 'shed-changes', 'shed-text', 'lo-shed'], colours.shedding);

  // -- Relays page
  page(f, 'page-relays', 'Relays', '/relays', 'electric-switch', 3);
  uiGroup(f, 'ui-relays', 'Relays', 'page-relays', 6, 1);
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: hardwareFromEnv ? '${WES_GPIO_BACKEND}' : 'simulated', chip: 'auto' });
  f.comment('c-relays', 190, 980, 'Relays page: switches show the state the runtime holds',
    'Each switch is decoupled: it shows what wes-relay-out reports, not what was clicked. A click is a manual '
    + 'command (topic "manual") that keeps rules, such as load shedding, out for the relay\'s override time.\n\n'
    + 'GPIO lines are simulated unless settings/hardware.js sets gpio.backend.');
  f.node('li-relay1', 'link in', 95, 1040, { name: 'to the water heater relay', links: [] }, [['relay1']]);
  f.node('relay1', 'wes-relay-out', 290, 1060, {
    name: 'Water heater', gpio: f.id('gpio'), line: '23', activeLow: false, number: '1', startState: 'restore', minOnS: '0', minOffS: '0', overrideMin: '60',
  }, [['relay1-sw']]);
  f.node('relay1-sw', 'ui-switch', 520, 1060, widget(f, 'ui-relays', 1, 0, 0, {
    name: 'water heater switch', label: 'Water heater (relay 1)', passthru: false, decouple: true, topic: 'manual', topicType: 'str', style: '',
    layout: 'row-spread', clickableArea: 'switch', onvalue: 'true', onvalueType: 'bool', onicon: '', oncolor: '', offvalue: 'false', offvalueType: 'bool', officon: '', offcolor: '',
  }), [['relay1']]);
  f.node('relay2', 'wes-relay-out', 290, 1120, {
    name: 'Heat pump', gpio: f.id('gpio'), line: '24', activeLow: false, number: '2', startState: 'restore', minOnS: '0', minOffS: '0', overrideMin: '60',
  }, [['relay2-sw']]);
  f.node('relay2-sw', 'ui-switch', 520, 1120, widget(f, 'ui-relays', 2, 0, 0, {
    name: 'heat pump switch', label: 'Heat pump (relay 2)', passthru: false, decouple: true, topic: 'manual', topicType: 'str', style: '',
    layout: 'row-spread', clickableArea: 'switch', onvalue: 'true', onvalueType: 'bool', onicon: '', oncolor: '', offvalue: 'false', offvalueType: 'bool', officon: '', offcolor: '',
  }), [['relay2']]);
  f.move(['relay1', 'relay1-sw', 'relay2', 'relay2-sw'], 60, 0);
  f.group('g-relays', 'Relays page', ['c-relays', 'li-relay1', 'relay1', 'relay1-sw', 'relay2', 'relay2-sw'], colours.relays);

  // -- Téléinfo page
  uiGroup(f, 'ui-ti-link1', `${meters[0].short} · link`, 'page-teleinfo', 6, 1);
  uiGroup(f, 'ui-ti-link2', `${meters[1].short} · link`, 'page-teleinfo', 6, 2);
  uiGroup(f, 'ui-ti-values1', `${meters[0].short} · every value`, 'page-teleinfo', 6, 3);
  uiGroup(f, 'ui-ti-values2', `${meters[1].short} · every value`, 'page-teleinfo', 6, 4);
  f.comment('c-ti', 190, 960, 'Téléinfo page: every decoded value, link state and error counters');
  f.node('li-ti', 'link in', 95, 1020, { name: 'meter states', links: [] }, [['sw-ti']]);
  f.node('sw-ti', 'switch', 220, 1020, {
    name: 'which meter?', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'tic1', vt: 'str' }, { t: 'eq', v: 'tic2', vt: 'str' }], checkall: 'false', repair: false, outputs: 2,
  }, [['ti-link1', 'ti-values1'], ['ti-link2', 'ti-values2']]);
  template(f, 'ti-link1', 450, 980, 'ui-ti-link1', 1, 'link meter 1', tplLink);
  template(f, 'ti-values1', 450, 1020, 'ui-ti-values1', 1, 'labels meter 1', tplLabels);
  template(f, 'ti-link2', 450, 1060, 'ui-ti-link2', 1, 'link meter 2', tplLink);
  template(f, 'ti-values2', 450, 1100, 'ui-ti-values2', 1, 'labels meter 2', tplLabels);
  const ti = ['c-ti', 'li-ti', 'sw-ti', 'ti-link1', 'ti-values1', 'ti-link2', 'ti-values2'];
  f.move(ti, 1260, -200);
  f.move(['li-ti'], -50, 0);
  f.group('g-ti', 'Téléinfo page', ti, colours.teleinfo);

  // -- Settings page
  uiGroup(f, 'ui-hw', 'Hardware', 'page-settings', 6, 1);
  f.comment('c-set', 810, 960, 'Settings page: which hardware each input uses; simulated load',
    'The load buttons drive simulated meter 1 (household profile, or a fixed load: 8.5 kVA shows load shedding). '
    + 'A meter on a real serial port refuses them.');
  const inputs = [
    ...meters.map((m) => ({ label: `${m.short} (${m.key})`, env: `WES_${m.key.toUpperCase()}_SOURCE` })),
    { label: 'Relay GPIO lines', env: 'WES_GPIO_BACKEND' },
  ];
  for (const [i, input] of inputs.entries()) {
    f.node(`set-src${i + 1}`, 'inject', 770, 1000 + i * 50, {
      name: input.env, props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 0.5, topic: '',
      payload: hardwareFromEnv ? input.env : 'simulated', payloadType: hardwareFromEnv ? 'env' : 'str',
    }, [[`set-text${i + 1}`]]);
    text(f, `set-text${i + 1}`, 990, 1000 + i * 50, 'ui-hw', i + 1, input.label, 'payload', 'msg');
  }
  template(f, 'set-help', 990, 1150, 'ui-hw', 4, 'how to use real hardware', tplHardware);
  uiGroup(f, 'ui-sim', 'Simulation', 'page-settings', 6, 2);
  f.node('sim-load', 'ui-button-group', 800, 1210, widget(f, 'ui-sim', 1, 0, 1, {
    name: 'meter 1 load', label: 'Meter 1 load', rounded: true, useThemeColors: true, passthru: false,
    options: [
      { label: 'Household', icon: '', value: '{"forcePowerVA":null}', valueType: 'json' },
      { label: '2 kVA', icon: '', value: '{"forcePowerVA":2000}', valueType: 'json' },
      { label: '8.5 kVA', icon: '', value: '{"forcePowerVA":8500}', valueType: 'json' },
    ],
    topic: 'simulate', topicType: 'str',
  }), [['lo-sim']]);
  f.node('lo-sim', 'link out', 990, 1210, { name: 'simulated load', mode: 'link', links: [] });
  const set = ['c-set', 'set-src1', 'set-text1', 'set-src2', 'set-text2', 'set-src3', 'set-text3', 'set-help', 'sim-load', 'lo-sim'];
  f.move(set, 430, 60);
  f.group('g-set', 'Settings page', set, colours.settings);

  f.link('lo-states', ['li-cards', 'li-chart', 'li-shed', 'li-ti']);
  f.link('lo-events', ['li-events']);
  f.link('lo-sim', ['li-sim']);
  f.link('lo-shed', ['li-relay1']);
  // Keep every group clear of the editor's left edge.
  for (const n of f.nodes) if (typeof n.x === 'number') n.x += 40;
  return f.nodes;
}

// ---------------------------------------------------------------------------------------
// Focused examples

function ticExample() {
  const f = new Flow('ex-tic');
  f.tab('tab', 'wes-tic-in example', 'A simulated Linky in standard mode; open the debug sidebar to see what it sends.');
  f.comment('c', 170, 40, 'wes-tic-in: a simulated Linky, its state and its events',
    'Output 1 carries the whole meter state; the change node picks the power; output 2 carries events.\n'
    + 'Switch the node to a serial port to read a real meter.');
  const m = { ...meters[0], props: { ...meters[0].props } };
  ticNode(f, m, 170, 120, false, [['state', 'power'], ['events']]);
  f.node('state', 'debug', 450, 80, { name: 'meter state', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto' });
  f.node('power', 'change', 420, 120, { name: 'power (VA)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.powerVA', tot: 'msg' }] }, [['power-dbg']]);
  f.node('power-dbg', 'debug', 630, 120, { name: 'power', active: true, tosidebar: false, console: false, tostatus: true, complete: 'payload', targetType: 'msg', statusVal: 'payload', statusType: 'auto' });
  f.node('events', 'debug', 450, 180, { name: 'events', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto' });
  return f.nodes;
}

function chartFeedExample() {
  const f = new Flow('ex-chart');
  f.tab('tab', 'wes-chart-feed example', 'A day-long live curve that stays light in the browser.');
  f.comment('c', 190, 40, 'wes-chart-feed: live curve of a simulated meter on Dashboard 2.0 (/dashboard)');
  dashboardBase(f);
  page(f, 'page', 'Curve', '/curve', 'chart-line', 1);
  uiGroup(f, 'ui-g', 'Power', 'page', 12, 1);
  const m = meters[1];
  ticNode(f, m, 170, 120, false, [['feed'], []]);
  f.node('feed', 'wes-chart-feed', 400, 120, { name: '', property: 'payload.powerVA', series: '', window: '15m', retention: '24h', points: 300, refresh: 0, format: 'dashboard2' }, [['chart']]);
  f.node('chart', 'ui-chart', 610, 120, widget(f, 'ui-g', 1, 0, 6, {
    name: '', label: 'Power (VA)', chartType: 'line', category: 'series', categoryType: 'property',
    xAxisLabel: '', xAxisProperty: 'x', xAxisPropertyType: 'property', xAxisType: 'time', xAxisFormat: '', xAxisFormatType: 'auto',
    xmin: '', xmax: '', yAxisLabel: '', yAxisProperty: 'y', yAxisPropertyType: 'property', ymin: '0', ymax: '', bins: 10,
    action: 'replace', stackSeries: false, pointShape: 'false', pointRadius: 0, showLegend: true,
    removeOlder: '0', removeOlderUnit: '3600', removeOlderPoints: '',
    colors: ['#1f7a8c', '#e07a1f'], textColor: ['#666666'], textColorDefault: true, gridColor: ['#e5e5e5'], gridColorDefault: true, interpolation: 'linear',
  }), [[]]);
  return f.nodes;
}

function legacyExample() {
  const f = new Flow('ex-legacy');
  f.tab('tab', 'legacy dashboard example', 'For users still on node-red-dashboard (1.x/3.x, the ui_* nodes), at /ui.');
  f.comment('c', 190, 40, 'node-red-dashboard (legacy): power gauge, tariff and a downsampled curve',
    'Needs node-red-dashboard installed. wes-chart-feed is set to the legacy format, which replaces the whole ui_chart.');
  f.config('ui-tab', 'ui_tab', { name: 'WES', icon: 'dashboard', order: 1, disabled: false, hidden: false });
  f.config('ui-group', 'ui_group', { name: 'Meter 1', tab: f.id('ui-tab'), order: 1, disp: true, width: '6', collapse: false, className: '' });
  // No ui_base node: the legacy dashboard then uses its default theme and site settings.
  ticNode(f, meters[0], 170, 120, false, [['power', 'period', 'feed'], []]);
  f.node('power', 'change', 400, 80, { name: 'power (VA)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.powerVA', tot: 'msg' }] }, [['gauge']]);
  f.node('gauge', 'ui_gauge', 610, 80, { name: '', group: f.id('ui-group'), order: 1, width: 0, height: 0, gtype: 'gage', title: 'Power', label: 'VA', format: '{{value}}', min: 0, max: '9000', colors: ['#00b500', '#e6e600', '#ca3838'], seg1: '5400', seg2: '8100', diff: false, className: '' }, []);
  f.node('period', 'change', 400, 120, { name: 'tariff period', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.tariffPeriod', tot: 'msg' }] }, [['period-text']]);
  f.node('period-text', 'ui_text', 610, 120, { group: f.id('ui-group'), order: 2, width: 0, height: 0, name: '', label: 'Tariff period', format: '{{msg.payload}}', layout: 'row-spread', className: '' }, []);
  f.node('feed', 'wes-chart-feed', 400, 160, { name: '', property: 'payload.powerVA', series: '', window: '1h', retention: '24h', points: 400, refresh: 0, format: 'legacy' }, [['chart']]);
  f.node('chart', 'ui_chart', 610, 160, {
    name: '', group: f.id('ui-group'), order: 3, width: 0, height: 0, label: 'Power (VA)', chartType: 'line', legend: 'true', xformat: 'HH:mm', interpolate: 'linear',
    nodata: 'waiting for data', dot: false, ymin: '0', ymax: '', removeOlder: 1, removeOlderPoints: '', removeOlderUnit: '86400', cutout: 0, useOneColor: false, useUTC: false,
    colors: ['#1f7a8c', '#e07a1f', '#ff7f0e', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5'], outputs: 1, useDifferentColor: false, className: '',
  }, [[]]);
  return f.nodes;
}

// ---------------------------------------------------------------------------------------

function write(rel, nodes) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(nodes, null, 4) + '\n');
  console.log(`wrote ${rel} (${nodes.length} nodes)`);
}

export function build() {
  return {
    'flows/wes-supervisor.json': supervisor('sup', true),
    // The importable copy runs anywhere: simulated meters, no ${WES_…} settings needed.
    'examples/wes-supervisor.json': supervisor('sup', false),
    'examples/wes-tic-in.json': ticExample(),
    'examples/wes-chart-feed.json': chartFeedExample(),
    'examples/legacy-dashboard-tic.json': legacyExample(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [rel, nodes] of Object.entries(build())) write(rel, nodes);
}
