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

const colours = { meters: '#e3f3d3', overview: '#dbeafe', chart: '#ddf0f7', alerts: '#fde2e2', shedding: '#fff0c2', teleinfo: '#ece4f7', settings: '#eeeeee', relays: '#e0f2e9', rules: '#fde9d9', counters: '#e4f1fb', logging: '#f0ecdf', history: '#e8f5e9' };

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
.wes-table th.num { text-align: right; }
.wes-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wes-ok { color: #2e7d32; font-weight: 600; } .wes-bad { color: #c62828; font-weight: 600; }
.wes-table tr.wes-total td { font-weight: 600; border-top: 1px solid #d6dde3; }
.wes-why { font-size: 0.82em; opacity: 0.7; }
</style>`;

// Today's energy and cost per tariff period, from wes-cost (msg.payload.today.byPeriod).
const tplCost = `<template>
  <table class="wes-table">
    <tr><th>Today</th><th class="num">kWh</th><th class="num">€</th></tr>
    <tr v-for="row in rows" :key="row.key">
      <td>{{ row.label }}</td><td class="num">{{ kwh(row.energyWh) }}</td><td class="num">{{ eur(row.costEur) }}</td>
    </tr>
    <tr v-if="!rows.length"><td colspan="3" class="wes-why">{{ msg && msg.payload ? 'nothing counted yet today' : 'waiting for the meter…' }}</td></tr>
    <tr><td>Subscription</td><td></td><td class="num">{{ eur(today.subscriptionEur) }}</td></tr>
    <tr class="wes-total"><td>Total</td><td class="num">{{ kwh(today.energyWh) }}</td><td class="num">{{ eur(today.totalEur) }}</td></tr>
  </table>
</template>
<script>
export default {
  data () {
    return {
      names: {
        HC: 'Off-peak (HC)', HP: 'Peak (HP)', BASE: 'Base',
        HCJB: 'Off-peak · blue', HPJB: 'Peak · blue', HCJW: 'Off-peak · white', HPJW: 'Peak · white', HCJR: 'Off-peak · red', HPJR: 'Peak · red',
        HN: 'Normal hours', PM: 'Peak day (EJP)'
      }
    }
  },
  computed: {
    today () { return (this.msg && this.msg.payload && this.msg.payload.today) || {} },
    rows () {
      return Object.entries(this.today.byPeriod || {})
        .filter(([, v]) => v && v.energyWh > 0)
        .map(([key, v]) => ({ key, label: this.names[key] || key, energyWh: v.energyWh, costEur: v.costEur }))
    }
  },
  methods: {
    kwh (wh) { return typeof wh === 'number' ? (wh / 1000).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '–' },
    eur (v) { return typeof v === 'number' ? v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '–' }
  }
}
</script>
${tableStyle}`;

// wes-load-shed's state (its "status" answer): one row per load, in priority order.
const tplShedLoads = `<template>
  <div v-if="!state" class="wes-why">waiting for the shedding state…</div>
  <div v-else>
    <div v-if="state.lost" class="wes-bad">Meter lost: loads held as they are</div>
    <table class="wes-table">
      <tr><th>#</th><th>Load</th><th class="num">State</th></tr>
      <tr v-for="l in state.loads" :key="l.name">
        <td>{{ l.priority }}</td>
        <td>{{ l.name }}<div v-if="l.shed && l.why" class="wes-why">{{ l.why }}</div></td>
        <td class="num"><span :class="l.shed ? 'wes-bad' : 'wes-ok'">{{ word(l) }}</span></td>
      </tr>
    </table>
  </div>
</template>
<script>
export default {
  computed: { state () { return this.msg && this.msg.payload && Array.isArray(this.msg.payload.loads) ? this.msg.payload : null } },
  methods: {
    word (l) {
      if (l.overrideUntil && l.overrideUntil > Date.now()) return 'manual until ' + new Date(l.overrideUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      return l.shed ? 'shed' : 'allowed'
    }
  }
}
</script>
${tableStyle}
<style>.wes-why { font-size: 0.82em; opacity: 0.7; }</style>`;

// The decision log: the recent decisions of wes-load-shed's state, newest first.
const tplShedLog = `<template>
  <div>
    <div v-if="!list.length" class="wes-why">No decision yet. On the Settings page, set meter 1's load to 8.5 kVA to see the loads shed.</div>
    <div v-for="(d, i) in list" :key="i" class="wes-log-row">
      <div><b>{{ time(d.tMs) }}</b> · {{ d.name }} · <span :class="d.action === 'shed' ? 'wes-bad' : 'wes-ok'">{{ d.action }}</span> <span class="wes-why">({{ d.command }})</span></div>
      <div class="wes-why">{{ d.reason }}</div>
    </div>
  </div>
</template>
<script>
export default {
  computed: {
    list () {
      const r = this.msg && this.msg.payload && this.msg.payload.recent
      return Array.isArray(r) ? r.slice(-12).reverse() : []
    }
  },
  methods: { time (ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) } }
}
</script>
${tableStyle}
<style>
.wes-log-row { padding: 4px 0; border-bottom: 1px solid #eef1f4; font-size: 0.92em; word-break: break-word; }
.wes-why { font-size: 0.82em; opacity: 0.7; }
</style>`;

// wes-scheduler's output (msg.scheduler): now, why, next change.
const tplScheduler = `<template>
  <div v-if="!s" class="wes-why">waiting for the scheduler…</div>
  <div v-else>
    <table class="wes-table">
      <tr><td>Now</td><td class="num"><span :class="s.on ? 'wes-ok' : 'wes-off'">{{ s.on ? 'ON' : 'OFF' }}</span></td></tr>
      <tr><td>Time windows</td><td class="num">{{ s.time ? 'inside a window' : 'outside the windows' }}</td></tr>
      <tr><td>Meter 1 off-peak hours</td><td class="num">{{ s.meter === null ? 'no reading yet' : (s.meter ? 'yes' : 'no') }}</td></tr>
      <tr><td>Next change (windows)</td><td class="num">{{ next }}</td></tr>
    </table>
    <div class="wes-why wes-sched">Windows in force: {{ s.schedule }}</div>
  </div>
</template>
<script>
export default {
  computed: {
    s () { return this.msg && this.msg.scheduler ? this.msg.scheduler : null },
    next () {
      const n = this.s && this.s.next
      if (!n) return 'when the meter’s tariff period changes'
      return (n.on ? 'ON' : 'OFF') + ' · ' + new Date(n.time).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })
    }
  }
}
</script>
${tableStyle}
<style>.wes-why { font-size: 0.82em; opacity: 0.7; } .wes-off { opacity: 0.7; font-weight: 600; } .wes-sched { margin-top: 6px; white-space: pre-wrap; }</style>`;

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

// The History page's request to wes-history: source and range remembered from the widgets.
const historyQuery = `(
  $source := $flowContext("historySource") ? $flowContext("historySource") : "tic1";
  $fields := { "tic1": "powerVA", "tic2": "powerVA", "water": "rate", "gas": "rate" };
  {
    "source": $source,
    "from": $flowContext("historyRange") ? $flowContext("historyRange") : "-24h",
    "fields": [$lookup($fields, $source) ? $lookup($fields, $source) : "powerVA"]
  }
)`;

// Series names for people: "Meter 1 · powerVA" rather than "powerVA".
const historySeries = `(
  $names := { "tic1": "Meter 1", "tic2": "Meter 2", "water": "Water", "gas": "Gas" };
  $name := $lookup($names, history.source) ? $lookup($names, history.source) : history.source;
  [$map(payload, function($p) { { "x": $p.x, "y": $p.y, "series": $name & " · " & $p.series } })]
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

// Example contracts, close to the French regulated tariffs (TRV) of 1 August 2025, TTC: €/kWh per
// tariff period, subscription in €/month. Users enter their own in the wes-contract node.
const contracts = [
  {
    meter: 'tic1', name: 'Meter 1 · Tempo contract (example prices)', option: 'TEMPO',
    prices: '# example prices (Tempo, 9 kVA): enter yours\n2025-08-01 HCJB=0.1232 HPJB=0.1494 HCJW=0.1391 HPJW=0.1730 HCJR=0.1460 HPJR=0.6468 sub=16.16',
  },
  {
    meter: 'tic2', name: 'Meter 2 · HC contract (example prices)', option: 'HC',
    prices: '# example prices (heures creuses, 6 kVA): enter yours\n2025-08-01 HC=0.2068 HP=0.2700 sub=15.89',
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
    'relays, pulse counters and a contact on the GPIO, load shedding and a scheduler (our rule nodes), a CSV logger,',
    'and a Dashboard 2.0 at /dashboard: Overview, Téléinfo, Relays, Rules, Counters, History and Settings.',
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
    'The widgets read their value straight from the meter state (e.g. payload.powerVA), so no function node is needed.\n\n'
    + 'wes-cost turns the meter\'s index registers into energy and € per tariff period (today, yesterday, month, year) '
    + 'with the prices of its wes-contract: open the contract (Meter 1 · Tempo contract, Meter 2 · HC contract) to enter '
    + 'your own prices. The shipped prices are examples close to the French regulated tariffs of August 2025.');
  for (const c of contracts) f.config(`contract-${c.meter}`, 'wes-contract', { name: c.name, option: c.option, timeZone: 'Europe/Paris', prices: c.prices });
  f.node('li-cards', 'link in', 635, 120, { name: 'meter states', links: [] }, [['sw-cards']]);
  f.node('sw-cards', 'switch', 770, 120, {
    name: 'which meter?', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'tic1', vt: 'str' }, { t: 'eq', v: 'tic2', vt: 'str' }], checkall: 'false', repair: false, outputs: 2,
  }, [['m1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-cost-rate'], ['m2-gauge', 'm2-period', 'm2-current', 'm2-cost-rate']]);
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
    // Energy and cost today per tariff period, from the meter's index registers and the contract's prices.
    // The index moves by a few Wh a frame: one reading every 15 s is plenty and spares the CPU and the SD card.
    f.node(`${p}-cost-rate`, 'delay', 1030, y0 + 200, {
      name: 'one reading / 15 s', pauseType: 'rate', timeout: '5', timeoutUnits: 'seconds', rate: '1', nbRateUnits: '15', rateUnits: 'second',
      randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: true, allowrate: false, outputs: 1,
    }, [[`${p}-cost`]]);
    f.node(`${p}-cost`, 'wes-cost', 1260, y0 + 250, { name: `${m.short} · cost`, contract: f.id(`contract-${m.key}`), intervalS: 30 }, [[`${p}-energy`]]);
    template(f, `${p}-energy`, 1480, y0 + 250, g, 5, `energy and cost today ${m.short.toLowerCase()}`, tplCost);
  }
  const cards = ['c-cards', 'li-cards', 'sw-cards',
    'm1-gauge', 'm1-period', 'm1-current', 'm1-tempo-sel', 'm1-tempo', 'm1-cost-rate', 'm1-cost', 'm1-energy',
    'm2-gauge', 'm2-period', 'm2-current', 'm2-cost-rate', 'm2-cost', 'm2-energy'];
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

  // -- Rules page: load shedding with wes-load-shed
  page(f, 'page-rules', 'Rules', '/rules', 'format-list-checks', 4);
  uiGroup(f, 'ui-rules-shed', 'Load shedding · meter 1', 'page-rules', 6, 1);
  uiGroup(f, 'ui-rules-log', 'Load shedding · decisions', 'page-rules', 6, 2);
  uiGroup(f, 'ui-shedding', 'Load shedding', 'page-overview', 6, 5);
  f.comment('c-shed', 210, 780, 'Rules page: load shedding (délestage) of meter 1 with wes-load-shed',
    'Open "load shedding" to edit it: what is watched (power vs the subscribed 9 kVA), the thresholds (shed above 90 %, '
    + 'restore below 80 % after 60 s), and the loads in priority order (first shed first: the water heater, then the heating '
    + 'fil pilote). Each load is one output, linked to its relay on the Relays group; the last output is the decision log.\n\n'
    + 'The relays\' own state messages come back through "relay states", so the rule learns manual commands '
    + '(a switch on the Relays page overrides it for the relay\'s override time). After each decision the node is asked '
    + 'for its state ("status"), which the Rules page and the Overview show.\n\n'
    + 'The Rules page changes the order at run time: "Shed first" sends {topic: "priorities", payload: [loads, first shed first]} '
    + '(kept across restarts by the node; the loads keep their outputs and relays).');
  f.node('li-shed', 'link in', 95, 840, { name: 'meter states and events', links: [] }, [['shed-meter']]);
  f.node('shed-meter', 'switch', 260, 840, {
    name: 'meter 1 only', property: 'topic', propertyType: 'msg', rules: [{ t: 'regex', v: '^tic1(/event)?$', vt: 'str', case: false }], checkall: 'true', repair: false, outputs: 1,
  }, [['load-shed']]);
  f.node('li-relay-states', 'link in', 95, 900, { name: 'relay states', links: [] }, [['load-shed', 'shed-ask']]);
  f.node('shed-start', 'inject', 250, 960, {
    name: 'state at start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 1, topic: '', payload: 'status', payloadType: 'str',
  }, [['load-shed']]);
  f.node('load-shed', 'wes-load-shed', 500, 880, {
    name: 'load shedding', basis: 'power', fixedLimit: 0, shedAtPct: 90, restoreBelowPct: 80, restoreDelayS: 60, settleS: 3,
    rotateAfterMin: 30, predictS: 0, lostMode: 'hold', lostAfterS: 30, voltage: 230, pilotCommand: 'relay',
    loads: [
      { name: 'water heater', powerW: 2400, kind: 'onoff', relay: 1, minOnS: 0, minOffS: 0, rotate: false },
      { name: 'heating', powerW: 3000, kind: 'pilot', relay: 2, minOnS: 0, minOffS: 0, rotate: false },
    ],
    outputs: 3,
  }, [['lo-relay1'], ['lo-relay2'], ['shed-kind']]);
  f.node('lo-relay1', 'link out', 720, 820, { name: 'to relay 1 · water heater', mode: 'link', links: [] });
  f.node('lo-relay2', 'link out', 720, 860, { name: 'to relay 2 · heating', mode: 'link', links: [] });
  f.node('shed-kind', 'switch', 740, 920, {
    name: 'decision or state?', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'load-shed/decision', vt: 'str' }, { t: 'eq', v: 'load-shed/state', vt: 'str' }], checkall: 'false', repair: false, outputs: 2,
  }, [['shed-ask'], ['shed-text', 'shed-loads', 'shed-log', 'shed-order']]);
  f.node('shed-ask', 'change', 500, 960, {
    name: 'ask for its state', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'status', tot: 'str' }, { t: 'delete', p: 'relay', pt: 'msg' }],
  }, [['load-shed']]);
  text(f, 'shed-text', 990, 860, 'ui-shedding', 1, 'Meter 1 loads',
    '$count(payload.shed) = 0 ? "nothing shed" : "shed: " & $join(payload.shed, ", ")', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'shedding state';
  template(f, 'shed-loads', 990, 910, 'ui-rules-shed', 1, 'shedding loads', tplShedLoads);
  template(f, 'shed-log', 990, 960, 'ui-rules-log', 1, 'shedding log', tplShedLog);
  // The shedding order, edited on the Rules page: the dropdown lists the loads in the order in force (from the node's
  // state) and picks the one shed first; "priorities" puts it in front of the others, which keep their order.
  f.node('shed-order', 'change', 740, 1010, {
    name: 'order in force', rules: [
      { t: 'set', p: 'shedOrder', pt: 'flow', to: 'payload.order', tot: 'msg' },
      { t: 'set', p: 'options', pt: 'msg', to: 'payload.order', tot: 'msg' },
      { t: 'set', p: 'payload', pt: 'msg', to: 'payload.order[0]', tot: 'jsonata' },
    ],
  }, [['shed-first']]);
  f.node('shed-first', 'ui-dropdown', 990, 1010, widget(f, 'ui-rules-shed', 2, 0, 0, {
    name: 'shed first', label: 'Shed first', tooltip: '', passthru: false, multiple: false, chips: false, clearable: false,
    options: [{ value: 'water heater', label: 'water heater', type: 'str' }, { value: 'heating', label: 'heating', type: 'str' }],
    payload: '', topic: 'shed first', topicType: 'str', typeIsComboBox: false, msgTrigger: 'onChange',
  }), [['shed-prio']]);
  f.node('shed-prio', 'change', 500, 1010, {
    name: 'priorities', rules: [
      { t: 'set', p: 'payload', pt: 'msg', to: '$append([payload], $flowContext("shedOrder")[$ != $$.payload])', tot: 'jsonata' },
      { t: 'set', p: 'topic', pt: 'msg', to: 'priorities', tot: 'str' },
    ],
  }, [['load-shed']]);
  const shed = ['c-shed', 'li-shed', 'shed-meter', 'li-relay-states', 'shed-start', 'load-shed', 'lo-relay1', 'lo-relay2', 'shed-kind', 'shed-ask', 'shed-text', 'shed-loads', 'shed-log',
    'shed-order', 'shed-first', 'shed-prio'];
  f.group('g-shed', 'Rules page · load shedding (meter 1)', shed, colours.shedding);

  // -- Relays page
  page(f, 'page-relays', 'Relays', '/relays', 'electric-switch', 3);
  uiGroup(f, 'ui-relays', 'Relays', 'page-relays', 6, 1);
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: hardwareFromEnv ? '${WES_GPIO_BACKEND}' : 'simulated', chip: 'auto' });
  f.comment('c-relays', 210, 1060, 'Relays page: the relays, driven by the rules; the switches show the state the runtime holds',
    'The rules reach the relays through the link nodes "to relay N". Each switch is decoupled: it shows what wes-relay-out '
    + 'reports, not what was clicked. A click is a manual command (topic "manual") that keeps the rules out for the relay\'s '
    + 'override time (60 min). Every relay\'s state also goes to "relay states", back to the load shedding.\n\n'
    + 'Relay 2 drives the heating\'s fil pilote through a diode: closed (on) = frost protection, open (off) = comfort.\n\n'
    + 'GPIO lines are simulated unless settings/hardware.js sets gpio.backend.');
  const relays = [
    { n: 1, key: 'relay1', name: 'Water heater', line: '23', start: 'on', label: 'Water heater (relay 1)', sw: 'water heater switch' },
    { n: 2, key: 'relay2', name: 'Heating fil pilote', line: '24', start: 'off', label: 'Heating fil pilote (relay 2, on = frost)', sw: 'heating switch' },
    { n: 3, key: 'relay3', name: 'EV charger', line: '25', start: 'off', label: 'EV charger (relay 3)', sw: 'ev charger switch' },
  ];
  for (const [i, r] of relays.entries()) {
    const y = 1120 + i * 60;
    f.node(`li-${r.key}`, 'link in', 95, y, { name: `to relay ${r.n} · ${r.name.toLowerCase().replace(' fil pilote', '')}`, links: [] }, [[r.key]]);
    f.node(r.key, 'wes-relay-out', 330, y, {
      name: r.name, gpio: f.id('gpio'), line: r.line, activeLow: false, number: String(r.n), startState: r.start, minOnS: '0', minOffS: '0', overrideMin: '60',
    }, [[`${r.key}-sw`, 'lo-relay-states']]);
    f.node(`${r.key}-sw`, 'ui-switch', 580, y, widget(f, 'ui-relays', r.n, 0, 0, {
      name: r.sw, label: r.label, passthru: false, decouple: true, topic: 'manual', topicType: 'str', style: '',
      layout: 'row-spread', clickableArea: 'switch', onvalue: 'true', onvalueType: 'bool', onicon: '', oncolor: '', offvalue: 'false', offvalueType: 'bool', officon: '', offcolor: '',
    }), [[r.key]]);
  }
  f.node('lo-relay-states', 'link out', 580, 1300, { name: 'relay states', mode: 'link', links: [] });
  f.move(['c-relays', ...relays.flatMap((r) => [`li-${r.key}`, r.key, `${r.key}-sw`]), 'lo-relay-states'], 0, 60);
  f.group('g-relays', 'Relays page', ['c-relays', ...relays.flatMap((r) => [`li-${r.key}`, r.key, `${r.key}-sw`]), 'lo-relay-states'], colours.relays);

  // -- Rules page: a scheduler following meter 1's tariff period
  uiGroup(f, 'ui-rules-sched', 'EV charger · scheduler (relay 3)', 'page-rules', 6, 3);
  f.comment('c-sched', 210, 1400, 'Rules page: EV charger in off-peak hours (meter 1) or at weekend noon',
    'wes-scheduler follows meter 1\'s tariff period (off-peak hours as the meter says, so the distributor\'s real hours) '
    + 'OR its weekly windows. The filter keeps only meter 1 and tariff changes. It is asked for its '
    + 'state every minute for the dashboard ("next change", msg.time set so the answer is a "query"); only its changes go to the relay.\n\n'
    + 'The Rules page edits the windows: the text box is filled with the windows in force (at start, after an edit, when the page '
    + 'opens), "Save windows" sends {schedule: text}; wes-scheduler checks it, keeps it across restarts and answers with its new '
    + 'state ("edited"), or refuses it with an error shown under the box.');
  f.node('li-sched', 'link in', 95, 1460, { name: 'meter states', links: [] }, [['sched-meter']]);
  f.node('sched-meter', 'switch', 240, 1460, {
    name: 'meter 1 only', property: 'topic', propertyType: 'msg', rules: [{ t: 'eq', v: 'tic1', vt: 'str' }], checkall: 'true', repair: false, outputs: 1,
  }, [['sched-tariff']]);
  f.node('sched-tariff', 'rbe', 420, 1460, { name: 'tariff changes only', func: 'rbe', gap: '', start: '', inout: 'out', septopics: true, property: 'payload.tariffPeriod', topi: 'topic' }, [['scheduler']]);
  f.node('sched-tick', 'inject', 420, 1520, {
    name: 'state every minute', props: [{ p: 'payload' }, { p: 'time', v: '', vt: 'date' }], repeat: '60', crontab: '', once: true, onceDelay: 2, topic: '', payload: 'status', payloadType: 'str',
  }, [['scheduler']]);
  f.node('scheduler', 'wes-scheduler', 600, 1480, {
    name: 'EV charger', schedule: '# also charge at weekend noon (solar hours)\nSat,Sun 11:00-15:00', timeZone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522,
    holidayMode: 'sunday', alsaceMoselle: false, meter: 'offpeak', tempoDay: 'today', colours: 'ROUGE', combine: 'or', payloadOn: 'on', payloadOff: 'off',
  }, [['sched-changes', 'sched-tpl', 'sched-why']]);
  f.node('sched-changes', 'switch', 760, 1460, {
    name: 'changes only', property: 'scheduler.reason', propertyType: 'msg', rules: [{ t: 'regex', v: '^(start|edge|meter|edited)$', vt: 'str', case: false }], checkall: 'true', repair: false, outputs: 1,
  }, [['lo-relay3']]);
  f.node('lo-relay3', 'link out', 880, 1460, { name: 'to relay 3 · ev charger', mode: 'link', links: [] });
  template(f, 'sched-tpl', 760, 1520, 'ui-rules-sched', 1, 'scheduler state', tplScheduler);
  // Editing the windows. The minute's queries never refill the box, so a user's typing is not overwritten.
  f.node('sched-view', 'ui-event', 130, 1580, { ui: f.id('ui-base'), name: 'page views' }, [['sched-page']]);
  f.node('sched-page', 'switch', 290, 1580, {
    name: 'Rules page?', property: 'payload.page.path', propertyType: 'msg', rules: [{ t: 'eq', v: '/rules', vt: 'str' }], checkall: 'true', repair: false, outputs: 1,
  }, [['sched-ask']]);
  f.node('sched-ask', 'change', 450, 1580, {
    name: 'ask its state', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'status', tot: 'str' }, { t: 'delete', p: 'time', pt: 'msg' }],
  }, [['scheduler']]);
  f.node('sched-why', 'switch', 760, 1580, {
    name: 'refill or saved?', property: 'scheduler.reason', propertyType: 'msg',
    rules: [{ t: 'regex', v: '^(start|edited|demand)$', vt: 'str', case: false }, { t: 'eq', v: 'edited', vt: 'str' }], checkall: 'true', repair: false, outputs: 2,
  }, [['sched-fill'], ['sched-result']]);
  f.node('sched-fill', 'change', 880, 1620, {
    name: 'windows in force', rules: [
      { t: 'set', p: 'scheduleDraft', pt: 'flow', to: 'scheduler.schedule', tot: 'msg' },
      { t: 'set', p: 'payload', pt: 'msg', to: 'scheduler.schedule', tot: 'msg' },
    ],
  }, [['sched-text']]);
  f.node('sched-text', 'ui-text-input', 250, 1640, widget(f, 'ui-rules-sched', 2, 0, 3, {
    name: 'schedule text', label: 'Windows (one rule a line)', tooltip: '', mode: 'textarea', delay: 300, passthru: false,
    sendOnDelay: false, sendOnBlur: true, sendOnEnter: false, clearable: false, sendOnClear: false, icon: '', iconPosition: 'left', iconInnerPosition: 'inside',
    topic: 'schedule', topicType: 'str',
  }), [['sched-draft']]);
  f.node('sched-draft', 'change', 450, 1640, {
    name: 'remember the draft', rules: [{ t: 'set', p: 'scheduleDraft', pt: 'flow', to: 'payload', tot: 'msg' }],
  }, []);
  f.node('sched-save', 'ui-button', 250, 1700, widget(f, 'ui-rules-sched', 3, 0, 0, {
    name: 'save windows', label: 'Save windows', tooltip: '', emulateClick: false, color: '', bgcolor: '', icon: 'content-save', iconPosition: 'left',
    payload: '', payloadType: 'str', topic: 'schedule', topicType: 'str', buttonColor: '', textColor: '', iconColor: '', enableClick: true,
    enablePointerdown: false, pointerdownPayload: '', pointerdownPayloadType: 'str', enablePointerup: false, pointerupPayload: '', pointerupPayloadType: 'str',
  }), [['sched-edit']]);
  f.node('sched-edit', 'change', 450, 1700, {
    name: 'edited schedule', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{ "schedule": $flowContext("scheduleDraft") }', tot: 'jsonata' }],
  }, [['scheduler']]);
  f.node('sched-catch', 'catch', 760, 1700, { name: 'schedule refused', scope: [f.id('scheduler')], uncaught: false }, [['sched-result']]);
  text(f, 'sched-result', 880, 1680, 'ui-rules-sched', 4, '',
    '$exists(error) ? "Refused: " & error.message : "Saved: these windows are in force"', 'jsonata');
  Object.assign(f.nodes[f.nodes.length - 1], { name: 'schedule result', layout: 'row-left', fontSize: 14 });
  const sched = ['c-sched', 'li-sched', 'sched-meter', 'sched-tariff', 'sched-tick', 'scheduler', 'sched-changes', 'lo-relay3', 'sched-tpl',
    'sched-view', 'sched-page', 'sched-ask', 'sched-why', 'sched-fill', 'sched-text', 'sched-draft', 'sched-save', 'sched-edit', 'sched-catch', 'sched-result'];
  f.move(sched, 0, 80);
  f.group('g-sched', 'Rules page · scheduler (EV charger)', sched, colours.rules);

  // -- Counters page: pulse counters and a contact input on the GPIO
  page(f, 'page-counters', 'Counters', '/counters', 'counter', 5);
  uiGroup(f, 'ui-water', 'Water', 'page-counters', 4, 1);
  uiGroup(f, 'ui-gas', 'Gas', 'page-counters', 4, 2);
  uiGroup(f, 'ui-inputs', 'Inputs', 'page-counters', 4, 3);
  f.comment('c-counters', 210, 1640, 'Counters page: water and gas pulse counters, a door contact',
    'wes-pulse-in counts a meter\'s pulses (1 L a pulse for water, 0.01 m³ for gas; simulated rates 3 and 2 pulses a '
    + 'minute) and keeps its index across restarts: set the index read on your meter in the node. wes-input reads a '
    + 'contact (simulated: the door opens or closes every 20 s). Their readings also go to the logger.');
  f.node('cnt-start', 'inject', 130, 1760, {
    name: 'readings at start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 1, topic: '', payload: 'status', payloadType: 'str',
  }, [['water', 'gas', 'door']]);
  const counters = [
    { key: 'water', y: 1700, kind: 'water', weight: '1', unit: 'L', line: '17', index: '123456', simRate: '3', timeoutS: '300', leakHours: '2', leakRate: '0', group: 'ui-water', digits: '#,##0', flow: '0.0' },
    { key: 'gas', y: 1800, kind: 'gas', weight: '0.01', unit: 'm3', line: '27', index: '4521.37', simRate: '2', timeoutS: '600', leakHours: '0', leakRate: '0', group: 'ui-gas', digits: '#,##0.00', flow: '0.00' },
  ];
  for (const c of counters) {
    f.node(c.key, 'wes-pulse-in', 360, c.y, {
      name: c.key, gpio: f.id('gpio'), line: c.line, activeLevel: 'low', bias: 'pull-up', kind: c.kind, weight: c.weight, unit: c.unit, debounceMs: '20',
      index: c.index, timeoutS: c.timeoutS, persistS: '60', timezone: '', leakHours: c.leakHours, leakGapMin: '30', leakRate: c.leakRate, leakRateMin: '10',
      simRate: c.simRate, outputS: '0',
    }, [[`${c.key}-index`, `${c.key}-today`, `${c.key}-flow`, 'lo-log-counters'], []]);
    text(f, `${c.key}-index`, 620, c.y - 30, c.group, 1, 'Index', `$formatNumber(payload.index, "${c.digits}") & " " & unit`, 'jsonata');
    text(f, `${c.key}-today`, 620, c.y, c.group, 2, 'Today', `$formatNumber(payload.today, "${c.digits}") & " " & unit`, 'jsonata');
    text(f, `${c.key}-flow`, 620, c.y + 30, c.group, 3, 'Flow', `$formatNumber(payload.rate, "${c.flow}") & " " & payload.rateUnit`, 'jsonata');
    f.nodes.slice(-3).forEach((n, i) => { n.name = `${c.key} ${['index', 'today', 'flow'][i]}`; });
  }
  f.node('door', 'wes-input', 360, 1900, {
    name: 'door', mode: 'contact', gpio: f.id('gpio'), line: '22', bias: 'pull-up', debounceMs: '50', inverted: false, simToggleS: '20',
    source: 'iio', iioRoot: '/sys/bus/iio/devices', device: 'iio:device0', channel: '0', intervalS: '1', average: '5', scaling: 'divider', ratio: '1',
    v1: '0', y1: '0', v2: '3.3', y2: '3.3', unit: 'V', decimals: '3', thresholds: '', simVolts: '1.65',
  }, [['door-state', 'door-count'], []]);
  text(f, 'door-state', 620, 1880, 'ui-inputs', 1, 'Front door', 'payload = 1 ? "closed" : "open"', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'door state';
  text(f, 'door-count', 620, 1920, 'ui-inputs', 2, 'Openings', '$string(counts.openings)', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'door openings';
  f.node('lo-log-counters', 'link out', 620, 1960, { name: 'to the logger', mode: 'link', links: [] });
  f.move(['c-counters', 'cnt-start', 'water', 'water-index', 'water-today', 'water-flow', 'gas', 'gas-index', 'gas-today', 'gas-flow',
    'door', 'door-state', 'door-count', 'lo-log-counters'], 0, 260);
  f.group('g-counters', 'Counters page', ['c-counters', 'cnt-start', 'water', 'water-index', 'water-today', 'water-flow', 'gas', 'gas-index', 'gas-today', 'gas-flow',
    'door', 'door-state', 'door-count', 'lo-log-counters'], colours.counters);

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
    { label: 'GPIO lines (relays, counters, door)', env: 'WES_GPIO_BACKEND' },
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

  // -- Logging: one wes-logger for the meters and the counters
  f.comment('c-log', 1400, 1400, 'Logging: meters and counters to CSV files (wes-logger)',
    'Default settings: one CSV file per day and source (tic1, tic2, water, gas) in wes-logs/ inside the Node-RED user '
    + 'folder, a row every 60 s with average / min / max, written once a minute (SD-card friendly), with 10-min, hour and '
    + 'day aggregates for the History page. Downloads: /wes/logs.');
  f.node('li-log', 'link in', 1305, 1460, { name: 'to the logger', links: [] }, [['logger']]);
  f.node('logger', 'wes-logger', 1480, 1460, {
    name: 'logs', folder: '', format: 'auto', mode: 'interval', interval: 60, rules: '', flushInterval: 60, retentionDays: 730, maxBufferKB: 8192,
  }, []);
  f.group('g-log', 'Logging', ['c-log', 'li-log', 'logger'], colours.logging);

  // -- History page: wes-history → ui-chart
  page(f, 'page-history', 'History', '/history', 'chart-timeline-variant', 6);
  uiGroup(f, 'ui-history', 'History', 'page-history', 12, 1);
  f.comment('c-hist', 1150, 1640, 'History page: a logged source over a chosen range (wes-history)',
    'The dropdown picks the source, the buttons the range; both are kept in flow context, and "query" builds '
    + 'wes-history\'s request with JSONata. wes-history picks the resolution from the range (raw up to 6 h, 10 min up to '
    + '8 days, hours up to 3 months, days beyond). Opening the page asks again, so the curve is fresh.');
  f.node('hist-view', 'ui-event', 1060, 1700, { ui: f.id('ui-base'), name: 'page views' }, [['hist-page']]);
  f.node('hist-page', 'switch', 1230, 1700, {
    name: 'History page?', property: 'payload.page.path', propertyType: 'msg', rules: [{ t: 'eq', v: '/history', vt: 'str' }], checkall: 'true', repair: false, outputs: 1,
  }, [['hist-query']]);
  f.node('hist-src-init', 'inject', 1060, 1760, {
    name: 'meter 1 at start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 1, topic: '', payload: 'tic1', payloadType: 'str',
  }, [['hist-source', 'hist-set-src']]);
  f.node('hist-source', 'ui-dropdown', 1230, 1800, widget(f, 'ui-history', 1, 0, 0, {
    name: 'history source', label: 'Source', tooltip: '', passthru: false, multiple: false, chips: false, clearable: false,
    options: [
      { value: 'tic1', label: 'Meter 1 · power (VA)', type: 'str' },
      { value: 'tic2', label: 'Meter 2 · power (VA)', type: 'str' },
      { value: 'water', label: 'Water · flow (L/min)', type: 'str' },
      { value: 'gas', label: 'Gas · flow (m³/h)', type: 'str' },
    ],
    payload: '', topic: 'source', topicType: 'str', typeIsComboBox: false, msgTrigger: 'onChange',
  }), [['hist-set-src']]);
  f.node('hist-set-src', 'change', 1420, 1760, {
    name: 'remember source', rules: [{ t: 'set', p: 'historySource', pt: 'flow', to: 'payload', tot: 'msg' }],
  }, [['hist-query']]);
  f.node('hist-range-init', 'inject', 1060, 1860, {
    name: '24 h at start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: 1.2, topic: '', payload: '-24h', payloadType: 'str',
  }, [['hist-range', 'hist-set-range']]);
  f.node('hist-range', 'ui-button-group', 1230, 1900, widget(f, 'ui-history', 2, 0, 1, {
    name: 'history range', label: '', rounded: true, useThemeColors: true, passthru: false,
    options: [
      { label: '1 h', icon: '', value: '-1h', valueType: 'str' },
      { label: '24 h', icon: '', value: '-24h', valueType: 'str' },
      { label: '7 d', icon: '', value: '-7d', valueType: 'str' },
      { label: '31 d', icon: '', value: '-31d', valueType: 'str' },
      { label: '1 y', icon: '', value: '-1y', valueType: 'str' },
    ],
    topic: 'range', topicType: 'str',
  }), [['hist-set-range']]);
  f.node('hist-set-range', 'change', 1420, 1860, {
    name: 'remember range', rules: [{ t: 'set', p: 'historyRange', pt: 'flow', to: 'payload', tot: 'msg' }],
  }, [['hist-query']]);
  f.node('hist-query', 'change', 1620, 1760, {
    name: 'query', rules: [{ t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: historyQuery }],
  }, [['history']]);
  f.node('history', 'wes-history', 1800, 1760, {
    name: 'history', logger: '', source: 'tic1', from: '-24h', to: 'now', resolution: 'auto', fields: '', output: 'chart',
  }, [['hist-series', 'hist-info']]);
  f.node('hist-series', 'change', 1620, 1840, {
    name: 'readable series', rules: [{ t: 'set', p: 'payload', pt: 'msg', tot: 'jsonata', to: historySeries }],
  }, [['hist-chart']]);
  f.node('hist-chart', 'ui-chart', 1800, 1840, widget(f, 'ui-history', 3, 0, 7, {
    name: 'history chart', label: 'History', chartType: 'line', category: 'series', categoryType: 'property',
    xAxisLabel: '', xAxisProperty: 'x', xAxisPropertyType: 'property', xAxisType: 'time', xAxisFormat: '', xAxisFormatType: 'auto',
    xmin: '', xmax: '', yAxisLabel: '', yAxisProperty: 'y', yAxisPropertyType: 'property', ymin: '0', ymax: '', bins: 10,
    action: 'replace', stackSeries: false, pointShape: 'false', pointRadius: 0, showLegend: true,
    removeOlder: '0', removeOlderUnit: '3600', removeOlderPoints: '',
    colors: ['#1f7a8c', '#e07a1f', '#7a1fe0', '#2ca02c', '#d62728', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'],
    textColor: ['#666666'], textColorDefault: true, gridColor: ['#e5e5e5'], gridColorDefault: true, interpolation: 'linear',
  }), [[]]);
  f.node('hist-catch', 'catch', 1620, 1920, { name: 'history errors', scope: [f.id('history')], uncaught: false }, [['hist-info']]);
  text(f, 'hist-info', 1800, 1920, 'ui-history', 4, 'Points',
    '$exists(error) ? error.message : ($string(history.count) & " points · resolution " & history.resolution)', 'jsonata');
  f.nodes[f.nodes.length - 1].name = 'history points';
  const hist = ['c-hist', 'hist-view', 'hist-page', 'hist-src-init', 'hist-source', 'hist-set-src', 'hist-range-init', 'hist-range',
    'hist-set-range', 'hist-query', 'history', 'hist-series', 'hist-chart', 'hist-catch', 'hist-info'];
  f.move(hist, 140, 0);
  f.group('g-hist', 'History page', hist, colours.history);

  f.link('lo-states', ['li-cards', 'li-chart', 'li-shed', 'li-ti', 'li-sched', 'li-log']);
  f.link('lo-events', ['li-events', 'li-shed']);
  f.link('lo-sim', ['li-sim']);
  f.link('lo-relay1', ['li-relay1']);
  f.link('lo-relay2', ['li-relay2']);
  f.link('lo-relay3', ['li-relay3']);
  f.link('lo-relay-states', ['li-relay-states']);
  f.link('lo-log-counters', ['li-log']);
  // Keep every group clear of the editor's left edge.
  for (const n of f.nodes) if (typeof n.x === 'number') n.x += 40;
  assertNoOverlap(f.nodes);
  return f.nodes;
}

/** Groups of one tab must not overlap, or the editor draws one over the other. */
function assertNoOverlap(nodes) {
  const gs = nodes.filter((n) => n.type === 'group');
  for (const [i, a] of gs.entries()) {
    for (const b of gs.slice(i + 1)) {
      if (a.z === b.z && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) throw new Error(`groups overlap: "${a.name}" and "${b.name}"`);
    }
  }
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
