// Since Linux 6.6 (Raspberry Pi OS) sysfs GPIO numbers are the chip's dynamic base plus the line:
// BCM17 is gpio529 on a Pi 4 (base 512) and 588 on a Pi 5 (base 571). Writing the old number gives
// EINVAL, so the base is read from /sys/class/gpio/gpiochipN/{base,label,ngpio} instead of assumed.
// The root is a parameter so tests point it at a fake folder.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface SysfsChip {
  dir: string; // gpiochip512
  label: string; // pinctrl-bcm2711
  base: number;
  ngpio: number;
}

export const DEFAULT_SYSFS_ROOT = '/sys/class/gpio';

export function sysfsAvailable(root = DEFAULT_SYSFS_ROOT): boolean {
  return existsSync(join(root, 'export'));
}

export function listSysfsChips(root = DEFAULT_SYSFS_ROOT): SysfsChip[] {
  const chips: SysfsChip[] = [];
  for (const dir of readdirSync(root)) {
    if (!/^gpiochip\d+$/.test(dir)) continue;
    const read = (f: string): string => readFileSync(join(root, dir, f), 'utf8').trim();
    const base = Number(read('base'));
    const ngpio = Number(read('ngpio'));
    if (!Number.isInteger(base) || !Number.isInteger(ngpio)) continue;
    chips.push({ dir, label: read('label'), base, ngpio });
  }
  return chips.sort((a, b) => a.base - b.base);
}

/**
 * Choose the chip: "auto" = the SoC's pin controller (label pinctrl-*) with the lowest base, else the
 * lowest base; otherwise a label (pinctrl-bcm2711, pinctrl-rp1) or a sysfs directory name (gpiochip512).
 */
export function findSysfsChip(chips: SysfsChip[], wanted: string): SysfsChip {
  if (chips.length === 0) throw new Error('no gpiochip in sysfs: is the GPIO driver loaded?');
  if (wanted === '' || wanted === 'auto') return chips.find((c) => c.label.startsWith('pinctrl-')) ?? chips[0];
  const found = chips.find((c) => c.label === wanted || c.dir === wanted);
  if (!found) {
    throw new Error(`GPIO chip "${wanted}" not found; sysfs has ${chips.map((c) => `${c.dir} (${c.label}, base ${c.base})`).join(', ')}`);
  }
  return found;
}

/** The number to write to /sys/class/gpio/export for a chip line (BCM number on a Pi). */
export function sysfsNumber(chip: SysfsChip, line: number): number {
  if (!Number.isInteger(line) || line < 0 || line >= chip.ngpio) {
    throw new RangeError(`line ${line} is outside ${chip.label} (0..${chip.ngpio - 1})`);
  }
  return chip.base + line;
}
