// The simulated twin of a TIC serial line: a SimulatedMeter's frames leave at the pace of the
// wire (10 bits a character at the mode's baud rate, frames back to back with a short
// silence), delivered in chunks the way a serial driver hands them over. Clock and timers are
// injectable so a test can run an hour of line in a few milliseconds.
import { ByteSourceBase, realTimers, type SourceTimers } from './byte-source';
import { DEFAULT_BAUD } from '../../core/tic/frame-encoder';
import type { SimulatedMeter } from '../../core/sim/simulated-meter';
import { TIC_LINE, type LineFormat } from './serial-port-source';

export interface SimulatedTicSourceOptions {
  timers?: SourceTimers;
  /** How often bytes are handed over (ms), like a UART driver's read chunks. Default 50. */
  chunkMs?: number;
  /** Silence between frames (spec: 16.7 … 33.4 ms). Default 20. */
  frameGapMs?: number;
  /** Simulated time runs this many times faster than the wire (the wire pace never changes). Default 1. */
  speedup?: number;
  /** Simulated instant matching the start; default the clock's now. */
  simStartMs?: number;
  /** The receiver's speed; default the meter's. A mismatch yields garbage, like a real UART. */
  baudRate?: number;
  /** The receiver's framing; default 7E1. 8N1 hands the parity bit over as bit 7, like a real UART; other mismatches are garbage. */
  line?: LineFormat;
  /** Bytes older than this are dropped after a stall (a UART overflows; the meter does not wait). Default 5000. */
  maxBacklogMs?: number;
  /**
   * The wire runs this many times faster than its baud rate, silences included: a soak test's
   * load (bench/soak.ts), which no real line gives. Default 1.
   */
  pace?: number;
}

export class SimulatedTicSource extends ByteSourceBase {
  readonly wireBaud: number;
  private receiverBaud: number;
  private readonly timers: SourceTimers;
  private readonly chunkMs: number;
  private readonly gapMs: number;
  private readonly speedup: number;
  private readonly maxBacklogMs: number;
  private readonly pace: number;
  private readonly line: LineFormat;
  private readonly simStartOption: number | undefined;
  private wallStart = 0;
  private simStart = 0;
  private interval: unknown;

  private frame: Buffer | undefined;
  private frameStart = 0;
  private sent = 0;
  private nextFrameAt = 0;
  private garbleCounter = 0;

  constructor(
    readonly meter: SimulatedMeter,
    options: SimulatedTicSourceOptions = {},
  ) {
    super();
    this.wireBaud = DEFAULT_BAUD[meter.options.mode];
    this.receiverBaud = options.baudRate ?? this.wireBaud;
    this.timers = options.timers ?? realTimers;
    this.chunkMs = options.chunkMs ?? 50;
    this.pace = options.pace ?? 1;
    this.gapMs = (options.frameGapMs ?? 20) / this.pace;
    this.speedup = options.speedup ?? 1;
    this.maxBacklogMs = options.maxBacklogMs ?? 5000;
    this.line = options.line ?? TIC_LINE;
    this.simStartOption = options.simStartMs;
  }

  /** Milliseconds of wire per character (start + 7 data + parity + stop). */
  get charMs(): number {
    return 10_000 / this.wireBaud / this.pace;
  }

  start(): void {
    if (this.currentState !== 'stopped') return;
    const now = this.timers.now();
    this.wallStart = now;
    this.simStart = this.simStartOption ?? now;
    this.beginLine(now);
  }

  async stop(): Promise<void> {
    const wasOpen = this.currentState === 'open';
    this.halt();
    this.currentState = 'stopped';
    if (wasOpen) this.emit('close');
  }

  async setBaudRate(baud: number): Promise<void> {
    this.receiverBaud = baud;
  }

  /** Simulate the line going away (modem unplugged): 'close', one 'error', no bytes until reconnect(). */
  disconnect(reason = 'simulated TIC line lost'): void {
    if (this.currentState !== 'open') return;
    this.halt();
    this.currentState = 'retrying';
    this.emit('close');
    this.reportFailure(new Error(reason));
  }

  reconnect(): void {
    if (this.currentState !== 'retrying') return;
    this.beginLine(this.timers.now());
  }

  /** Simulated instant of a wall-clock instant. */
  simTime(wallMs: number): number {
    return this.simStart + (wallMs - this.wallStart) * this.speedup;
  }

  /** Hand over every byte due by now (called by the interval; tests may call it directly). */
  pump(): void {
    if (this.currentState !== 'open') return;
    const now = this.timers.now();
    const pieces: Buffer[] = [];
    for (;;) {
      if (this.frame === undefined) {
        if (now < this.nextFrameAt) break;
        // after a stall the meter did not wait for us: resume with the frame on the wire now
        const start = now - this.nextFrameAt > this.maxBacklogMs ? now : this.nextFrameAt;
        this.frame = this.meter.frame(this.simTime(start));
        this.frameStart = start;
        this.sent = 0;
      }
      const due = Math.min(this.frame.length, Math.floor((now - this.frameStart) / this.charMs + 1e-9));
      if (due > this.sent) {
        pieces.push(this.frame.subarray(this.sent, due));
        this.sent = due;
      }
      if (this.sent < this.frame.length) break;
      this.nextFrameAt = this.frameStart + this.frame.length * this.charMs + this.gapMs;
      this.frame = undefined;
    }
    if (pieces.length === 0) return;
    const bytes = Buffer.concat(pieces);
    this.emit('data', this.receiverBaud === this.wireBaud ? this.frameAs(bytes) : this.garble(bytes));
  }

  private beginLine(now: number): void {
    this.frame = undefined;
    this.nextFrameAt = now;
    this.markOpen();
    this.interval = this.timers.setInterval(() => this.pump(), this.chunkMs);
  }

  private halt(): void {
    if (this.interval !== undefined) this.timers.clearInterval(this.interval);
    this.interval = undefined;
    this.frame = undefined;
  }

  /** What a receiver at the right speed but with its own framing reads from a 7E1 line. */
  private frameAs(bytes: Buffer): Buffer {
    const l = this.line;
    if (l.dataBits === 7 && l.parity === 'even') return bytes;
    if (l.dataBits === 8 && l.parity === 'none') {
      // start + 8 data + stop spans the same 10 bits: the even-parity bit lands in bit 7
      return Buffer.from(bytes.map((b) => b | (evenParity(b) << 7)));
    }
    // wrong parity or a ninth bit read from the next start: every character is refused or shifted
    return this.garble(bytes);
  }

  /**
   * What a UART set to the wrong speed delivers: framing garbage, more bytes when the receiver
   * is faster than the line, fewer when slower; never a valid TIC control character.
   */
  private garble(bytes: Buffer): Buffer {
    const ratio = this.receiverBaud === this.wireBaud ? 1 : this.receiverBaud / this.wireBaud;
    const junk = [0x00, 0x78, 0x7e, 0x7f, 0x80, 0xe0, 0xf8, 0xfe, 0xff];
    const out: number[] = [];
    for (const b of bytes) {
      this.garbleCounter += ratio;
      while (this.garbleCounter >= 1) {
        this.garbleCounter -= 1;
        out.push(junk[(b + out.length) % junk.length]);
      }
    }
    return Buffer.from(out);
  }
}

function evenParity(b: number): number {
  let p = 0;
  for (let v = b & 0x7f; v !== 0; v >>= 1) p ^= v & 1;
  return p;
}
