import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSysfsChip, listSysfsChips, sysfsNumber } from '../../nodes/io/gpio/sysfs-chips';
import { SysfsBackend, type GpioConstructor } from '../../nodes/io/gpio/sysfs-backend';
import { parseGpiomonLine, parseGpiodVersion, kernelToEpochOffset } from '../../nodes/io/gpio/gpiomon-parser';
import { claimLine, releaseLine } from '../../nodes/io/gpio/line-registry';
import { FakeGpio } from '../../nodes/io/gpio/fake-backend';
import { IioSource, resolveIioDevice } from '../../nodes/io/iio/analog-source';
import { readJson, ThrottledWriter, writeJsonAtomic } from '../../nodes/io/state/atomic-json';

function fakeSysfs(chips: { dir: string; label: string; base: number; ngpio: number }[]): string {
  const root = mkdtempSync(join(tmpdir(), 'wes-sysfs-'));
  writeFileSync(join(root, 'export'), '');
  writeFileSync(join(root, 'unexport'), '');
  for (const c of chips) {
    mkdirSync(join(root, c.dir));
    writeFileSync(join(root, c.dir, 'base'), `${c.base}\n`);
    writeFileSync(join(root, c.dir, 'label'), `${c.label}\n`);
    writeFileSync(join(root, c.dir, 'ngpio'), `${c.ngpio}\n`);
  }
  return root;
}

test('sysfs numbering: chip base + line, as on Raspberry Pi OS with kernel 6.6+ (Pi 4) and a Pi 5', () => {
  const pi4 = fakeSysfs([
    { dir: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512, ngpio: 58 },
    { dir: 'gpiochip570', label: 'raspberrypi-exp-gpio', base: 570, ngpio: 8 },
  ]);
  const chip = findSysfsChip(listSysfsChips(pi4), 'auto');
  assert.equal(sysfsNumber(chip, 17), 529);
  assert.throws(() => sysfsNumber(chip, 58), /outside pinctrl-bcm2711/);
  assert.equal(findSysfsChip(listSysfsChips(pi4), 'raspberrypi-exp-gpio').base, 570);
  assert.throws(() => findSysfsChip(listSysfsChips(pi4), 'pinctrl-rp1'), /not found.*gpiochip512 \(pinctrl-bcm2711, base 512\)/);
  const pi5 = fakeSysfs([
    { dir: 'gpiochip512', label: 'gpio-brcmstb@107d508500', base: 512, ngpio: 32 },
    { dir: 'gpiochip571', label: 'pinctrl-rp1', base: 571, ngpio: 54 },
  ]);
  assert.equal(sysfsNumber(findSysfsChip(listSysfsChips(pi5), 'auto'), 17), 588);
  rmSync(pi4, { recursive: true });
  rmSync(pi5, { recursive: true });
});

test('sysfs backend: exports base+line through onoff, outputs start at the requested level, edges come through', async () => {
  const root = fakeSysfs([{ dir: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512, ngpio: 58 }]);
  const made: { n: number; dir: string; watch?: (e: Error | null | undefined, v: 0 | 1) => void; writes: number[]; unexported: boolean }[] =
    [];
  // onoff hard-codes /sys/class/gpio, so its Gpio class is replaced by one that records calls.
  class FakeOnoff {
    rec: (typeof made)[number];
    constructor(n: number, dir: string) {
      this.rec = { n, dir, writes: [], unexported: false };
      made.push(this.rec);
    }
    readSync(): 0 | 1 {
      return 1;
    }
    writeSync(v: 0 | 1) {
      this.rec.writes.push(v);
    }
    watch(cb: (e: Error | null | undefined, v: 0 | 1) => void) {
      this.rec.watch = cb;
    }
    unwatchAll() {}
    unexport() {
      this.rec.unexported = true;
    }
  }
  const b = new SysfsBackend({ chip: 'auto', root, GpioClass: FakeOnoff as unknown as GpioConstructor });
  assert.equal(b.description, 'sysfs (pinctrl-bcm2711, base 512)');
  const edges: number[] = [];
  const input = await b.openInput(
    { line: 17, bias: 'pull-up' },
    (e) => edges.push(e.level),
    () => undefined,
  );
  const out = await b.openOutput({ line: 27, initial: 1 });
  assert.deepEqual(
    made.map((m) => [m.n, m.dir]),
    [
      [529, 'in'],
      [539, 'high'],
    ],
  );
  made[0].watch?.(null, 0);
  assert.deepEqual(edges, [0]);
  assert.equal(await input.read(), 0);
  await out.write(0);
  assert.deepEqual(made[1].writes, [0]);
  await b.close();
  assert.ok(made.every((m) => m.unexported));
  rmSync(root, { recursive: true });
});

