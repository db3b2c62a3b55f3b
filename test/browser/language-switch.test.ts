// The language chosen on the Settings page applies at once: npm start (scripts/start.mjs) sees the
// saved choice, restarts Node-RED with the flow in that language (the user's is unmodified), and
// the open page reloads by itself into it. Then back to English.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSupervisor } from '../support/supervisor-process';
import { openChromium } from '../support/chromium';
import { waitFor } from '../support/wait';

test('choosing Français on the Settings page restarts the supervisor in French and the page follows; English again', async () => {
  // No WES_LANG: the saved choice decides (an explicit WES_LANG would win over it, and no switch would happen).
  const proc = await startSupervisor({ env: { WES_LANG: '', LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
  after(() => proc.stop());
  await proc.waitForOutput(/Language: {2}English/, 30_000);
  const browser = await openChromium({ locale: 'en-GB' });
  after(() => browser.close());
  const { page } = browser;
  const title = () =>
    page
      .locator('header, .v-toolbar-title')
      .first()
      .innerText()
      .catch(() => '');

  const choose = async (label: RegExp, option: string) => {
    await page.getByLabel(label).click({ force: true });
    await page.getByText(option, { exact: true }).last().click();
  };

  await page.goto(`${proc.baseUrl}/dashboard/settings`);
  await waitFor(async () => (await title()) === 'Settings', 'the English Settings page', 30_000, 250);
  const restartsBefore = proc.output().split('Language changed').length;
  await choose(/Dashboard language/, 'Français');
  await proc.waitForOutput(/Language changed to français: restarting Node-RED/, 30_000);
  await waitFor(
    async () => proc.output().split('Language changed').length > restartsBefore && /Language: {2}français/.test(proc.output()),
    'npm start says the supervisor runs in French',
    60_000,
    250,
  );
  // The page was not touched: it reloads by itself once the server is back.
  await waitFor(
    async () => (await title()) === 'Réglages',
    'the page in French by itself',
    60_000,
    250,
    () => proc.output().slice(-3000),
  );
  const french = await page.locator('body').innerText();
  assert.match(french, /Langue du tableau de bord/);
  assert.doesNotMatch(french, /Dashboard language/);

  await choose(/Langue du tableau de bord/, 'English');
  await proc.waitForOutput(/Language changed to English: restarting Node-RED/, 30_000);
  await waitFor(
    async () => (await title()) === 'Settings',
    'the page in English again',
    60_000,
    250,
    () => proc.output().slice(-3000),
  );
});
