// A pulse input and a 1-Wire probe lost, as a user sees it, in French and in English: the shipped
// supervisor on its simulated hardware, the dashboard in Debian's Chromium. The Settings page's
// simulation buttons cut the water counter's GPIO line and take probe temp3 off the simulated bus:
// the Counters page says "input lost since hh:mm" with the water card greyed (the gas card stays
// live), the Temperatures page says "probe lost since hh:mm" on temp3's row with its last values
// greyed once the bus has missed its reads; plugged back, both clear. The Settings page stays open
// in a tab of its own while another shows the result, as a person testing would do it.
import { after, before, describe, test } from 'node:test';
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
const TANK = '28-0316a2799b02';

interface FlowNode {
  id: string;
  type: string;
  name?: string;
}

const words = {
  fr: {
    cut: "Couper l'eau",
    plug: "Rebrancher l'eau",
    remove: 'Retirer temp3',
    putBack: 'Remettre temp3',
    inputLost: /entrée perdue depuis \d\d:\d\d/,
    inputOk: /entrée reçue/,
    probeLost: /sonde perdue depuis \d\d:\d\d/,
  },
  en: {
    cut: 'Cut water input',
    plug: 'Plug water back',
    remove: 'Remove temp3',
    putBack: 'Put temp3 back',
    inputLost: /input lost since \d\d:\d\d/,
    inputOk: /input received/,
    probeLost: /probe lost since \d\d:\d\d/,
  },
};

