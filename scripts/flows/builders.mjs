// The builders every flow generator shares: the Flow class (stable ids, nodes, groups, links),
// a grid layout for sections, Dashboard 2.0 widget helpers, and the readers of the Vue templates
// and JSONata expressions kept in their own files so that an editor and a linter can read them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));

/** Stable 16-hex ids from a readable key, so regenerating gives the same ids. */
export const id = (key) => createHash('sha1').update(key).digest('hex').slice(0, 16);

/** A file's text without its final newline: the flows hold the text exactly as written. */
const readText = (rel) => readFileSync(join(here, rel), 'utf8').replace(/\n$/, '');

const tableStyleMarker = '<!-- include table-style.vue -->';

// Languages: the supervisor is generated once per language (`new Flow(prefix, 'fr' | 'en')`).
// A section writes its texts as pairs at the call site, `f.t({ fr: 'Puissance', en: 'Power' })`,
// so that no central dictionary collects every section's strings. Templates and JSONata files
// hold their own small dictionaries and read the language from the `__LANG__` token, which the
// readers below replace by `fr` or `en` (in a Vue template, as a computed `lang () { return '__LANG__' }` beside a computed `t` of texts,
// then `toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')`; in JSONata: `{"fr": "…", "en": "…"}.__LANG__`).
// Dashboard 2.0 runs a template's script as one `export default {…}` object: no statement (comments
// are fine) may come before it (a top-level `const` breaks the widget with "Unexpected token 'export'"), and vue() refuses one.
export const LANGS = ['fr', 'en'];
const withLang = (textOf, lang) => {
  if (!textOf.includes('__LANG__')) return textOf;
  if (!LANGS.includes(lang)) throw new Error(`this template is written in several languages: give it the flow's language (f.lang)`);
  return textOf.split('__LANG__').join(lang);
};

/** A dashboard Vue template from templates/<name>.vue, with the shared table style inlined. */
export const vue = (name, lang) => {
  const textOf = readText(`templates/${name}.vue`);
  const script = /<script>\s*([\s\S]*?)<\/script>/.exec(textOf);
  if (script && !script[1].replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, '').startsWith('export default'))
    throw new Error(`templates/${name}.vue: its script must start with export default`);
  return withLang(textOf.split(tableStyleMarker).join(readText('templates/table-style.vue')), lang);
};

/** A JSONata expression from jsonata/<name>.jsonata. */
export const jsonata = (name, lang) => withLang(readText(`jsonata/${name}.jsonata`), lang);

// ---------------------------------------------------------------------------------------
// Builders

// ---------------------------------------------------------------------------------------
// Our nodes as the editor saves them: every property of the node's editor `defaults`, with its
// default value unless the flow sets it. A property left out is undefined in the editor, which
// fails its validation ("not properly configured") and blanks its dropdown.

const editorDefaultsCache = new Map();

/** The `defaults` of our node type from its editor file (nodes/<type>/<type>.html), or null. */
export function editorDefaults(type) {
  if (editorDefaultsCache.has(type)) return editorDefaultsCache.get(type);
  const file = join(here, '..', '..', 'nodes', type, `${type}.html`);
  let found = null;
  if (existsSync(file)) {
    const html = readFileSync(file, 'utf8');
    const jq = () => {
      const o = {};
      for (const k of ['val', 'on', 'css', 'hide', 'show', 'prop', 'text', 'append', 'find', 'typedInput', 'editableList', 'toggle'])
        o[k] = () => o;
      return o;
    };
    const RED = {
      nodes: { registerType: (t, def) => t === type && (found = def.defaults) },
      validators: { number: () => () => true, regex: () => () => true, typedInput: () => () => true },
      _: (k) => k,
      settings: {},
    };
    for (const [, js] of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g))
      runInNewContext(js, { RED, $: jq, jQuery: jq, window: {}, document: {} });
  }
  const values = found ? Object.fromEntries(Object.entries(found).map(([k, d]) => [k, d.value])) : null;
  editorDefaultsCache.set(type, values);
  return values;
}

// The core nodes whose editor refuses a missing property (inject: "Invalid repeat value").
const CORE_DEFAULTS = { inject: { repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '' } };

