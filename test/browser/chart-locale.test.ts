// The charts' numbers and times in the dashboard's language (templates/chart-locale.vue): in French
// "3 500" (a narrow no-break space) and "2,5", in English "3,500" and "2.5", 24-hour times, and the
// tooltip's heading as a local date and time. The charts draw on a canvas, so the test records the
// text the page paints (fillText) and reads the formatters on the live ECharts instances the way the
// template reaches them. The template leans on the dashboard's build (its ECharts chunk): if a
// Dashboard upgrade changes it, this test fails, and a page without that chunk keeps ECharts'
// default labels without a console error. Screenshots: test-artifacts/chart-locale-<lang>-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../support/supervisor-process';
import { openChromium, type Chromium } from '../support/chromium';
import { waitFor } from '../support/wait';

const artifacts = join(projectRoot, 'test-artifacts');

interface FlowNode {
  type: string;
  path?: string;
  id: string;
  group?: string;
  page?: string;
}

/** Every string painted on a canvas since the page loaded (ECharts draws its labels with fillText). */
function recordCanvasText(): void {
  const painted = new Set<string>();
  (window as unknown as { wesPainted: Set<string> }).wesPainted = painted;
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
    painted.add(String(text));
    return maxWidth === undefined ? fill.call(this, text, x, y) : fill.call(this, text, x, y, maxWidth);
  };
}

const painted = (page: Page) => page.evaluate(() => [...(window as unknown as { wesPainted: Set<string> }).wesPainted]);

interface Formatted {
  charts: number;
  done: number;
  y: string[];
  tick: { midnight: string; afternoon: string; firstOfMonth: string };
  heading: string;
  value: string;
}

/** The formatters on the page's charts, reached as the template reaches them (ECharts' init() of the dashboard's chunk). */
function formattersOnPage(): Promise<Formatted> {
  interface Chart {
    id: string;
    getOption(): {
      yAxis: { axisLabel: { formatter: (v: number) => string } }[];
      xAxis: { axisLabel: { formatter: (v: number) => string }; axisPointer: { label: { formatter: (p: { value: number }) => string } } }[];
      tooltip: { valueFormatter: (v: number) => string }[];
    };
  }
  const link = document.querySelector<HTMLLinkElement>('link[rel="modulepreload"][href*="/echarts-"]');
  if (!link) throw new Error('no modulepreload link to an echarts-*.js chunk in the dashboard page');
  // A real dynamic import in the page (TypeScript would turn import() into a require()).
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;
  return load(link.href).then((mod) => {
    const fns = Object.values(mod).filter((v) => typeof v === 'function');
    if (fns.length !== 1) throw new Error(`the ECharts chunk exports ${fns.length} functions, not init() alone`);
    const init = fns[0] as (el: Element) => Chart;
    const els = Array.from(document.querySelectorAll('[_echarts_instance_]'));
    const done = els.filter((el) => el.getAttribute('data-wes-locale') === el.getAttribute('_echarts_instance_'));
    const option = init(els[0]!).getOption();
    const y = option.yAxis[0]!.axisLabel.formatter;
    const x = option.xAxis[0]!;
    return {
      charts: els.length,
      done: done.length,
      y: [3500, 2.5, 1234567.25, 0, -1500].map(y),
      tick: {
        midnight: x.axisLabel.formatter(new Date(2026, 11, 2).getTime()),
        afternoon: x.axisLabel.formatter(new Date(2026, 11, 2, 14, 30).getTime()),
        firstOfMonth: x.axisLabel.formatter(new Date(2026, 11, 1).getTime()),
      },
      heading: x.axisPointer.label.formatter({ value: new Date(2026, 11, 2, 14, 30, 5).getTime() }),
      value: option.tooltip[0]!.valueFormatter(3500.5),
    };
  });
}

