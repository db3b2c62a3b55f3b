// GET /wes/energy through Node-RED's httpNode, from a real logger fed a simulated day: a producer
// Linky (standard, Tempo) decoded frame by frame as wes-tic-in would, every 6 minutes from the
// evening before until after midnight. The truth is read from the day's CSV files by hand: the
// day's energy per register is its last index minus the last index of the day before.
process.env.TZ = 'Europe/Paris';
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeAPI } from 'node-red';
import { helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import loggerNode from '../../nodes/wes-logger/wes-logger';
import historyNode from '../../nodes/wes-history/wes-history';
import contractNode from '../../nodes/wes-contract/wes-contract';
import { SimulatedMeter } from '../../nodes/core/sim/simulated-meter';
import { TicDecoder } from '../../nodes/core/tic/tic-decoder';
import { encodeFrame } from '../../nodes/core/tic/frame-encoder';
import type { MeterState } from '../../nodes/core/tic/meter-state';
import { dayKey, startOfLocalDay } from '../../nodes/core/csv/local-time';
import type { EnergyAnswer } from '../../nodes/wes-history/energy-route';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const supertest = require('supertest') as (app: unknown) => {
  get(path: string): Promise<{ status: number; body: unknown; text: string }>;
};

runtimeWithUserDir('wes-energy-', { before, after, afterEach });
const dir = mkdtempSync(join(tmpdir(), 'wes-energy-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let httpNode: unknown;
const grabHttp = (RED: NodeAPI): void => {
  httpNode = RED.httpNode;
};

const TEMPO_PRICES = '2025-08-01 HCJB=0.1232 HPJB=0.1494 HCJW=0.1391 HPJW=0.1730 HCJR=0.1460 HPJR=0.6468 sub=16.16';
// Standard-mode supplier registers follow the Tempo option's order.
const PRICE_OF: Record<string, number> = { EASF01: 0.1232, EASF02: 0.1494, EASF03: 0.1391, EASF04: 0.173, EASF05: 0.146, EASF06: 0.6468 };

/** The rows of a source's day files, as written: column name → number, by the file's own header. */
function csvRows(source: string, day: string): Array<Record<string, number>> {
  const folder = join(dir, source, day.slice(0, 4), day.slice(5, 7));
  const out: Array<Record<string, number>> = [];
  for (const name of readdirSync(folder)
    .filter((n) => n.startsWith(day))
    .sort()) {
    const [head, ...lines] = readFileSync(join(folder, name), 'utf8').split('\n').filter(Boolean);
    const cols = (head as string).split(',');
    for (const line of lines) {
      const cells = line.split(',');
      out.push(
        Object.fromEntries(
          cols
            .map((c, i) => [c, Number(cells[i])])
            .filter(([c, v]) => c !== 'time' && cells[cols.indexOf(c as string)] !== '' && Number.isFinite(v)),
        ),
      );
    }
  }
  return out;
}

test("the route's kWh of a simulated day equal the index differences the logger wrote; € at the Tempo prices", async () => {
  await loadFlow(
    [loggerNode, historyNode, contractNode, grabHttp],
    [
      {
        id: 'log',
        type: 'wes-logger',
        name: 'e',
        folder: dir,
        format: 'standard',
        mode: 'every',
        interval: 60,
        rules: '',
        flushInterval: 3600,
        retentionDays: 730,
        maxBufferKB: 4096,
      },
      {
        id: 'hist',
        type: 'wes-history',
        name: 'h',
        logger: 'log',
        source: '',
        from: '-24h',
        to: 'now',
        resolution: 'auto',
        fields: '',
        output: 'chart',
      },
      { id: 'ct', type: 'wes-contract', name: 'tempo', option: 'TEMPO', timeZone: 'Europe/Paris', prices: TEMPO_PRICES },
    ],
  );
  const log = helper.getNode('log');
  const day0 = startOfLocalDay(startOfLocalDay(Date.now()) - 12 * 3_600_000);
  const day = dayKey(day0);
  const start = day0 - 3 * 3_600_000;
  const meter = new SimulatedMeter({ mode: 'standard', phases: 1, producer: true, option: 'TEMPO', subscribedKva: 9, seed: 5 }, start);
  const decoder = new TicDecoder();
  let state: MeterState | undefined;
  const sink = {
    frame: (s: MeterState) => {
      state = s;
    },
    event: () => undefined,
  };
  for (let t = start; t <= day0 + 25 * 3_600_000 && t < Date.now(); t += 6 * 60_000) {
    decoder.push(encodeFrame('standard', meter.groups(t)), t, sink);
    log.receive({ topic: 'pv', payload: state, timestamp: t });
  }
  log.receive({ flush: true });
  const api = supertest(httpNode);
  const url = `/wes/energy?logger=e&source=pv&period=day&date=${day}&contract=ct`;
  // The hour files are written after the raw ones: wait until every hour of the day is there.
  await waitFor(
    async () => ((await api.get(url)).body as EnergyAnswer).buckets?.every((b) => Object.keys(b.importWh).length > 0),
    'the day aggregated',
  );

  const rows = csvRows('pv', day);
  const before = csvRows('pv', dayKey(day0 - 3_600_000));
  const last = rows[rows.length - 1] as Record<string, number>;
  const base = before[before.length - 1] as Record<string, number>;
  const registers = Object.keys(last).filter((k) => /^energyByPeriodWh_EASF\d\d$/.test(k));
  assert.ok(registers.length >= 2, `registers ${registers.join(', ')}`);
  const truthWh = registers.reduce((s, k) => s + ((last[k] as number) - ((base[k] as number) ?? 0)), 0);
  const truthInjectedWh = (last.injectedEnergyWh as number) - (base.injectedEnergyWh as number);
  const truthEur = registers.reduce((s, k) => s + (((last[k] as number) - (base[k] as number)) / 1000) * (PRICE_OF[k.slice(-6)] ?? 0), 0);

  const res = await api.get(url);
  assert.equal(res.status, 200);
  const a = res.body as EnergyAnswer;
  console.log(
    `# ${day}: route ${a.totals.importWh} Wh withdrawn, ${a.totals.exportWh} Wh injected, ${a.totals.costEur} €; ` +
      `CSV ${truthWh} Wh, ${truthInjectedWh} Wh, ${truthEur.toFixed(4)} €`,
  );
  assert.equal(a.totals.importWh, truthWh);
  assert.ok(truthInjectedWh > 0, 'the producer injected during the day');
  assert.equal(a.totals.exportWh, truthInjectedWh);
  assert.ok(Math.abs((a.totals.costEur as number) - truthEur) < 1e-3, `${a.totals.costEur} € vs ${truthEur} €`);
  assert.equal(a.exports, true);
  assert.equal(a.buckets.length, 24);
  assert.equal(a.range.previous, dayKey(day0 - 3_600_000));
  // The hours add up to the day; the month holds that day with the same figure.
  assert.equal(Math.round(a.buckets.reduce((s, b) => s + Object.values(b.importWh).reduce((x, y) => x + y, 0), 0)), truthWh);
  const month = (await api.get(`/wes/energy?logger=e&source=pv&period=month&date=${day}&contract=ct`)).body as EnergyAnswer;
  const inMonth = month.buckets.find((b) => b.t === day0);
  assert.equal(
    Object.values(inMonth?.importWh ?? {}).reduce((x, y) => x + y, 0),
    truthWh,
  );

  // Bounded and checked like /wes/history.
  assert.equal((await api.get('/wes/energy?logger=e&source=pv&period=week&date=2026-01-01')).status, 400);
  assert.equal((await api.get('/wes/energy?logger=e&source=pv&period=day&date=2026-02-30')).status, 400);
  assert.equal((await api.get('/wes/energy?logger=e&source=../x&period=day&date=2026-01-01')).status, 400);
  assert.equal((await api.get('/wes/energy?logger=nope&source=pv&period=day&date=2026-01-01')).status, 404);
  assert.equal((await api.get(`/wes/energy?logger=e&source=pv&period=day&date=${day}&contract=nope`)).status, 404);
  const noPrice = (await api.get(`/wes/energy?logger=e&source=pv&period=day&date=${day}`)).body as EnergyAnswer;
  assert.equal(noPrice.totals.importWh, truthWh);
  assert.equal(noPrice.totals.costEur, null);
});
