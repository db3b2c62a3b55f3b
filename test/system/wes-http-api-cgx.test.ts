// Custom .CGX templates as the clients of the box put them there: uploaded over FTP by Python's
// ftplib (what Home Assistant's component uses; Jeedom's PHP and jwes's commons-net speak the same
// protocol), into a folder for jwes, and from the editor's admin endpoint; then read over HTTP,
// expanded with the live values of the nodes that feed wes-http-api.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { collector, helper, lastStatus, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { apiFlow, apiNodes, PASSWORD, serveHttpNode, USER } from '../support/wes-api-runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- xml2js (Node-RED's own dependency) ships no types
const { parseStringPromise } = require('xml2js') as { parseStringPromise(xml: string, o: object): Promise<unknown> };
type Agent = {
  post(p: string): Agent;
  get(p: string): Agent;
  send(b: object): Promise<{ status: number; body: Record<string, unknown> }>;
} & Promise<{
  status: number;
  body: Record<string, unknown>;
}>;
const raw = helper as unknown as { load(n: unknown[], f: object[], c: object, cb: () => void): void; request(): Agent };

const userDir = runtimeWithUserDir('wes-api-cgx-', { before, after, afterEach });
let server: Awaited<ReturnType<typeof serveHttpNode>>;
before(async () => {
  server = await serveHttpNode(0);
});
after(() => server.close());

const FTP_USER = 'jeedom-ftp';
const FTP_PASSWORD = 'not-wesftp';

