// Writes the shipped flows: flows/wes-supervisor.json (loaded by `npm start`) and the
// importable examples/*.json, built by scripts/flows/ (builders, one section per concern,
// one module per example, Vue templates and JSONata in their own files).
//
//   node scripts/supervisor-flow.mjs          write every file
//   node scripts/supervisor-flow.mjs --check  write nothing; list the files that differ from
//                                              what the generator builds, exit 1 if any does
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, serialize } from './flows/index.mjs';

export { build, serialize };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose committed text is not what the generator builds. */
export function stale() {
  return Object.entries(build())
    .filter(([rel, nodes]) => { const file = join(root, rel); return !existsSync(file) || readFileSync(file, 'utf8') !== serialize(nodes); })
    .map(([rel]) => rel);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const files = stale();
    for (const rel of files) console.error(`${rel} differs from what scripts/supervisor-flow.mjs builds: run npm run flows`);
    process.exit(files.length ? 1 : 0);
  }
  for (const [rel, nodes] of Object.entries(build())) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serialize(nodes));
    console.log(`wrote ${rel} (${nodes.length} nodes)`);
  }
}
