// Node-RED settings used by `npm start` (scripts/start.mjs passes this file and the userDir).
// It is an ordinary Node-RED settings file: every option of Node-RED's own settings.js
// may be added here. To run with other settings entirely, point WES_SETTINGS at your file.
//
// Hardware: every input is simulated by default. The choices come from
// settings/hardware.js (copy settings/hardware.example.js) and from WES_* environment
// variables, which win; they reach the flow as `${WES_TIC1_SOURCE}`-style properties.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { authSettings, credentialsFromEnv, dashboardSocketAuth, installCorsGuard } = require('./secure-defaults');

const SIMULATED = {
  tic1: { source: 'simulated', port: '/dev/ttyAMA0', baud: 'auto' },
  tic2: { source: 'simulated', port: '/dev/ttyUSB0', baud: 'auto' },
  gpio: { backend: 'simulated' },
  onewire: { backend: 'simulated', root: '/sys/bus/w1/devices', host: 'localhost', port: 4304 },
};

function loadHardware() {
  const file = process.env.WES_HARDWARE || path.join(__dirname, 'hardware.js');
  if (!fs.existsSync(file)) return { file: null, choice: SIMULATED };
  // eslint-disable-next-line global-require
  const user = require(path.resolve(file));
  const choice = {};
  for (const [id, defaults] of Object.entries(SIMULATED)) choice[id] = { ...defaults, ...(user[id] || {}) };
  return { file, choice };
}

const hardware = loadHardware();
for (const [id, cfg] of Object.entries(hardware.choice)) {
  const prefix = `WES_${id.toUpperCase()}_`;
  for (const [key, value] of Object.entries(cfg)) {
    const name = prefix + key.toUpperCase();
    if (process.env[name] === undefined) process.env[name] = String(value);
  }
}

installCorsGuard(process.env.WES_CORS_ORIGIN || null);

/**
 * The runtime's final httpNodeAuth: a settings file may spread this one and add its own. The
 * runtime found by require() may be another copy than the one running (Node-RED 5 started from
 * .nr5/ finds the project's Node-RED 4, whose settings are empty): ours is the fallback, never
 * "no authentication".
 */
function runtimeNodeAuth() {
  let fromRuntime;
  try {
    // eslint-disable-next-line global-require
    fromRuntime = require('node-red').settings.httpNodeAuth;
  } catch {
    fromRuntime = undefined;
  }
  return fromRuntime || module.exports.httpNodeAuth;
}

module.exports = {
  uiPort: Number(process.env.PORT) || 1880,
  // Loopback unless asked: the relays switch with plain GETs (the WES's own URLs), so a LAN
  // listener needs credentials (WES_PASSWORD); scripts/start.mjs refuses a LAN host without them.
  uiHost: process.env.HOST || '127.0.0.1',
  // The runtime's language (node statuses, messages), set by npm start to the dashboard's.
  lang: /^(fr|en)/.test(process.env.WES_LANG || '') ? process.env.WES_LANG.slice(0, 2) : undefined,
  ...authSettings(credentialsFromEnv()),
  dashboard: { ioMiddleware: dashboardSocketAuth(runtimeNodeAuth) },
  // The shipped wes-http-api (data.cgx, RL.cgi for existing WES clients) answers 401 until it has
  // credentials: in the node, or WES_API_USER / WES_API_PASSWORD at start. With WES_PASSWORD,
  // httpNodeAuth guards every HTTP endpoint and a request carries one Authorization header, so
  // the API then takes the same credentials unless told otherwise.
  wesHttpApiUser: process.env.WES_API_USER || (process.env.WES_PASSWORD ? process.env.WES_USER || 'admin' : ''),
  wesHttpApiPassword: process.env.WES_API_PASSWORD || process.env.WES_PASSWORD || '',
  flowFile: 'flows.json',
  flowFilePretty: true,
  // The shipped flows hold no credentials; a user who adds some gets them encrypted with a
  // key Node-RED generates in the userDir (.config.runtime.json).
  logging: {
    console: { level: process.env.WES_LOG_LEVEL || 'info', metrics: false, audit: false },
  },
  exportGlobalContextKeys: false,
  externalModules: {
    autoInstall: false,
    // node-red-dashboard (the legacy one) is a devDependency only so that the legacy example can
    // be load-tested; left loaded it would put a second dashboard in every `npm start`.
    // WES_LEGACY_DASHBOARD=1 loads it (then examples/legacy-dashboard-tic.json runs, at /ui).
    palette: { allowInstall: true, denyList: process.env.WES_LEGACY_DASHBOARD === '1' ? [] : ['node-red-dashboard'] },
  },
  editorTheme: {
    page: { title: 'WES supervisor' },
    header: { title: 'WES supervisor' },
    projects: { enabled: false },
    tours: false,
    palette: {},
    codeEditor: { lib: 'monaco' },
  },
  functionExternalModules: false,
  debugMaxLength: 1000,
  // Shown to the flow (Settings page) so a user sees which inputs are real.
  wesHardware: { file: hardware.file, inputs: hardware.choice },
};
