// The Downloads page of the shipped supervisor in Chromium: it lists the logger's sources and days,
// offers the day / month / range links, and a download opens in the chosen dialect. The day asked
// for was written by an older version (plain CSV with every column), so the page's Excel French
// download proves the conversion on the way out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';
import { waitFor } from '../support/wait';

const artifacts = join(projectRoot, 'test-artifacts');
let nr: SupervisorProcess;
let page: Page;
let browser: Chromium | undefined;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  nr = await startSupervisor();
  await nr.waitForOutput(/Started flows/, 60_000);
  const dayDir = join(nr.userDir, 'wes-logs', 'tic1', '2026', '11');
  mkdirSync(dayDir, { recursive: true });
  writeFileSync(
    join(dayDir, '2026-11-24.csv'),
    'time,meterInfo_year,powerVA,powerVA_min,powerVA_max,energyWh,tariffIndex,energyByPeriodWh_HCHC,energyByPeriodWh_HCHP\n' +
      '2026-11-24T10:00:00+01:00,2018,1500.5,1400,1600,1000000,2,400000,600000\n' +
      '2026-11-24T10:01:00+01:00,2018,1520.25,1400,1600,1000010,2,400000,600010\n',
  );
  browser = await openChromium({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  ({ page } = browser);
});

after(async () => {
  await browser?.close();
  await nr?.stop();
});

test('the Downloads page offers day, month and range links, and the CSV opens in the chosen dialect', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/downloads`);
  const source = page.locator('#wes-dl-source');
  await waitFor(async () => (await source.locator('option[value="tic1"]').count()) > 0, 'tic1 in the source list', 30_000, 250);
  await source.selectOption('tic1');
  const day = page.locator('#wes-dl-day');
  await waitFor(async () => (await day.getAttribute('min')) === '2026-11-24', 'the first recorded day', 30_000, 250);
  await day.fill('2026-11-24');

  const csv = page.locator('.wes-dl-csv');
  await waitFor(async () => /\/day\/2026-11-24\?/.test((await csv.getAttribute('href')) ?? ''), 'the day link', 10_000, 100);
  const href = (await csv.getAttribute('href')) as string;
  assert.match(href, /\/wes\/logs\/[^/]+\/tic1\/day\/2026-11-24\?format=csv&dialect=excel-fr&columns=readable$/);
  await page.screenshot({ path: join(artifacts, 'downloads-desktop.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.equal(download.suggestedFilename(), 'tic1-2026-11-24.csv');
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(
    text,
    '\uFEFFtime;date;powerVA;energyByPeriodWh_HCHC;energyByPeriodWh_HCHP\n' +
      '2026-11-24T10:00:00+01:00;2026-11-24 10:00:00;1500,5;400000;600000\n' +
      '2026-11-24T10:01:00+01:00;2026-11-24 10:01:00;1520,25;400000;600010\n',
  );

  // Plain CSV with every column: the link follows the choice, and so does the answer.
  await page.locator('input[name="wes-dl-dialect"][value="standard"]').check();
  await page.locator('.wes-dl-row input[type="checkbox"]').check();
  await waitFor(async () => /dialect=standard&columns=all$/.test((await csv.getAttribute('href')) ?? ''), 'the plain link', 10_000, 100);
  const plain = await page.evaluate(async (url) => (await fetch(url)).text(), (await csv.getAttribute('href')) as string);
  assert.equal(
    plain.split('\n')[0],
    'time,meterInfo_year,powerVA,powerVA_min,powerVA_max,energyWh,tariffIndex,energyByPeriodWh_HCHC,energyByPeriodWh_HCHP',
  );
  assert.equal(plain.split('\n')[1], '2026-11-24T10:00:00+01:00,2018,1500.5,1400,1600,1000000,2,400000,600000');

  // Month and range: a CSV and a zip each.
  await page.locator('input[name="wes-dl-kind"][value="month"]').check();
  await page.locator('#wes-dl-month').fill('2026-11');
  await waitFor(async () => /\/month\/2026-11\?format=csv/.test((await csv.getAttribute('href')) ?? ''), 'the month link', 10_000, 100);
  assert.match((await page.locator('.wes-dl-zip').getAttribute('href')) ?? '', /\/month\/2026-11\?format=zip/);
  await page.locator('input[name="wes-dl-kind"][value="range"]').check();
  await page.locator('#wes-dl-from').fill('2026-11-20');
  await page.locator('#wes-dl-to').fill('2026-11-24');
  await waitFor(
    async () => /\/range\?from=2026-11-20&to=2026-11-24&format=csv/.test((await csv.getAttribute('href')) ?? ''),
    'the range link',
    10_000,
    100,
  );
  const zip = await page.evaluate(
    async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type'), first: new Uint8Array(await r.arrayBuffer()).slice(0, 2) };
    },
    (await page.locator('.wes-dl-zip').getAttribute('href')) as string,
  );
  assert.equal(zip.status, 200);
  assert.equal(zip.type, 'application/zip');
  assert.deepEqual(Object.values(zip.first), [0x50, 0x4b], 'a zip ("PK")');

  // On a phone every control of the page stays inside the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await waitFor(async () => (await page.locator('.wes-dl-csv').count()) > 0, 'the links on a phone', 30_000, 250);
  for (const sel of [
    '#wes-dl-source',
    '#wes-dl-from',
    '#wes-dl-to',
    '.wes-dl-csv',
    '.wes-dl-zip',
    'input[name="wes-dl-dialect"][value="standard"]',
  ]) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${sel} inside the phone's width: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: join(artifacts, 'downloads-phone.png'), fullPage: true });
});
