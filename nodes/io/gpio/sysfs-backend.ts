// The sysfs backend through onoff (epoll on the value file). onoff gives no kernel timestamp, so
// edges are dated when the epoll callback runs; its own debounce is disabled (debounceTimeout 0)
// because the core debounces from timestamps. onoff cannot set a pull-up: sysfs has no bias
// control, so pull-ups come from the wiring or config.txt (gpio=17=ip,pu).

import type { Gpio as OnoffGpio, Direction, Edge, Options } from 'onoff';
import { findSysfsChip, listSysfsChips, sysfsNumber, DEFAULT_SYSFS_ROOT, type SysfsChip } from './sysfs-chips';
import {
  monotonicEpochMs,
  type EdgeEvent,
  type GpioBackend,
  type InputHandle,
  type InputRequest,
  type Level,
  type OutputHandle,
  type OutputRequest,
} from './types';

/** onoff's constructor, injectable so tests can run without /sys/class/gpio (onoff hard-codes that path). */
export type GpioConstructor = new (
  gpio: number,
  direction: Direction,
  edge?: Edge,
  options?: Options,
) => Pick<OnoffGpio, 'readSync' | 'writeSync' | 'watch' | 'unwatchAll' | 'unexport'>;

export interface SysfsOptions {
  chip: string;
  root?: string;
  GpioClass?: GpioConstructor;
}

function loadOnoff(): GpioConstructor {
  // Required lazily: onoff loads a native epoll addon that may be missing on a machine that only
  // uses the gpiod or simulated backend.
  // onoff is an optional dependency: it compiles a native addon, so it is missing wherever the
  // install found no C++ toolchain. Say so instead of a bare MODULE_NOT_FOUND.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('onoff') as typeof import('onoff')).Gpio;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(
      'the sysfs GPIO backend needs the optional package onoff, which is not installed (it compiles a native addon): ' +
        'install a compiler (apt install build-essential) and run `npm install onoff` in the Node-RED user folder, or choose the gpiod ' +
        'backend',
      { cause: e },
    );
  }
}

export class SysfsBackend implements GpioBackend {
  readonly kind = 'sysfs' as const;
  readonly chip: SysfsChip;
  private readonly Gpio: GpioConstructor;
  private readonly open = new Set<{ close(): Promise<void> }>();

  constructor(options: SysfsOptions) {
    this.chip = findSysfsChip(listSysfsChips(options.root ?? DEFAULT_SYSFS_ROOT), options.chip);
    this.Gpio = options.GpioClass ?? loadOnoff();
  }

  get description(): string {
    return `sysfs (${this.chip.label}, base ${this.chip.base})`;
  }

  async openInput(req: InputRequest, onEdge: (e: EdgeEvent) => void, onError: (err: Error) => void): Promise<InputHandle> {
    const n = sysfsNumber(this.chip, req.line);
    const gpio = new this.Gpio(n, 'in', 'both', { debounceTimeout: 0 });
    let level = gpio.readSync() as Level;
    gpio.watch((err, value) => {
      if (err) return onError(err);
      // epoll reports every change but the value read afterwards may equal the previous one when
      // two edges came faster than the read; the core tolerates repeated levels.
      level = value as Level;
      onEdge({ line: req.line, level, tMs: monotonicEpochMs() });
    });
    const handle: InputHandle = {
      line: req.line,
      read: async () => level,
      close: async () => {
        this.open.delete(handle);
        gpio.unwatchAll();
        gpio.unexport();
      },
    };
    this.open.add(handle);
    return handle;
  }

  async openOutput(req: OutputRequest): Promise<OutputHandle> {
    const n = sysfsNumber(this.chip, req.line);
    // 'high'/'low' set the direction and the level in one write, so the relay never glitches.
    const gpio = new this.Gpio(n, req.initial ? 'high' : 'low');
    let level: Level = req.initial;
    const handle: OutputHandle = {
      line: req.line,
      get level() {
        return level;
      },
      write: async (v: Level) => {
        gpio.writeSync(v);
        level = v;
      },
      close: async () => {
        this.open.delete(handle);
        gpio.unexport();
      },
    };
    this.open.add(handle);
    return handle;
  }

  async close(): Promise<void> {
    for (const h of [...this.open]) await h.close();
  }
}