/** The props of a node completed with its editor defaults, in the editor's order. */
const asSaved = (type, props) => {
  const d = type.startsWith('wes-') ? editorDefaults(type) : CORE_DEFAULTS[type];
  return d ? { ...d, ...props } : props;
};

export class Flow {
  constructor(prefix, lang = 'en') {
    if (!LANGS.includes(lang)) throw new Error(`unknown language ${lang}`);
    this.prefix = prefix;
    this.lang = lang;
    this.nodes = [];
  }

  /** The text of this flow's language from a `{ fr, en }` pair (both are required). */
  t(pair) {
    if (typeof pair?.fr !== 'string' || typeof pair?.en !== 'string') throw new Error(`a text needs fr and en: ${JSON.stringify(pair)}`);
    return pair[this.lang];
  }

  id(key) {
    return id(`${this.prefix}:${key}`);
  }

  add(node) {
    this.nodes.push(node);
    return node;
  }

  tab(key, label, info) {
    this.z = this.id(key);
    return this.add({ id: this.z, type: 'tab', label, disabled: false, info, env: [] });
  }

  /** A tab with exactly these properties (the hand-written examples had no `disabled` or `env`). */
  plainTab(key, props) {
    this.z = this.id(key);
    return this.add({ id: this.z, type: 'tab', ...props });
  }

  /** A node on the current tab; wires given as keys of other nodes, one array per output. */
  node(key, type, x, y, props = {}, wires = []) {
    return this.add({
      id: this.id(key),
      type,
      z: this.z,
      ...asSaved(type, props),
      x,
      y,
      wires: wires.map((out) => out.map((k) => this.id(k))),
    });
  }

  config(key, type, props) {
    return this.add({ id: this.id(key), type, ...asSaved(type, props) });
  }

  comment(key, x, y, name, info = '') {
    return this.node(key, 'comment', x, y, { name, info });
  }

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
      id: this.id(key),
      type: 'group',
      z: this.z,
      name,
      style: { label: true, stroke: '#999999', fill: color, 'fill-opacity': '0.35', color: '#000000' },
      nodes: members.map((n) => n.id),
      x,
      y,
      w,
      h,
    };
    for (const n of members) n.g = g.id;
    return this.add(g);
  }

  /** Adds a wire from output `port` of one node to another, both by key (across sections). */
  wire(fromKey, port, toKey) {
    const from = this.nodes.find((n) => n.id === this.id(fromKey));
    from.wires[port] = [...(from.wires[port] || []), this.id(toKey)];
  }

  /** Links a link-out to link-ins, both given by key; their names are shown in the editor. */
  link(outKey, inKeys) {
    const out = this.nodes.find((n) => n.id === this.id(outKey));
    out.l = true;
    // Appends, so that a section's own link-in is a line of its own instead of an edit of a shared list.
    out.links = [...(out.links || []), ...inKeys.map((k) => this.id(k))];
    for (const k of inKeys) {
      const inn = this.nodes.find((n) => n.id === this.id(k));
      inn.l = true;
      inn.links = [...(inn.links || []), out.id];
    }
  }
}

/**
 * Positions on a grid inside a section: column i at x0 + i·dx (or x0 + dx[i] when the columns
 * are of different widths), row j at y0 + j·dy, so a section lays its nodes out by (column, row)
 * and moves as a block when its origin moves.
 */
export const grid =
  (x0, y0, dx = 220, dy = 60) =>
  (col, row) => [x0 + (Array.isArray(dx) ? dx[col] : col * dx), y0 + row * dy];

export const colours = {
  meters: '#e3f3d3',
  overview: '#dbeafe',
  chart: '#ddf0f7',
  alerts: '#fde2e2',
  shedding: '#fff0c2',
  teleinfo: '#ece4f7',
  settings: '#eeeeee',
  relays: '#e0f2e9',
  rules: '#fde9d9',
  counters: '#e4f1fb',
  logging: '#f0ecdf',
  history: '#e8f5e9',
};

// ---------------------------------------------------------------------------------------
// Dashboard 2.0 configuration shared by the supervisor

