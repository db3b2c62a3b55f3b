// The editor as a user installing the package meets it: every node of ours is in the palette
// under "WES energy", its edit dialog opens without a script error, and its help text is there
// in English and in French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
const types = Object.keys(pkg['node-red'].nodes);

let nr: SupervisorProcess;
let page: Page;
let browser: Chromium | undefined;
const pageErrors: string[] = [];

async function openEditor(lang: string): Promise<void> {
  await page.goto(`${nr.baseUrl}/?lang=${lang}`);
  await page.waitForFunction(
    () => {
      const w = window as unknown as { RED?: { nodes?: { getType(t: string): unknown } } };
      return Boolean(w.RED?.nodes?.getType('wes-tic-in')) && document.querySelector('#red-ui-palette .red-ui-palette-node') !== null;
    },
    undefined,
    { timeout: 60_000 },
  );
  // the flows arrive after the palette
  await page.waitForFunction(
    () => {
      const RED = (window as unknown as { RED: { nodes: { eachNode(fn: (n: { type: string }) => boolean | void): void } } }).RED;
      let found = false;
      RED.nodes.eachNode((n) => {
        if (n.type === 'wes-tic-in') {
          found = true;
          return false;
        }
        return true;
      });
      return found;
    },
    undefined,
    { timeout: 60_000 },
  );
}

before(async () => {
  nr = await startSupervisor();
  await nr.waitForOutput(/Started flows/, 60_000);
  browser = await openChromium({ viewport: { width: 1366, height: 900 } });
  ({ page } = browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // the editor catches what a node's dialog code throws and only logs it
  page.on('console', (m) => {
    if (m.type() === 'error' || /^oneditprepare|^oneditsave|^oneditcancel/.test(m.text())) pageErrors.push(m.text());
  });
});

after(async () => {
  await browser?.close();
  await nr?.stop();
});

test('every node type of the package is registered in the editor, in the WES energy category', async () => {
  await openEditor('en-US');
  const found = await page.evaluate((all) => {
    const RED = (window as unknown as { RED: { nodes: { getType(t: string): { category?: string } | undefined } } }).RED;
    return all.map((t) => [t, RED.nodes.getType(t)?.category ?? null]);
  }, types);
  for (const [type, category] of found) {
    assert.notEqual(category, null, `${type} is not registered in the editor`);
    assert.ok(category === 'WES energy' || category === 'config', `${type} is in category ${category}`);
  }
  const palette = await page.locator('#red-ui-palette .red-ui-palette-node[data-palette-type^="wes-"]').count();
  assert.ok(palette >= found.filter(([, c]) => c === 'WES energy').length, `only ${palette} WES nodes in the palette`);
});

test('each edit dialog opens without a script error', async () => {
  await openEditor('en-US');
  const nodes = await page.evaluate(() => {
    const RED = (window as unknown as { RED: { nodes: { eachNode(fn: (n: { id: string; type: string }) => void): void } } }).RED;
    const seen = new Map<string, string>();
    RED.nodes.eachNode((n) => {
      if (n.type.startsWith('wes-') && !seen.has(n.type)) seen.set(n.type, n.id);
    });
    return [...seen.entries()];
  });
  assert.ok(nodes.length >= 3, 'the supervisor flow has WES nodes to open');
  for (const [type, id] of nodes) {
    const before = pageErrors.length;
    await page.evaluate((nodeId) => {
      const RED = (window as unknown as { RED: { nodes: { node(id: string): unknown }; editor: { edit(n: unknown): void } } }).RED;
      RED.editor.edit(RED.nodes.node(nodeId));
    }, id);
    await page.locator('#node-dialog-ok').waitFor({ state: 'visible', timeout: 10_000 });
    // a form row of the node's own template is on screen
    // (some dialogs fill in after the tray opens: wait for the first row rather than count at once)
    await page.locator('.red-ui-tray .form-row').first().waitFor({ state: 'attached', timeout: 10_000 });
    assert.ok((await page.locator('.red-ui-tray .form-row').count()) > 0, `${type} dialog shows its form`);
    // the tray slides in: close it through the editor rather than chase a moving button
    await page.evaluate(() => (window as unknown as { RED: { tray: { close(): void } } }).RED.tray.close());
    await page.locator('#node-dialog-ok').waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(pageErrors.slice(before), [], `script errors while editing ${type}`);
  }
});

test('every node has its help text in English and in French', async () => {
  for (const lang of ['en-US', 'fr']) {
    await openEditor(lang);
    const missing = await page.evaluate(async (all) => {
      const out: string[] = [];
      for (const t of all) {
        const html = document.querySelector(`script[data-help-name="${t}"]`)?.innerHTML ?? '';
        if (html.trim().length < 80) out.push(t);
      }
      return out;
    }, types);
    assert.deepEqual(missing, [], `nodes without ${lang} help`);
  }
  const fr = await page.evaluate(() => document.querySelector('script[data-help-name="wes-tic-in"]')?.innerHTML ?? '');
  assert.match(fr, /téléinformation/);
});
