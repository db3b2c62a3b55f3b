// A real serial line: a serial device (USB TIC modem, a Pi's UART behind an opto-coupler, an
// RS-485 adapter) with its line settings: 7E1 for TIC, 8N1 or 8E1 for Modbus RTU. It reopens by itself with exponential backoff when the
// open fails or the device disappears (USB modem unplugged), and reports one error per outage.
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { ByteSourceBase, realTimers, type SourceTimers } from './byte-source';

/** The part of serialport's SerialPort this source uses (a fake implements it in tests). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  update(options: { baudRate: number }, callback: (err: Error | null | undefined) => void): void;
  write(data: Buffer, callback?: (err: Error | null | undefined) => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: (Error & { disconnected?: boolean }) | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(): unknown;
}

/** Character framing of a line; the speed is separate because the TIC speed hunter changes it. */
export interface LineFormat {
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/** The TIC's framing (Enedis-NOI-CPT_54E): 7 data bits, even parity, 1 stop bit. */
export const TIC_LINE: LineFormat = { dataBits: 7, parity: 'even', stopBits: 1 };

export interface SerialLineSettings extends LineFormat {
  path: string;
  baudRate: number;
}

export type SerialPortFactory = (settings: SerialLineSettings) => SerialPortLike;

const openRealPort: SerialPortFactory = (settings) => new SerialPort({ ...settings, autoOpen: false });

export interface SerialPortSourceOptions {
  path: string;
  baudRate: number;
  /** Default TIC_LINE (7E1). */
  line?: LineFormat;
  /** Reopen delays: first one, doubling up to the max (defaults 500 ms … 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  timers?: SourceTimers;
  openPort?: SerialPortFactory;
  /**
   * Whether the device node still exists. serialport does not always see a pty's or a USB
   * adapter's end (some kernels give the open fd no hang-up), but the node under /dev (or the
   * socat link) goes away, so the open line is also checked by name. Defaults to existsSync
   * with the real serial stack, to no check with an injected `openPort`.
   */
  deviceExists?: (path: string) => boolean;
  /** How often the device's presence is checked while open (default 1000 ms). */
  presenceCheckMs?: number;
}

export class SerialPortSource extends ByteSourceBase {
  readonly path: string;
  private baudRate: number;
  readonly line: LineFormat;
  private readonly initialDelay: number;
  private readonly maxDelay: number;
  private delay: number;
  private readonly timers: SourceTimers;
  private readonly openPort: SerialPortFactory;
  private port: SerialPortLike | undefined;
  private retryTimer: unknown;
  private inOutage = false;
  private announcedOpen = false;
  private readonly deviceExists: ((path: string) => boolean) | undefined;
  private readonly presenceCheckMs: number;
  private presenceTimer: unknown;

  constructor(options: SerialPortSourceOptions) {
    super();
    this.path = options.path;
    this.baudRate = options.baudRate;
    this.line = { ...(options.line ?? TIC_LINE) };
    this.initialDelay = options.backoff?.initialMs ?? 500;
    this.maxDelay = options.backoff?.maxMs ?? 30_000;
    this.delay = this.initialDelay;
    this.timers = options.timers ?? realTimers;
    this.openPort = options.openPort ?? openRealPort;
    this.deviceExists = options.deviceExists ?? (options.openPort === undefined ? existsSync : undefined);
    this.presenceCheckMs = options.presenceCheckMs ?? 1000;
  }

  /** The delay before the next reopen attempt (grows while the outage lasts). */
  get nextRetryDelayMs(): number {
    return this.delay;
  }

  start(): void {
    if (this.currentState !== 'stopped') return;
    this.inOutage = false;
    this.delay = this.initialDelay;
    this.attempt();
  }

  async stop(): Promise<void> {
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopPresenceCheck();
    this.currentState = 'stopped';
    const port = this.port;
    this.port = undefined;
    if (port !== undefined) {
      port.removeAllListeners();
      port.on('error', () => undefined); // late errors of a port we are leaving
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    if (this.announcedOpen) {
      this.announcedOpen = false;
      this.emit('close');
    }
  }

  async setBaudRate(baud: number): Promise<void> {
    this.baudRate = baud;
    const port = this.port;
    if (port === undefined || !port.isOpen) return; // applied at the next open
    await new Promise<void>((resolve, reject) => {
      port.update({ baudRate: baud }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /**
   * Send bytes while the line is open (the pty writer and the tests use the same reopening
   * logic to feed a line); returns false, dropping them, when it is not.
   */
  write(data: Buffer): boolean {
    const port = this.port;
    if (this.currentState !== 'open' || port === undefined) return false;
    port.write(data, () => undefined); // a failed write ends in 'close', handled there
    return true;
  }

  private attempt(): void {
    this.retryTimer = undefined;
    this.currentState = this.inOutage ? 'retrying' : 'opening';
    let port: SerialPortLike;
    try {
      port = this.openPort({ path: this.path, baudRate: this.baudRate, ...this.line });
    } catch (err) {
      // serialport throws synchronously on invalid settings
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.emit('data', chunk);
    });
    port.on('close', (err) => {
      if (this.port !== port) return;
      const why = err?.disconnected
        ? `serial port ${this.path} disconnected (${err.message})`
        : `serial port ${this.path} closed unexpectedly`;
      this.fail(new Error(why));
    });
    port.on('error', (err: Error) => {
      if (this.port === port) this.fail(new Error(`serial port ${this.path}: ${err.message}`));
    });
    port.open((err) => {
      if (this.port !== port) {
        if (!err && port.isOpen) port.close(); // stopped while opening
        return;
      }
      if (err) {
        this.fail(new Error(`cannot open serial port ${this.path}: ${err.message}`));
        return;
      }
      this.inOutage = false;
      this.delay = this.initialDelay;
      this.announcedOpen = true;
      this.watchPresence(port);
      this.markOpen();
    });
  }

  private watchPresence(port: SerialPortLike): void {
    const exists = this.deviceExists;
    if (exists === undefined) return;
    this.stopPresenceCheck();
    this.presenceTimer = this.timers.setInterval(() => {
      if (this.port !== port) return;
      if (!exists(this.path)) this.fail(new Error(`serial port ${this.path} disconnected (the device is gone)`));
    }, this.presenceCheckMs);
  }

  private stopPresenceCheck(): void {
    if (this.presenceTimer !== undefined) this.timers.clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  private fail(error: Error): void {
    this.stopPresenceCheck();
    const port = this.port;
    this.port = undefined;
    if (port !== undefined) {
      port.removeAllListeners();
      port.on('error', () => undefined);
      if (port.isOpen) port.close();
    }
    if (this.announcedOpen) {
      this.announcedOpen = false;
      this.emit('close');
    }
    this.inOutage = true;
    this.currentState = 'retrying';
    this.reportFailure(error);
    if (this.currentState !== 'retrying') return; // an error listener stopped us
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.maxDelay);
    this.retryTimer = this.timers.setTimeout(() => this.attempt(), wait);
  }
}
