// A real full disk and a real read-only remount: a 256 KiB tmpfs is mounted (we run as root), the
// logger writes into it, a filler file takes the rest of the space, and the node must go red, keep
// its rows, and write them all once space returns. Where mounting is not permitted the test is
// skipped; the same paths are covered with injected ENOSPC / EROFS in test/unit/logger-store.
process.env.TZ = 'Europe/Paris';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fillUp, smallDisk } from '../support/small-disk';
import type { NodeAPI } from 'node-red';
import { nodeRedPath } from '../support/node-red-path';
import { parseCsv } from '../../nodes/core/csv/rows';
import { findLogger, type LoggerEntry } from '../../nodes/wes-logger/registry';

interface TestNode {
  receive(msg: object): void;
  on(event: string, cb: (c: { args: unknown[] }) => void): void;
}
// The helper ships no types: the calls used here are typed by this interface.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helper = require('node-red-node-test-helper') as {
  init(p: string): void;
  load(n: unknown[], f: object[]): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
};
helper.init(nodeRedPath());
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loggerNode = require('../../nodes/wes-logger/wes-logger') as (RED: NodeAPI) => void;

const disk = smallDisk('wes-small-disk-');
const { mountPoint, mounted } = disk;
after(async () => {
  await helper.unload().catch(() => undefined);
  disk.remove();
});

function statusIs(node: TestNode, fill: string): Promise<string> {
  return new Promise((resolve) =>
    node.on('call:status', (c) => {
      const s = c.args[0] as { fill?: string; text?: string };
      if (s.fill === fill) resolve(s.text ?? '');
    }),
  );
}

function lastErrorCode(): string | undefined {
  return (findLogger('small') as LoggerEntry).store.stats.lastError?.code;
}

const T0 = Date.parse('2026-11-24T10:00:00+01:00');

test(
  'full disk, then read-only disk: red status and error, rows kept, recovery writes them all',
  { skip: mounted ? false : 'mount -t tmpfs not permitted here', timeout: 30_000 },
  async () => {
    const folder = join(mountPoint, 'logs');
    await helper.load(
      [loggerNode],
      [
        {
          id: 'log',
          type: 'wes-logger',
          name: 'small',
          folder,
          format: 'standard',
          mode: 'every',
          interval: 60,
          rules: '',
          flushInterval: 0.2,
          retentionDays: 730,
          maxBufferKB: 4096,
        },
      ],
    );
    const log = helper.getNode('log');
    let seq = 0;
    const send = (n: number) => {
      for (let i = 0; i < n; i++, seq++) log.receive({ topic: 'sim', payload: { seq, powerW: 1234.5 }, timestamp: T0 + seq * 1000 });
    };
    send(10);
    await statusIs(log, 'green');

    fillUp(join(mountPoint, 'filler'));
    const errors: string[] = [];
    log.on('call:error', (c) => errors.push(String(c.args[0])));
    const red = statusIs(log, 'red');
    send(3000); // ~100 kB of CSV: cannot fit
    await red;
    assert.equal(lastErrorCode(), 'ENOSPC');
    assert.ok(
      errors.some((e) => e.includes('cannot write the log folder')),
      'node.error reports the failure',
    );

    const green = statusIs(log, 'green');
    rmSync(join(mountPoint, 'filler'));
    await green;
    assert.equal(lastErrorCode(), undefined);

    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    const red2 = statusIs(log, 'red');
    send(20);
    await red2;
    assert.equal(lastErrorCode(), 'EROFS');
    const green2 = statusIs(log, 'green');
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    await green2;

    const parsed = parseCsv(readFileSync(join(folder, 'sim/2026/11/2026-11-24.csv'), 'utf8'));
    assert.ok(parsed);
    assert.equal(parsed.badLines, 0);
    assert.deepEqual(
      parsed.rows.map((r) => r.values.seq),
      Array.from({ length: seq }, (_, i) => i),
      'every row written exactly once, in order',
    );
    writeFileSync(join(mountPoint, 'ok'), 'x');
  },
);
