// A virtual null-modem cable: socat links two ptys, as a TIC modem and the box would be.
// Used by the system tests that push real bytes through the real serialport stack.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from './wait';

export interface PtyPair {
  a: string;
  b: string;
  stop(): Promise<void>;
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startPtyPair(a: string, b: string): Promise<PtyPair> {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  await waitFor(() => existsSync(a) && existsSync(b), `socat links ${a} ${b}`, 5000, 25);
  return { a, b, stop: () => stopChild(socat) };
}