export function dashboardBase(f) {
  f.config('ui-base', 'ui-base', {
    name: f.t({ fr: 'Superviseur WES', en: 'WES supervisor' }),
    path: '/dashboard',
    appIcon: '',
    includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'],
    showPathInSidebar: false,
    headerContent: 'page',
    navigationStyle: 'default',
    titleBarStyle: 'default',
    showReconnectNotification: true,
    notificationDisplayTime: 1,
    showDisconnectNotification: true,
    allowInstall: false,
  });
  f.config('ui-theme', 'ui-theme', {
    name: 'WES',
    colors: { surface: '#1f4e5f', primary: '#1f7a8c', bgPage: '#f2f5f7', groupBg: '#ffffff', groupOutline: '#d6dde3' },
    sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '6px', widgetGap: '10px' },
  });
}

export const breakpoints = [
  { name: 'Default', px: 0, cols: 3 },
  { name: 'Tablet', px: 576, cols: 6 },
  { name: 'Small Desktop', px: 768, cols: 9 },
  { name: 'Desktop', px: 1024, cols: 12 },
];

export function page(f, key, name, path, icon, order) {
  return f.config(key, 'ui-page', {
    name,
    ui: f.id('ui-base'),
    path,
    icon,
    layout: 'grid',
    theme: f.id('ui-theme'),
    breakpoints,
    order,
    className: '',
    visible: 'true',
    disabled: 'false',
  });
}

export function uiGroup(f, key, name, pageKey, width, order) {
  return f.config(key, 'ui-group', {
    name,
    page: f.id(pageKey),
    width: String(width),
    height: '1',
    order,
    showTitle: true,
    className: '',
    visible: 'true',
    disabled: 'false',
    groupType: 'default',
  });
}

export const widget = (f, groupKey, order, width, height, extra) => ({
  group: f.id(groupKey),
  order,
  width: String(width),
  height: String(height),
  className: '',
  ...extra,
});

export function text(f, key, x, y, groupKey, order, label, value, valueType = 'msg') {
  return f.node(
    key,
    'ui-text',
    x,
    y,
    widget(f, groupKey, order, 0, 0, {
      name: '',
      label,
      format: '{{msg.payload}}',
      layout: 'row-spread',
      style: false,
      font: '',
      fontSize: 16,
      color: '#717171',
      wrapText: false,
      value,
      valueType,
    }),
  );
}

/** An inject that sends one payload once the flow has started (after `delay` seconds). */
/**
 * The props of a ui-switch that shows a state the runtime holds (a relay, a virtual switch): it
 * sends true / false under `topic` when clicked, and only moves when the node's answer comes back.
 */
export function stateSwitch({ name, label, topic }) {
  return {
    name,
    label,
    passthru: false,
    decouple: true,
    topic,
    topicType: 'str',
    style: '',
    layout: 'row-spread',
    clickableArea: 'switch',
    onvalue: 'true',
    onvalueType: 'bool',
    onicon: '',
    oncolor: '',
    offvalue: 'false',
    offvalueType: 'bool',
    officon: '',
    offcolor: '',
  };
}

/** The link-state line at the top of a card: kind 'meter' (from the alarm list) or 'input' (a pulse counter's readings). */
export function sourceLink(f, kind, source) {
  return vue('source-link', f.lang).split('__KIND__').join(kind).split('__SOURCE__').join(source);
}

export function atStart(f, key, x, y, name, payload, payloadType, wires, delay = 0.5) {
  return f.node(
    key,
    'inject',
    x,
    y,
    { name, props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: delay, topic: '', payload, payloadType },
    wires,
  );
}

export function gauge(f, key, x, y, groupKey, order, title, max) {
  return f.node(
    key,
    'ui-gauge',
    x,
    y,
    widget(f, groupKey, order, 3, 3, {
      name: `${title} gauge`,
      value: 'payload.powerVA',
      valueType: 'msg',
      gtype: 'gauge-half',
      gstyle: 'rounded',
      title,
      alwaysShowTitle: false,
      floatingTitlePosition: 'top-left',
      units: 'VA',
      icon: '',
      prefix: '',
      suffix: '',
      segments: [
        { from: '0', color: '#5cb85c' },
        { from: String(Math.round(max * 0.6)), color: '#f0ad4e' },
        { from: String(Math.round(max * 0.9)), color: '#d9534f' },
      ],
      min: 0,
      max,
      sizeThickness: 16,
      sizeGap: 4,
      sizeKeyThickness: 8,
      styleRounded: true,
      styleGlow: false,
    }),
    [[]],
  );
}

