// The dashboard in French and in English, as `WES_LANG=fr npm start` and `WES_LANG=en npm start`
// show it: every page at desktop and phone sizes with screenshots in test-artifacts/, no word of
// the other language on a page, no control cut off by a phone's screen, and the Relays page's
// manual override with its expiry and "back to automatic".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';
import { waitFor } from '../support/wait';

const artifacts = join(projectRoot, 'test-artifacts');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

interface FlowNode {
  id: string;
  type: string;
  name?: string;
  path?: string;
  label?: string;
}

// Words a page of the other language must not show. Proper names (Linky, Tempo, Téléinfo,
// Modbus, 1-Wire), units and the meters' own labels (HCHC, PAPP...) are the same in both.
const ENGLISH =
  /\b(Meter|meter|Power|power|Relays?|relay|Settings|Overview|Rules|Counters?|History|Temperatures?|Clamps?|Energy|Today|today|Yesterday|Load|load|waiting|Waiting|allowed|shed|Subscription|Off-peak|off-peak|Peak|peak|Save|Back|automatic|manual|until|since|lost|none|Water|water|Heating|heating|every|the|and|with|of|Hardware|Language|Contracts|prices|Current|Voltage|Door|door|Probe|probe)\b/;
const FRENCH =
  /\b(Compteurs?|compteurs?|Puissance|puissance|Relais|relais|Réglages|Règles|Historique|Énergie|Aujourd’hui|aujourd’hui|attente|délest\w*|Abonnement|heures creuses|Enregistrer|automatique|manuel|jusqu’à|depuis|perdu|Chauffe-eau|chauffe-eau|Chauffage|chauffage|Matériel|Langue|Contrats|prix|Courant|Tension|Porte|Sonde|sonde)\b/;

/** The page's text once its widgets are drawn (their number stops changing; live values may). */
async function settledText(page: Page): Promise<string> {
  let last = -1;
  let stable = 0;
  await waitFor(
    async () => {
      const now = await page.locator('main .nrdb-ui-widget').count();
      stable = now === last && now > 0 ? stable + 1 : 0;
      last = now;
      return stable >= 3;
    },
    `the widgets of ${page.url()}`,
    30_000,
    400,
  );
  return page.locator('main').innerText();
}

/** Controls (buttons, switches, fields) whose box leaves the screen or whose label is cut off. */
async function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('main button, main .v-switch, main .v-field, main input, main .v-btn'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const label = (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40);
      if (r.left < -1 || r.right > width + 1) out.push(`${label}: x ${Math.round(r.left)}–${Math.round(r.right)} of ${width}`);
      const h = el as HTMLElement;
      if (el.matches('button, .v-btn') && h.scrollWidth > h.clientWidth + 2)
        out.push(`${label}: text ${h.scrollWidth} px in ${h.clientWidth} px`);
    }
    return out;
  }, PHONE.width);
}

for (const lang of ['fr', 'en'] as const) {
  describe(`the dashboard in ${lang === 'fr' ? 'French' : 'English'}`, () => {
    const flowFile = join(projectRoot, 'flows', lang === 'fr' ? 'wes-superviseur.json' : 'wes-supervisor.json');
    const flow = JSON.parse(readFileSync(flowFile, 'utf8')) as FlowNode[];
    const pages = flow.filter((n) => n.type === 'ui-page').map((n) => ({ name: n.name!, path: n.path! }));
    const foreign = lang === 'fr' ? ENGLISH : FRENCH;
    let nr: SupervisorProcess;
    let page: Page;
    let browser: Chromium | undefined;

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      nr = await startSupervisor({ env: { WES_LANG: lang } });
      await nr.waitForOutput(/Started flows|Flux démarrés/, 60_000);
      browser = await openChromium({ viewport: DESKTOP, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
      ({ page } = browser);
    });

    after(async () => {
      await browser?.close();
      await nr?.stop();
    });

    test('npm start chose the flow of the language', () => {
      assert.match(nr.output(), lang === 'fr' ? /Language: {2}français/ : /Language: {2}English/);
      assert.ok(pages.length >= 8, `${pages.length} pages`);
    });

    test('every page, at desktop and phone sizes, shows no word of the other language and cuts no control off', async () => {
      const foreignWords: string[] = [];
      const clipped: string[] = [];
      for (const size of ['desktop', 'phone'] as const) {
        await page.setViewportSize(size === 'desktop' ? DESKTOP : PHONE);
        for (const p of pages) {
          await page.goto(`${nr.baseUrl}/dashboard${p.path}`);
          const text = await settledText(page);
          const title = await page.locator('header, .v-toolbar-title').first().innerText();
          await page.screenshot({ path: join(artifacts, `${lang}${p.path.replace(/\//g, '-')}-${size}.png`), fullPage: true });
          for (const line of `${title}\n${text}`.split('\n')) {
            const m = foreign.exec(line);
            if (m) foreignWords.push(`${p.path} (${size}): "${m[0]}" in "${line.trim().slice(0, 80)}"`);
          }
          if (size === 'phone') clipped.push(...(await clippedControls(page)).map((c) => `${p.path}: ${c}`));
        }
      }
      assert.deepEqual([...new Set(foreignWords)], []);
      assert.deepEqual(clipped, []);
    });

    test('a manual command shows the override and its end; "back to automatic" gives the relay back to its rule', async () => {
      const words =
        lang === 'fr'
          ? {
              relay3: 'Borne de recharge (relais 3)',
              manual: /manuel jusqu’à \d\d:\d\d/,
              auto: 'automatique',
              back: 'Retour en automatique',
            }
          : { relay3: 'EV charger (relay 3)', manual: /manual until \d\d:\d\d/, auto: 'automatic', back: 'Back to automatic' };
      await page.setViewportSize(DESKTOP);
      await page.goto(`${nr.baseUrl}/dashboard/relays`);
      const modes = page.locator('table', { hasText: words.back.split(' ')[0] }).or(page.locator('table', { hasText: words.auto }));
      await modes.first().waitFor();
      const row = page.locator('tr', { hasText: words.relay3.replace(/ \(.*$/, '') }).last();
      await waitFor(async () => /automati/.test(await row.innerText()), 'relay 3 listed as automatic', 15_000, 100);
      const before = await row.innerText();
      // The switch of relay 3: a person's command.
      const sw = flow.find((n) => n.type === 'ui-switch' && n.label === words.relay3);
      assert.ok(sw, `a switch labelled ${words.relay3}`);
      await page.locator(`#nrdb-ui-widget-${sw.id} input`).click();
      await waitFor(async () => words.manual.test(await row.innerText()), 'relay 3 in manual mode with its end time', 15_000, 100);
      await page.screenshot({ path: join(artifacts, `${lang}-relays-manual-desktop.png`), fullPage: true });
      await row.getByRole('button', { name: words.back }).click();
      // Back under its rule: automatic, and in the state it had under the rule before the click.
      await waitFor(async () => (await row.innerText()) === before, `relay 3 back to "${before.replace(/\s+/g, ' ')}"`, 15_000, 100);
    });
  });
}
