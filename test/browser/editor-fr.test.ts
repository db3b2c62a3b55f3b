// The editor in French, as most of our users meet it (issue 10, "French at parity"): for each node
// of the package, the palette label, the default node name, the port labels, every text of the edit dialog
// (labels, options, placeholders, titles) and the help panel are free of the English texts the
// French catalog replaces, and no catalog key shows raw ("wes-pulse-in.label.x").
//
// The list of English texts is built from the catalogs themselves: every en-US value whose French
// value differs. Code samples (<code>, <pre>), message property names (a help <dt>'s own text,
// {x, y, series}) and names of other software's fields, marked lang="en", are not prose and are
// left out of the check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';

// Every node of the package: a node added later is checked without anyone remembering to.
const TYPES = Object.keys(
  (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } })['node-red']
    .nodes,
);

type Catalog = { [k: string]: string | Catalog };
function flatten(c: Catalog, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}
function catalog(type: string, lang: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(projectRoot, 'nodes', type, 'locales', lang, `${type}.json`), 'utf8')) as Catalog);
}

/** The English texts the French catalogs replace: placeholders (__x__) cut the value into fragments. */
function englishTexts(): { texts: string[]; missing: string[] } {
  const texts = new Set<string>();
  const missing: string[] = [];
  for (const type of TYPES) {
    const en = catalog(type, 'en-US');
    const fr = catalog(type, 'fr');
    for (const [k, v] of en) {
      const f = fr.get(k);
      if (f === undefined) {
        missing.push(k);
        continue;
      }
      if (f === v) continue;
      for (const part of v.split(/__\w+__/)) {
        const t = part
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/^[\s:;,.·()[\]/-]+|[\s:;,.·()[\]/-]+$/g, '');
        // fragments without a letter (" · ", "#") say nothing about the language
        if (/\p{L}{2}/u.test(t)) texts.add(t);
      }
    }
  }
  // A word that French uses as well ("min", "kWh", "on", "Base") is no evidence of English.
  const french = TYPES.flatMap((type) => [...catalog(type, 'fr').values()]).join(' \n ');
  return { texts: [...texts].filter((t) => englishIn(french, [t]).length === 0), missing };
}

/** The English texts found in a French text, as whole words (so "Combine" is not found in "Combiner"). */
function englishIn(text: string, english: string[]): string[] {
  // {x, y, series}: message property names, which are the same in every language
  text = text.replace(/\{[^{}]*\}/g, ' ');
  return english.filter((e) => {
    const re = new RegExp(`(?<![\\p{L}\\p{N}_-])${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_-])`, 'iu');
    return re.test(text);
  });
}
const rawKey = /\bwes-[a-z-]+\.[A-Za-z]/;

let nr: SupervisorProcess;
let page: Page;
let browser: Chromium | undefined;
const pageErrors: string[] = [];

