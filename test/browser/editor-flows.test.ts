// The shipped flow and every example as a user opens them in the editor: all of them together in
// one Node-RED (as the palette's import would put them), no node "not properly configured" (the
// editor's own validation, which warns at deploy), and in every dialog of our nodes each dropdown
// shows the value the node holds, a `${WES_…}` setting included, instead of a blank.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';

interface FlowNode {
  id: string;
  type: string;
}

// The supervisor's copies (one per language) are the shipped flow again: a user imports one of them instead.
const copies = new Set(['wes-supervisor.json', 'wes-superviseur.json']);
const files = [
  join('flows', 'wes-supervisor.json'),
  ...readdirSync(join(projectRoot, 'examples'))
    .filter((f) => f.endsWith('.json') && !copies.has(f))
    .map((f) => join('examples', f)),
];

/** What the editor's globals look like, as far as this test uses them. */
interface EditorNode {
  id: string;
  type: string;
  name?: string;
  valid?: boolean;
  validationErrors?: string[];
  _def: { category?: string };
  [prop: string]: unknown;
}
interface EditorRED {
  nodes: { eachNode(fn: (n: EditorNode) => void): void; eachConfig(fn: (n: EditorNode) => void): void; node(id: string): EditorNode };
  editor: { edit(n: EditorNode): void; editConfig(name: string, type: string, id: string): void };
  tray: { close(): void };
}

let nr: SupervisorProcess;
let page: Page;
let browser: Chromium | undefined;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wes-editor-flows-'));
  const all = files.flatMap((rel) => JSON.parse(readFileSync(join(projectRoot, rel), 'utf8')) as FlowNode[]);
  writeFileSync(join(dir, 'all.json'), JSON.stringify(all));
  nr = await startSupervisor({ flowFile: join(dir, 'all.json'), env: { WES_LEGACY_DASHBOARD: '1' } });
  await nr.waitForOutput(/Started flows/, 60_000);
  browser = await openChromium({ viewport: { width: 1366, height: 900 } });
  ({ page } = browser);
  await page.goto(`${nr.baseUrl}/`);
  await page.waitForFunction(
    (n) => {
      const RED = (window as unknown as { RED?: EditorRED }).RED;
      if (!RED?.nodes?.eachNode) return false;
      let count = 0;
      RED.nodes.eachNode(() => void count++);
      RED.nodes.eachConfig(() => void count++);
      return count >= n;
    },
    // The tabs are not nodes of the editor's lists.
    JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')).filter((n: FlowNode) => n.type !== 'tab' && n.type !== 'group').length,
    { timeout: 60_000 },
  );
});

after(async () => {
  await browser?.close();
  await nr?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('no node of the shipped flow or of the examples is "not properly configured"', async () => {
  const invalid = await page.evaluate(() => {
    const RED = (window as unknown as { RED: EditorRED }).RED;
    const out: string[] = [];
    const check = (n: EditorNode) => {
      if (n.valid === false) out.push(`${n.type} "${n.name || n.id}": ${(n.validationErrors || []).join(', ')}`);
    };
    RED.nodes.eachNode(check);
    RED.nodes.eachConfig(check);
    return out;
  });
  assert.deepEqual(invalid, []);
});

test('every dropdown of our nodes\u2019 dialogs shows the value the node holds', async () => {
  const ids = await page.evaluate(() => {
    const RED = (window as unknown as { RED: EditorRED }).RED;
    const out: string[] = [];
    // One node of each of our types, and every node holding a ${…} setting: a dialog is the
    // same code for every node of a type, the values are what differ.
    const seen = new Set<string>();
    const pick = (n: EditorNode) => {
      if (!n.type.startsWith('wes-')) return;
      const fromSettings = Object.values(n).some((v) => typeof v === 'string' && /^\$\{\w+\}$/.test(v));
      if (seen.has(n.type) && !fromSettings) return;
      seen.add(n.type);
      out.push(n.id);
    };
    RED.nodes.eachNode(pick);
    RED.nodes.eachConfig(pick);
    return out;
  });
  assert.ok(ids.length >= 20, `${ids.length} nodes of ours`);
  const blank: string[] = [];
  for (const id of ids) {
    await page.evaluate((nodeId) => {
      const RED = (window as unknown as { RED: EditorRED }).RED;
      const n = RED.nodes.node(nodeId);
      if (n._def.category === 'config') RED.editor.editConfig('', n.type, n.id);
      else RED.editor.edit(n);
    }, id);
    await page.waitForSelector('.red-ui-tray-body select, .red-ui-tray-body input', { state: 'attached' });
    blank.push(
      ...(await page.evaluate((nodeId) => {
        const RED = (window as unknown as { RED: EditorRED }).RED;
        const n = RED.nodes.node(nodeId);
        const out: string[] = [];
        // Only the selects bound to a property (node-input-<prop>); lists of what was found are not.
        for (const s of Array.from(document.querySelectorAll<HTMLSelectElement>('.red-ui-tray-body select'))) {
          const prop = /^node-(?:config-)?input-(\w+)$/.exec(s.id)?.[1];
          if (!prop || !(prop in n) || n[prop] === undefined || n[prop] === '') continue;
          if (s.selectedIndex < 0 || s.value !== String(n[prop]))
            out.push(`${n.type} "${n.name || n.id}": ${prop} = ${JSON.stringify(n[prop])} shows "${s.value}"`);
        }
        RED.tray.close();
        return out;
      }, id)),
    );
    await page.waitForSelector('.red-ui-tray-body', { state: 'detached' });
  }
  assert.deepEqual(blank, []);
});
