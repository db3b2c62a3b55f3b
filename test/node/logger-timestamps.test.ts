// One bad msg.timestamp must not break a source: inside a real Node-RED with a real log folder,
// the logger is sent a row dated 2100 and one beyond the Date range between good rows. Both are
// refused through done(err) (a Catch node gets them), no file is named after them, and the
// 10-min aggregates go on with the rows after them. wes-chart-feed refuses a future point too.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import loggerNode from '../../nodes/wes-logger/wes-logger';
import chartFeedNode from '../../nodes/wes-chart-feed/wes-chart-feed';

runtimeWithUserDir('wes-rel-ts-', { before, after, afterEach });
const dir = mkdtempSync(join(tmpdir(), 'wes-rel-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function filesUnder(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

test('logger: timestamps in 2100 or beyond the Date range are refused and poison nothing', async () => {
  await loadFlow(
    [loggerNode],
    [
      {
        id: 'log',
        type: 'wes-logger',
        name: 'ts',
        folder: dir,
        format: 'standard',
        mode: 'every',
        interval: 60,
        rules: '',
        flushInterval: 3600,
        retentionDays: 3650,
        maxBufferKB: 1024,
      },
      { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
      { id: 'cmp', type: 'complete', scope: ['log'], uncaught: false, wires: [['handled']] },
      { id: 'handled', type: 'helper' },
    ],
  );
  const caught = collector('caught');
  const handled = collector('handled');
  const log = helper.getNode('log');
  const base = Math.floor(Date.now() / 600_000) * 600_000 - 3_600_000;
  const row = (t: number, v: number) => log.receive({ topic: 'meter', payload: { powerW: v }, timestamp: t });
  row(base + 60_000, 1);
  row(base + 11 * 60_000, 2);
  row(Date.UTC(2100, 0, 1), 3);
  row(1e20, 4);
  row(base + 21 * 60_000, 5);
  row(base + 31 * 60_000, 6);
  await waitFor(
    () => caught.length + handled.length >= 6,
    'six messages handled',
    8000,
    5,
    () =>
      JSON.stringify({
        caught,
        handled,
        log: (helper as unknown as { log(): { args: Array<Array<{ msg: unknown }>> } })
          .log()
          .args.filter((a) => (a[0] as { level?: number }).level === 20)
          .map((a) => String(a[0].msg)),
      }),
  );
  assert.equal(caught.length, 2, 'both bad timestamps reach the Catch node');
  assert.match(String((caught[0].error as { message: string }).message), /2100-01-01T00:00:00\.000Z is more than 5 min ahead/);
  assert.match(String((caught[1].error as { message: string }).message), /is not a time/);
  log.receive({ flush: true });
  await waitFor(() => handled.length >= 5, 'flushed');
  const files = filesUnder(join(dir, 'meter'));
  assert.ok(!files.some((f) => /NaN|2100/.test(f)), `no file for the bad rows: ${files.join(', ')}`);
  const agg10 = files.filter((f) => f.includes(`${join('aggregates', '10min')}`));
  const aggRows = agg10.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').slice(1));
  assert.equal(aggRows.length, 3, `three closed 10-min buckets after the bad rows: ${aggRows.join(' | ')}`);
});

test('chart-feed: a point from the future is refused, and the curve goes on', async () => {
  await loadFlow(
    [chartFeedNode],
    [
      { id: 'feed', type: 'wes-chart-feed', wires: [['chart']] },
      { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
      { id: 'chart', type: 'helper' },
    ],
  );
  const caught = collector('caught');
  const feed = helper.getNode('feed');
  feed.receive({ topic: 'p', payload: 1, timestamp: Date.now() + 86_400_000 });
  await waitFor(() => caught.length >= 1, 'the future point refused');
  assert.match(String((caught[0].error as { message: string }).message), /ahead of this computer's clock/);
});
