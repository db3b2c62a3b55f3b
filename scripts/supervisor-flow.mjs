// Writes the shipped flows: flows/wes-supervisor.json (loaded by `npm start`) and the
// importable examples/*.json, built by scripts/flows/ (builders, one section per concern,
// one module per example, Vue templates and JSONata in their own files).
//
//   node scripts/supervisor-flow.mjs          write every file
//   node scripts/supervisor-flow.mjs --check  write nothing; list the files that differ from
//                                              what the generator builds and the examples it
//                                              does not build, exit 1 if there is any
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, serialize } from './flows/index.mjs';

export { build, serialize };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose committed text is not what the generator builds, and examples it does not build. */
export function stale() {
  const built = build();
  const differing = Object.entries(built)
    .filter(([rel, nodes]) => {
      const file = join(root, rel);
      return !existsSync(file) || readFileSync(file, 'utf8') !== serialize(nodes);
    })
    .map(([rel]) => `${rel} differs from what scripts/supervisor-flow.mjs builds: run npm run flows`);
  // A hand-written example would escape the id and relay-number rules the generator keeps.
  const unbuilt = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.json') && !(`examples/${f}` in built))
    .map((f) => `examples/${f} is not built by scripts/supervisor-flow.mjs: add a module in scripts/flows/examples/`);
  return [...differing, ...unbuilt];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const problems = stale();
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  for (const [rel, nodes] of Object.entries(build())) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serialize(nodes));
    console.log(`wrote ${rel} (${nodes.length} nodes)`);
  }
}
