// The simulated twin: a FakeGpio whose inputs move by themselves, so a flow runs on a laptop.
// Pulse inputs produce S0-like pulses (active low, 50 ms) at the configured rate; contact inputs
// flip at the configured period; outputs just hold their level. An input can be unplugged (its
// node sees the line lost, no edge comes) and plugged again, to show a lost input without hardware.

import { FakeGpio } from './fake-backend';
import type { EdgeEvent, InputHandle, InputRequest, Level } from './types';

export class SimulatedGpio extends FakeGpio {
  override description = 'simulated';
  private readonly timers = new Map<number, { interval: NodeJS.Timeout[]; release: NodeJS.Timeout | null }>();
  private readonly unplugged = new Set<number>();

  /** The wire to the meter cut: the line's owner is told it is lost, and no edge comes any more. */
  unplug(line: number): void {
    if (this.unplugged.has(line)) return;
    this.unplugged.add(line);
    this.fail(line, new Error('simulated input unplugged'));
  }
  plug(line: number): void {
    if (!this.unplugged.delete(line)) return;
    this.recover(line);
  }

  override inject(line: number, level: Level, tMs?: number): void {
    if (!this.unplugged.has(line)) super.inject(line, level, tMs);
  }

  override async openInput(
    req: InputRequest,
    onEdge: (e: EdgeEvent) => void,
    onError: (err: Error) => void,
    onRecovered?: () => void,
  ): Promise<InputHandle> {
    const handle = await super.openInput(req, onEdge, onError, onRecovered);
    const timers: { interval: NodeJS.Timeout[]; release: NodeJS.Timeout | null } = { interval: [], release: null };
    const rate = req.sim?.pulsesPerMinute ?? 0;
    if (rate > 0) {
      const period = 60_000 / rate;
      const width = Math.min(req.sim?.pulseWidthMs ?? 50, period / 2);
      timers.interval.push(
        setInterval(() => {
          this.inject(req.line, 0);
          timers.release = setTimeout(() => this.inject(req.line, 1), width);
        }, period),
      );
    }
    const toggle = req.sim?.togglePeriodMs ?? 0;
    if (toggle > 0) {
      timers.interval.push(setInterval(() => this.inject(req.line, this.inputs.get(req.line)?.level === 1 ? 0 : 1), toggle));
    }
    this.timers.set(req.line, timers);
    return {
      line: handle.line,
      read: handle.read,
      close: async () => {
        this.stop(req.line);
        await handle.close();
      },
    };
  }

  private stop(line: number): void {
    const t = this.timers.get(line);
    for (const i of t?.interval ?? []) clearInterval(i);
    if (t?.release) clearTimeout(t.release);
    this.timers.delete(line);
  }

  override async close(): Promise<void> {
    for (const line of [...this.timers.keys()]) this.stop(line);
    await super.close();
  }
}
