// What every source of TIC bytes looks like to the decoder and to the Node-RED nodes: a real
// serial port, its simulated twin, anything else that yields a byte stream. A source keeps
// itself alive (reopens after a failure) until stop(); its owner only listens.
import { EventEmitter } from 'node:events';

export type ByteSourceState = 'opening' | 'open' | 'retrying' | 'stopped';

export interface ByteSourceEvents {
  data: [chunk: Buffer];
  open: [];
  close: [];
  /** Once per failure condition (one outage = one error), not once per retry. */
  error: [error: Error];
}

export interface ByteSource {
  readonly state: ByteSourceState;
  start(): void;
  stop(): Promise<void>;
  setBaudRate(baud: number): Promise<void>;
  on<E extends keyof ByteSourceEvents>(event: E, listener: (...args: ByteSourceEvents[E]) => void): this;
  once<E extends keyof ByteSourceEvents>(event: E, listener: (...args: ByteSourceEvents[E]) => void): this;
  off<E extends keyof ByteSourceEvents>(event: E, listener: (...args: ByteSourceEvents[E]) => void): this;
}

/** Timers the sources use, injectable so tests drive time themselves. */
export interface SourceTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: SourceTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/**
 * Shared plumbing: typed events, the state, and the one-error-per-outage rule. An 'error'
 * with no listener is dropped instead of thrown (EventEmitter's default would crash the
 * Node-RED runtime); the last one stays readable in lastError.
 */
export abstract class ByteSourceBase extends EventEmitter<ByteSourceEvents> implements ByteSource {
  protected currentState: ByteSourceState = 'stopped';
  private reportedThisOutage = false;
  private lastErr: Error | undefined;

  get state(): ByteSourceState {
    return this.currentState;
  }

  /** The most recent failure, reported or not. */
  get lastError(): Error | undefined {
    return this.lastErr;
  }

  abstract start(): void;
  abstract stop(): Promise<void>;
  abstract setBaudRate(baud: number): Promise<void>;

  protected reportFailure(error: Error): void {
    this.lastErr = error;
    if (this.reportedThisOutage) return;
    this.reportedThisOutage = true;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /** A successful open ends the outage: the next failure is reported again. */
  protected markOpen(): void {
    this.reportedThisOutage = false;
    this.currentState = 'open';
    this.emit('open');
  }
}
