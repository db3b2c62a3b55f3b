// A restart keeps what the user saw (issue #15): the shipped supervisor in Chromium, meter 1's
// simulated load at 8.5 kVA so wes-load-shed sheds (a decision in the Rules page's log, a "load
// shed" alarm on the Alarms page) while the live curves fill. Node-RED is stopped with SIGTERM, as
// systemd stops it, and started again on the same userDir: the Rules page lists the same
// decisions (time, load, action), the Alarms page the same alarm raised at the same time, and
// the curves of the Overview, the Clamps and the Temperatures pages hold their points from before
// the restart. Run in English and in French.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium } from '../support/chromium';
import { waitFor as waitUntil } from '../support/wait';
import { parseDuration } from '../../nodes/core/chart/duration';
import { bucketDuration } from '../../nodes/core/chart/downsample';

interface FlowNode {
  id: string;
  type: string;
  name?: string;
  label?: string;
  wires?: string[][];
  window?: string;
  points?: number;
}
// The French flow has the same node ids: the English names find them for both.
const flow = JSON.parse(readFileSync(join(projectRoot, 'flows', 'wes-supervisor.json'), 'utf8')) as FlowNode[];
const nodeId = (type: string, name: string): string => {
  const n = flow.filter((m) => m.type === type && m.name === name);
  assert.equal(n.length, 1, `one ${type} named ${name} in the flow`);
  return n[0].id;
};
const widget = (id: string) => `#nrdb-ui-widget-${id}`;
const shedLog = widget(nodeId('ui-template', 'shedding log'));
const alarmList = widget(nodeId('ui-template', 'alarm list'));
const simLoad = widget(nodeId('ui-button-group', 'meter 1 load'));
/** The load in force, under the buttons (a ui-text without a name: found by its label). */
const simNow = widget(flow.find((n) => n.type === 'ui-text' && n.label === 'In force')?.id ?? 'none');
/**
 * The wes-chart-feed time bucket of a chart: the feed keeps at most two points of each, so a
 * redrawn curve may start or end that much away from the same data drawn earlier.
 */
const bucketOf = (chartId: string): number => {
  const feed = flow.find((n) => n.type === 'wes-chart-feed' && n.wires?.some((w) => w.includes(chartId)));
  assert.ok(feed?.window && feed.points, `a wes-chart-feed feeds ${chartId}`);
  return bucketDuration(parseDuration(feed.window) ?? 0, feed.points);
};
/** The curves checked, by page: each fed by its wes-chart-feed. */
const charts = [
  { page: 'overview', name: 'power chart' },
  { page: 'clamps', name: 'clamp chart' },
  { page: 'temperatures', name: 'temperature chart' },
  { page: 'temperatures', name: 'house power chart' },
].map((c) => {
  const id = nodeId('ui-chart', c.name);
  return { ...c, id, bucketMs: bucketOf(id) };
});

interface Point {
  series: string;
  x: number;
  y: number;
}

/**
 * The points each chart of the open page holds, as the browser received them over the
 * dashboard's socket: the stored messages a widget gets when it loads, then each "replace" the
 * feed sends. Reset when the page opens a new socket (a navigation).
 */
function watchCharts(page: Page): Map<string, Point[]> {
  const held = new Map<string, Point[]>();
  const ids = new Set(charts.map((c) => c.id));
  page.on('websocket', (ws) => {
    held.clear();
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = /^42(?:\/[^,[]*,)?(\[[\s\S]*\])$/.exec(payload);
      if (!m) return;
      const [event, msg] = JSON.parse(m[1]) as [string, unknown];
      const [kind, id] = event.split(':');
      if (!id || !ids.has(id)) return;
      const pointOf = (p: unknown): Point | null => {
        const q = p as Partial<Point> | null;
        return q && typeof q.x === 'number' && typeof q.y === 'number' ? { series: String(q.series), x: q.x, y: q.y } : null;
      };
      if (kind === 'widget-load' && Array.isArray(msg)) {
        held.set(
          id,
          msg.map((s) => pointOf((s as { payload?: unknown }).payload)).filter((p): p is Point => p !== null),
        );
      } else if (kind === 'msg-input') {
        const body = msg as { payload?: unknown; action?: string };
        if (!Array.isArray(body.payload)) return;
        const points = body.payload.map(pointOf).filter((p): p is Point => p !== null);
        held.set(id, body.action === 'replace' ? points : [...(held.get(id) ?? []), ...points]);
      }
    });
  });
  return held;
}

