// The defaults of `npm start` (scripts/start.mjs + settings/wes-settings.js), through a real
// Node-RED in a child process and real HTTP: a LAN host without credentials is refused, with
// credentials every /wes route, the editor and the dashboard's socket.io ask for them, no
// Access-Control-* header unless the configured origin asks, and HEAD never switches a relay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, startSupervisor } from '../support/supervisor-process';

const ALLOWED = 'http://wes-rel-allowed.example';

/** A socket.io v4 connection over HTTP long-polling: the engine.io open, then the namespace connect. */
async function socketConnect(base: string, headers: Record<string, string>): Promise<string> {
  const path = `${base}/dashboard/socket.io/?EIO=4&transport=polling`;
  const open = await fetch(path, { headers });
  const openText = await open.text();
  const sid = (JSON.parse(openText.slice(1)) as { sid: string }).sid;
  const post = await fetch(`${path}&sid=${sid}`, { method: 'POST', headers, body: '40' });
  assert.equal(post.status, 200);
  return (await fetch(`${path}&sid=${sid}`, { headers })).text();
}

test('a LAN host without credentials is refused, with the way to give them', () => {
  const res = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'start.mjs')], {
    env: { ...process.env, HOST: '0.0.0.0', PORT: '18901', WES_PASSWORD: '', WES_PASSWORD_HASH: '', WES_SETTINGS: '' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(res.status, 2, res.stdout + res.stderr);
  assert.match(res.stderr, /refusing to listen on 0\.0\.0\.0 without credentials/);
  assert.match(res.stderr, /WES_PASSWORD=<password>/);
});

test(
  'credentials guard the routes, the editor and the dashboard socket; no CORS; HEAD switches nothing',
  { timeout: 120_000 },
  async () => {
    const nr = await startSupervisor({ env: { WES_PASSWORD: 'wes-rel-secret', WES_CORS_ORIGIN: ALLOWED } });
    const auth = { Authorization: `Basic ${Buffer.from('admin:wes-rel-secret').toString('base64')}` };
    const wrong = { Authorization: `Basic ${Buffer.from('admin:guess').toString('base64')}` };
    try {
      await nr.waitForOutput(/Started flows/, 60_000);
      assert.match(nr.output(), /Access: +this computer only \(127\.0\.0\.1\); editor, \/wes\/\* and dashboard ask for user admin/);

      assert.equal((await fetch(`${nr.baseUrl}/RL.cgi?rl3=ON`)).status, 401, 'RL.cgi needs the credentials');
      assert.equal((await fetch(`${nr.baseUrl}/wes/history?source=x`)).status, 401, '/wes/history needs them');
      assert.equal((await fetch(`${nr.baseUrl}/flows`)).status, 401, 'the editor API needs them');
      // the shipped wes-http-api takes the same credentials: a WES client sends one Authorization header
      assert.equal((await fetch(`${nr.baseUrl}/data.cgx`)).status, 401, 'data.cgx needs the credentials');
      const cgx = await fetch(`${nr.baseUrl}/DATA.CGX`, { headers: auth });
      assert.equal(cgx.status, 200, 'data.cgx answers a WES client with the credentials');
      assert.match(await cgx.text(), /<tic1>/);

      const before = (await (await fetch(`${nr.baseUrl}/wes/relays`, { headers: auth })).json()) as { number: number; on: boolean }[];
      const r3 = before.find((r) => r.number === 3);
      assert.ok(r3, 'the shipped flow has relay 3');
      // wes-http-api answers a HEAD with data.cgx's headers, as the box does, and never switches.
      const head = await fetch(`${nr.baseUrl}/RL.cgi?rl3=${r3.on ? 'OFF' : 'ON'}`, { method: 'HEAD', headers: auth });
      assert.equal(head.status, 200);
      const legacy = await fetch(`${nr.baseUrl}/wes/RL.cgi?rl3=${r3.on ? 'OFF' : 'ON'}`, { headers: auth });
      assert.equal(legacy.status, 404, 'no relay URL outside wes-http-api');
      const after = (await (await fetch(`${nr.baseUrl}/wes/relays`, { headers: auth })).json()) as { number: number; on: boolean }[];
      assert.equal(after.find((r) => r.number === 3)?.on, r3.on, 'neither HEAD nor the old path switched relay 3');

      const foreign = await fetch(`${nr.baseUrl}/wes/relays`, { headers: { ...auth, Origin: 'http://evil.example' } });
      assert.equal(foreign.headers.get('access-control-allow-origin'), null, 'no CORS header for another origin');
      const preflight = await fetch(`${nr.baseUrl}/wes/relays`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null, 'no CORS header on a preflight');
      const allowed = await fetch(`${nr.baseUrl}/wes/relays`, { headers: { ...auth, Origin: ALLOWED } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED, 'the configured origin is allowed');

      assert.match(await socketConnect(nr.baseUrl, {}), /^44.*Authorization Required/, 'socket without credentials refused');
      assert.match(await socketConnect(nr.baseUrl, wrong), /^44.*Authorization Required/, 'socket with a wrong password refused');
      assert.match(await socketConnect(nr.baseUrl, auth), /^40\{"sid"/, 'socket with the credentials accepted');
    } finally {
      await nr.stop();
    }
  },
);

test('by default npm start listens on 127.0.0.1 and says how to open it to the LAN', { timeout: 120_000 }, async () => {
  const nr = await startSupervisor({ env: { HOST: '' } });
  try {
    await nr.waitForOutput(/Access:/, 60_000);
    assert.match(
      nr.output(),
      /this computer only \(127\.0\.0\.1\)\. To open it to the LAN: HOST=0\.0\.0\.0 WES_PASSWORD=<password> npm start/,
    );
    const res = await fetch(`${nr.baseUrl}/wes/relays`, { headers: { Origin: 'http://evil.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS header by default');
  } finally {
    await nr.stop();
  }
});
