// The editor and the runtime must agree on what a valid config is: every field of a node's JSON
// schema has an editor default equal to the schema's (or blank, which means the default), and
// every numeric range is enforced by the editor's validate, so a user sees a red field in the
// dialog instead of a red node after deploy. The .html files are run in a sandbox with a small
// stand-in for the editor's RED object, and compared with the specs the adapters declare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { configSpecs } from '../../nodes/shared/node-config';

const nodesDir = resolve(__dirname, '..', '..', 'nodes');

interface EditorField {
  value: unknown;
  required?: boolean;
  validate?: (this: Record<string, unknown>, v: unknown) => boolean;
}
interface EditorDef {
  defaults: Record<string, EditorField>;
}

// What Node-RED's editor validators do (editor-client/src/js/validators.js), closely enough.
const validators = {
  number: (blankAllowed?: boolean) => (v: unknown) =>
    (blankAllowed === true && (v === '' || v === undefined)) || (v !== '' && v !== undefined && !Number.isNaN(Number(v))),
  regex: (re: RegExp) => (v: unknown) => re.test(String(v)),
  typedInput: () => () => true,
};

function editorDefs(): Map<string, { def: EditorDef; html: string }> {
  const out = new Map<string, { def: EditorDef; html: string }>();
  for (const dir of readdirSync(nodesDir)) {
    const file = join(nodesDir, dir, `${dir}.html`);
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const jq = (): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const k of ['val', 'on', 'css', 'hide', 'show', 'prop', 'text', 'append', 'find', 'typedInput', 'editableList', 'toggle'])
        o[k] = () => o;
      o.val = () => '';
      return o;
    };
    const RED = {
      nodes: { registerType: (type: string, def: EditorDef) => out.set(type, { def, html }) },
      validators,
      _: (k: string) => k,
      settings: {},
    };
    for (const js of scripts) runInNewContext(js, { RED, $: jq, jQuery: jq, window: {}, document: {} });
  }
  return out;
}

type Prop = {
  type?: string | string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: unknown[];
};

function selectOptions(html: string, prop: string): string[] | null {
  const m = html.match(new RegExp(`<select[^>]*id="node-(?:config-)?input-${prop}"[^>]*>([\\s\\S]*?)</select>`));
  if (!m) return null;
  return [...m[1].matchAll(/<option value="([^"]*)"/g)].map((o) => o[1]);
}

function problems(
  type: string,
  def: EditorDef,
  html: string,
  schema: { properties?: Record<string, Prop> },
  internal: readonly string[],
): string[] {
  const found: string[] = [];
  const defaults = def.defaults ?? {};
  const self: Record<string, unknown> = Object.fromEntries(Object.entries(defaults).map(([k, f]) => [k, f.value]));
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (internal.includes(k)) continue;
    const f = defaults[k];
    if (!f) {
      found.push(`${type}.${k}: in the schema, not in the editor's defaults`);
      continue;
    }
    if (
      p.default !== undefined &&
      f.value !== '' &&
      JSON.stringify(f.value) !== JSON.stringify(p.default) &&
      String(f.value) !== String(p.default)
    ) {
      found.push(`${type}.${k}: editor default ${JSON.stringify(f.value)}, schema default ${JSON.stringify(p.default)}`);
    }
    const numeric = p.type === 'number' || p.type === 'integer';
    const low = p.minimum ?? p.exclusiveMinimum;
    if (numeric && (low !== undefined || p.maximum !== undefined)) {
      if (!f.validate) {
        found.push(`${type}.${k}: range [${low ?? ''}, ${p.maximum ?? ''}] not checked by the editor`);
        continue;
      }
      const ok = (v: number) => f.validate!.call(self, v) && f.validate!.call(self, String(v));
      const step = p.type === 'integer' ? 1 : 0.001;
      if (p.minimum !== undefined && (!ok(p.minimum) || ok(p.minimum - step)))
        found.push(`${type}.${k}: editor's lower bound is not ${p.minimum}`);
      if (p.exclusiveMinimum !== undefined && (ok(p.exclusiveMinimum) || !ok(p.exclusiveMinimum + step)))
        found.push(`${type}.${k}: editor's lower bound is not > ${p.exclusiveMinimum}`);
      if (p.maximum !== undefined && (!ok(p.maximum) || ok(p.maximum + step)))
        found.push(`${type}.${k}: editor's upper bound is not ${p.maximum}`);
      if (typeof p.default === 'number' && !ok(p.default)) found.push(`${type}.${k}: editor refuses the default ${p.default}`);
    }
    if (p.enum) {
      const options = selectOptions(html, k);
      if (options && JSON.stringify([...options].sort()) !== JSON.stringify(p.enum.map(String).sort())) {
        found.push(`${type}.${k}: editor offers ${options.join('|')}, schema allows ${p.enum.join('|')}`);
      }
    }
  }
  return found;
}

test('every node has a declared config spec, and its editor agrees with it (defaults, ranges, choices)', () => {
  for (const dir of readdirSync(join(__dirname, '..', '..', 'nodes'))) {
    const js = join(__dirname, '..', '..', 'nodes', dir, `${dir}.js`);
    // Loading each adapter module declares its config spec; the paths are only known at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (dir.startsWith('wes-') && existsSync(js)) require(js);
  }
  const specs = configSpecs();
  const editors = editorDefs();
  assert.ok(editors.size >= 15, `found ${editors.size} editors`);
  const found: string[] = [];
  for (const [type, { def, html }] of editors) {
    const spec = specs.get(type);
    if (!spec) {
      found.push(`${type}: no defineConfig spec`);
      continue;
    }
    found.push(...problems(type, def, html, spec.schema as { properties?: Record<string, Prop> }, spec.internal));
  }
  assert.deepEqual(found, []);
});