/** A point of meter 1 (its curve is named in the page's language) at the simulated 8.5 kVA. */
const atLoad = (p: Point): boolean => /^(Meter|Compteur) 1$/.test(p.series) && p.y >= 8000 && p.y <= 9000;

const artifacts = join(projectRoot, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const temp = mkdtempSync(join(tmpdir(), 'wes-restart-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const TEXTS = {
  en: { load: '8.5 kVA', household: /household profile/, forced: /fixed load of 8\.5 kVA/, shed: /·\s*shed\b/ },
  fr: { load: '8,5 kVA', household: /profil d'un foyer/, forced: /charge fixe de 8,5 kVA/, shed: /·\s*délestée\b/ },
};

for (const lang of ['en', 'fr'] as const) {
  test(`${lang === 'fr' ? 'French' : 'English'}: a restart keeps the decision log, the alarm history and the curves`, async (t) => {
    const userDir = join(temp, lang);
    const env = { WES_LANG: lang };
    let nr: SupervisorProcess = await startSupervisor({ userDir, env });
    t.after(() => nr.stop());
    await nr.waitForOutput(/Started flows|Flux démarrés/, 60_000);
    const browser = await openChromium({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
    t.after(() => browser.close());
    const { page } = browser;
    const held = watchCharts(page);
    const waitFor = <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) =>
      waitUntil(probe, what, timeoutMs, 200, () => nr.output().slice(-2000)) as Promise<T>;
    const x = TEXTS[lang];

    /** The first line of each decision the Rules page lists: its time, the load, the action. */
    const decisions = async (): Promise<string[]> =>
      (await page.locator(`${shedLog} .wes-log-row > div:first-child`).allInnerTexts()).map((s) => s.trim());
    /** The raised time and the text of each alarm row the Alarms page lists, with its code. */
    const alarms = async (): Promise<string[]> =>
      page.locator(`${alarmList} tr[data-code]`).evaluateAll((rows) =>
        rows.map(
          (r) =>
            `${r.getAttribute('data-code')} ${Array.from(r.querySelectorAll('td'))
              .slice(0, 2)
              .map((td) => (td as HTMLElement).innerText.trim())
              .join(' | ')}`,
        ),
      );

    await page.goto(`${nr.baseUrl}/dashboard/settings`);
    const inForce = () =>
      page
        .locator(simNow)
        .innerText({ timeout: 1000 })
        .catch(() => '');
    // The load in force came over the dashboard's socket: a click now reaches Node-RED.
    await waitFor('the load in force shown', async () => x.household.test(await inForce()));
    await page.locator(simLoad).getByText(x.load, { exact: true }).click();
    await waitFor('the 8.5 kVA in force', async () => x.forced.test(await inForce()));

    await page.goto(`${nr.baseUrl}/dashboard/rules`);
    const shedBefore = await waitFor('a shed decision in the log', async () => {
      const d = await decisions();
      return d.some((s) => x.shed.test(s)) ? d : null;
    });
    await page.goto(`${nr.baseUrl}/dashboard/alarms`);
    const alarmsBefore = await waitFor('the shed alarm listed', async () => {
      const a = await alarms();
      return a.some((s) => s.startsWith('shed ')) ? a : null;
    });

    // The curves, page by page, once each holds points (the overview's the 8.5 kVA among them).
    const before = new Map<string, Point[]>();
    for (const c of charts) {
      if (!page.url().endsWith(`/dashboard/${c.page}`)) await page.goto(`${nr.baseUrl}/dashboard/${c.page}`);
      // The overview's curve is awaited until it draws the 8.5 kVA (the feed redraws every few seconds).
      const ready = (p: Point[]) => p.length > 1 && (c !== charts[0] || p.some(atLoad));
      before.set(
        c.id,
        await waitFor(
          `points on the ${c.name}`,
          async () => {
            const p = held.get(c.id) ?? [];
            return ready(p) ? p : null;
          },
          60_000,
        ),
      );
    }
    // Everything shown so far, read again now: what the restart must keep.
    await page.goto(`${nr.baseUrl}/dashboard/rules`);
    const shedKept = await waitFor('the log again', async () => {
      const d = await decisions();
      return d.length >= shedBefore.length ? d : null;
    });

    const stoppedAt = Date.now();
    await nr.stop(); // SIGTERM
    nr = await startSupervisor({ userDir, env });
    await nr.waitForOutput(/Started flows|Flux démarrés/, 60_000);
    const restartedAt = Date.now();

    await page.goto(`${nr.baseUrl}/dashboard/rules`);
    const shedAfter = await waitFor('the earlier decisions on the Rules page', async () => {
      const d = await decisions();
      return shedKept.every((s) => d.includes(s)) ? d : null;
    });
    await page.screenshot({ path: join(artifacts, `restart-${lang}-rules.png`), fullPage: true });
    await page.goto(`${nr.baseUrl}/dashboard/alarms`);
    const alarmsAfter = await waitFor('the earlier alarms, raised at the same time', async () => {
      const a = await alarms();
      return alarmsBefore.every((s) => a.includes(s)) ? a : null;
    });
    await page.screenshot({ path: join(artifacts, `restart-${lang}-alarms.png`), fullPage: true });
    t.diagnostic(`decisions before: ${JSON.stringify(shedKept)}; after: ${JSON.stringify(shedAfter)}`);
    t.diagnostic(`alarms before: ${JSON.stringify(alarmsBefore)}; after: ${JSON.stringify(alarmsAfter)}`);
    for (const c of charts) {
      if (!page.url().endsWith(`/dashboard/${c.page}`)) await page.goto(`${nr.baseUrl}/dashboard/${c.page}`);
      const shown = before.get(c.id) ?? [];
      const first = Math.min(...shown.map((p) => p.x));
      const last = Math.max(...shown.map((p) => p.x));
      const redrawn = await waitFor(
        `the ${c.name} drawn after the restart`,
        async () => {
          const p = held.get(c.id) ?? [];
          return p.length > 1 ? p : null;
        },
        60_000,
      );
      const earlier = redrawn.filter((p) => p.x < stoppedAt);
      assert.ok(earlier.length > 1, `the ${c.name} holds points from before the restart (${earlier.length} of ${redrawn.length})`);
      // The same span as before the restart, give or take the bucket the downsampling picks a point in.
      const from = Math.min(...earlier.map((p) => p.x));
      const to = Math.max(...earlier.map((p) => p.x));
      assert.ok(from <= first + c.bucketMs, `the ${c.name} starts where it started before the restart`);
      assert.ok(to >= last - c.bucketMs, `the ${c.name} keeps its points up to the stop (${last - to} ms short)`);
      if (c === charts[0]) {
        assert.ok(earlier.some(atLoad), 'the 8.5 kVA still on the curve');
        await page.screenshot({ path: join(artifacts, `restart-${lang}-overview.png`), fullPage: true });
      }
      t.diagnostic(`${c.name}: ${shown.length} points before, ${earlier.length} of them dated before the stop after`);
    }
    t.diagnostic(`restart ${restartedAt - stoppedAt} ms; ${shedKept.length} decisions and ${alarmsBefore.length} alarms kept`);
  });
}
