// Debian's owserver in tester mode on a loopback port of the test's choosing: a real peer with
// deterministic ROM ids and values (docs/sensing.md §4). Started and stopped by the test.
import { spawn, spawnSync } from 'node:child_process';
import { OwserverClient } from '../../nodes/io/w1/owserver-client';
import { stopChild } from './pty-pair';
import { waitFor } from './wait';

export interface Owserver {
  port: number;
  stop(): Promise<void>;
}

export const owserverInstalled = (): boolean => !spawnSync('owserver', ['--version']).error;

export async function startOwserver(port: number, devices = '28,10,26,29,1B'): Promise<Owserver> {
  const child = spawn('owserver', [`--tester=${devices}`, '-p', `127.0.0.1:${port}`, '--foreground'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const client = new OwserverClient('127.0.0.1', port, 1000);
  await waitFor(
    () =>
      client.dirall('/').then(
        (e) => e.length > 0,
        () => false,
      ),
    `owserver on port ${port}`,
    8000,
    25,
    () => log,
  );
  return { port, stop: () => stopChild(child) };
}
