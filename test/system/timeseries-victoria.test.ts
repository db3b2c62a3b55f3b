// wes-timeseries against Debian's victoria-metrics on loopback: a simulated meter's states
// written in batches (1.x /write and 2.x /api/v2/write) and read back with the values wes-logger's
// CSV holds for the same frames;
// the database stopped and restarted on the same data with nothing lost inside the buffer's
// bound; beyond the bound, the oldest points dropped and the count shown.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { collector, helper, lastStatus, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import { startVictoria, type Peer } from '../support/export-peers';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../nodes/core/csv/rows';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import loggerNode from '../../nodes/wes-logger/wes-logger';
import timeseriesNode from '../../nodes/wes-timeseries/wes-timeseries';

const VM_PORT = 18841;
const VM = `http://127.0.0.1:${VM_PORT}`;
const nodes = [ticInNode, timeseriesNode, loggerNode];
let vm: Peer | undefined;

runtimeWithUserDir('wes-mqtt-ts-', { before, after, afterEach });
before(async () => {
  vm = await startVictoria(VM_PORT);
});
after(async () => {
  await vm?.remove();
});

interface Exported {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}
/** Every raw sample of the series matching `match`, after making the latest writes searchable. */
async function exported(match: string): Promise<Exported[]> {
  await fetch(`${VM}/internal/force_flush`);
  const r = await fetch(`${VM}/api/v1/export?${new URLSearchParams({ 'match[]': match })}`);
  assert.ok(r.ok, await r.clone().text());
  return (await r.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Exported);
}
const valuesOf = async (match: string) => (await exported(match)).flatMap((s) => s.values);
/**
 * The values of `match` once there are n of them, or what there is after a while (for the
 * assertion's diff): after a restart VictoriaMetrics shows fresh rows only after its caches
 * catch up, even after force_flush.
 */
const atLeast = (match: string, n: number) =>
  waitFor(
    async () => {
      const v = await valuesOf(match);
      return v.length >= n && v;
    },
    `${n} values of ${match}`,
    10_000,
    100,
  ).catch(() => valuesOf(match));
const statusText = () => String(lastStatus(helper.getNode('ts')).text ?? '');
const counts = () => {
  const m = /(\d+) kept · (\d+) dropped/.exec(statusText());
  return m ? { kept: Number(m[1]), dropped: Number(m[2]) } : null;
};

const meterState = (powerVA: number) => ({
  topic: 'tic9',
  payload: {
    meterId: '021861348497',
    tariffPeriod: 'HP',
    powerVA,
    energyByPeriodWh: { EASF01: 1000, EASF02: 2000 + powerVA },
    currentA: [3],
    alerts: { overload: false },
  },
});

/** The values of one column of every CSV file the logger wrote for a source, in time order. */
function csvColumn(folder: string, source: string, column: string): number[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.csv')) files.push(join(d, e.name));
    }
  };
  walk(join(folder, source));
  const rows = files.flatMap((f) => parseCsv(readFileSync(f, 'utf8'))?.rows ?? []).sort((a, b) => a.t - b.t);
  return rows.map((r) => r.values[column]).filter((v): v is number => v !== undefined);
}