const LANGS = {
  fr: {
    locale: 'fr-FR',
    flow: 'wes-superviseur.json',
    grouped: /^-?\d{1,3}(\u202f\d{3})+$/,
    foreignGrouped: /^-?\d{1,3}(,\d{3})+$/,
    y: ['3\u202f500', '2,5', '1\u202f234\u202f567,25', '0', '-1\u202f500'],
    tick: { midnight: '2 déc.', afternoon: '14:30', firstOfMonth: 'déc. 2026' },
    heading: '02/12/2026 14:30:05',
    value: '3\u202f500,5',
    number: /^-?\d{1,3}(\u202f\d{3})*(,\d+)?$/,
  },
  en: {
    locale: 'en-GB',
    flow: 'wes-supervisor.json',
    grouped: /^-?\d{1,3}(,\d{3})+$/,
    foreignGrouped: /^-?\d{1,3}(\u202f\d{3})+$/,
    y: ['3,500', '2.5', '1,234,567.25', '0', '-1,500'],
    tick: { midnight: '2 Dec', afternoon: '14:30', firstOfMonth: 'Dec 2026' },
    heading: '02/12/2026, 14:30:05',
    value: '3,500.5',
    number: /^-?\d{1,3}(,\d{3})*(\.\d+)?$/,
  },
} as const;

