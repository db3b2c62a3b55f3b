// Installs the package the way Node-RED's palette manager does, into fresh userDirs of
// Node-RED 4 (this Node) and Node-RED 5 (Node 22, from .nr5/ as test:nr5 installs it), with no
// C++ compiler on the PATH, then starts each runtime and checks through the admin API that
// every node type loads, that nothing is logged as a warning or an error on a clean start, and
// that every example, imported together into one runtime, deploys. Prints the install
// footprint; fails above 40 packages or 15 MB, or when node-red or a dashboard is in the tree.
// Run by .ci/run after the suite: node scripts/palette-install.mjs [--nr4-only]
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'wes-palette-'));
const failures = [];
const fail = (text) => {
  failures.push(text);
  console.error(`FAIL ${text}`);
};

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

// A PATH with node and the few tools npm itself needs, and no compiler: what a Pi without
// build-essential offers. onoff's native build must fail there without failing the install.
function compilerFreePath(nodeBin) {
  const bin = join(work, 'bin-no-cc');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['sh', 'bash', 'env', 'uname', 'git', 'tar', 'gzip']) {
    const found = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find(existsSync);
    if (found && !existsSync(join(bin, tool))) symlinkSync(found, join(bin, tool));
  }
  return `${dirname(nodeBin)}:${bin}`;
}

function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function duMb(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else bytes += st.size;
    }
  };
  walk(dir);
  return bytes / 1e6;
}

function installedPackages(userDir) {
  const lock = JSON.parse(readFileSync(join(userDir, 'package-lock.json'), 'utf8'));
  return Object.keys(lock.packages ?? {}).filter((k) => k.startsWith('node_modules/'));
}

/** Every example, as one flow, with config nodes shared by id only when they are identical. */
function allExamples() {
  const byId = new Map();
  // The supervisor comes in two languages, for a user to import one: the English copy stands for both.
  for (const f of readdirSync(join(root, 'examples'))
    .filter((n) => n.endsWith('.json') && n !== 'wes-superviseur.json')
    .sort()) {
    for (const n of JSON.parse(readFileSync(join(root, 'examples', f), 'utf8'))) {
      const prev = byId.get(n.id);
      if (prev && JSON.stringify(prev.node) !== JSON.stringify(n)) fail(`id ${n.id} is in ${prev.file} and in ${f} with different content`);
      if (!prev) byId.set(n.id, { node: n, file: f });
    }
  }
  return [...byId.values()].map((v) => v.node);
}

async function runtime(label, nodeCmd, redJs, userDir) {
  const port = await freePort();
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = ${JSON.stringify({ uiPort: port, uiHost: '127.0.0.1', flowFile: 'flows.json', credentialSecret: false, editorTheme: { tours: false } })};\n`,
  );
  const child = spawn(nodeCmd[0], [...nodeCmd.slice(1), redJs, '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const base = `http://127.0.0.1:${port}`;
  try {
    let nodes = null;
    for (let i = 0; i < 600 && !nodes; i++) {
      if (child.exitCode !== null) break;
      try {
        const r = await fetch(`${base}/nodes`, { headers: { accept: 'application/json' } });
        if (r.ok) nodes = await r.json();
      } catch {
        // not listening yet
      }
      if (!nodes) await new Promise((r) => setTimeout(r, 200));
    }
    if (!nodes) return fail(`${label}: Node-RED did not start\n${log}`);
    const ours = nodes.filter((s) => s.module === pkg.name);
    const types = ours.flatMap((s) => s.types);
    const expected = Object.keys(pkg['node-red'].nodes);
    for (const t of expected) if (!types.includes(t)) fail(`${label}: node type ${t} not loaded`);
    for (const s of ours) if (s.err) fail(`${label}: ${s.name}: ${s.err}`);
    for (const line of log.split('\n'))
      if (
        /\[(warn|error)\]/.test(line) &&
        !/Encrypted credentials not found|Using default credential|Using unencrypted credentials|Projects disabled|Flows file not found|Creating new flow file/.test(
          line,
        )
      )
        fail(`${label}: start logged: ${line.trim()}`);
    const before = log.length;
    const res = await fetch(`${base}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full' },
      body: JSON.stringify(allExamples()),
    });
    if (res.status !== 204) fail(`${label}: deploying every example answered ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 3000)); // let every node start and report
    for (const line of log.slice(before).split('\n'))
      if (/\[error\]|Waiting for missing types/.test(line)) fail(`${label}: examples: ${line.trim()}`);
    console.log(`${label}: ${types.length} node types loaded, ${allExamples().length} example nodes deployed`);
  } finally {
    child.kill('SIGKILL');
  }
}

