// A real Node-RED in UTC (as a Pi image or a container runs): readings logged at one-hour intervals
// through a deploy and a restart in the middle of the hour, then a day downloaded in Excel French and
// in plain CSV over HTTP and parsed. The hour must be written once, with every reading in it, and the
// download must be in the dialect asked for, with the readable columns and Paris wall time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../nodes/core/csv/rows';
import { authHeader, exited, freePort, prepareUserDir, startNodeRed, waitReady } from '../support/logger-runtime';

const HOUR = 3_600_000;

function flow(logDir: string, loggerId = 'log'): object[] {
  return [
    { id: 'tab', type: 'tab', label: 'downloads test' },
    // POST /feed with an array of messages: each goes to the logger as it is. The answer comes when
    // the logger has done with the last one (a flush): answered at once, a deploy or a SIGTERM that
    // followed could stop the flow while the readings were still on their way to the logger.
    { id: 'in', type: 'http in', z: 'tab', url: '/feed', method: 'post', upload: false, wires: [['split']] },
    {
      id: 'split',
      type: 'function',
      z: 'tab',
      outputs: 1,
      func: 'return [msg.payload.map((m) => ({ ...m, req: msg.req, res: msg.res }))];',
      wires: [[loggerId]],
    },
    { id: 'done', type: 'complete', z: 'tab', scope: [loggerId], uncaught: false, wires: [['last']] },
    { id: 'last', type: 'function', z: 'tab', outputs: 1, func: 'return msg.flush === true ? msg : null;', wires: [['ok']] },
    { id: 'ok', type: 'http response', z: 'tab', statusCode: '204', headers: {}, wires: [] },
    {
      id: loggerId,
      type: 'wes-logger',
      z: 'tab',
      name: 'main',
      folder: logDir,
      // No format: the default, Excel French.
      mode: 'interval',
      interval: 3600,
      rules: '',
      flushInterval: 0.5,
      retentionDays: 730,
      maxBufferKB: 1024,
      wires: [],
    },
  ];
}

const meter = (t: number, powerVA: number) => ({
  topic: 'tic1',
  timestamp: t,
  payload: {
    mode: 'standard',
    meterId: '021861348497',
    meterInfo: { manufacturerCode: '02', year: 2018, typeCode: '61' },
    powerVA,
    energyWh: 1_000_000 + powerVA,
    tariffIndex: 2,
    energyByPeriodWh: { BBRHCJB: 400_000, BBRHPJB: 600_000 + powerVA },
    currentA: [Math.round(powerVA / 230)],
    tariffPeriod: 'HP',
    tempo: { today: 'BLEU', tomorrow: 'BLANC' },
  },
});

/** Paris wall time of an instant, as the Excel column shows it, computed independently of the logger. */
function parisWall(t: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(t))
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

