// The Energy page in Chromium, in French and in English (the supervisor generated in each language
// into a temp dir, started with WES_FLOW): yesterday holds a simulated day of meter 1 written as
// the logger writes it, before Node-RED starts, so the logger's start-up catch-up builds its
// aggregates. The kWh the page shows for that day equal /wes/energy's figure, which equals the
// index difference in the CSV; previous / next / today and the month view navigate; screenshots
// at desktop and phone sizes go to test-artifacts/energy-<lang>-*.png.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot, startSupervisor } from '../support/supervisor-process';
import { openChromium } from '../support/chromium';
import { waitFor as waitUntil } from '../support/wait';
import { SimulatedMeter } from '../../nodes/core/sim/simulated-meter';
import { TicDecoder } from '../../nodes/core/tic/tic-decoder';
import { encodeFrame } from '../../nodes/core/tic/frame-encoder';
import type { MeterState } from '../../nodes/core/tic/meter-state';
import { numericFields } from '../../nodes/core/csv/fields';
import { dialectFor } from '../../nodes/core/csv/dialect';
import { rawRelPath } from '../../nodes/core/csv/paths';
import { formatHeader, formatRow, type Row } from '../../nodes/core/csv/rows';
import { dayKey, parseDayKey, startOfLocalDay } from '../../nodes/core/csv/local-time';

