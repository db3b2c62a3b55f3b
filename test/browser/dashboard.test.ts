// The supervisor as a user first sees it: `npm start` (here scripts/start.mjs on a free port, in
// a throw-away userDir), Debian's Chromium driven by playwright-core opening the dashboard.
// Screenshots at desktop and phone sizes go to test-artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';
import { waitFor as waitUntil } from '../support/wait';

const artifacts = join(projectRoot, 'test-artifacts');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const API_USER = 'maison';
const API_PASSWORD = 'dashboard-test';

interface FlowNode {
  id: string;
  type: string;
  name?: string;
  title?: string;
  label?: string;
}
const flow = JSON.parse(readFileSync(join(projectRoot, 'flows', 'wes-supervisor.json'), 'utf8')) as FlowNode[];
/** Id of the one flow node with this type whose name/title/label is `text`. */
function nodeId(type: string, text: string, nth = 0): string {
  const found = flow.filter((n) => n.type === type && (n.name === text || n.title === text || n.label === text));
  assert.ok(found[nth], `no ${type} "${text}" in the flow`);
  return found[nth].id;
}
const widget = (id: string) => `#nrdb-ui-widget-${id}`;

let nr: SupervisorProcess;
let page: Page;
let browser: Chromium | undefined;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  // The shipped wes-http-api serves RL.cgi once it has credentials (settings/wes-settings.js reads these).
  nr = await startSupervisor({ env: { WES_API_USER: API_USER, WES_API_PASSWORD: API_PASSWORD } });
  await nr.waitForOutput(/Started flows/, 60_000);
  browser = await openChromium({ viewport: DESKTOP });
  ({ page } = browser);
});

after(async () => {
  await browser?.close();
  await nr?.stop();
});

/** The number a gauge shows (its value span), or null before it has one. */
async function gaugeValue(id: string): Promise<number | null> {
  const value = page.locator(`${widget(id)} .nrdb-ui-gauge-value span`).first();
  if ((await value.count()) === 0) return null;
  const text = (await value.innerText().catch(() => '')).replace(/[\s\u202f.,]/g, '');
  return /^\d+$/.test(text) ? Number(text) : null;
}

async function relayOn(number: number): Promise<boolean | null> {
  const res = await fetch(`${nr.baseUrl}/wes/relays`);
  if (!res.ok) return null;
  const relays = (await res.json()) as Array<{ number: number; on: boolean }>;
  return relays.find((r) => r.number === number)?.on ?? null;
}

// The suite's waitFor, with this file's argument order and Node-RED's output on a timeout.
const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number) =>
  waitUntil(probe, what, timeoutMs, 250, () => nr.output().slice(-2000)) as Promise<T>;

test("the overview shows the simulated meters' power, and it changes", async () => {
  await page.goto(`${nr.baseUrl}/dashboard/overview`);
  const gauge1 = nodeId('ui-gauge', 'Power', 0);
  const gauge2 = nodeId('ui-gauge', 'Power', 1);
  // A gauge shows 0 until its first value; a simulated household always draws something.
  const positive = (id: string) => async () => {
    const v = await gaugeValue(id);
    return v !== null && v > 0 ? v : null;
  };
  const first1 = await waitFor('meter 1 power', positive(gauge1), 30_000);
  const first2 = await waitFor('meter 2 power', positive(gauge2), 30_000);
  assert.ok(first1 < 9000 * 1.5, `meter 1 power ${first1} VA`);
  assert.ok(first2 < 6000 * 1.5, `meter 2 power ${first2} VA`);
  // The simulated household's load moves on its own; wait until either gauge shows another value.
  await waitFor('a power change', async () => (await gaugeValue(gauge1)) !== first1 || (await gaugeValue(gauge2)) !== first2, 60_000);

  // Tempo colours, tariff period and the live curve are drawn.
  await waitFor(
    'Tempo colour',
    async () => /BLEU|BLANC|ROUGE/.test(await page.locator(widget(nodeId('ui-template', 'Tempo today / tomorrow'))).innerText()),
    30_000,
  );
  await waitFor(
    'tariff period',
    async () => /H[CP]/.test(await page.locator(widget(nodeId('ui-text', 'Tariff period', 0))).innerText()),
    30_000,
  );
  await waitFor(
    'chart canvas',
    async () => (await page.locator(`${widget(nodeId('ui-chart', 'power chart'))} canvas`).count()) > 0,
    30_000,
  );
  await page.screenshot({ path: join(artifacts, 'overview-desktop.png'), fullPage: true });
});

