// GET /wes/energy is guarded like every /wes route: with WES_PASSWORD set, no or wrong credentials
// get 401 and the right ones get the figures; the Energy page, opened in Chromium with those
// credentials, still gets its figures (its widget asks the route from the browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSupervisor } from '../support/supervisor-process';
import { waitFor } from '../support/wait';

test('the energy route asks for the credentials; the Energy page works with them', { timeout: 180_000 }, async (t) => {
  const nr = await startSupervisor({ env: { WES_PASSWORD: 'wes-energy-secret' } });
  t.after(() => nr.stop());
  await nr.waitForOutput(/Started flows/, 60_000);
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const url = `${nr.baseUrl}/wes/energy?source=tic1&period=day&date=${day}`;
  const basic = (pw: string) => ({ Authorization: `Basic ${Buffer.from(`admin:${pw}`).toString('base64')}` });
  assert.equal((await fetch(url)).status, 401, 'no credentials');
  assert.equal((await fetch(url, { headers: basic('guess') })).status, 401, 'wrong credentials');
  const ok = await fetch(url, { headers: basic('wes-energy-secret') });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { range: { date: string } }).range.date, day);

  const profile = mkdtempSync(join(tmpdir(), 'wes-energy-auth-'));
  t.after(() => rmSync(profile, { recursive: true, force: true }));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    httpCredentials: { username: 'admin', password: 'wes-energy-secret' },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  t.after(() => ctx.close());
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${nr.baseUrl}/dashboard/energy`);
  const date = page.locator('.wes-energy-date');
  await waitFor(async () => (await date.getAttribute('data-date').catch(() => null)) === day, "today's figures on the page", 30_000);
  assert.equal(await page.locator('.wes-energy-error').count(), 0, 'no error shown');
});
