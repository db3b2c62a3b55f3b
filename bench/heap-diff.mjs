// Compares two V8 heap snapshots (WES_SOAK_SNAP_DIR of bench/soak.ts) by constructor: count and
// self size in each, largest growth first; then, for the most numerous plain-object shapes of the
// second one, the chain of first retainers, which names the holder of what grew.
// Usage: node --max-old-space-size=8000 bench/heap-diff.mjs before.heapsnapshot after.heapsnapshot
import { readFileSync } from 'node:fs';

function load(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const m = j.snapshot.meta;
  const nf = m.node_fields;
  const ef = m.edge_fields;
  return {
    j,
    N: nf.length,
    E: ef.length,
    types: m.node_types[0],
    etypes: m.edge_types[0],
    iT: nf.indexOf('type'),
    iN: nf.indexOf('name'),
    iS: nf.indexOf('self_size'),
    iEC: nf.indexOf('edge_count'),
    eT: ef.indexOf('type'),
    eN: ef.indexOf('name_or_index'),
    eTo: ef.indexOf('to_node'),
  };
}

function byConstructor(h) {
  const out = new Map();
  const { nodes, strings } = h.j;
  for (let i = 0; i < nodes.length; i += h.N) {
    const t = h.types[nodes[i + h.iT]];
    const name = t === 'object' || t === 'native' || t === 'closure' ? strings[nodes[i + h.iN]].slice(0, 80) : `(${t})`;
    const e = out.get(name) ?? { n: 0, s: 0 };
    e.n++;
    e.s += nodes[i + h.iS];
    out.set(name, e);
  }
  return out;
}

function retainers(h, top = 5, depth = 12) {
  const { nodes, edges, strings: S } = h.j;
  const count = nodes.length / h.N;
  const first = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    first[i] = e;
    e += nodes[i * h.N + h.iEC] * h.E;
  }
  first[count] = edges.length;
  const by = new Int32Array(count).fill(-1);
  const via = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++)
    for (let e = first[i]; e < first[i + 1]; e += h.E) {
      const et = h.etypes[edges[e + h.eT]];
      if (et === 'weak' || et === 'shortcut') continue;
      const to = edges[e + h.eTo] / h.N;
      if (by[to] === -1) {
        by[to] = i;
        via[to] = e;
      }
    }
  const label = (i) => `${h.types[nodes[i * h.N + h.iT]]} ${S[nodes[i * h.N + h.iN]].slice(0, 60)}`;
  const edgeName = (e) => {
    const et = h.etypes[edges[e + h.eT]];
    return et === 'element' || et === 'hidden' ? `[${edges[e + h.eN]}]` : S[edges[e + h.eN]];
  };
  const shapes = new Map();
  for (let i = 0; i < count; i++) {
    if (h.types[nodes[i * h.N + h.iT]] !== 'object' || S[nodes[i * h.N + h.iN]] !== 'Object') continue;
    const props = [];
    for (let e = first[i]; e < first[i + 1]; e += h.E) if (h.etypes[edges[e + h.eT]] === 'property') props.push(S[edges[e + h.eN]]);
    const key = props.slice(0, 8).join(',');
    const s = shapes.get(key) ?? { n: 0, example: i };
    s.n++;
    shapes.set(key, s);
  }
  for (const [key, s] of [...shapes].sort((a, b) => b[1].n - a[1].n).slice(0, top)) {
    console.log(`\n${s.n} x Object {${key}}`);
    const path = [];
    for (let i = s.example, d = 0; d < depth && by[i] !== -1; d++, i = by[i]) path.push(`${label(by[i])} .${edgeName(via[i])}`);
    console.log(`  held by ${path.join('\n    <- ')}`);
  }
}

const [a, b] = process.argv.slice(2).map(load);
const ca = byConstructor(a);
const cb = byConstructor(b);
const mb = (n) => (n / 1048576).toFixed(2);
const rows = [...cb].map(([k, e]) => {
  const p = ca.get(k) ?? { n: 0, s: 0 };
  return { k, n0: p.n, n1: e.n, s0: p.s, s1: e.s };
});
rows.sort((x, y) => y.s1 - y.s0 - (x.s1 - x.s0));
console.log('constructor: count before -> after, self MB before -> after');
for (const r of rows.slice(0, 20)) console.log(`${r.k}: ${r.n0} -> ${r.n1}, ${mb(r.s0)} -> ${mb(r.s1)} MB`);
retainers(b);
