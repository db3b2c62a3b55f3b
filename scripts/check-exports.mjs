// Fails when a module exports a function, class or constant that no other file uses: dead
// exports invite the next person to build on code nothing exercises. Type exports are left to
// the compiler. Run by `npm run lint`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = ['nodes', 'test', 'bench', 'scripts'];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
  }
};
for (const r of roots) walk(r);
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const unused = [];
for (const [file, src] of text) {
  if (!file.startsWith('nodes/')) continue;
  for (const m of src.matchAll(/^export (?:async )?(?:function\*? |class |const |let )([A-Za-z_$][\w$]*)/gm)) {
    const name = m[1];
    const re = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
    const used = [...text].some(([other, s]) => other !== file && re.test(s));
    if (!used) unused.push(`${relative('.', file)}: ${name}`);
  }
}
if (unused.length) {
  console.error(`exports that nothing imports:\n  ${unused.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-exports: ${files.length} files, every export is used`);