test(
  'an hour cut by a deploy and a restart is written once; a day downloads in Excel French and in plain CSV',
  { timeout: 120_000 },
  async () => {
    const userDir = mkdtempSync(join(tmpdir(), 'wes-dl-'));
    const logDir = join(userDir, 'logs');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: authHeader() };
    const feed = async (msgs: object[]) => {
      const r = await fetch(`${base}/feed`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(msgs),
      });
      assert.equal(r.status, 204);
    };
    // The hour bucket that holds "now + 4 min" cannot end before the test does, and every stamp
    // stays within the logger's 5 minutes ahead of the clock.
    const bucket = Math.floor((Date.now() + 4 * 60_000) / HOUR) * HOUR;
    const env = { TZ: 'UTC' };

    prepareUserDir(userDir, port, flow(logDir));
    let child = startNodeRed(userDir, env);
    try {
      await waitReady(port, child);
      await feed([meter(bucket + 1000, 1000), meter(bucket + 2000, 1000), { flush: true }]);

      // A full deploy of the same flow: the logger closes (not removed) and starts again.
      const deployed = await fetch(`${base}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
        body: JSON.stringify(flow(logDir)),
      });
      assert.equal(deployed.status, 204);
      await waitReady(port, child);
      await feed([meter(bucket + 10_000, 2000), meter(bucket + 11_000, 2000), { flush: true }]);

      // A restart (SIGTERM, as systemd stops the service).
      child.kill('SIGTERM');
      await exited(child);
      child = startNodeRed(userDir, env);
      await waitReady(port, child);
      await feed([meter(bucket + 20_000, 4000), { flush: true }]);
      // Before the hour has ended nothing of it is on disk: no partial row at the deploy or the stop.
      const tic1 = join(logDir, 'tic1');
      const written = existsSync(tic1)
        ? (readdirSync(tic1, { recursive: true }) as string[]).filter((f) => /\d\.csv$/.test(f) && !f.includes('aggregates'))
        : [];
      for (const f of written) assert.equal(parseCsv(readFileSync(join(tic1, f), 'utf8'))?.rows.length ?? 0, 0, f);

      // The logger is replaced (removed, so it writes the hour it holds) by another on the same folder.
      const replaced = await fetch(`${base}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
        body: JSON.stringify(flow(logDir, 'log2')),
      });
      assert.equal(replaced.status, 204);
      await waitReady(port, child);

      const listing = (await (await fetch(`${base}/wes/logs/main/tic1`, { headers: auth })).json()) as { files: { key: string }[] };
      const day = listing.files[0]?.key as string;
      assert.ok(day, 'a day file');

      // Excel French, readable columns (the default).
      const excel = await fetch(`${base}/wes/logs/main/tic1/day/${day}?dialect=excel-fr`, { headers: auth });
      assert.equal(excel.status, 200);
      const excelText = Buffer.from(await excel.arrayBuffer()).toString('utf8');
      assert.ok(excelText.startsWith('\uFEFF'), 'a BOM, so Excel reads UTF-8');
      const lines = excelText.slice(1).trimEnd().split('\n');
      assert.equal(lines.length, 2, `one header and one row for the hour:\n${excelText}`);
      const header = (lines[0] as string).split(';');
      assert.deepEqual(header, [
        'time',
        'date',
        'tariffPeriod',
        'tempoColour',
        'powerVA',
        'energyByPeriodWh_BBRHCJB',
        'energyByPeriodWh_BBRHPJB',
        'currentA_1',
      ]);
      const cells = (lines[1] as string).split(';');
      const cell = (name: string) => cells[header.indexOf(name)];
      assert.equal(cell('date'), parisWall(bucket), 'Paris wall time, though Node-RED runs in UTC');
      assert.equal(cell('tariffPeriod'), 'HP');
      assert.equal(cell('tempoColour'), 'BLEU');
      // Every reading of the hour, across the deploy and the restart: (2·1000 + 2·2000 + 4000) / 5.
      assert.equal(cell('powerVA'), '2000');
      assert.equal(cell('energyByPeriodWh_BBRHPJB'), '604000', 'an index keeps its last value');
      assert.equal(cell('currentA_1'), '8,6', 'decimal comma');

      // Plain CSV of the same day, every column.
      const plain = await fetch(`${base}/wes/logs/main/tic1/day/${day}?dialect=standard&columns=all`, { headers: auth });
      const plainText = await plain.text();
      assert.ok(!plainText.startsWith('\uFEFF'));
      const parsed = parseCsv(plainText);
      assert.ok(parsed);
      assert.equal(parsed.header.dialect.format, 'standard');
      assert.equal(parsed.rows.length, 1);
      assert.equal(parsed.rows[0]?.t, bucket);
      assert.equal(parsed.rows[0]?.values.powerVA_max, 4000);
      assert.equal(parsed.rows[0]?.values.currentA_1, 8.6);
      assert.ok(parsed.header.columns.includes('meterInfo_year'), 'all columns');
      assert.match(plainText.split('\n')[1] as string, /,8\.6,/, 'decimal point');

      const bad = await fetch(`${base}/wes/logs/main/tic1/day/${day}?dialect=excel`, { headers: auth });
      assert.equal(bad.status, 400);

      // The history reader answers from the same file, streamed as JSON.
      const hist = await fetch(
        `${base}/wes/history?logger=main&source=tic1&from=${bucket}&to=${bucket + HOUR}&resolution=raw&fields=powerVA`,
        {
          headers: auth,
        },
      );
      assert.deepEqual(((await hist.json()) as { rows: unknown[] }).rows, [{ t: bucket, powerVA: 2000 }]);
    } finally {
      child.kill('SIGKILL');
      await exited(child);
      rmSync(userDir, { recursive: true, force: true });
    }
  },
);