test('a simulated 8.5 kVA load shows on the gauge; wes-load-shed sheds and the Rules page shows its log', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/settings`);
  const buttons = page.locator(widget(nodeId('ui-button-group', 'meter 1 load')));
  await buttons.getByText('8.5 kVA').click();
  await page.screenshot({ path: join(artifacts, 'settings-desktop.png'), fullPage: true });
  await page.goto(`${nr.baseUrl}/dashboard/overview`);
  const gauge1 = nodeId('ui-gauge', 'Power', 0);
  await waitFor(
    '8.5 kVA on meter 1',
    async () => {
      const v = await gaugeValue(gauge1);
      return v !== null && v >= 8000 && v <= 9000;
    },
    30_000,
  );
  // 8.5 kVA is above 90 % of the 9 kVA subscription: the first load (water heater) goes first.
  await waitFor(
    'shedding shown on the overview',
    async () => /shed:.*water heater/.test(await page.locator(widget(nodeId('ui-text', 'shedding state'))).innerText()),
    30_000,
  );
  await waitFor('water heater relay off', async () => (await relayOn(1)) === false, 30_000);
  await waitFor(
    'cost card drawn',
    async () => /Total/.test(await page.locator(widget(nodeId('ui-template', 'energy and cost today meter 1'))).innerText()),
    30_000,
  );

  await page.goto(`${nr.baseUrl}/dashboard/rules`);
  const log = page.locator(widget(nodeId('ui-template', 'shedding log')));
  await waitFor('the decision in the log', async () => /water heater\s*·\s*shed[\s\S]*VA > 90 %/.test(await log.innerText()), 30_000);
  const heaterRow = page.locator(widget(nodeId('ui-template', 'shedding loads'))).locator('tr', { hasText: 'water heater' });
  await waitFor(
    'the load state',
    async () => (await heaterRow.count()) === 1 && (await heaterRow.locator('td').last().innerText()).trim() === 'shed',
    30_000,
  );
  await waitFor(
    'the scheduler state',
    async () => /Next change/.test(await page.locator(widget(nodeId('ui-template', 'scheduler state'))).innerText()),
    30_000,
  );
  await page.screenshot({ path: join(artifacts, 'rules-desktop.png'), fullPage: true });

  // Back to the household profile (restoring takes the rule's 60 s restore delay per load; not awaited here).
  await page.goto(`${nr.baseUrl}/dashboard/settings`);
  await page
    .locator(widget(nodeId('ui-button-group', 'meter 1 load')))
    .getByText('Household')
    .click();
});

test("the Rules page edits the shedding order and the scheduler's windows", async () => {
  await page.goto(`${nr.baseUrl}/dashboard/rules`);
  const loadsTable = page.locator(widget(nodeId('ui-template', 'shedding loads')));
  /** The load names of the table, in the order shown (first shed first). */
  const shown = async (): Promise<string[]> =>
    (await loadsTable.locator('tr').allInnerTexts()).slice(1).map((r) => r.split('\t')[1]?.split('\n')[0]?.trim() ?? '');
  await waitFor('the loads in their configured order', async () => (await shown()).join(',') === 'water heater,heating', 30_000);
  // Pick "heating" as the load shed first: the node's state comes back with the new order.
  const pick = async (name: string): Promise<void> => {
    await page.locator(`${widget(nodeId('ui-dropdown', 'shed first'))} .v-field`).click();
    await page.locator('.v-overlay-container .v-list-item', { hasText: name }).click();
  };
  await pick('heating');
  await waitFor('the new order shown', async () => (await shown()).join(',') === 'heating,water heater', 30_000);
  assert.match((await loadsTable.locator('tr').nth(1).innerText()).trim(), /^1\s+heating/);

  // The windows: the box holds the windows in force; a bad text is refused, a good one is in force and shown.
  const box = page.locator(`${widget(nodeId('ui-text-input', 'schedule text'))} textarea`).first();
  const result = page.locator(widget(nodeId('ui-text', 'schedule result')));
  const state = page.locator(widget(nodeId('ui-template', 'scheduler state')));
  const save = page.locator(`${widget(nodeId('ui-button', 'save windows'))} button`);
  await waitFor('the windows in the box', async () => /Sat,Sun 11:00-15:00/.test(await box.inputValue()), 30_000);
  await box.fill('Sat,Sun 11:00-15:00\nsometimes 25:00-26:00');
  await save.click();
  await waitFor('the refusal shown', async () => /Refused:/.test(await result.innerText()), 30_000);
  const inForce = await state.innerText();
  assert.match(inForce, /Windows in force:[\s\S]*Sat,Sun 11:00-15:00/);
  assert.ok(!/sometimes/.test(inForce), 'the windows in force did not change');
  await box.fill('Mon-Fri 12:15-13:45\nSat,Sun 10:00-16:00');
  await save.click();
  await waitFor(
    'the new windows shown',
    async () => /Windows in force: Mon-Fri 12:15-13:45\s+Sat,Sun 10:00-16:00/.test(await state.innerText()),
    30_000,
  );
  await waitFor('saved', async () => /Saved/.test(await result.innerText()), 30_000);
  await save.blur();
  await page.screenshot({ path: join(artifacts, 'rules-edit-desktop.png'), fullPage: true });
  // After a reload the box holds the windows in force.
  await page.reload();
  await waitFor('the edited windows in the box after a reload', async () => /Mon-Fri 12:15-13:45/.test(await box.inputValue()), 30_000);
  await waitFor('the order kept after a reload', async () => (await shown()).join(',') === 'heating,water heater', 30_000);
  await pick('water heater');
  await waitFor('the configured order back', async () => (await shown()).join(',') === 'water heater,heating', 30_000);
});

test('the Téléinfo page lists every decoded label and the link state', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/teleinfo`);
  const values1 = page.locator(widget(nodeId('ui-template', 'labels meter 1')));
  const link2 = page.locator(widget(nodeId('ui-template', 'link meter 2')));
  await waitFor(
    'standard-mode labels',
    async () => /SINSTS[\s\S]*VA/.test(await values1.innerText()) && /EAST/.test(await values1.innerText()),
    30_000,
  );
  await waitFor('link state ok', async () => /Link\s+ok/.test(await link2.innerText()), 30_000);
  await page.screenshot({ path: join(artifacts, 'teleinfo-desktop.png'), fullPage: true });
});

