// wes-alarms in Node-RED: the messages of our nodes in, the list and each alarm out; the list
// comes back after a restart from the state file; a message it cannot read goes to a Catch node.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { stateFile } from '../../nodes/io/state/atomic-json';
import alarmsNode from '../../nodes/wes-alarms/wes-alarms';
import ticInNode from '../../nodes/wes-tic-in/wes-tic-in';
import { collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';

const userDir = runtimeWithUserDir('wes-alarms-', { before, after, afterEach });

interface View {
  code: string;
  source: string;
  text: string;
  active: boolean;
  raisedAt: string;
  clearedAt: string | null;
}
interface List {
  active: number;
  total: number;
  alarms: View[];
}

const flow = (lang: string) => [
  { id: 'tab', type: 'tab' },
  {
    id: 'al',
    z: 'tab',
    type: 'wes-alarms',
    name: '',
    max: 500,
    lang,
    sources: 'tic2 = Compteur 2\n# a comment',
    wires: [['list'], ['one']],
  },
  { id: 'list', z: 'tab', type: 'helper' },
  { id: 'one', z: 'tab', type: 'helper' },
  { id: 'catcher', z: 'tab', type: 'catch', scope: ['al'], uncaught: false, wires: [['caught']] },
  { id: 'caught', z: 'tab', type: 'helper' },
];

const lastList = (got: Record<string, unknown>[]): List | undefined => got[got.length - 1]?.payload as List | undefined;

test('TIC lost then back: one alarm raised, then cleared, in the chosen language, with its times', async () => {
  await loadFlow([alarmsNode], flow('fr'));
  const lists = collector('list');
  const ones = collector('one');
  // the decoder noticed at 06:00:10 a silence that began with the last frame, at 06:00:00
  const lostAt = '2026-12-02T06:00:00.000Z';
  helper
    .getNode('al')
    .receive({ topic: 'tic2/event', payload: { event: 'tic-lost', time: '2026-12-02T06:00:10.000Z', sinceLastCorrectFrameMs: 10_000 } });
  await waitFor(() => lastList(lists)?.active === 1, 'one active alarm');
  const raised = lastList(lists)!.alarms[0];
  assert.deepEqual(
    [raised.code, raised.source, raised.text, raised.raisedAt, raised.clearedAt],
    ['tic-lost', 'tic2', 'Compteur 2 : téléinfo coupée', lostAt, null],
  );
  assert.equal(ones[0].topic, 'alarms/raised');
  // a tariff change on the same link is no alarm, and no error
  helper.getNode('al').receive({ topic: 'tic1/event', payload: { event: 'tariff-change', from: 'HP', to: 'HC' } });
  helper.getNode('al').receive({ topic: 'tic2/event', payload: { event: 'tic-recovered', time: '2026-12-02T06:01:00.000Z' } });
  await waitFor(() => lastList(lists)?.active === 0, 'the alarm cleared');
  const list = lastList(lists)!;
  assert.equal(list.total, 1);
  assert.equal(list.alarms[0].clearedAt, '2026-12-02T06:01:00.000Z');
  assert.deepEqual(
    ones.map((m) => m.topic),
    ['alarms/raised', 'alarms/cleared'],
  );
});

test('a restart keeps the list; acknowledging clears a full disk', async () => {
  await loadFlow([alarmsNode], flow('en'));
  helper.getNode('al').receive({
    topic: 'log',
    payload: { code: 'ENOSPC', dir: '/var/log/wes' },
    error: { message: 'no space left', source: { id: 'lg', type: 'wes-logger', name: 'CSV log' } },
  });
  helper.getNode('al').receive({ topic: 'water/leak', payload: { rule: 'continuous', active: true, since: Date.now() - 3_600_000 } });
  const lists = collector('list');
  await waitFor(() => lastList(lists)?.active === 2, 'two active alarms');
  const file = stateFile(userDir, 'al');
  // a stop writes what is in memory (a redeploy, a restart)
  await helper.unload();
  assert.ok(existsSync(file), 'the history is on disk after a stop');
  await loadFlow([alarmsNode], flow('en'));
  const after = collector('list');
  await waitFor(() => lastList(after)?.total === 2, 'the list sent at start, from the file');
  assert.deepEqual(
    lastList(after)!.alarms.map((a) => [a.code, a.text, a.active]),
    [
      ['disk-full', 'CSV log: disk full, the log is not written', true],
      ['leak', 'water: leak suspected', true],
    ],
  );
  helper.getNode('al').receive({ payload: 'acknowledge' });
  await waitFor(() => lastList(after)?.active === 1, 'the disk alarm acknowledged');
  assert.equal(lastList(after)!.alarms.find((a) => a.code === 'disk-full')?.active, false);
});

test('a message it cannot read goes to a Catch node and changes nothing', async () => {
  await loadFlow([alarmsNode], flow('en'));
  const lists = collector('list');
  const caught = collector('caught');
  await waitFor(() => lists.length >= 1, 'the list at start');
  helper.getNode('al').receive({ topic: 'x', payload: 42 });
  await waitFor(() => caught.length === 1, 'the refusal caught');
  assert.match((caught[0].error as { message: string }).message, /expected a TIC event/);
  helper.getNode('al').receive({ payload: 'status' });
  await waitFor(() => lists.length >= 2, 'the status answer');
  assert.equal(lastList(lists)!.total, 0);
});

test('a real producer: the simulated meter overloaded, then back to normal, is one overload alarm raised then ended', async () => {
  await loadFlow(
    [alarmsNode, ticInNode],
    [
      { id: 'tab', type: 'tab' },
      {
        id: 'tic',
        z: 'tab',
        type: 'wes-tic-in',
        topic: 'tic1',
        source: 'simulated',
        simMode: 'standard',
        simOption: 'BASE',
        simPhases: 1,
        simKva: 6,
        simSeed: 2,
        output: 'every',
        wires: [['al'], ['al']],
      },
      ...flow('en').slice(1),
    ],
  );
  const lists = collector('list');
  const caught = collector('caught');
  helper.getNode('tic').receive({ payload: { forcePowerVA: 9000 } });
  await waitFor(() => lastList(lists)?.alarms.some((a) => a.code === 'overload' && a.active), 'the overload alarm', 15_000);
  const raised = lastList(lists)!.alarms.find((a) => a.code === 'overload')!;
  assert.match(raised.text, /^Meter 1: overload|^tic1: overload/);
  helper.getNode('tic').receive({ payload: { forcePowerVA: 500 } });
  await waitFor(() => lastList(lists)?.alarms.find((a) => a.code === 'overload')?.active === false, 'the overload ended', 15_000);
  // every frame of the meter went through the alarms too: none refused
  assert.deepEqual(caught, []);
  assert.equal(lastList(lists)!.total, 1);
});
