// Our readings as time-series points, and their two encodings: InfluxDB's line protocol (which
// InfluxDB 1.x and 2.x and VictoriaMetrics all accept on their write endpoints) and
// Prometheus' text exposition format. One point per reading of a source: measurement
// wes_<family>, tags box, source and the tariff period, one field per value. Both encodings give
// a value the same name (VictoriaMetrics names a line-protocol field <measurement>_<field>), so
// the same Grafana query works against VictoriaMetrics and Prometheus.
import type { Reading } from './readings';

export interface Point {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | boolean | string>;
  tMs: number;
}

/** A point of a reading; null when it carries no field (strings are tags, not fields). */
export function pointOf(box: string, r: Reading & { kind: 'values' }, tMs: number): Point | null {
  const fields: Point['fields'] = {};
  for (const v of r.values) if (typeof v.value !== 'string') fields[v.key] = v.value;
  if (!Object.keys(fields).length) return null;
  const tags: Record<string, string> = { box, source: r.source };
  if (r.period) tags.period = r.period;
  return { measurement: `wes_${r.family}`, tags, fields, tMs: Math.round(tMs) };
}

// Line protocol escaping (docs.influxdata.com, "Line protocol" → "Special characters").
const escMeasurement = (s: string) => s.replace(/[\\,\s]/g, (c) => `\\${c === '\n' ? 'n' : c}`);
const escKey = (s: string) => s.replace(/[\\,=\s]/g, (c) => `\\${c === '\n' ? 'n' : c}`);
const escString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

function fieldText(v: number | boolean | string): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // Floats always (no "i"): a field that is once an integer and once not is a type conflict in InfluxDB.
  if (typeof v === 'number') return String(v);
  return escString(v);
}

/** One line, with a millisecond timestamp (write with precision=ms). */
export function lineOf(p: Point): string {
  const tags = Object.keys(p.tags)
    .sort()
    .filter((k) => p.tags[k] !== '')
    .map((k) => `,${escKey(k)}=${escKey(p.tags[k])}`)
    .join('');
  const fields = Object.entries(p.fields)
    .map(([k, v]) => `${escKey(k)}=${fieldText(v)}`)
    .join(',');
  return `${escMeasurement(p.measurement)}${tags} ${fields} ${p.tMs}`;
}

const promName = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^([0-9])/, '_$1');
const promLabel = (s: string) => s.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/** The series of a point, by series key (name and labels): the latest point of a series replaces the earlier. */
export function seriesOf(p: Point): Array<{ name: string; labels: string; value: number }> {
  const labels = Object.keys(p.tags)
    .sort()
    .filter((k) => k !== 'period' && p.tags[k] !== '')
    .map((k) => `${promName(k)}="${promLabel(p.tags[k])}"`)
    .join(',');
  // The tariff period changes twice a day: as a label it would cut every series in two, so it is its own series.
  const out = Object.entries(p.fields)
    .filter((e): e is [string, number | boolean] => typeof e[1] !== 'string')
    .map(([k, v]) => ({ name: promName(`${p.measurement}_${k}`), labels, value: typeof v === 'boolean' ? (v ? 1 : 0) : v }));
  if (p.tags.period)
    out.push({ name: promName(`${p.measurement}_tariff_period`), labels: `${labels},period="${promLabel(p.tags.period)}"`, value: 1 });
  return out;
}

/** Prometheus text format 0.0.4: every series as a gauge, grouped by name (one TYPE line per name). */
export function prometheusText(series: Iterable<{ name: string; labels: string; value: number }>): string {
  const byName = new Map<string, string[]>();
  for (const s of series) {
    const lines = byName.get(s.name) ?? [];
    lines.push(`${s.name}{${s.labels}} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
    byName.set(s.name, lines);
  }
  let text = '';
  for (const name of [...byName.keys()].sort()) text += `# TYPE ${name} gauge\n${byName.get(name)!.join('\n')}\n`;
  return text;
}
