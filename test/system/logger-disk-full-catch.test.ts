// A real full disk (a 256 KiB tmpfs filled up) under a logger whose memory buffer is small: the
// write failure must reach a Catch node (with its code), and the rows the memory bound drops
// must be counted in the status and said in the log. Skipped where mounting is not permitted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fillUp, smallDisk } from '../support/small-disk';
import { callsOf, collector, helper, lastStatus, loadFlow, startServer, stopServer, waitFor } from '../support/red-test-helper';
import loggerNode from '../../nodes/wes-logger/wes-logger';

const disk = smallDisk('wes-rel-disk-');
const { mountPoint, mounted } = disk;
after(async () => {
  await helper.unload().catch(() => undefined);
  await stopServer();
  disk.remove();
});

interface LogEntry {
  level: number;
  msg: unknown;
}
const warnings = (): string[] =>
  (helper as unknown as { log(): { args: Array<[LogEntry]> } })
    .log()
    .args.map((a) => a[0])
    .filter((e) => e.level === 30)
    .map((e) => String(e.msg));

test(
  'disk full: a Catch node gets the error with its code; dropped rows are counted in the status and the log',
  { skip: mounted ? false : 'mount -t tmpfs not permitted here', timeout: 30_000 },
  async () => {
    await startServer();
    await loadFlow(
      [loggerNode],
      [
        { id: 'tab', type: 'tab' },
        {
          id: 'log',
          z: 'tab',
          type: 'wes-logger',
          name: 'full',
          folder: join(mountPoint, 'logs'),
          format: 'standard',
          mode: 'every',
          interval: 60,
          rules: '',
          flushInterval: 0.2,
          retentionDays: 730,
          maxBufferKB: 16,
        },
        { id: 'catcher', z: 'tab', type: 'catch', scope: ['log'], uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'tab', type: 'helper' },
      ],
    );
    const caught = collector('caught');
    const log = helper.getNode('log');
    const t0 = Date.now() - 3_600_000;
    let seq = 0;
    const send = (n: number) => {
      for (let i = 0; i < n; i++, seq++) log.receive({ topic: 'sim', payload: { seq, powerW: 1234.5 }, timestamp: t0 + seq * 1000 });
    };
    send(5);
    await waitFor(() => lastStatus(log).fill === 'green', 'rows written');
    fillUp(join(mountPoint, 'filler'));
    send(2000); // far more than 16 kB of memory and than the disk holds
    await waitFor(() => caught.length > 0, 'the Catch node gets the disk-full error', 10_000);
    const err = caught[0].error as { message: string };
    assert.match(err.message, /cannot write the log folder .*ENOSPC|no space/i);
    assert.equal((caught[0].payload as { code: string }).code, 'ENOSPC');
    await waitFor(() => /dropped \(memory full\)/.test(String(lastStatus(log).text)), 'the status counts the dropped rows');
    assert.equal(lastStatus(log).fill, 'red');
    await waitFor(() => warnings().some((w) => /memory buffer full \(16 kB\): \d+ oldest rows dropped/.test(w)), 'the log says so');
    assert.ok(callsOf(log, 'error').length >= 1);
  },
);