async function main() {
  sh('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const tgz = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root }).trim().split('\n').pop();
  const tarball = join(work, tgz);
  const listing = sh('tar', ['-tzf', tarball]).split('\n').filter(Boolean);
  const maps = listing.filter((f) => f.endsWith('.map'));
  if (maps.length) fail(`${maps.length} source maps in the tarball`);
  if (!listing.includes('package/LICENSE')) fail('no LICENSE in the tarball');
  console.log(`tarball: ${tgz}, ${listing.length} files, ${(statSync(tarball).size / 1e6).toFixed(2)} MB`);

  const nr5 = join(root, '.nr5', 'node_modules', 'node-red', 'red.js');
  const targets = [
    { label: 'Node-RED 4 / Node ' + process.version, node: [process.execPath], red: join(root, 'node_modules', 'node-red', 'red.js') },
  ];
  if (!process.argv.includes('--nr4-only')) {
    if (!existsSync(nr5)) fail('Node-RED 5 is not in .nr5/ (npm run test:nr5 installs it)');
    else {
      const node22 = sh('npx', ['-y', '-p', 'node@22', 'node', '-e', 'console.log(process.execPath)']).trim();
      targets.push({ label: 'Node-RED 5 / Node 22', node: [node22], red: nr5 });
    }
  }
  for (const t of targets) {
    const userDir = mkdtempSync(join(work, 'userdir-'));
    writeFileSync(
      join(userDir, 'package.json'),
      JSON.stringify({ name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true }),
    );
    // The npm beside that Node, or else this machine's npm run by that Node (the node@22 package
    // ships the binary only): the PATH below has no npm of its own.
    const besideNode = join(dirname(t.node[0]), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
    const npmCli = existsSync(besideNode) ? besideNode : realpathSync(sh('which', ['npm']).trim());
    const npmCmd = [t.node[0], npmCli];
    const env = {
      ...process.env,
      PATH: compilerFreePath(t.node[0]),
      npm_config_loglevel: 'error',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    try {
      execFileSync(npmCmd[0], [...npmCmd.slice(1), 'install', '--save', '--save-prefix=~', '--omit=dev', '--engine-strict', tarball], {
        cwd: userDir,
        env,
        stdio: 'inherit',
      });
    } catch (e) {
      fail(`${t.label}: the palette install failed without a compiler: ${e.message}`);
      continue;
    }
    const pkgs = installedPackages(userDir);
    const mb = duMb(join(userDir, 'node_modules'));
    console.log(`${t.label}: install footprint ${pkgs.length} packages, ${mb.toFixed(1)} MB`);
    if (pkgs.length > 40) fail(`${t.label}: ${pkgs.length} packages installed (target ≤ 40)`);
    if (mb > 15) fail(`${t.label}: ${mb.toFixed(1)} MB installed (target ≤ 15)`);
    const forbidden = pkgs.filter((p) => /node_modules\/(node-red|@flowfuse\/node-red-dashboard|node-red-dashboard)$/.test(p));
    if (forbidden.length) fail(`${t.label}: ${forbidden.join(', ')} in the tree`);
    // The dashboards the examples need, installed as a user would, from this project's copies.
    for (const dash of ['@flowfuse/node-red-dashboard', 'node-red-dashboard']) {
      const from = join(root, 'node_modules', dash);
      const to = join(userDir, 'node_modules', dash);
      mkdirSync(dirname(to), { recursive: true });
      if (!existsSync(to)) symlinkSync(from, to);
    }
    await runtime(t.label, t.node, t.red, userDir);
  }
  rmSync(work, { recursive: true, force: true });
  if (failures.length) {
    console.error(`palette install: ${failures.length} problem(s)`);
    process.exit(1);
  }
  console.log('palette install: ok');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
