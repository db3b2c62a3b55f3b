// The box's TCP protocol (jwes, port 1500) served by wes-http-api: a line client reads the live
// values and, when writes are allowed, switches a relay and a virtual switch; read-only refuses.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { collector, helper, lastStatus, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { apiFlow, apiNodes, credentials } from '../support/wes-api-runtime';
import switchNode from '../../nodes/wes-virtual-switch/wes-virtual-switch';

const raw = helper as unknown as { load(n: unknown[], f: object[], c: object, cb: () => void): void };
runtimeWithUserDir('wes-api-tcp-', { before, after, afterEach });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Sends each command as jwes does (println) and collects one answer line per command. */
function session(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const answers: string[] = [];
    let buffer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(commands.map((c) => `${c}\n`).join('')));
    socket.on('data', (d) => {
      buffer += d.toString();
      const lines = buffer.split('\r\n');
      buffer = lines.pop() ?? '';
      answers.push(...lines);
      if (answers.length >= commands.length) {
        socket.end();
        resolve(answers);
      }
    });
    socket.on('error', reject);
  });
}

async function start(extra: Record<string, unknown>): Promise<number> {
  const port = await freePort();
  const flow = [
    ...apiFlow({ tcp: true, tcpHost: '127.0.0.1', tcpPort: port, ...extra }),
    { id: 'vs2', type: 'wes-virtual-switch', name: '', mode: 'switch', number: 2, startState: 'off', wires: [[]] },
  ];
  await new Promise<void>((r) => raw.load([...apiNodes, switchNode], flow, credentials, r));
  await waitFor(
    () => String(lastStatus(helper.getNode('api')).text).includes(`TCP 127.0.0.1:${port}`),
    'the TCP protocol listening',
    5000,
    5,
    () => JSON.stringify(lastStatus(helper.getNode('api'))),
  );
  return port;
}

test('reads: serial, TIC power and index, counter, probe, relays; writes refused while read-only', async () => {
  const port = await start({});
  const tics = collector('ticOut');
  const probes = collector('owOut');
  helper.getNode('p').receive({ payload: 'status' });
  await waitFor(() => tics.length >= 1 && probes.some((m) => m.topic === 'temp1'), 'a meter state and a probe', 10_000);
  const [mac, pap, hchp, index, probe, rl1, board1, unknown, write] = await session(port, [
    'gI000',
    'gT100',
    'gT110',
    'gP101',
    'gW001',
    'gr001',
    'gr109',
    'gX999',
    'srl2=1',
  ]);
  assert.match(mac, /^=[0-9A-F]{12}$/, 'what jwes validates');
  assert.ok(
    tics.some((m) => `=${(m.payload as { powerVA: number }).powerVA}` === pap),
    `PAPP ${pap}`,
  );
  assert.ok(
    tics.some((m) => `=${(m.payload as { energyByPeriodWh: Record<string, number> }).energyByPeriodWh.HCHP}` === hchp),
    `HCHP ${hchp}`,
  );
  assert.equal(index, '=1234500');
  assert.ok(
    probes.filter((m) => m.topic === 'temp1').some((m) => `=${(m.payload as number).toFixed(1)}` === probe),
    `probe ${probe}`,
  );
  assert.deepEqual([rl1, board1, unknown, write], ['=0', '=00000000', '=ERR', '=ERR']);
});

test('writes, when allowed: srl2=1 → RLMB=01, srl101=1 → RLW1=10000000, svs2=1 → SW=01000000', async () => {
  const port = await start({ tcpWrite: true });
  assert.deepEqual(await session(port, ['srl2=1', 'srl101=1', 'svs2=1', 'gr002', 'srl5=1']), [
    'RLMB=01',
    'RLW1=10000000',
    'SW=01000000',
    '=1',
    '=ERR',
  ]);
});