before(async () => {
  nr = await startSupervisor();
  await nr.waitForOutput(/Started flows/, 60_000);
  browser = await openChromium({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  ({ page } = browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${nr.baseUrl}/?lang=fr`);
  await page.waitForFunction(
    (types) => {
      const w = window as unknown as { RED?: { nodes?: { getType(t: string): unknown } } };
      return (
        types.every((t) => Boolean(w.RED?.nodes?.getType(t))) &&
        document.querySelector('#red-ui-palette .red-ui-palette-node') !== null &&
        document.querySelector('#red-ui-workspace-chart') !== null
      );
    },
    TYPES,
    { timeout: 60_000 },
  );
  // the flows arrive after the palette
  await page.waitForFunction(
    () => {
      const RED = (window as unknown as { RED: { nodes: { eachNode(fn: (n: { type: string }) => boolean | void): void } } }).RED;
      let found = false;
      RED.nodes.eachNode((n) => {
        if (n.type.startsWith('wes-')) {
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
  // Node-RED's first-run question (update notifications) would cover the dialogs on the screenshot
  const noLabel = await page.evaluate(() => (window as unknown as { RED: { _(k: string): string } }).RED._('telemetry.disableLabel'));
  const no = page.getByRole('button', { name: noLabel });
  await no.waitFor({ state: 'visible', timeout: 10_000 }).then(
    () => no.click(),
    () => undefined,
  );
});

after(async () => {
  await browser?.close();
  await nr?.stop();
});

test('the French catalogs have every key of the English ones', () => {
  const { texts, missing } = englishTexts();
  assert.deepEqual(missing, [], 'keys missing from the fr catalogs');
  assert.ok(texts.length > 50, `only ${texts.length} English texts to look for`);
});

interface Seen {
  palette: string | null;
  defaultName: string;
  ports: string[];
  dialog: string;
  help: string;
}

/** Everything a French user reads about one node type: palette, default name, ports, dialog, help. */
async function seenInFrench(type: string): Promise<Seen> {
  // a fresh node with the editor's defaults and no name, so the label function shows its default
  const { id, config } = await page.evaluate((t) => {
    type Def = { category: string; defaults: Record<string, { value: unknown }> };
    type R = {
      nodes: { getType(t: string): Def; id(): string; import(n: unknown[], o?: unknown): unknown };
      workspaces: { active(): string };
      view: { redraw(full?: boolean): void };
    };
    const RED = (window as unknown as { RED: R }).RED;
    const def = RED.nodes.getType(t);
    const n: Record<string, unknown> = { id: RED.nodes.id(), type: t };
    for (const [k, f] of Object.entries(def.defaults)) n[k] = f.value;
    const isConfig = def.category === 'config';
    if (!isConfig) Object.assign(n, { x: 200, y: 200, z: RED.workspaces.active(), wires: [] });
    RED.nodes.import([n], { generateIds: false, addFlow: false });
    RED.view.redraw(true);
    return { id: n.id as string, config: isConfig };
  }, type);

  const info = await page.evaluate(
    ({ t, nodeId }) => {
      type Def = {
        outputs?: number;
        inputs?: number;
        label?: unknown;
        paletteLabel?: unknown;
        outputLabels?: string[] | ((this: unknown, i: number) => string);
        inputLabels?: string | ((this: unknown, i: number) => string);
      };
      type N = { _def: Def; outputs?: number };
      type R = { nodes: { node(id: string): N | null }; utils: { getNodeLabel(n: unknown, d?: string): string } };
      const RED = (window as unknown as { RED: R }).RED;
      const n = RED.nodes.node(nodeId)!;
      const def = n._def;
      const ports: string[] = [];
      const port = (l: unknown, i: number): string => {
        if (typeof l === 'function') return String((l as (this: unknown, i: number) => string).call(n, i) ?? '');
        if (Array.isArray(l)) return String(l[i] ?? '');
        return typeof l === 'string' ? l : '';
      };
      for (let i = 0; i < (n.outputs ?? def.outputs ?? 0); i++) ports.push(port(def.outputLabels, i));
      if ((def.inputs ?? 0) > 0) ports.push(port(def.inputLabels, 0));
      const pal = document.querySelector(`#red-ui-palette .red-ui-palette-node[data-palette-type="${t}"] .red-ui-palette-label`);
      return {
        palette: pal ? (pal.textContent ?? '').trim() : null,
        defaultName: RED.utils.getNodeLabel(n, t),
        ports: ports.filter(Boolean),
      };
    },
    { t: type, nodeId: id },
  );

  await page.evaluate(
    ({ t, nodeId, isConfig }) => {
      type R = {
        nodes: { node(id: string): unknown };
        editor: { edit(n: unknown): void; editConfig(name: string, type: string, id: string): void };
      };
      const RED = (window as unknown as { RED: R }).RED;
      if (isConfig) RED.editor.editConfig('', t, nodeId);
      else RED.editor.edit(RED.nodes.node(nodeId));
    },
    { t: type, nodeId: id, isConfig: config },
  );
  const ok = config ? '#node-config-dialog-ok' : '#node-dialog-ok';
  await page.locator(ok).waitFor({ state: 'visible', timeout: 10_000 });
  // oneditprepare may fill the dialog from the server (wes-gpio's detection, the serial ports):
  // jQuery counts its requests in flight and runs their callbacks before it counts one done
  await page.waitForFunction(() => (window as unknown as { $: { active: number } }).$.active === 0, undefined, { timeout: 10_000 });
  const dialog = await page.evaluate(() => {
    const forms = Array.from(document.querySelectorAll('.red-ui-tray #dialog-form, .red-ui-tray #node-config-dialog-edit-form'));
    const form = forms[forms.length - 1];
    if (!form) return '';
    const texts: string[] = [];
    const title = document.querySelectorAll('.red-ui-tray-titlebar');
    if (title.length) texts.push(title[title.length - 1].textContent ?? '');
    const walk = (el: Element) => {
      if (el.matches('code, pre, script, style, [lang="en"]')) return;
      // a config node offered in a select is named by the flow's author, not by us
      const RED = (window as unknown as { RED: { nodes: { node(id: string): unknown } } }).RED;
      if (el instanceof HTMLOptionElement && RED.nodes.node(el.value)) return;
      for (const a of ['placeholder', 'title']) {
        const v = el.getAttribute(a);
        if (v) texts.push(v);
      }
      for (const c of Array.from(el.childNodes)) {
        if (c.nodeType === Node.TEXT_NODE) texts.push(c.textContent ?? '');
        else if (c.nodeType === Node.ELEMENT_NODE) walk(c as Element);
      }
    };
    walk(form);
    return texts
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join(' | ');
  });
  if (type === 'wes-pulse-in') {
    mkdirSync(join(projectRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'test-artifacts', 'editor-fr-wes-pulse-in.png') });
  }
  await page.evaluate(() => (window as unknown as { RED: { tray: { close(): void } } }).RED.tray.close());
  await page.locator(ok).waitFor({ state: 'detached', timeout: 10_000 });

  const help = await page.evaluate((t) => {
    const RED = (window as unknown as { RED: { sidebar: { help: { show(t: string, front?: boolean): void } } } }).RED;
    RED.sidebar.help.show(t, true);
    const box = document.querySelector('.red-ui-sidebar-help-stack .red-ui-help');
    if (!box) return '';
    const clone = box.cloneNode(true) as Element;
    for (const e of Array.from(clone.querySelectorAll('code, pre, [lang="en"]'))) e.remove();
    // the property names of a <dt> ("payload", "history") are the message's, not prose; their types are
    for (const dt of Array.from(clone.querySelectorAll('dt'))) {
      for (const c of Array.from(dt.childNodes)) if (c.nodeType === Node.TEXT_NODE) c.remove();
    }
    return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
  }, type);

  // leave the flow as it was
  await page.evaluate((nodeId) => {
    type R = { nodes: { node(id: string): unknown; remove(id: string): void }; view: { redraw(full?: boolean): void } };
    const RED = (window as unknown as { RED: R }).RED;
    if (RED.nodes.node(nodeId)) RED.nodes.remove(nodeId);
    RED.view.redraw(true);
  }, id);
  return { ...info, dialog, help };
}

for (const type of TYPES) {
  test(`${type} speaks French in the palette, its edit dialog, its ports and its help`, async () => {
    const { texts: english } = englishTexts();
    const before = pageErrors.length;
    const seen = await seenInFrench(type);
    assert.deepEqual(pageErrors.slice(before), [], `script errors while showing ${type}`);
    assert.ok(seen.dialog.length > 20, `${type}: the dialog shows its form (${seen.dialog})`);
    assert.ok(seen.help.length > 80, `${type}: the help panel shows the help`);
    const parts: [string, string][] = [
      ['palette label', seen.palette ?? ''],
      ['default name', seen.defaultName],
      ['port labels', seen.ports.join(' | ')],
      ['edit dialog', seen.dialog],
      ['help panel', seen.help],
    ];
    const found: string[] = [];
    for (const [where, text] of parts) {
      const words = englishIn(text, english);
      if (words.length) found.push(`${where}: ${words.map((w) => JSON.stringify(w)).join(', ')}  «${text.slice(0, 400)}»`);
      const raw = rawKey.exec(text);
      if (raw) found.push(`${where}: raw catalog key near «${text.slice(Math.max(0, raw.index - 20), raw.index + 60)}»`);
    }
    assert.deepEqual(found, [], `${type} shows English or raw keys in French`);
  });
}