test("timeseries: a simulated Linky's states reach VictoriaMetrics in batches (1.x and 2.x APIs), with the logger's CSV values", async (t) => {
  const logDir = mkdtempSync(join(tmpdir(), 'wes-mqtt-csv-'));
  t.after(() => rmSync(logDir, { recursive: true, force: true }));
  await loadFlow(nodes, [
    {
      id: 'log',
      type: 'wes-logger',
      name: 'csv',
      folder: logDir,
      format: 'standard',
      mode: 'every',
      interval: 60,
      rules: '',
      flushInterval: 0.2,
      retentionDays: 730,
      maxBufferKB: 1024,
    },
    {
      id: 'tic',
      type: 'wes-tic-in',
      topic: 'tic1',
      source: 'simulated',
      simMode: 'standard',
      simOption: 'HC',
      simSeed: 4,
      simSpeedup: 60,
      output: 'every',
      wires: [['ts', 'ts2', 'sent', 'log'], []],
    },
    { id: 'ts', type: 'wes-timeseries', box: 'v1box', api: 'v1', url: VM, database: 'wes', flushS: 0.2, batchSize: 3 },
    { id: 'ts2', type: 'wes-timeseries', box: 'v2box', api: 'v2', url: VM, org: 'home', bucket: 'wes', flushS: 0.2, batchSize: 100 },
    { id: 'sent', type: 'helper' },
  ]);
  const sent = collector('sent');
  await waitFor(() => sent.length >= 6, 'six meter states', 20_000);
  const n = sent.length;
  const powers = sent.map((m) => (m.payload as { powerVA: number }).powerVA);
  const index = sent.map((m) => (m.payload as { energyByPeriodWh: Record<string, number> }).energyByPeriodWh.EASF01);
  await waitFor(async () => (await valuesOf('wes_meter_powerVA{box="v1box"}')).length >= n, 'the v1 points', 10_000, 50);
  const v1 = await exported('wes_meter_powerVA{box="v1box",source="tic1"}');
  assert.equal(v1.length, 1, 'one series per source (the tariff period is a tag of the point, not of this series in VM)');
  assert.deepEqual(v1[0].values.slice(0, n), powers.slice(0, n));
  assert.deepEqual((await valuesOf('wes_meter_index_EASF01_Wh{box="v1box"}')).slice(0, n), index.slice(0, n));
  await waitFor(async () => (await valuesOf('wes_meter_powerVA{box="v2box"}')).length >= n, 'the v2 points', 10_000, 50);
  assert.deepEqual((await valuesOf('wes_meter_powerVA{box="v2box"}')).slice(0, n), powers.slice(0, n));
  assert.match(statusText(), /points written/);
  // The same period as the logger recorded it: the CSV's column and the database's series agree.
  await waitFor(() => csvColumn(logDir, 'tic1', 'powerVA').length >= n, 'the CSV rows', 10_000, 50);
  assert.deepEqual(csvColumn(logDir, 'tic1', 'powerVA').slice(0, n), v1[0].values.slice(0, n));
  assert.deepEqual(csvColumn(logDir, 'tic1', 'energyByPeriodWh_EASF01').slice(0, n), index.slice(0, n));
});

test('timeseries: the database stopped and restarted: every point inside the bound is written once it is back', async () => {
  await loadFlow(nodes, [
    { id: 'ts', type: 'wes-timeseries', box: 'down', api: 'v1', url: VM, flushS: 0.2, batchSize: 10, bufferPoints: 100 },
  ]);
  const ts = helper.getNode('ts');
  ts.receive(meterState(100));
  await waitFor(async () => (await valuesOf('wes_meter_powerVA{box="down"}')).length === 1, 'the first point', 10_000, 50);
  await vm!.stop();
  for (let i = 1; i <= 40; i++) ts.receive(meterState(100 + i));
  await waitFor(() => counts()?.kept === 40, 'forty points kept while the database is away', 10_000, 20, statusText);
  assert.equal(counts()?.dropped, 0);
  vm = await startVictoria(VM_PORT, vm!.dir);
  await waitFor(
    () => /40 points written · 0 waiting|41 points written · 0 waiting/.test(statusText()),
    'the backlog written',
    15_000,
    20,
    statusText,
  );
  const got = await atLeast('wes_meter_powerVA{box="down"}', 41);
  assert.deepEqual(
    got,
    Array.from({ length: 41 }, (_, i) => 100 + i),
    'nothing lost, nothing doubled',
  );
});

test('timeseries: beyond the bound the oldest points are dropped, and the status says how many', async () => {
  await loadFlow(nodes, [
    { id: 'ts', type: 'wes-timeseries', box: 'bound', api: 'v1', url: VM, flushS: 0.2, batchSize: 5, bufferPoints: 10 },
  ]);
  const ts = helper.getNode('ts');
  await vm!.stop();
  for (let i = 1; i <= 25; i++) ts.receive(meterState(i));
  await waitFor(() => counts()?.dropped === 15 && counts()?.kept === 10, '15 dropped, 10 kept', 10_000, 20, statusText);
  vm = await startVictoria(VM_PORT, vm!.dir);
  await waitFor(() => /10 written · 0 waiting · 15 dropped/.test(statusText()), 'the ten kept written', 15_000, 20, statusText);
  assert.deepEqual(
    await atLeast('wes_meter_powerVA{box="bound"}', 10),
    Array.from({ length: 10 }, (_, i) => 16 + i),
    'the newest ten',
  );
});