test('gpiomon output: libgpiod 1.6 custom and default formats, 2.x format, versions', () => {
  assert.deepEqual(parseGpiomonLine('0 17 1234 500000000', 1), { level: 0, line: 17, tMs: 1234500 });
  assert.deepEqual(parseGpiomonLine('event:  RISING EDGE offset: 17 timestamp: [    1234.000250000]', 1), {
    level: 1,
    line: 17,
    tMs: 1234000.25,
  });
  assert.deepEqual(parseGpiomonLine('2 4 1234.000001', 2), { level: 0, line: 4, tMs: 1234000.001 });
  assert.equal(parseGpiomonLine('garbage', 1), null);
  assert.equal(parseGpiomonLine('2 4 1 2', 1), null);
  assert.equal(parseGpiodVersion('gpiomon (libgpiod) v1.6.3'), 1);
  assert.equal(parseGpiodVersion('gpiomon (libgpiod) v2.1'), 2);
  assert.equal(kernelToEpochOffset(1_700_000_000_000, 1_700_000_000_500, 5000), 0, 'realtime stamps are used as they are');
  assert.equal(kernelToEpochOffset(4000, 1_700_000_000_000, 5000), 1_700_000_000_000 - 5000);
});

test('line registry: one owner per line, released on close', () => {
  claimLine('chipA', 5, 'node 1');
  claimLine('chipA', 5, 'node 1'); // the same owner again (a redeploy) is fine
  assert.throws(() => claimLine('chipA', 5, 'node 2'), /GPIO line 5 on chipA is already used by node 1/);
  claimLine('chipB', 5, 'node 2');
  releaseLine('chipA', 5, 'node 1');
  claimLine('chipA', 5, 'node 2');
  releaseLine('chipA', 5, 'node 2');
  releaseLine('chipB', 5, 'node 2');
});

test('fake GPIO: edges only on changes, outputs record writes', async () => {
  const g = new FakeGpio();
  const seen: string[] = [];
  await g.openInput(
    { line: 3, bias: 'pull-up' },
    (e) => seen.push(`${e.level}@${e.tMs}`),
    () => undefined,
  );
  g.inject(3, 1, 1); // already high: no edge
  g.pulse(3, 10, 40);
  assert.deepEqual(seen, ['0@10', '1@50']);
  const o = await g.openOutput({ line: 4, initial: 0 });
  await o.write(1);
  assert.equal(g.outputs.get(4)?.level, 1);
});

test('IIO: reads raw and scale from a folder laid out like the ADS1115 driver, by name or by device', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wes-iio-'));
  const dev = join(root, 'iio:device0');
  mkdirSync(dev);
  writeFileSync(join(dev, 'name'), 'ads1115\n');
  writeFileSync(join(dev, 'in_voltage2_raw'), '13200\n');
  writeFileSync(join(dev, 'in_voltage2_scale'), '0.125000000\n');
  assert.equal(await resolveIioDevice(root, 'ads1115'), dev);
  const s = new IioSource(root, 'ads1115', 2);
  assert.deepEqual(await s.read(), { raw: 13200, scaleMv: 0.125, offset: 0 });
  writeFileSync(join(dev, 'in_voltage2_raw'), 'oops\n');
  await assert.rejects(s.read(), /not a number/);
  await assert.rejects(new IioSource(root, 'iio:device9', 0).read(), /not found/);
  rmSync(root, { recursive: true });
});

test('state: atomic JSON write leaves no temp file; a throttled writer writes at most once per interval and on flush', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wes-state-'));
  const f = join(dir, 'sub', 'x.json');
  writeJsonAtomic(f, { a: 1 });
  assert.deepEqual(readJson(f), { value: { a: 1 } });
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['x.json']);
  writeFileSync(f, '{"a":');
  const bad = readJson(f);
  assert.ok(bad && 'error' in bad);
  let n = 0;
  const w = new ThrottledWriter(
    f,
    () => ({ n: ++n }),
    3_600_000,
    () => undefined,
  );
  w.markDirty();
  w.markDirty();
  assert.equal(n, 0, 'nothing written before the interval');
  w.flush();
  w.flush();
  assert.equal(n, 1);
  assert.deepEqual(JSON.parse(readFileSync(f, 'utf8')), { n: 1 });
  rmSync(dir, { recursive: true });
});
