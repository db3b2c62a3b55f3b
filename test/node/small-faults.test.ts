// The smaller faults of issue #18 through a real Node-RED and real files: a corrupt pulse state
// file is kept and reported as an error, two loggers on one folder and a log folder under /proc
// are refused at deploy, and tariffIndex (the tariff period's number) is not summed as energy.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldKind } from '../../nodes/core/csv/fields';
import { callsOf, collector, helper, loadFlow, runtimeWithUserDir, waitFor } from '../support/red-test-helper';
import gpioNode from '../../nodes/wes-gpio/wes-gpio';
import pulseNode from '../../nodes/wes-pulse-in/wes-pulse-in';
import loggerNode from '../../nodes/wes-logger/wes-logger';
import historyNode from '../../nodes/wes-history/wes-history';

const userDir = runtimeWithUserDir('wes-rel-small-', { before, after, afterEach });
const logs = mkdtempSync(join(tmpdir(), 'wes-rel-small-logs-'));
after(() => rmSync(logs, { recursive: true, force: true }));

const errorsOf = (id: string): string[] => callsOf(helper.getNode(id), 'error').map((c) => String(c[0]));

test('pulse-in: a corrupt state file is kept beside it and reported as an error', async () => {
  const stateDir = join(userDir, 'wes-state');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, 'p.json'), '{"v":1,"meter":{"index":2022,'); // torn by a bad card
  await loadFlow(
    [gpioNode, pulseNode],
    [
      { id: 'g', type: 'wes-gpio', backend: 'simulated', chip: 'auto' },
      {
        id: 'p',
        type: 'wes-pulse-in',
        gpio: 'g',
        line: 17,
        kind: 'gas',
        weight: 0.01,
        unit: 'm3',
        debounceMs: 20,
        simRate: 0,
        index: '',
        wires: [[], []],
      },
    ],
  );
  await waitFor(() => errorsOf('p').length > 0, 'an error');
  assert.match(errorsOf('p')[0], /saved state not usable .*the bad file is kept as .*p\.json\.bad-/);
  const kept = readdirSync(stateDir).find((f) => f.startsWith('p.json.bad-'));
  assert.ok(kept, 'the bad file is kept');
  assert.equal(readFileSync(join(stateDir, kept), 'utf8'), '{"v":1,"meter":{"index":2022,');
});

const logger = (id: string, folder: string) => ({
  id,
  type: 'wes-logger',
  name: `${id} logger`,
  folder,
  format: 'standard',
  mode: 'every',
  interval: 60,
  rules: '',
  flushInterval: 3600,
  retentionDays: 730,
  maxBufferKB: 1024,
});

test('logger: a second logger on the same folder is refused with the name of the first', async () => {
  await loadFlow([loggerNode], [logger('first', logs), logger('second', join(logs, '.'))]);
  await waitFor(() => errorsOf('second').length > 0 || errorsOf('first').length > 0, 'a refusal');
  const all = [...errorsOf('first'), ...errorsOf('second')].join('\n');
  assert.match(all, /is already used by the logger (first|second) logger/);
});

test('logger: a folder under /proc is refused at deploy', async () => {
  await loadFlow([loggerNode], [logger('proc', '/proc/wes-logs')]);
  assert.match(errorsOf('proc').join('\n'), /virtual file system/);
  assert.ok(!existsSync('/proc/wes-logs'));
});

test('history: the shipped History page (wes-history naming its logger by id) works with a second logger deployed', async () => {
  const history = (id: string, loggerRef: string) => ({
    id,
    type: 'wes-history',
    logger: loggerRef,
    source: 'tic1',
    from: '-24h',
    to: 'now',
    resolution: 'auto',
    fields: '',
    output: 'chart',
    wires: [['out']],
  });
  await loadFlow(
    [loggerNode, historyNode],
    [
      logger('supervisorLog', join(logs, 'supervisor')),
      logger('exampleLog', join(logs, 'example')),
      history('byId', 'supervisorLog'),
      history('unnamed', ''),
      { id: 'out', type: 'helper' },
    ],
  );
  // The shipped flow's History page names its logger that way.
  const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'flows', 'wes-supervisor.json'), 'utf8')) as Array<
    Record<string, string>
  >;
  const page = shipped.find((n) => n.type === 'wes-history');
  assert.ok(
    page && shipped.some((n) => n.type === 'wes-logger' && n.id === page.logger),
    'the History page names the supervisor logger by id',
  );
  const out = collector('out');
  helper.getNode('byId').receive({ payload: {} });
  await waitFor(() => out.length >= 1, 'the chart answer');
  assert.equal((out[0].history as { source: string }).source, 'tic1');
  helper.getNode('unnamed').receive({ payload: {} });
  await waitFor(() => errorsOf('unnamed').length > 0, 'the ambiguous one refused');
  assert.match(errorsOf('unnamed')[0], /several wes-logger nodes/);
});

test('tariffIndex is a gauge, not an energy register', () => {
  assert.equal(fieldKind('tariffIndex'), 'gauge');
  assert.equal(fieldKind('energyByPeriodWh_HCHC'), 'counter');
});