test('a relay switch commands the relay and shows the state the runtime holds', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/relays`);
  // Relay 3 (EV charger) follows the scheduler: whatever its state, a click turns it the other way.
  const sw = page.locator(`${widget(nodeId('ui-switch', 'ev charger switch'))} input[type=checkbox]`);
  await sw.waitFor({ state: 'attached', timeout: 30_000 });
  const before = await waitFor(
    'relay 3 known',
    async () => {
      const on = await relayOn(3);
      return on === null ? null : { on };
    },
    30_000,
  );
  await waitFor('switch shows the relay', async () => (await sw.isChecked()) === before.on, 30_000);
  await sw.click({ force: true });
  await waitFor('relay 3 switched in the runtime', async () => (await relayOn(3)) === !before.on, 30_000);
  await waitFor('switch shown switched', async () => (await sw.isChecked()) === !before.on, 30_000);
  await page.screenshot({ path: join(artifacts, 'relays-desktop.png'), fullPage: true });
  // A command from elsewhere (the WES HTTP API) shows on the decoupled switch too.
  const res = await fetch(`${nr.baseUrl}/RL.cgi?rl3=${before.on ? 'ON' : 'OFF'}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${API_USER}:${API_PASSWORD}`).toString('base64')}` },
  });
  assert.ok(res.ok, `RL.cgi answered ${res.status}`);
  await waitFor('relay 3 back in the runtime', async () => (await relayOn(3)) === before.on, 30_000);
  await waitFor('switch shown back', async () => (await sw.isChecked()) === before.on, 30_000);
});

test("the virtual switch 'away': set by a WES client it shows on the Relays page; a click shows in data.cgx", async () => {
  const auth = { Authorization: `Basic ${Buffer.from(`${API_USER}:${API_PASSWORD}`).toString('base64')}` };
  const vs1 = async (): Promise<string | null> => {
    const xml = await (await fetch(`${nr.baseUrl}/data.cgx`, { headers: auth })).text();
    return /<switch_virtuel>[\s\S]*?<SWITCH1>([^<]*)<\/SWITCH1>/.exec(xml)?.[1] ?? null;
  };
  await page.goto(`${nr.baseUrl}/dashboard/relays`);
  const sw = page.locator(`${widget(nodeId('ui-switch', 'away switch'))} input[type=checkbox]`);
  await sw.waitFor({ state: 'attached', timeout: 30_000 });
  const before = await waitFor(
    'vs1 in data.cgx',
    async () => {
      const v = await vs1();
      return v === '1' || v === '0' ? { on: v === '1' } : null;
    },
    30_000,
  );
  await waitFor('the switch shows vs1', async () => (await sw.isChecked()) === before.on, 30_000);
  const res = await fetch(`${nr.baseUrl}/AJAX.CGX?fvs=1`, { headers: auth });
  assert.ok(res.ok, `AJAX.CGX answered ${res.status}`);
  await waitFor("the switch shows the client's toggle", async () => (await sw.isChecked()) === !before.on, 30_000);
  await sw.click({ force: true });
  await waitFor('data.cgx shows the click', async () => (await vs1()) === (before.on ? '1' : '0'), 30_000);
  await waitFor('the switch shows it too', async () => (await sw.isChecked()) === before.on, 30_000);
});

