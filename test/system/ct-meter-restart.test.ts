// The CT meter's energy indexes across a hard stop: a real Node-RED child runs the simulated
// meter, is killed with SIGKILL (a power cut of the box), restarts, and counts on from the
// saved index instead of 0. At most one save interval of energy is lost, never the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateFile, writeJsonAtomic } from '../../nodes/io/state/atomic-json';
import { exited, freePort, prepareUserDir, startNodeRed } from '../support/logger-runtime';
import { waitFor } from '../support/wait';

const flow = [
  { id: 'tab', type: 'tab', label: 'ct' },
  { id: 'ct', type: 'wes-ct-meter', z: 'tab', source: 'simulated', periodS: 1, persistS: 1, simCuts: false, wires: [[], []] },
];

interface Saved {
  meter: { registers: Array<{ importWh: number; exportWh: number; importJ: number; exportJ: number }> };
}
/**
 * Every clamp's energy, both ways: the simulated day moves from one to the other (the grid clamp
 * exports while the PV produces), so one register alone may stand still for a while.
 */
const exact = (file: string): number => {
  try {
    const regs = (JSON.parse(readFileSync(file, 'utf8')) as Saved).meter.registers;
    return regs.reduce((s, r) => s + r.importWh + r.exportWh + (r.importJ + r.exportJ) / 3600, 0);
  } catch {
    return 0;
  }
};

test('energy indexes survive SIGKILL and a restart', async () => {
  const userDir = mkdtempSync(join(tmpdir(), 'wes-ct-restart-'));
  const port = await freePort();
  prepareUserDir(userDir, port, flow, ['wes-ct-meter']);
  const file = stateFile(userDir, 'ct');
  const reg = { importWh: 8000, exportWh: 0, importJ: 0, exportJ: 0 };
  writeJsonAtomic(file, { meter: { v: 1, registers: [reg, reg, reg, reg], ac: true } });
  let child = startNodeRed(userDir);
  try {
    await waitFor(() => exact(file) > 4 * 8000, 'a period counted and saved', 20_000, 50);
    child.kill('SIGKILL');
    await exited(child);
    const atKill = exact(file);
    child = startNodeRed(userDir);
    await waitFor(() => exact(file) > atKill, 'counting on after the restart', 20_000, 50);
    assert.ok(exact(file) > atKill && exact(file) < atKill + 10, `from ${atKill} to ${exact(file)}`);
  } finally {
    child.kill('SIGKILL');
    await exited(child);
    rmSync(userDir, { recursive: true, force: true });
  }
});
