// Real Node-RED in a child process (started as `npm start` does): pulses counted by the simulated
// twin are persisted atomically, Node-RED is killed with SIGKILL (no close handlers, like a power
// cut), and the restarted runtime resumes from the saved index. The same run checks the WES relay
// URL (served by a wes-http-api node) behind httpNodeAuth, and that the relay's "restore" start
// state survives the kill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, startSupervisor } from '../support/supervisor-process';
import { waitFor } from '../support/wait';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- bcryptjs comes with node-red and ships no types
const bcrypt = require('bcryptjs') as { hashSync(s: string, rounds: number): string };

const PULSE_ID = 'wes.pulse.sys';
const RELAY_ID = 'wes.relay.sys';

function flow(simRate: number) {
  return [
    { id: 'tab.sys', type: 'tab', label: 'system test' },
    { id: 'gpio.sys', type: 'wes-gpio', name: 'sim', backend: 'simulated', chip: 'auto' },
    {
      id: PULSE_ID,
      type: 'wes-pulse-in',
      z: 'tab.sys',
      name: 'Gas',
      gpio: 'gpio.sys',
      line: 17,
      kind: 'gas',
      weight: 0.01,
      unit: 'm3',
      debounceMs: 10,
      index: '',
      timeoutS: 300,
      persistS: 1,
      simRate,
      wires: [['http.res'], []],
    },
    {
      id: RELAY_ID,
      type: 'wes-relay-out',
      z: 'tab.sys',
      name: 'Boiler',
      gpio: 'gpio.sys',
      line: 27,
      number: 1,
      startState: 'restore',
      minOnS: 0,
      minOffS: 0,
      overrideMin: 0,
      wires: [[]],
    },
    // GET /pulse-index asks the pulse node for its readings (only used after the restart; simRate 0 then,
    // so every message reaching the response node carries a res).
    { id: 'http.in', type: 'http in', z: 'tab.sys', url: '/pulse-index', method: 'get', wires: [['to.status']] },
    {
      id: 'to.status',
      type: 'change',
      z: 'tab.sys',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'status', tot: 'str' }],
      wires: [[PULSE_ID]],
    },
    { id: 'http.res', type: 'http response', z: 'tab.sys', statusCode: '', headers: {} },
    // RL.cgi is served by this node only; its credentials come from the settings file below.
    { id: 'wes.api.sys', type: 'wes-http-api', z: 'tab.sys', prefix: '', anonymous: false, slots: '', wires: [] },
  ];
}

test(
  'pulse index persisted atomically survives SIGKILL; wes-http-api RL.cgi works behind httpNodeAuth; relay state restored',
  { timeout: 180_000 },
  async () => {
    const work = mkdtempSync(join(tmpdir(), 'wes-sys-'));
    const userDir = join(work, 'userDir');
    const settings = join(work, 'settings.js');
    writeFileSync(
      settings,
      `const base = require(${JSON.stringify(join(projectRoot, 'settings', 'wes-settings.js'))});\n` +
        // A request carries one Authorization header: the API takes the same pair as httpNodeAuth.
        `module.exports = { ...base, httpNodeAuth: { user: 'admin', pass: ${JSON.stringify(bcrypt.hashSync('wes', 8))} },\n` +
        `  wesHttpApiUser: 'admin', wesHttpApiPassword: 'wes' };\n`,
    );
    const flow1 = join(work, 'flow1.json');
    const flow2 = join(work, 'flow2.json');
    writeFileSync(flow1, JSON.stringify(flow(1200))); // 20 pulses/s
    writeFileSync(flow2, JSON.stringify(flow(0)));
    const auth = { Authorization: `Basic ${Buffer.from('admin:wes').toString('base64')}` };
    const stateFile = join(userDir, 'wes-state', `${PULSE_ID}.json`);

    const nr1 = await startSupervisor({ env: { WES_USER_DIR: userDir, WES_SETTINGS: settings, WES_FLOW: flow1 } });
    let saved: { meter: { index: number; pulses: number } };
    try {
      await nr1.waitForOutput(/Started flows/, 60_000);
      const noAuth = await fetch(`${nr1.baseUrl}/RL.cgi?rl1=ON`);
      assert.equal(noAuth.status, 401, 'httpNodeAuth protects the relay URL');
      const on = await fetch(`${nr1.baseUrl}/RL.cgi?rl1=ON`, { headers: auth });
      assert.equal(on.status, 200);
      assert.match(await on.text(), /<RELAIS1>ON<\/RELAIS1>/);
      const bad = await fetch(`${nr1.baseUrl}/RL.cgi?rl1=MAYBE`, { headers: auth });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${nr1.baseUrl}/wes/RL.cgi?rl1=OFF`, { headers: auth })).status, 404, 'no legacy relay URL');
      const list = (await (await fetch(`${nr1.baseUrl}/wes/relays`, { headers: auth })).json()) as {
        number: number;
        state: string;
        name: string;
      }[];
      assert.deepEqual(
        list.map((r) => [r.number, r.name, r.state]),
        [[1, 'Boiler', 'ON']],
      );

      // Let pulses flow until at least two saves with pulses happened, then kill without warning.
      let pulsesSeen = 0;
      await waitFor(
        () => {
          if (!existsSync(stateFile)) return false;
          const s = JSON.parse(readFileSync(stateFile, 'utf8')) as { meter: { pulses: number } };
          if (pulsesSeen > 0 && s.meter.pulses > pulsesSeen) return true;
          if (s.meter.pulses > 0) pulsesSeen = s.meter.pulses;
          return false;
        },
        'two saves with pulses',
        30_000,
        50,
        () => nr1.output().slice(-3000),
      );
      nr1.child.kill('SIGKILL');
      await new Promise<void>((r) =>
        nr1.child.exitCode !== null || nr1.child.signalCode !== null ? r() : nr1.child.once('exit', () => r()),
      );
      saved = JSON.parse(readFileSync(stateFile, 'utf8'));
      assert.ok(saved.meter.pulses > 0, 'pulses were saved before the kill');
      assert.equal(saved.meter.index, Math.round(saved.meter.pulses) / 100, 'index = pulses x 0.01 m³');
    } finally {
      await nr1.stop();
    }

    const nr2 = await startSupervisor({ env: { WES_USER_DIR: userDir, WES_SETTINGS: settings, WES_FLOW: flow2 } });
    try {
      await nr2.waitForOutput(/Started flows/, 60_000);
      const res = await fetch(`${nr2.baseUrl}/pulse-index`, { headers: auth });
      assert.equal(res.status, 200);
      const readings = (await res.json()) as { index: number; pulses: number };
      assert.equal(readings.index, saved.meter.index, 'the restarted node resumes from the persisted index');
      assert.equal(readings.pulses, saved.meter.pulses);
      const list = (await (await fetch(`${nr2.baseUrl}/wes/relays`, { headers: auth })).json()) as { state: string }[];
      assert.equal(list[0].state, 'ON', 'relay restored after SIGKILL');
    } finally {
      await nr2.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
);