test('the Counters page shows the pulse counters and the door contact', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/counters`);
  const reading = (key: string, re: RegExp) => async () => re.test(await page.locator(widget(nodeId('ui-text', key))).innerText());
  // The simulated counters start from the index set in the flow (123 456 L, 4 521.37 m³) and count up.
  await waitFor('water index', reading('water index', /12[\d\s\u202f,.]+L/), 30_000);
  await waitFor('gas index', reading('gas index', /4[\d\s\u202f,.]+m³/), 30_000);
  await waitFor('water flow', reading('water flow', /L\/min/), 30_000);
  await waitFor('door state', reading('door state', /open|closed/), 30_000);
  await page.screenshot({ path: join(artifacts, 'counters-desktop.png'), fullPage: true });
});

test('the History page draws the logged history chosen with the dropdown and the range buttons', async () => {
  await page.goto(`${nr.baseUrl}/dashboard/history`);
  const info = page.locator(widget(nodeId('ui-text', 'history points')));
  await waitFor(
    'chart drawn',
    async () => (await page.locator(`${widget(nodeId('ui-chart', 'history chart'))} canvas`).count()) > 0,
    30_000,
  );
  // Opening the page queried wes-history (a day: 10-minute buckets); no error came back.
  await waitFor('history answered', async () => /resolution 10min/.test(await info.innerText()), 30_000);
  await page
    .locator(widget(nodeId('ui-button-group', 'history range')))
    .getByText('1 h', { exact: true })
    .click();
  await waitFor('an hour of raw rows', async () => /resolution raw/.test(await info.innerText()), 30_000);
  await page
    .locator(widget(nodeId('ui-button-group', 'history range')))
    .getByText('1 y', { exact: true })
    .click();
  await waitFor('year in days', async () => /resolution day/.test(await info.innerText()), 30_000);
  await page.screenshot({ path: join(artifacts, 'history-desktop.png'), fullPage: true });
});

test('the dashboard fits a phone-sized screen', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${nr.baseUrl}/dashboard/overview`);
  const gauge1 = nodeId('ui-gauge', 'Power', 0);
  await waitFor('meter 1 power on the phone', () => gaugeValue(gauge1), 30_000);
  // Nothing wider than the screen: no horizontal scrolling.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone screen`);
  // Cards stack: meter 2's card is below meter 1's, not beside it.
  const box1 = await page.locator(widget(gauge1)).boundingBox();
  const box2 = await page.locator(widget(nodeId('ui-gauge', 'Power', 1))).boundingBox();
  assert.ok(box1 && box2 && box2.y > box1.y + box1.height, 'meter cards are stacked');
  await page.screenshot({ path: join(artifacts, 'overview-phone.png'), fullPage: true });
  await page.goto(`${nr.baseUrl}/dashboard/teleinfo`);
  await waitFor(
    'labels on the phone',
    async () => /SINSTS/.test(await page.locator(widget(nodeId('ui-template', 'labels meter 1'))).innerText()),
    30_000,
  );
  await page.screenshot({ path: join(artifacts, 'teleinfo-phone.png'), fullPage: true });
  for (const [path, ready] of [
    ['rules', nodeId('ui-template', 'shedding log')],
    ['counters', nodeId('ui-text', 'water index')],
    ['history', nodeId('ui-chart', 'history chart')],
  ] as const) {
    await page.goto(`${nr.baseUrl}/dashboard/${path}`);
    await page.locator(widget(ready)).waitFor({ state: 'visible', timeout: 30_000 });
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wider <= 1, `${path} page is ${wider}px wider than the phone screen`);
    await page.screenshot({ path: join(artifacts, `${path}-phone.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
});
