// The GPIO transport as the nodes see it: input lines that report timestamped edges, output lines
// that hold a level. Levels are physical (0 = low); polarity (active-low wiring) is the caller's
// business, so every backend behaves the same.

export type Level = 0 | 1;
export type Bias = 'pull-up' | 'pull-down' | 'as-is';
export type BackendKind = 'sysfs' | 'gpiod' | 'simulated';

export interface EdgeEvent {
  line: number;
  level: Level;
  /**
   * When the edge happened, in epoch milliseconds measured on a monotonic clock
   * (kernel timestamps for gpiod, the process's monotonic clock otherwise).
   */
  tMs: number;
}

/** What a simulated twin should do with an input line; hardware backends ignore it. */
export interface SimulatedInput {
  /** Produce pulses at this rate (0 = none). */
  pulsesPerMinute?: number;
  /** Active time of a simulated pulse (ms), 50 by default, like a meter's S0 output. */
  pulseWidthMs?: number;
  /** Flip a contact every this many ms (0 = never). */
  togglePeriodMs?: number;
}

export interface InputRequest {
  line: number;
  bias: Bias;
  sim?: SimulatedInput;
}

export interface OutputRequest {
  line: number;
  initial: Level;
}

export interface InputHandle {
  readonly line: number;
  /** The current level (the last edge seen, or the level read when the line was opened). */
  read(): Promise<Level>;
  close(): Promise<void>;
}

export interface OutputHandle {
  readonly line: number;
  readonly level: Level;
  write(level: Level): Promise<void>;
  close(): Promise<void>;
}

export interface GpioBackend {
  readonly kind: BackendKind;
  /** One line for status texts and logs, e.g. "sysfs (pinctrl-bcm2711, base 512)". */
  readonly description: string;
  /**
   * onError: the line stopped answering (gpiomon died, the sysfs watch failed); onRecovered: it
   * answers again (gpiomon respawned). A pulse meter at rest sends no edge, so only the backend
   * can say that the line is back.
   */
  openInput(
    req: InputRequest,
    onEdge: (e: EdgeEvent) => void,
    onError: (err: Error) => void,
    onRecovered?: () => void,
  ): Promise<InputHandle>;
  openOutput(req: OutputRequest): Promise<OutputHandle>;
  close(): Promise<void>;
}

/** Epoch ms on the monotonic clock: immune to NTP steps, comparable with Date.now() at start. */
export function monotonicEpochMs(): number {
  return performance.timeOrigin + performance.now();
}
