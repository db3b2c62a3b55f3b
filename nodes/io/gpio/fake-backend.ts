// A GPIO chip in memory: tests (and the simulated twin) set input levels with inject(), and read
// what outputs were driven to. It keeps the real backends' contract: edges only on a level change
// unless the caller forces one, timestamps on the monotonic epoch clock unless given.

import { EventEmitter } from 'node:events';
import {
  monotonicEpochMs,
  type BackendKind,
  type EdgeEvent,
  type GpioBackend,
  type InputHandle,
  type InputRequest,
  type Level,
  type OutputHandle,
  type OutputRequest,
} from './types';

interface FakeInput {
  level: Level;
  onEdge: ((e: EdgeEvent) => void) | null;
  onError: ((err: Error) => void) | null;
  onRecovered: (() => void) | null;
}

export class FakeGpio extends EventEmitter implements GpioBackend {
  kind: BackendKind = 'simulated';
  description = 'fake GPIO';
  readonly inputs = new Map<number, FakeInput>();
  readonly outputs = new Map<number, { level: Level; writes: { level: Level; tMs: number }[] }>();

  private input(line: number): FakeInput {
    let i = this.inputs.get(line);
    if (!i) {
      // Idle level of a pulled-up line with the contact or optocoupler open.
      i = { level: 1, onEdge: null, onError: null, onRecovered: null };
      this.inputs.set(line, i);
    }
    return i;
  }

  /** Drive an input line as the outside world would. */
  inject(line: number, level: Level, tMs: number = monotonicEpochMs()): void {
    const i = this.input(line);
    if (i.level === level) return;
    i.level = level;
    i.onEdge?.({ line, level, tMs });
  }

  /** One pulse on an active-low line: low at tMs, back high after widthMs. */
  pulse(line: number, tMs: number, widthMs: number): void {
    this.inject(line, 0, tMs);
    this.inject(line, 1, tMs + widthMs);
  }

  /** Simulate the device going away (the node must go red, then recover). */
  fail(line: number, err: Error): void {
    this.inputs.get(line)?.onError?.(err);
  }

  /** The device back after fail(). */
  recover(line: number): void {
    this.inputs.get(line)?.onRecovered?.();
  }

  async openInput(
    req: InputRequest,
    onEdge: (e: EdgeEvent) => void,
    onError: (err: Error) => void,
    onRecovered?: () => void,
  ): Promise<InputHandle> {
    const i = this.input(req.line);
    i.onEdge = onEdge;
    i.onError = onError;
    i.onRecovered = onRecovered ?? null;
    return {
      line: req.line,
      read: async () => i.level,
      close: async () => {
        i.onEdge = null;
        i.onError = null;
        i.onRecovered = null;
      },
    };
  }

  async openOutput(req: OutputRequest): Promise<OutputHandle> {
    const o = { level: req.initial, writes: [] as { level: Level; tMs: number }[] };
    this.outputs.set(req.line, o);
    return {
      line: req.line,
      get level() {
        return o.level;
      },
      write: async (v: Level) => {
        o.level = v;
        const tMs = monotonicEpochMs();
        o.writes.push({ level: v, tMs });
        this.emit('write', { line: req.line, level: v, tMs });
      },
      close: async () => {
        this.outputs.delete(req.line);
      },
    };
  }

  async close(): Promise<void> {
    this.inputs.clear();
    this.outputs.clear();
  }
}