export function template(f, key, x, y, groupKey, order, name, format) {
  return f.node(
    key,
    'ui-template',
    x,
    y,
    {
      ...widget(f, groupKey, order, 0, 0, {}),
      page: '',
      ui: '',
      name,
      head: '',
      format,
      storeOutMessages: true,
      passthru: false,
      resendOnRefresh: true,
      templateScope: 'local',
    },
    [[]],
  );
}

// Small Vue templates: presentation only, the values come ready from our nodes. Plain <table>
// elements, not Vuetify's v-table: the dashboard parses a template as HTML first, and the parser

/** Groups of one tab must not overlap, or the editor draws one over the other. */
const SERIES_COLOURS = ['#1f7a8c', '#e07a1f', '#7a1fe0', '#2ca02c', '#d62728', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

/**
 * The props of a Dashboard 2.0 line chart of {x, y, series} points on a time axis, as
 * wes-chart-feed sends them: every chart of the supervisor and the examples is one of these.
 */
export function timeChart({ name, label, yAxisLabel = '', ymin = '', colors = SERIES_COLOURS }) {
  return {
    name,
    label,
    chartType: 'line',
    category: 'series',
    categoryType: 'property',
    xAxisLabel: '',
    xAxisProperty: 'x',
    xAxisPropertyType: 'property',
    xAxisType: 'time',
    xAxisFormat: '',
    xAxisFormatType: 'auto',
    xmin: '',
    xmax: '',
    yAxisLabel,
    yAxisProperty: 'y',
    yAxisPropertyType: 'property',
    ymin,
    ymax: '',
    bins: 10,
    action: 'replace',
    stackSeries: false,
    pointShape: 'false',
    pointRadius: 0,
    showLegend: true,
    removeOlder: '0',
    removeOlderUnit: '3600',
    removeOlderPoints: '',
    colors,
    textColor: ['#666666'],
    textColorDefault: true,
    gridColor: ['#e5e5e5'],
    gridColorDefault: true,
    interpolation: 'linear',
  };
}

/**
 * Every property of a wes-input, in the editor's order and with its defaults: the editor saves
 * them all whatever the mode, so a generated node looks like one the user saved.
 */
const INPUT_DEFAULTS = {
  name: '',
  mode: 'contact',
  gpio: '',
  line: '22',
  bias: 'pull-up',
  debounceMs: '50',
  inverted: false,
  simToggleS: '0',
  source: 'iio',
  iioRoot: '/sys/bus/iio/devices',
  device: 'iio:device0',
  channel: '0',
  intervalS: '1',
  average: '5',
  scaling: 'divider',
  ratio: '1',
  v1: '0',
  y1: '0',
  v2: '3.3',
  y2: '3.3',
  unit: 'V',
  decimals: '3',
  thresholds: '',
  simVolts: '1.65',
};

export function inputProps(props) {
  const all = { ...INPUT_DEFAULTS, ...props };
  return Object.fromEntries(Object.keys(INPUT_DEFAULTS).map((k) => [k, all[k]]));
}

export function assertNoOverlap(nodes) {
  const gs = nodes.filter((n) => n.type === 'group');
  for (const [i, a] of gs.entries()) {
    for (const b of gs.slice(i + 1)) {
      if (a.z === b.z && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        throw new Error(`groups overlap: "${a.name}" and "${b.name}"`);
    }
  }
}

/**
 * An estimate of the box the editor draws for a node: 30 px high, as wide as its label (about
 * 7 px a character at the editor's font, plus the icon and ports), at least 100 px. Good enough to
 * catch two nodes drawn over each other.
 */
const box = (n) => {
  const w = Math.max(100, 7 * String(n.name || n.label || n.type).length + 50);
  return { x0: n.x - w / 2, x1: n.x + w / 2, y0: n.y - 15, y1: n.y + 15 };
};

/** Nodes of one tab must not overlap, or the editor draws one over the other. */
export function assertNodesApart(nodes) {
  const drawn = nodes.filter((n) => n.z && typeof n.x === 'number' && n.type !== 'group');
  for (const [i, a] of drawn.entries()) {
    const p = box(a);
    for (const b of drawn.slice(i + 1)) {
      const q = box(b);
      if (a.z === b.z && p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1)
        throw new Error(`nodes overlap: "${a.name || a.type}" and "${b.name || b.type}"`);
    }
  }
}