for (const lang of ['fr', 'en'] as const) {
  describe(`lost inputs in ${lang === 'fr' ? 'French' : 'English'}`, () => {
    const w = words[lang];
    const flow = JSON.parse(
      readFileSync(join(projectRoot, 'flows', lang === 'fr' ? 'wes-superviseur.json' : 'wes-supervisor.json'), 'utf8'),
    ) as FlowNode[];
    const nodeId = (type: string, name: string): string => {
      const n = flow.filter((m) => m.type === type && m.name === name);
      assert.equal(n.length, 1, `one ${type} named ${name} in the flow`);
      return n[0].id;
    };
    const widget = (id: string) => `#nrdb-ui-widget-${id}`;
    const waterInput = widget(nodeId('ui-template', lang === 'fr' ? 'entrée eau' : 'water input'));
    const gasInput = widget(nodeId('ui-template', lang === 'fr' ? 'entrée gaz' : 'gas input'));
    const waterIndex = widget(nodeId('ui-text', lang === 'fr' ? 'eau index' : 'water index'));
    const gasIndex = widget(nodeId('ui-text', lang === 'fr' ? 'gaz index' : 'gas index'));
    const waterButtons = widget(nodeId('ui-button-group', lang === 'fr' ? "entrée du compteur d'eau" : 'water counter input'));
    const probeButtons = widget(nodeId('ui-button-group', lang === 'fr' ? 'sonde temp3 (ballon)' : 'probe temp3 (tank)'));
    const tankRow = `${widget(nodeId('ui-template', lang === 'fr' ? 'tableau des sondes' : 'probes table'))} tr[data-rom="${TANK}"]`;

    let nr: SupervisorProcess;
    /** The page a user watches (Counters, Temperatures); the Settings page stays open in its own tab. */
    let page: Page;
    let settings: Page;
    let browser: Chromium | undefined;
    const browserErrors: string[] = [];

    const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number) =>
      waitUntil(probe, what, timeoutMs, 200, () => nr.output().slice(-2000)) as Promise<T>;
    const textOf = async (sel: string): Promise<string> =>
      page
        .locator(sel)
        .first()
        .innerText({ timeout: 1000 })
        .catch(() => '');
    /** The opacity the user sees on an element: its own and its ancestors'. */
    const opacityOf = (sel: string): Promise<number> =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => {
          let o = 1;
          for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
          return o;
        });
    const press = (buttons: string, label: string): Promise<void> => settings.locator(buttons).getByRole('button', { name: label }).click();
    const shoot = async (name: string): Promise<void> => {
      for (const size of ['desktop', 'phone'] as const) {
        await page.setViewportSize(size === 'desktop' ? DESKTOP : PHONE);
        await page.screenshot({ path: join(artifacts, `${lang}-${name}-${size}.png`), fullPage: true });
      }
      await page.setViewportSize(DESKTOP);
    };

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      nr = await startSupervisor({ env: { WES_LANG: lang } });
      await nr.waitForOutput(/Started flows|Flux démarrés/, 60_000);
      browser = await openChromium({ viewport: DESKTOP, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
      ({ page } = browser);
      settings = await browser.ctx.newPage();
      await settings.goto(`${nr.baseUrl}/dashboard/settings`);
      for (const p of [page, settings]) {
        p.on('pageerror', (e) => browserErrors.push(e.message));
        p.on('console', (m) => {
          if (m.type() === 'error') browserErrors.push(m.text());
        });
      }
    });

    after(async () => {
      await browser?.close();
      await nr?.stop();
    });

    test('the water input cut: its card says since when, greyed; plugged back, live again', async (t) => {
      await page.goto(`${nr.baseUrl}/dashboard/counters`);
      await waitFor('the water input received', async () => w.inputOk.test(await textOf(waterInput)), 30_000);
      assert.equal(await opacityOf(waterIndex), 1, 'a live counter is not greyed');

      await press(waterButtons, w.cut);
      const cutAt = Date.now();
      await waitFor('the water input lost', async () => w.inputLost.test(await textOf(waterInput)), 10_000);
      t.diagnostic(`the card shows the loss ${Date.now() - cutAt} ms after the button`);
      const greyed = await opacityOf(waterIndex);
      assert.ok(greyed < 0.5, `the lost counter's index is greyed (opacity ${greyed})`);
      assert.match(await textOf(gasInput), w.inputOk, 'the gas counter is not lost');
      assert.equal(await opacityOf(gasIndex), 1, 'nor greyed');
      await shoot('counters-water-lost');

      await press(waterButtons, w.plug);
      await waitFor('the water input back', async () => w.inputOk.test(await textOf(waterInput)), 10_000);
      assert.equal(await opacityOf(waterIndex), 1, 'no longer greyed');
      // and so it stays for a page opened now
      await page.goto(`${nr.baseUrl}/dashboard/counters`);
      await waitFor('the water input back after a reload', async () => w.inputOk.test(await textOf(waterInput)), 10_000);
      assert.equal(await opacityOf(waterIndex), 1, 'not greyed after a reload');
    });

    test('probe temp3 taken off the bus: its row says since when, its values greyed; put back, live again', async (t) => {
      await page.goto(`${nr.baseUrl}/dashboard/temperatures`);
      await waitFor('temp3 listed', async () => /temp3/.test(await textOf(tankRow)), 30_000);
      assert.doesNotMatch(await textOf(tankRow), w.probeLost);
      assert.equal(await opacityOf(`${tankRow} td.num`), 1, 'a live probe is not greyed');

      await press(probeButtons, w.remove);
      const removedAt = Date.now();
      // the shipped bus polls every 10 s and says a probe lost after 3 failed reads
      await waitFor('temp3 lost', async () => w.probeLost.test(await textOf(tankRow)), 45_000);
      t.diagnostic(`the row shows the loss ${Date.now() - removedAt} ms after the button (bus: 3 reads, 10 s apart)`);
      const greyed = await opacityOf(`${tankRow} td.num`);
      assert.ok(greyed < 0.5, `the lost probe's value is greyed (opacity ${greyed})`);
      assert.match(await textOf(`${tankRow} td.num`), /\d/, 'its last value stays');
      await shoot('temperatures-probe-lost');

      // a page opened while the probe is lost shows it too
      await page.goto(`${nr.baseUrl}/dashboard/temperatures`);
      await waitFor('temp3 lost after a reload', async () => w.probeLost.test(await textOf(tankRow)), 10_000);
      assert.ok((await opacityOf(`${tankRow} td.num`)) < 0.5, 'greyed after a reload');

      await press(probeButtons, w.putBack);
      // the bus reads it again at its next poll (10 s)
      await waitFor('temp3 back', async () => (await page.locator(`${tankRow}.wes-probe-lost`).count()) === 0, 30_000);
      assert.doesNotMatch(await textOf(tankRow), /lost|perdue/);
      assert.equal(await opacityOf(`${tankRow} td.num`), 1, 'no longer greyed');

      assert.deepEqual(browserErrors, [], 'no error in the browser');
    });
  });
}
