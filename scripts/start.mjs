// `npm start`: the complete WES supervisor on simulated hardware, in one command.
//
// Node-RED (the project's own dependency) runs with a userDir inside the project (.node-red/,
// git-ignored) in which this package is linked exactly as a user's install would place it
// (node_modules/<package name> -> the project root), so package.json's "node-red" nodes
// and examples/ load the same way they do for a user. @flowfuse/node-red-dashboard is found
// by Node-RED's scan of the node_modules that holds Node-RED itself (the project's).
//
// The flow: a fresh userDir gets flows/wes-supervisor.json (flows/wes-superviseur.json in French). Afterwards the user's flows.json
// is theirs: it is only replaced when it is still byte-identical to the shipped flow it was
// copied from (nobody deployed a change, so nothing can be lost) or on `--reset-flow`, which
// first keeps a dated backup.
//
// Usage: npm start [-- --reset-flow] [-- --port N]
// Env:   PORT (1880), HOST (127.0.0.1), WES_USER (admin) + WES_PASSWORD or WES_PASSWORD_HASH
//        (credentials for the editor, /wes/* and the dashboard; required when HOST is not a
//        loopback address), WES_CORS_ORIGIN (the one origin allowed cross-origin), WES_USER_DIR (.node-red), WES_SETTINGS (settings/wes-settings.js),
//        WES_FLOW (flows/wes-supervisor.json, or flows/wes-superviseur.json in French),
//        WES_LANG (fr or en; default: the choice made on the dashboard's Settings page, which
//        restarts Node-RED in that language, else the system's language), hardware: see
//        settings/hardware.example.js.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  watchFile,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageName = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;
const require = createRequire(import.meta.url);

/** The node-red launcher: the project's own, or the install WES_NODE_RED_PATH points at (test:nr5). */
function nodeRedLauncher() {
  const lib = process.env.WES_NODE_RED_PATH;
  if (!lib) return require.resolve('node-red/red.js');
  let dir = dirname(lib);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'red.js');
}

