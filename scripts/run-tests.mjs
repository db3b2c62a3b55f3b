// Runs every built test file with node's own runner. Node 20's --test takes no globs,
// so the files are listed here. Two files run side by side (most of the suite waits on wire
// pacing, child processes and browsers, not the CPU): each file is its own process with its
// own userDir, pty names carry the pid, ports are free ones or each file's own.
// WES_TEST_CONCURRENCY=1 runs one file at a time, to read a failure's output in order.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/test'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
}
for (const r of roots) {
  if (!existsSync(r)) continue;
  if (statSync(r).isDirectory()) walk(r);
  else files.push(r);
}
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${process.env.WES_TEST_CONCURRENCY ?? 2}`, ...files], {
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
