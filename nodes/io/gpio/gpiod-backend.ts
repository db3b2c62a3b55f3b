// The character-device backend for machines without /sys/class/gpio (Debian trixie kernels are
// built without it). It drives Debian's libgpiod tools as child processes rather than a native
// addon: gpiomon gives kernel-timestamped edges with pull-up bias, gpioset holds an output for as
// long as it runs. libgpiod 1.6's gpioset cannot change a held line, so a write stops the old
// gpioset and starts a new one: the line is released for the few milliseconds in between.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { gpiomonFormat, kernelToEpochOffset, parseGpiodVersion, parseGpiomonLine, type GpiodVersion } from './gpiomon-parser';
import {
  monotonicEpochMs,
  type Bias,
  type EdgeEvent,
  type GpioBackend,
  type InputHandle,
  type InputRequest,
  type Level,
  type OutputHandle,
  type OutputRequest,
} from './types';

export interface GpiodOptions {
  /** Character device name or label: gpiochip0 (a Pi 4 or 5's header is gpiochip0 on recent kernels). */
  chip: string;
  /** Tool paths, so tests can run canned fakes. */
  gpiomon?: string;
  gpioset?: string;
  gpioget?: string;
  version?: GpiodVersion;
  /** Delay before restarting a gpiomon that died (ms). */
  respawnMs?: number;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

function waitExit(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => p.once('exit', () => resolve()));
}

function waitSpawn(p: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    p.once('spawn', () => resolve());
    p.once('error', reject);
  });
}

async function detectGpiodVersion(gpiomon = 'gpiomon'): Promise<GpiodVersion> {
  const r = await run(gpiomon, ['--version']);
  const v = parseGpiodVersion(r.out + r.err);
  if (v === null) throw new Error(`cannot tell the libgpiod version from "${(r.out + r.err).trim().slice(0, 60)}"`);
  return v;
}

export class GpiodBackend implements GpioBackend {
  readonly kind = 'gpiod' as const;
  private readonly tools: { gpiomon: string; gpioset: string; gpioget: string };
  private readonly children = new Set<{ close(): Promise<void> }>();
  private epochOffset: number | null = null;

  private constructor(
    private readonly options: GpiodOptions,
    readonly version: GpiodVersion,
  ) {
    this.tools = {
      gpiomon: options.gpiomon ?? 'gpiomon',
      gpioset: options.gpioset ?? 'gpioset',
      gpioget: options.gpioget ?? 'gpioget',
    };
  }

  static async create(options: GpiodOptions): Promise<GpiodBackend> {
    const version = options.version ?? (await detectGpiodVersion(options.gpiomon));
    return new GpiodBackend(options, version);
  }

  get description(): string {
    return `gpiod v${this.version} (${this.options.chip})`;
  }

  private biasArgs(bias: Bias): string[] {
    if (bias === 'as-is') return [];
    return this.version === 1 ? ['-B', bias] : ['-b', bias];
  }

  private chipArgs(): string[] {
    return this.version === 1 ? [this.options.chip] : ['-c', this.options.chip];
  }

  private toEpoch(kernelMs: number): number {
    if (this.epochOffset === null) {
      const monoMs = Number(process.hrtime.bigint()) / 1e6; // libuv's hrtime is CLOCK_MONOTONIC
      this.epochOffset = kernelToEpochOffset(kernelMs, monotonicEpochMs(), monoMs);
    }
    return kernelMs + this.epochOffset;
  }

  async readLevel(line: number, bias: Bias): Promise<Level> {
    const args =
      this.version === 1
        ? [...this.biasArgs(bias), this.options.chip, String(line)]
        : [...this.chipArgs(), ...this.biasArgs(bias), '--numeric', String(line)];
    const r = await run(this.tools.gpioget, args);
    const v = r.out.trim();
    if (r.code !== 0 || (v !== '0' && v !== '1')) throw new Error(`gpioget ${line}: ${(r.err || r.out).trim() || `exit ${r.code}`}`);
    return v === '1' ? 1 : 0;
  }

  async openInput(
    req: InputRequest,
    onEdge: (e: EdgeEvent) => void,
    onError: (err: Error) => void,
    onRecovered?: () => void,
  ): Promise<InputHandle> {
    let level = await this.readLevel(req.line, req.bias);
    const args =
      this.version === 1
        ? ['-b', ...this.biasArgs(req.bias), '-F', gpiomonFormat(1), this.options.chip, String(req.line)]
        : [...this.chipArgs(), ...this.biasArgs(req.bias), '-e', 'both', '-F', gpiomonFormat(2), String(req.line)];
    let child: ChildProcess | null = null;
    let closed = false;
    let respawn: NodeJS.Timeout | null = null;
    let failed = false;
    const start = (): void => {
      const p = spawn(this.tools.gpiomon, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = p;
      let err = '';
      p.on('spawn', () => {
        if (failed) onRecovered?.();
        failed = false;
      });
      p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      p.on('error', (e) => onError(e));
      createInterface({ input: p.stdout! }).on('line', (text) => {
        const ev = parseGpiomonLine(text, this.version);
        if (!ev || ev.line !== req.line) return;
        level = ev.level;
        onEdge({ line: ev.line, level: ev.level, tMs: this.toEpoch(ev.tMs) });
      });
      p.on('exit', (code, signal) => {
        if (closed) return;
        failed = true;
        onError(new Error(`gpiomon for line ${req.line} stopped (${signal ?? `exit ${code}`}): ${err.trim() || 'no message'}`));
        respawn = setTimeout(start, this.options.respawnMs ?? 5000);
      });
    };
    start();
    const handle: InputHandle = {
      line: req.line,
      read: async () => level,
      close: async () => {
        closed = true;
        if (respawn) clearTimeout(respawn);
        this.children.delete(handle);
        if (child) {
          child.kill('SIGTERM');
          await waitExit(child);
        }
      },
    };
    this.children.add(handle);
    return handle;
  }

  async openOutput(req: OutputRequest): Promise<OutputHandle> {
    let child: ChildProcess | null = null;
    let level: Level = req.initial;
    const hold = async (v: Level): Promise<void> => {
      if (child) {
        child.kill('SIGTERM');
        await waitExit(child);
      }
      const args = this.version === 1 ? ['-m', 'signal', this.options.chip, `${req.line}=${v}`] : [...this.chipArgs(), `${req.line}=${v}`];
      const p = spawn(this.tools.gpioset, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child = p;
      await waitSpawn(p);
      level = v;
    };
    await hold(req.initial);
    const handle: OutputHandle = {
      line: req.line,
      get level() {
        return level;
      },
      write: (v: Level) => hold(v),
      close: async () => {
        this.children.delete(handle);
        if (child) {
          child.kill('SIGTERM');
          await waitExit(child);
        }
      },
    };
    this.children.add(handle);
    return handle;
  }

  async close(): Promise<void> {
    for (const h of [...this.children]) await h.close();
  }
}