/** A port free now (the FTP server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// Jeedom's template style: t lines, c codes with spaces, a TAB, several values on one line, the end dot.
const TEMPLATE = [
  't <?xml version="1.0" encoding="utf-8"?>',
  't <data>',
  'c ea1<ADCO>%s</ADCO>',
  'c ip1<PAP>%d</PAP>',
  'c TP1<H_PLEINE>%09u</H_PLEINE>',
  'c pIU1<INDEX1>%.0f</INDEX1>',
  'c P A1<I1>%.02f</I1>',
  'c W0T0<SONDE1>%.01f</SONDE1>',
  'c o R2<RELAIS2>%s</RELAIS2>',
  'c l\tE1 <ENTREE1>%d</ENTREE1>',
  'c XY9<UNKNOWN>%d %s</UNKNOWN>',
  't </data>',
  '.',
  '',
].join('\r\n');

const PY = `
import ftplib, io, json, sys
host, port, user, password, template = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].encode()
out = {}
try:
    f = ftplib.FTP()
    f.connect(host, port, timeout=10)
    f.login(user, 'wesftp')
    out['wrong_password'] = 'accepted'
except ftplib.error_perm as e:
    out['wrong_password'] = str(e)[:3]
f = ftplib.FTP()
f.connect(host, port, timeout=10)
f.login(user, password)
f.storbinary('STOR DATA_JEEDOM.CGX', io.BytesIO(template))
f.mkd('JWES')
f.cwd('/JWES')
f.storbinary('STOR PHASE1.CGX', io.BytesIO(template))
f.cwd('/')
try:
    f.storbinary('STOR evil.sh', io.BytesIO(b'rm -rf /'))
    out['not_cgx'] = 'accepted'
except ftplib.error_perm as e:
    out['not_cgx'] = str(e)[:3]
try:
    f.storbinary('STOR big.cgx', io.BytesIO(b't x' * 30000))
    out['too_big'] = 'accepted'
except ftplib.all_errors as e:
    out['too_big'] = 'refused'
out['listed'] = sorted(f.nlst())
f.quit()
print(json.dumps(out))
`;

function ftpClient(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    execFile(
      '/usr/bin/python3',
      ['-c', PY, '127.0.0.1', String(port), FTP_USER, FTP_PASSWORD, TEMPLATE],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`ftplib: ${stderr}`));
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    ),
  );
}

const auth = { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` };
async function getXml(path: string): Promise<Record<string, string>> {
  const res = await fetch(server.url + path, { headers: auth });
  assert.equal(res.status, 200, path);
  return ((await parseStringPromise(await res.text(), { explicitArray: false, trim: true })) as { data: Record<string, string> }).data;
}

test('a template uploaded by FTP (ftplib) and from the editor is served expanded; only .cgx files, in the wes-cgx folder', async () => {
  const port = await freePort();
  const creds = { api: { user: USER, password: PASSWORD, ftpUser: FTP_USER, ftpPassword: FTP_PASSWORD } };
  await new Promise<void>((r) => raw.load(apiNodes, apiFlow({ ftp: true, ftpHost: '127.0.0.1', ftpPort: port }), creds, r));
  const api = helper.getNode('api');
  await waitFor(() => String(lastStatus(api).text).includes(`FTP 127.0.0.1:${port}`), 'the FTP server listening');
  const tics = collector('ticOut');
  const probes = collector('owOut');
  const pulses = collector('pulseOut');
  helper.getNode('p').receive({ payload: 'status' });
  await waitFor(
    () => tics.length >= 1 && pulses.length >= 1 && probes.some((m) => m.topic === 'temp1'),
    'a meter state, the counter and a probe',
    10_000,
  );

  const ftp = await ftpClient(port);
  assert.equal(ftp.wrong_password, '530');
  assert.match(String(ftp.not_cgx), /^55\d$/, 'a file that is not a template is refused');
  assert.equal(ftp.too_big, 'refused');
  assert.deepEqual(ftp.listed, ['DATA_JEEDOM.CGX', 'JWES']);
  const folder = join(userDir, 'wes-cgx');
  assert.deepEqual(readdirSync(folder).sort(), ['DATA_JEEDOM.CGX', 'JWES']);
  assert.ok(!existsSync(join(folder, 'big.cgx')), 'the oversized one is not kept');

  // Jeedom uploads /DATA_JEEDOM.CGX and polls data_jeedom.cgx; jwes polls /JWES/PHASE1.CGX.
  const d = await getXml('/data_jeedom.cgx');
  const meter = tics[tics.length - 1].payload as { meterId: string };
  assert.equal(d.ADCO, meter.meterId);
  assert.ok(
    tics.some((m) => String((m.payload as { powerVA: number }).powerVA) === d.PAP),
    `PAP ${d.PAP}`,
  );
  assert.match(d.H_PLEINE, /^\d{9}$/);
  assert.equal(d.INDEX1, '1234500', 'the water counter in litres');
  assert.match(d.I1, /^\d+\.\d\d$/);
  assert.ok(
    probes.filter((m) => m.topic === 'temp1').some((m) => (m.payload as number).toFixed(1) === d.SONDE1),
    `SONDE1 ${d.SONDE1}`,
  );
  assert.equal(d.RELAIS2, 'OFF');
  assert.equal(d.UNKNOWN, '0 Pas Dispo', 'an unknown code prints the placeholders');
  assert.equal((await getXml('/JWES/phase1.cgx')).ADCO, meter.meterId);
  assert.equal((await fetch(`${server.url}/missing.cgx`, { headers: auth })).status, 404);
  assert.equal((await fetch(`${server.url}/data_jeedom.cgx`)).status, 401, 'behind the same Basic auth');

  // From the editor: the admin endpoint checks the name and the size.
  const up = await raw
    .request()
    .post('/wes-http-api/cgx')
    .send({ name: 'homeassistant.cgx', text: 't <data>\nc ip1<pap>%d</pap>\nt </data>\n' });
  assert.equal(up.status, 200);
  assert.deepEqual(up.body.templates, ['DATA_JEEDOM.CGX', 'JWES/PHASE1.CGX', 'homeassistant.cgx']);
  assert.match((await getXml('/homeassistant.cgx')).pap, /^\d+$/);
  assert.equal((await raw.request().post('/wes-http-api/cgx').send({ name: '../../settings.js', text: 'x' })).status, 400);
  assert.equal(
    (
      await raw
        .request()
        .post('/wes-http-api/cgx')
        .send({ name: 'a.cgx', text: 'x'.repeat(70_000) })
    ).status,
    413,
  );
});
