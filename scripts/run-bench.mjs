// Runs every benchmark in dist/bench one after the other (they measure CPU: never in parallel)
// and prints their ratios. `npm run bench -- NAME` runs the ones whose file name contains NAME.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2] ?? '';
const dir = join('dist', 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.js') && f.includes(filter))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f.replace(/\.js$/, '')}`);
  const res = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    console.log(`   (${f} exited with ${res.status})`);
  }
}
process.exit(failed ? 1 : 0);
