// The clients' side: a Python script reading data.cgx with requests + xmltodict exactly as the
// Home Assistant component, the Prometheus exporter and Jeedom do (test/peers/wes_clients.py), against
// a Node-RED whose wes-http-api is fed by the simulated meter, counter, inputs, clamps, 1-Wire probes and relays.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { helper, runtimeWithUserDir, waitFor, collector } from '../support/red-test-helper';
import { projectRoot } from '../support/supervisor-process';
import { apiFlow, apiNodes, credentials, PASSWORD, serveHttpNode, USER } from '../support/wes-api-runtime';

runtimeWithUserDir('wes-api-clients-', { before, after, afterEach });
let server: Awaited<ReturnType<typeof serveHttpNode>>;
before(async () => {
  server = await serveHttpNode(18702);
});
after(() => server.close());

const raw = helper as unknown as { load(n: unknown[], f: object[], c: object, cb: () => void): void };
const script = join(projectRoot, 'test', 'peers', 'wes_clients.py');

function client(user: string, password: string, ...commands: string[]): Promise<{ code: number; out: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [script, server.url, user, password, ...commands], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: number }).code ?? -1) : 0;
      try {
        resolve({ code, out: JSON.parse(stdout) as Record<string, unknown> });
      } catch {
        reject(new Error(`wes_clients.py exited ${code}: ${stderr}`));
      }
    });
  });
}

test('python clients read every section we provide, and switch relays with the GETs Jeedom and HA send', async () => {
  await new Promise<void>((r) => raw.load(apiNodes, apiFlow(), credentials, r));
  const tics = collector('ticOut');
  const clamps = collector('ctOut');
  const probes = collector('owOut');
  helper.getNode('p').receive({ payload: 'status' });
  helper.getNode('in').receive({ payload: 'status' });
  await waitFor(
    () => tics.length >= 1 && clamps.length >= 4 && new Set(probes.map((m) => m.topic)).size >= 4,
    'a meter state, the clamps and the probes',
    10_000,
  );

  const { code, out } = await client(USER, PASSWORD, 'RL.cgi?rl2=ON', 'AJAX.CGX?frl=1', 'RL.cgx?rl1=OFF', 'RL.cgi?rl101=ON');
  assert.equal(code, 0);
  assert.deepEqual(out.commands, { 'RL.cgi?rl2=ON': 200, 'AJAX.CGX?frl=1': 200, 'RL.cgx?rl1=OFF': 200, 'RL.cgi?rl101=ON': 200 });
  const meter = tics[tics.length - 1].payload as { meterId: string; contract: string; subscribedCurrentA: number };
  const t = (out.tics as Record<string, Record<string, unknown>>).tic1;
  assert.ok(t, 'HA and the MQTT bridge see tic1 (ADCO is not "Pas Dispo")');
  assert.equal(t.ADCO, meter.meterId);
  assert.equal(t.OPTARIF, meter.contract);
  assert.equal(t.ISOUSC, meter.subscribedCurrentA);
  assert.ok(
    tics.some((m) => (m.payload as { powerVA: number }).powerVA === t.PAP),
    `PAP ${String(t.PAP)} is a power the meter sent`,
  );
  assert.ok(
    tics.some((m) => (m.payload as { energyByPeriodWh: Record<string, number> }).energyByPeriodWh.HCHP / 1000 === t.H_PLEINE_kWh),
    'H_PLEINE in Wh, as kWh for the clients that divide',
  );
  assert.equal(t.HCHP, (t.H_PLEINE_kWh as number) * 1000);
  assert.equal(out.tic2_ADCO, 'Pas Dispo');
  assert.deepEqual(Object.keys(out.tics as object), ['tic1'], 'the unfed tic2 and tic3 are skipped, as HA does');
  assert.equal((out.impulsion as Record<string, number>).INDEX1, 1_234_500);
  // Relay 2 on; relay 1 toggled on, then its off deferred by its one-hour minimum on-time.
  assert.deepEqual(out.relais, { RELAIS1: true, RELAIS2: true });
  assert.equal(Object.keys(out.temp as object).length, 30);
  assert.equal(Object.keys(out.pince as object).length, 13);
  assert.equal(Object.keys(out.switch_virtuel as object).length, 24);
  // Jeedom's discovery finds board 1 (rl101) and no other; rl101 was switched on by its GET.
  assert.deepEqual(out.relais1W_boards, [1]);
  assert.deepEqual(out.relais1W_on, { 101: true, 102: false, 103: false, 104: false, 105: false, 106: false, 107: false, 108: false });
  // Clamps and probes as Jeedom reads them, against what wes-ct-meter and wes-onewire sent.
  type Clamp = { currentA: number; energyImportWh?: number; voltageV?: number };
  const got = out.clamps as Record<string, { I: number; INDEX_kWh: number }>;
  for (const n of [1, 2, 3, 4]) {
    const sent = clamps.filter((m) => m.topic === `clamp${n}`).map((m) => m.payload as Clamp);
    assert.ok(
      sent.some((c) => Number(c.currentA.toFixed(2)) === got[n].I && Math.trunc(c.energyImportWh ?? 0) / 1000 === got[n].INDEX_kWh),
      `clamp${n} ${JSON.stringify(got[n])}`,
    );
  }
  assert.ok(
    clamps.some((m) => Math.trunc((m.payload as Clamp).voltageV ?? -1) === out.mains_V),
    `V ${String(out.mains_V)}`,
  );
  const sondes = out.sondes as Record<string, number>;
  const sentProbe = (topic: string) => probes.filter((m) => m.topic === topic).map((m) => Number((m.payload as number).toFixed(1)));
  for (const n of [1, 2, 3]) assert.ok(sentProbe(`temp${n}`).includes(sondes[n]), `SONDE${n} ${sondes[n]}`);
  assert.ok(sentProbe('humidity1').includes(sondes[30]), `SONDE30 ${sondes[30]}`);
  assert.equal(sondes[4], 0);
  assert.match(out.content_type as string, /^text\/xml/);

  const refused = await client('admin', 'wes');
  assert.equal(refused.code, 2);
  assert.match(refused.out.realm as string, /serveur WES/);
});