function parseArgs(argv) {
  const opts = { resetFlow: false, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reset-flow') opts.resetFlow = true;
    else if (a === '--port' || a === '-p') opts.port = argv[++i];
    else if (a.startsWith('--port=')) opts.port = a.slice('--port='.length);
    else if (a === '--help' || a === '-h') {
      console.log(
        'npm start [-- --reset-flow] [-- --port N]\n' +
          '  --reset-flow  replace .node-red/flows.json with flows/wes-supervisor.json (a backup is kept)\n' +
          '  --port N      HTTP port (default: $PORT or 1880)',
      );
      process.exit(0);
    } else {
      console.error(`unknown option ${a} (try --help)`);
      process.exit(2);
    }
  }
  return opts;
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Link the package into the userDir as an installed module would be. */
function linkPackage(userDir) {
  const modules = join(userDir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const link = join(modules, ...packageName.split('/'));
  // A userDir made before the package got its scoped name still links the old name: two copies
  // of the same node types would refuse to load.
  rmSync(join(modules, 'node-red-contrib-wes'), { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  let stat = null;
  try {
    stat = lstatSync(link);
  } catch {
    /* absent */
  }
  if (stat?.isSymbolicLink() && resolve(modules, readlinkSync(link)) === root) return;
  if (stat) rmSync(link, { recursive: true, force: true });
  // 'junction' is ignored on POSIX and makes the link work without admin rights on Windows.
  symlinkSync(root, link, 'junction');
  // Node-RED records user-installed modules in the userDir's package.json; listing ours keeps
  // the palette manager from offering to "install" it again.
  const pkgFile = join(userDir, 'package.json');
  const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : { name: 'wes-user-dir', private: true };
  const rel = relative(userDir, root).split(sep).join('/') || '.';
  const { 'node-red-contrib-wes': _old, ...deps } = pkg.dependencies || {};
  pkg.dependencies = { ...deps, [packageName]: `file:${rel}` };
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
}

/** Install the shipped flow unless the user has their own; returns what was done. */
function installFlow(userDir, shipped, reset) {
  const target = join(userDir, 'flows.json');
  const marker = join(userDir, '.wes-shipped-flow.sha256');
  const shippedBuf = readFileSync(shipped);
  const shippedHash = sha256(shippedBuf);
  const write = () => {
    copyFileSync(shipped, target);
    writeFileSync(marker, shippedHash + '\n');
  };
  if (!existsSync(target)) {
    write();
    return 'installed the shipped flow';
  }
  const current = sha256(readFileSync(target));
  if (reset) {
    if (current === shippedHash) return 'flow already the shipped one';
    const backup = `${target}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    copyFileSync(target, backup);
    write();
    return `reset to the shipped flow (your previous flow is in ${backup})`;
  }
  const copiedFrom = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : null;
  if (current === shippedHash) return 'using the shipped flow';
  if (copiedFrom && current === copiedFrom) {
    write();
    return 'updated the unmodified flow to the new shipped flow';
  }
  return 'using your flow (run `npm start -- --reset-flow` to go back to the shipped one)';
}

/**
 * The supervisor's language: WES_LANG, else the choice saved from the dashboard's Settings page,
 * else the system's (LC_ALL, LC_MESSAGES, LANG): French when it is French, English otherwise.
 */
function dashboardLanguage(userDir) {
  const pick = (v) => (/^fr/i.test(v) ? 'fr' : /^en/i.test(v) ? 'en' : null);
  const saved = join(userDir, 'wes-language');
  const fromFile = existsSync(saved) ? pick(readFileSync(saved, 'utf8').trim()) : null;
  const system = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return pick(process.env.WES_LANG || '') || fromFile || (pick(system) === 'fr' ? 'fr' : 'en');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const userDir = resolve(process.env.WES_USER_DIR || join(root, '.node-red'));
  const settings = resolve(process.env.WES_SETTINGS || join(root, 'settings', 'wes-settings.js'));
  const port = Number(opts.port ?? process.env.PORT ?? 1880);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`invalid port ${opts.port ?? process.env.PORT}`);
    process.exit(2);
  }
  const hostEnv = process.env.HOST || '127.0.0.1';
  const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(hostEnv);
  const credentials = Boolean(process.env.WES_PASSWORD || process.env.WES_PASSWORD_HASH);
  // Our settings file adds the credentials; a user's own settings file is theirs to secure.
  if (!loopback && !credentials && !process.env.WES_SETTINGS) {
    console.error(
      `refusing to listen on ${hostEnv} without credentials: anyone on the network could switch the relays.\n` +
        `  Set a password: HOST=${hostEnv} WES_PASSWORD=<password> npm start  (user: admin, or WES_USER)`,
    );
    process.exit(2);
  }
  mkdirSync(userDir, { recursive: true });
  linkPackage(userDir);
  const languageFile = join(userDir, 'wes-language');
  const redJs = nodeRedLauncher();
  const host = loopback ? hostEnv : hostEnv === '0.0.0.0' || hostEnv === '::' ? 'localhost' : hostEnv;
  const base = `http://${host}:${port}`;
  const access =
    (loopback ? `this computer only (${hostEnv})` : hostEnv) +
    (credentials ? `; editor, /wes/* and dashboard ask for user ${process.env.WES_USER || 'admin'}` : '') +
    (loopback ? '. To open it to the LAN: HOST=0.0.0.0 WES_PASSWORD=<password> npm start' : '');

  let lang;
  let child;
  let restarting = false;
  let first = true;
  const run = () => {
    lang = dashboardLanguage(userDir);
    const shipped = resolve(process.env.WES_FLOW || join(root, 'flows', lang === 'fr' ? 'wes-superviseur.json' : 'wes-supervisor.json'));
    // --reset-flow is for the start it was given to, not for a restart after a language change.
    const flowNote = installFlow(userDir, shipped, opts.resetFlow && first);
    first = false;
    child = spawn(process.execPath, [redJs, '--settings', settings, '--userDir', userDir, '--port', String(port)], {
      cwd: root,
      // WES_LANG also gives the runtime its language (settings/wes-settings.js), so that what our nodes
      // say (statuses, load-shedding reasons) is in the dashboard's language.
      env: { ...process.env, PORT: String(port), WES_LANG: lang, WES_LANGUAGE_FILE: languageFile },
      stdio: ['inherit', 'pipe', 'inherit'],
    });
    let announced = false;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (announced) return;
      pending += chunk.toString();
      // Node-RED logs in the runtime's language.
      if (/Server now running|Le serveur est disponible/.test(pending)) {
        announced = true;
        pending = '';
        console.log(
          [
            '',
            'WES supervisor is running (hardware: see settings/hardware.example.js)',
            `  Editor:    ${base}/`,
            `  Dashboard: ${base}/dashboard`,
            `  Flow:      ${flowNote}`,
            `  Language:  ${lang === 'fr' ? 'français (WES_LANG=en for English)' : 'English (WES_LANG=fr pour le français)'}`,
            `  Access:    ${access}`,
            '',
          ].join('\n'),
        );
      } else if (pending.length > 65536) {
        pending = pending.slice(-1024);
      }
    });
    child.on('exit', (code, signal) => {
      if (!restarting) process.exit(code ?? (signal ? 0 : 1));
      restarting = false;
      run();
    });
  };
  run();

  // The Settings page's language choice lands in the language file: Node-RED starts again in that
  // language, with the shipped flow of that language when the user's is unmodified. Not when the
  // language or the flow was fixed from outside (WES_LANG, WES_FLOW): the file does not decide then.
  if (!process.env.WES_LANG && !process.env.WES_FLOW) {
    watchFile(languageFile, { interval: 1000 }, () => {
      const next = dashboardLanguage(userDir);
      if (restarting || child.exitCode !== null || next === lang) return;
      console.log(`\nLanguage changed to ${next === 'fr' ? 'français' : 'English'}: restarting Node-RED\n`);
      restarting = true;
      child.kill('SIGTERM');
    });
  }

  const forward = (sig) => () => {
    restarting = false;
    if (child.exitCode === null) child.kill(sig);
    else process.exit(0);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
}

main();