const artifacts = join(projectRoot, 'test-artifacts');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const temp = mkdtempSync(join(tmpdir(), 'wes-energy-browser-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The supervisor in one language, as scripts/flows builds it. */
function flowFile(lang: 'fr' | 'en'): string {
  const src = join(projectRoot, 'scripts', 'flows', 'supervisor.mjs');
  const json = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { supervisor } from ${JSON.stringify(src)}; process.stdout.write(JSON.stringify(supervisor('sup', true, ${JSON.stringify(lang)})));`,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const path = join(temp, `wes-supervisor-${lang}.json`);
  writeFileSync(path, json);
  return path;
}

/** Yesterday of meter 1 (the flow's simulated Linky: standard, Tempo, 9 kVA), a row every 6 min. */
function seedYesterday(userDir: string): { day: string; wh: number } {
  const day0 = startOfLocalDay(startOfLocalDay(Date.now()) - 12 * 3_600_000);
  const day = dayKey(day0);
  const meter = new SimulatedMeter({ mode: 'standard', phases: 1, producer: false, option: 'TEMPO', subscribedKva: 9, seed: 1 }, day0);
  const decoder = new TicDecoder();
  let state: MeterState | undefined;
  const sink = {
    frame: (s: MeterState) => {
      state = s;
    },
    event: () => undefined,
  };
  const rows: Row[] = [];
  for (let t = day0; dayKey(t) === day; t += 6 * 60_000) {
    decoder.push(encodeFrame('standard', meter.groups(t)), t, sink);
    rows.push({ t, values: numericFields(state as unknown as Record<string, unknown>) });
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  // As the supervisor's logger writes it (Excel French: the aggregates are read back in the logger's dialect).
  const dialect = dialectFor('excel-fr');
  const file = join(userDir, 'wes-logs', rawRelPath('tic1', day));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, formatHeader(columns, dialect) + rows.map((r) => formatRow(r, columns, dialect)).join(''));
  // The truth: the day's index difference, register by register.
  const first = (rows[0] as Row).values;
  const last = (rows[rows.length - 1] as Row).values;
  const wh = columns
    .filter((c) => /^energyByPeriodWh_EASF\d\d$/.test(c))
    .reduce((s, c) => s + (last[c] as number) - (first[c] as number), 0);
  return { day, wh };
}

/** Id of the one node of that type and name in a flow file. */
function nodeId(file: string, type: string, name: string): string {
  const nodes = JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; type: string; name?: string }>;
  const found = nodes.filter((n) => n.type === type && n.name === name);
  assert.equal(found.length, 1, `${type} "${name}"`);
  return (found[0] as { id: string }).id;
}

const TEXTS = {
  fr: {
    previous: 'Période précédente',
    today: "Aujourd'hui",
    consumption: 'Consommation',
    unit: /\d,\d\d kWh/,
    earlier: '‹ Avant',
    now: 'Maintenant',
    year: '1 an',
    points: /(\d+) points? · résolution (\w+)/,
  },
  en: {
    previous: 'Previous period',
    today: 'Today',
    consumption: 'Consumption',
    unit: /\d\.\d\d kWh/,
    earlier: '‹ Earlier',
    now: 'Now',
    year: '1 y',
    points: /(\d+) points? · resolution (\w+)/,
  },
};

for (const lang of ['fr', 'en'] as const) {
  test(`the Energy page in ${lang === 'fr' ? 'French' : 'English'}: yesterday's kWh are the route's and the CSV's; navigation`, async (t) => {
    mkdirSync(artifacts, { recursive: true });
    const userDir = join(temp, `user-${lang}`);
    mkdirSync(userDir, { recursive: true });
    const truth = seedYesterday(userDir);
    const flow = flowFile(lang);
    const proc = await startSupervisor({ flowFile: flow, env: { WES_USER_DIR: userDir } });
    t.after(() => proc.stop());
    await proc.waitForOutput(/Started flows/, 60_000);
    const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) =>
      waitUntil(probe, what, timeoutMs, 250, () => proc.output().slice(-2000)) as Promise<T>;

    const route = async (): Promise<number | null> => {
      const res = await fetch(`${proc.baseUrl}/wes/energy?source=tic1&period=day&date=${truth.day}`);
      if (!res.ok) return null;
      const body = (await res.json()) as { totals: { importWh: number }; buckets: Array<{ importWh: Record<string, number> }> };
      return body.buckets.filter((b) => Object.keys(b.importWh).length).length >= 23 ? body.totals.importWh : null;
    };
    const routeWh = await waitFor("yesterday's aggregates", route, 60_000);
    console.log(`# ${lang} ${truth.day}: route ${routeWh} Wh, CSV index difference ${truth.wh} Wh`);
    assert.equal(routeWh, truth.wh);

    const browser = await openChromium({ viewport: DESKTOP, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
    t.after(() => browser.close());
    const { page } = browser;
    const x = TEXTS[lang];
    await page.goto(`${proc.baseUrl}/dashboard/energy`);
    const dateEl = page.locator('.wes-energy-date');
    const today = dayKey(Date.now());
    await waitFor('today shown', async () => (await dateEl.getAttribute('data-date')) === today);
    assert.match(await page.locator('.wes-energy').innerText(), new RegExp(x.consumption));

    await page.getByRole('button', { name: x.previous }).click();
    await waitFor('yesterday shown', async () => (await dateEl.getAttribute('data-date')) === truth.day);
    const total = page.locator('.wes-energy-total');
    await waitFor('the day total', async () => Number(await total.getAttribute('data-wh')) === truth.wh);
    const shown = (await total.innerText()).replace(/\s/g, ' ');
    const expected = (truth.wh / 1000).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    assert.equal(shown.replace(/[\u202f\u00a0]/g, ' '), `${expected.replace(/[\u202f\u00a0]/g, ' ')} kWh`);
    assert.match(shown, x.unit);
    // The subscription of that day beside the energy's €, as the route prices them with meter 1's contract.
    // Meter 1's contract is the flow's Tempo one.
    const contractId = (JSON.parse(readFileSync(flow, 'utf8')) as Array<{ id: string; type: string; option?: string }>).find(
      (n) => n.type === 'wes-contract' && n.option === 'TEMPO',
    )?.id as string;
    const priced = (await (
      await fetch(`${proc.baseUrl}/wes/energy?source=tic1&period=day&date=${truth.day}&contract=${contractId}`)
    ).json()) as { totals: { costEur: number; subscriptionEur: number } };
    assert.ok(priced.totals.subscriptionEur > 0, `a subscription for the day: ${JSON.stringify(priced.totals)}`);
    const all = page.locator('.wes-energy-all');
    await waitFor('the total with the subscription', async () => {
      const eur = Number(await all.getAttribute('data-eur'));
      return Math.abs(eur - (priced.totals.costEur + priced.totals.subscriptionEur)) < 0.0002;
    });
    // 24 hours drawn (one stack of bars per hour with energy) and the Tempo periods in the table.
    assert.ok((await page.locator('.wes-energy-chart rect').count()) >= 20);
    await page.screenshot({ path: join(artifacts, `energy-${lang}-day-desktop.png`), fullPage: true });

    await page.locator('[data-period="month"]').click();
    await waitFor(
      'the month',
      async () =>
        (await dateEl.getAttribute('data-period')) === 'month' &&
        (await dateEl.getAttribute('data-date')) === `${truth.day.slice(0, 7)}-01`,
    );
    // The month's day of yesterday holds the same kWh as the day view: one day bucket, the same index difference.
    await waitFor('the month total', async () => Number(await total.getAttribute('data-wh')) >= truth.wh);
    assert.ok(
      (await page.locator('.wes-energy-chart text', { hasText: /^31$|^30$|^29$|^28$/ }).count()) >= 1,
      'the days of the month on the axis',
    );
    await page.screenshot({ path: join(artifacts, `energy-${lang}-month-desktop.png`), fullPage: true });
    await page.locator('[data-period="day"]').click();
    await page.getByRole('button', { name: x.today, exact: true }).click();
    await waitFor('back to today', async () => (await dateEl.getAttribute('data-date')) === today);
    await page.getByRole('button', { name: x.previous }).click();
    await waitFor('yesterday again', async () => (await dateEl.getAttribute('data-date')) === truth.day);

    await page.setViewportSize(PHONE);
    await waitFor('the total on the phone', async () => Number(await total.getAttribute('data-wh')) === truth.wh);
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wider <= 1, `the Energy page is ${wider}px wider than the phone screen`);
    await page.screenshot({ path: join(artifacts, `energy-${lang}-day-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);

    // History: yesterday's 10-minute buckets one window back, then the year's two days as points.
    await page.goto(`${proc.baseUrl}/dashboard/history`);
    const info = page.locator(`#nrdb-ui-widget-${nodeId(flow, 'ui-text', 'history points')}`);
    const points = async (): Promise<[number, string] | null> => {
      const m = x.points.exec(await info.innerText().catch(() => ''));
      return m ? [Number(m[1]), m[2] as string] : null;
    };
    await waitFor('the history answered', points);
    await page.getByText(x.earlier, { exact: true }).click();
    const span = page.locator('.wes-hist-window');
    // Both ends read at once: read one by one, they could come from two successive answers.
    const windowOf = (): Promise<[number, number]> =>
      span.evaluate((el) => [Number((el as HTMLElement).dataset.from), Number((el as HTMLElement).dataset.to)] as [number, number]);
    // The window moved back by its span: it is the 24 h before the last 24 h.
    const [from, to] = await waitFor('the window moved back', async () => {
      const w = await windowOf();
      return Date.now() - w[1] > 86_000_000 ? w : null;
    });
    assert.ok(Math.abs(to - from - 86_400_000) < 1000, `a 24 h window: ${from} → ${to}`);
    // Seeded rows every 6 min: every 10-min bucket of the window that lies in yesterday has one.
    const buckets = Math.ceil((to - parseDayKey(truth.day)) / 600_000);
    await waitFor(`yesterday's ${buckets} 10-min buckets`, async () => {
      const p = await points();
      return p && p[1] === '10min' && Math.abs(p[0] - buckets) <= 1;
    });
    await page.screenshot({ path: join(artifacts, `history-${lang}-earlier-desktop.png`), fullPage: true });
    await page.getByText(x.now, { exact: true }).click();
    await page.getByText(x.year, { exact: true }).click();
    let lastSeen: [number, string] | null = null;
    await waitUntil(
      async () => {
        lastSeen = await points();
        return lastSeen && lastSeen[1] === 'day' && lastSeen[0] >= 1 && lastSeen[0] <= 2;
      },
      'the year in days',
      30_000,
      250,
      () => `last shown: ${JSON.stringify(lastSeen)}`,
    );
    await page.screenshot({ path: join(artifacts, `history-${lang}-year-desktop.png`), fullPage: true });
  });
}
