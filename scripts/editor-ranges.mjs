// Writes the editor's range checks from the runtime's schemas, so the dialog refuses what the
// node would refuse after deploy. For every numeric field with a minimum or maximum in a node's
// defineConfig schema, the `validate:` of that field in nodes/<type>/<type>.html becomes a
// generated range check (blank stays allowed: blank means the default). Run after `npm run
// build`: node scripts/editor-ranges.mjs. test/unit/editor-schema.test.ts checks the result.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
for (const dir of readdirSync(join(root, 'dist', 'nodes'))) {
  const js = join(root, 'dist', 'nodes', dir, `${dir}.js`);
  if (dir.startsWith('wes-') && existsSync(js)) require(js);
}
const { configSpecs } = require(join(root, 'dist', 'nodes', 'shared', 'node-config.js'));

function rangeCheck(p, blankAllowed) {
  const parts = [];
  if (p.type === 'integer') parts.push('n % 1 === 0');
  if (p.minimum !== undefined) parts.push(`n >= ${p.minimum}`);
  if (p.exclusiveMinimum !== undefined) parts.push(`n > ${p.exclusiveMinimum}`);
  if (p.maximum !== undefined) parts.push(`n <= ${p.maximum}`);
  const check = `String(v).trim() !== '' && ${parts.join(' && ')}`;
  return `validate: function (v) { var n = Number(v); return ${blankAllowed ? `v === '' || (${check})` : check}; }`;
}

let changed = 0;
for (const [type, spec] of configSpecs()) {
  const file = join(root, 'nodes', type, `${type}.html`);
  if (!existsSync(file)) continue;
  let html = readFileSync(file, 'utf8');
  for (const [k, p] of Object.entries(spec.schema.properties ?? {})) {
    const numeric = p.type === 'number' || p.type === 'integer';
    if (!numeric || (p.minimum === undefined && p.maximum === undefined && p.exclusiveMinimum === undefined)) continue;
    // One field per line in the defaults block: `k: { value: ..., validate: ... },`
    const line = new RegExp(`^(\\s*${k}: \\{ value: [^,}]*)(, required: (?:true|false))?(?:, validate: .*)? \\}(,?)$`, 'm');
    const before = html;
    const blankAllowed = p.default !== undefined;
    html = html.replace(line, (_, head, required, comma) => `${head}${required ?? ''}, ${rangeCheck(p, blankAllowed)} }${comma}`);
    if (html === before && !line.test(html)) console.warn(`${type}.${k}: no one-line default found in ${type}.html`);
  }
  if (html !== readFileSync(file, 'utf8')) {
    writeFileSync(file, html);
    changed++;
  }
}
console.log(`editor ranges: ${changed} file(s) updated`);