for (const lang of ['fr', 'en'] as const) {
  const L = LANGS[lang];
  describe(`chart labels in ${lang === 'fr' ? 'French' : 'English'}`, () => {
    const flow = JSON.parse(readFileSync(join(projectRoot, 'flows', L.flow), 'utf8')) as FlowNode[];
    const byId = new Map(flow.map((n) => [n.id, n]));
    // The pages with a chart and how many charts each has, by the group each chart sits in.
    const chartsOn = new Map<string, number>();
    for (const n of flow.filter((c) => c.type === 'ui-chart')) {
      const path = byId.get(byId.get(n.group!)!.page!)!.path!;
      chartsOn.set(path, (chartsOn.get(path) ?? 0) + 1);
    }
    const chartPages = [...chartsOn.keys()];
    let nr: SupervisorProcess;
    let browser: Chromium | undefined;
    let page: Page;
    const problems: string[] = [];

    before(async () => {
      mkdirSync(artifacts, { recursive: true });
      nr = await startSupervisor({ env: { WES_LANG: lang } });
      await nr.waitForOutput(/Started flows|Flux démarrés/, 60_000);
      browser = await openChromium({ locale: L.locale });
      ({ page } = browser);
      await page.addInitScript(recordCanvasText);
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    });

    after(async () => {
      await browser?.close();
      await nr?.stop();
    });

    test('the Overview chart paints its y axis with the language’s grouping and 24-hour times', async () => {
      // Meter 1 at 2 kVA (the Settings page's simulated load): the axis runs in the thousands.
      await page.goto(`${nr.baseUrl}/dashboard/settings`);
      await page.getByRole('button', { name: '2 kVA' }).click();
      await page.goto(`${nr.baseUrl}/dashboard/overview`);
      await waitFor(
        () => page.evaluate(() => document.documentElement.getAttribute('data-wes-chart-locale')),
        'the chart-locale template',
        30_000,
        100,
      );
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-wes-chart-locale')), `on ${L.locale}`);
      const texts = await waitFor(
        async () => {
          const t = await painted(page);
          return t.some((s) => L.grouped.test(s)) && t.some((s) => /^\d\d:\d\d(:\d\d)?$/.test(s)) ? t : null;
        },
        'a grouped y label and a time label painted on the Overview chart',
        30_000,
        200,
      ).catch(async (e: Error) => {
        throw new Error(`${e.message}\npainted: ${JSON.stringify(await painted(page))}`);
      });
      assert.deepEqual(
        texts.filter((s) => L.foreignGrouped.test(s) || /\b(AM|PM)\b/i.test(s)),
        [],
        'no number grouped the other language’s way, no 12-hour time',
      );
      const f = await page.evaluate(formattersOnPage);
      assert.deepEqual(f.y, L.y);
      assert.deepEqual(f.tick, L.tick);
      assert.equal(f.heading, L.heading);
      assert.equal(f.value, L.value);
    });

    test('the tooltip shows the local date and time and the values in the language', async () => {
      const chart = page.locator('[_echarts_instance_]').first();
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      // ECharts' HTML tooltip, a box inside the chart: the heading, then a line per series.
      const tooltip = chart
        .locator('div')
        .filter({ hasText: /\d\d:\d\d:\d\d/ })
        .first();
      // The curve redraws every second and may hide the tooltip between two reads: its text is
      // taken in the same probe that sees it, and the probe tries again if it went meanwhile.
      const shown = await waitFor(
        async () => {
          await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.6);
          if ((await tooltip.count()) === 0 || !(await tooltip.isVisible())) return null;
          const text = await tooltip.innerText({ timeout: 500 }).catch(() => null);
          const values = await tooltip
            .locator('span[style*="float:right"]')
            .allInnerTexts()
            .catch(() => null);
          return text !== null && values !== null && values.length > 0 ? { text, values } : null;
        },
        'the chart’s tooltip',
        15_000,
        200,
      );
      await page.screenshot({ path: join(artifacts, `chart-locale-${lang}-overview.png`) });
      const heading = lang === 'fr' ? /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/ : /^\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d$/;
      assert.match(shown.text.split('\n')[0]!.trim(), heading);
      for (const v of shown.values) assert.match(v.trim(), L.number);
    });

    test('every chart of every page gets the formatters, each time its page opens', async () => {
      assert.ok(chartPages.length >= 3, `pages with charts: ${chartPages.join(', ')}`);
      for (const p of [...chartPages, '/overview']) {
        await page.goto(`${nr.baseUrl}/dashboard${p}`);
        const f = await waitFor(
          async () => {
            const r = await page.evaluate(formattersOnPage).catch(() => null);
            return r && r.charts === chartsOn.get(p) && r.done === r.charts ? r : null;
          },
          `the ${chartsOn.get(p)} chart(s) of ${p} formatted`,
          30_000,
          200,
        );
        assert.deepEqual(f.y, L.y, p);
        await page.screenshot({ path: join(artifacts, `chart-locale-${lang}${p.replace(/\//g, '-')}.png`), fullPage: true });
      }
      // Opened from the menu too (no reload): the page's new chart instances are formatted.
      await page.goto(`${nr.baseUrl}/dashboard/overview`);
      const other = chartPages.find((p) => p !== '/overview')!;
      // The menu's link, as a click on it (the menu may be folded away at this width).
      await page.locator(`a[href$="${other}"]`).first().waitFor({ state: 'attached' });
      await page.evaluate((path) => document.querySelector<HTMLElement>(`a[href$="${path}"]`)!.click(), other);
      await waitFor(
        async () => {
          const r = await page.evaluate(formattersOnPage).catch(() => null);
          return page.url().endsWith(other) && r && r.charts === chartsOn.get(other) && r.done === r.charts;
        },
        `the charts of ${other} formatted after navigating to it`,
        30_000,
        200,
      );
      assert.deepEqual(problems, []);
    });

    if (lang === 'fr')
      test('without the ECharts chunk it expects, the dashboard keeps ECharts’ labels and logs no error', async () => {
        const other = await openChromium({ locale: L.locale });
        try {
          const errors: string[] = [];
          other.page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
          other.page.on('pageerror', (e) => errors.push(e.message));
          await other.page.addInitScript(recordCanvasText);
          // The dashboard's page without its modulepreload link to ECharts (its code still imports the chunk).
          await other.page.addInitScript(() => {
            new MutationObserver((_, o) => {
              const link = document.querySelector('link[rel="modulepreload"][href*="/echarts-"]');
              if (link) {
                link.remove();
                o.disconnect();
              }
            }).observe(document, { childList: true, subtree: true });
          });
          await other.page.goto(`${nr.baseUrl}/dashboard/overview`);
          const status = await waitFor(
            () => other.page.evaluate(() => document.documentElement.getAttribute('data-wes-chart-locale')),
            'the chart-locale template',
            30_000,
            100,
          );
          assert.match(status, /^off: /);
          await waitFor(
            async () => (await painted(other.page)).some((s) => /^\d{1,3}(,\d{3})+$/.test(s)),
            'ECharts’ own "3,500" labels',
            30_000,
            200,
          );
          await other.page.screenshot({ path: join(artifacts, 'chart-locale-fr-overview-fallback.png') });
          assert.deepEqual(errors, []);
        } finally {
          await other.close();
        }
      });
  });
}
