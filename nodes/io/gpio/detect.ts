// Which GPIO backend this machine can use. "auto" prefers sysfs (onoff, as the issue asks) when
// /sys/class/gpio exists, then the character device through gpiomon/gpioset when /dev/gpiochip*
// and the tools exist, and otherwise falls back to the simulated twin and says so.

import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { GpiodBackend } from './gpiod-backend';
import { SimulatedGpio } from './simulated-backend';
import { SysfsBackend } from './sysfs-backend';
import { sysfsAvailable, DEFAULT_SYSFS_ROOT } from './sysfs-chips';
import type { GpioBackend } from './types';

export type BackendChoice = 'auto' | 'sysfs' | 'gpiod' | 'simulated';

export interface Availability {
  sysfs: boolean;
  gpiod: boolean;
  chardevs: string[];
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, tool)));
}

export function detectAvailability(sysfsRoot = DEFAULT_SYSFS_ROOT, devRoot = '/dev'): Availability {
  let chardevs: string[];
  try {
    chardevs = readdirSync(devRoot)
      .filter((n) => /^gpiochip\d+$/.test(n))
      .sort();
  } catch {
    chardevs = [];
  }
  return { sysfs: sysfsAvailable(sysfsRoot), gpiod: chardevs.length > 0 && onPath('gpiomon') && onPath('gpioset'), chardevs };
}

export interface OpenBackendOptions {
  choice: BackendChoice;
  /** sysfs: label or gpiochipN directory; gpiod: character device name. "auto" picks the SoC's. */
  chip: string;
  sysfsRoot?: string;
}

export async function openBackend(o: OpenBackendOptions): Promise<{ backend: GpioBackend; fallback: boolean }> {
  const avail = o.choice === 'simulated' ? null : detectAvailability(o.sysfsRoot);
  const choice = o.choice !== 'auto' ? o.choice : avail?.sysfs ? 'sysfs' : avail?.gpiod ? 'gpiod' : 'simulated';
  switch (choice) {
    case 'sysfs':
      if (!avail?.sysfs)
        throw new Error('/sys/class/gpio does not exist on this machine (kernel built without sysfs GPIO): choose the gpiod backend');
      return { backend: new SysfsBackend({ chip: o.chip, root: o.sysfsRoot }), fallback: false };
    case 'gpiod': {
      if (!avail?.gpiod) throw new Error('no /dev/gpiochip* or no gpiomon/gpioset (apt-get install gpiod)');
      const chip = o.chip === 'auto' || o.chip === '' ? avail.chardevs[0] : o.chip;
      return { backend: await GpiodBackend.create({ chip }), fallback: false };
    }
    case 'simulated':
      return { backend: new SimulatedGpio(), fallback: o.choice === 'auto' };
  }
}
