// Logger benchmark (npm run bench):
//  1. Bytes written per simulated day by the default supervisor's logging (TIC meter every 2 s and a
//     water counter every 10 s, 60 s average/min/max rows, 60 s flushes), against the size of the
//     data: the bytes the store appended, and the bytes the process really wrote (/proc/self/io).
//  2. Time to read a year of history at each resolution, as a ratio against reading the raw CSV files.
//  3. The longest the event loop is held during one flush of 33,000 queued rows (a day's backlog
//     after a long disk failure, or a flush interval of hours with every-value logging).
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STANDARD } from '../nodes/core/csv/dialect';
import { Sampler } from '../nodes/core/csv/sampler';
import { numericFields } from '../nodes/core/csv/fields';
import { parseCsv } from '../nodes/core/csv/rows';
import { LogStore } from '../nodes/io/files/log-store';
import { readHistory } from '../nodes/io/files/history-reader';
import { listRawFiles } from '../nodes/io/files/log-files';
import type { Resolution } from '../nodes/core/history/buckets';

const DAY = 86_400_000;

function procIo(): { wchar: number; writeBytes: number } {
  try {
    const text = readFileSync('/proc/self/io', 'utf8');
    const get = (k: string) => Number((new RegExp(`^${k}: (\\d+)`, 'm').exec(text) ?? [])[1] ?? NaN);
    return { wchar: get('wchar'), writeBytes: get('write_bytes') };
  } catch {
    return { wchar: NaN, writeBytes: NaN };
  }
}

function duSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? duSize(p) : statSync(p).size;
  }
  return total;
}

function ticPayload(t: number, energy: number): Record<string, unknown> {
  const p = 900 + 700 * Math.sin(t / 3_600_000) + (t % 97);
  return {
    mode: 'standard',
    meterId: '021861348497',
    powerVA: Math.round(p),
    energyWh: Math.round(energy),
    energyByPeriodWh: { HCHC: 6_000_000, HCHP: Math.round(energy) - 6_000_000 },
    currentA: [Math.round(p / 230)],
    voltageV: [231],
    tariffPeriod: 'HP',
    tempo: { today: 'BLUE', tomorrow: null },
    alerts: { overload: false },
  };
}

async function simulateDays(
  dir: string,
  days: number,
  start: number,
  mode: 'interval' | 'every',
  flushMs = 60_000,
): Promise<{ store: LogStore; io: { wchar: number; writeBytes: number } }> {
  const store = new LogStore({ dir, dialect: STANDARD });
  await store.open();
  const tic = new Sampler({ mode, intervalMs: 60_000 });
  const water = new Sampler({ mode, intervalMs: 60_000 });
  let energy = 12_345_678;
  let index = 1234.5;
  const io0 = procIo();
  for (let t = start; t < start + days * DAY; t += flushMs) {
    for (let s = t; s < t + flushMs; s += 2000) {
      energy += 0.5;
      for (const r of tic.push(s, numericFields(ticPayload(s, energy)))) store.append('tic1', r);
      if ((s / 2000) % 5 === 0) {
        index += 0.001;
        for (const r of water.push(s, { index: Math.round(index * 1000) / 1000, flow: 2 })) store.append('water', r);
      }
    }
    for (const r of tic.tick(t + flushMs)) store.append('tic1', r);
    for (const r of water.tick(t + flushMs)) store.append('water', r);
    await store.flush(t + flushMs);
  }
  const io1 = procIo();
  return { store, io: { wchar: io1.wchar - io0.wchar, writeBytes: io1.writeBytes - io0.writeBytes } };
}

async function time<T>(fn: () => Promise<T>, repeat = 3): Promise<{ ms: number; value: T }> {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    value = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value: value as T };
}

/**
 * Longest gap between two turns of the event loop while `work` runs, ms: wall time, and the CPU time
 * the process spent in that gap (on a loaded machine the wall gap also counts time the process was
 * not scheduled; the CPU figure is the part the flush itself holds the loop for).
 */
async function maxLoopBlock(work: () => Promise<unknown>): Promise<{ maxMs: number; maxCpuMs: number; totalMs: number }> {
  let maxMs = 0;
  let maxCpuMs = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let running = true;
  const tick = (): void => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    maxMs = Math.max(maxMs, now - last);
    maxCpuMs = Math.max(maxCpuMs, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  await work();
  const totalMs = performance.now() - t0;
  running = false;
  tick();
  return { maxMs, maxCpuMs, totalMs };
}

async function flushBlock(base: string, start: number): Promise<void> {
  const dir = mkdtempSync(join(base, 'wes-bench-flush-'));
  const store = new LogStore({ dir, dialect: STANDARD });
  await store.open();
  let energy = 12_345_678;
  const ROWS = 33_000;
  for (let i = 0; i < ROWS; i++) {
    const t = start + i * 2000;
    energy += 0.5;
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(numericFields(ticPayload(t, energy)))) {
      values[k] = v;
      values[`${k}_min`] = v * 0.8;
      values[`${k}_max`] = v * 1.3;
    }
    store.append('tic1', { t, values });
  }
  const r = await maxLoopBlock(() => store.flush(start + ROWS * 2000));
  console.log(
    `logger flush of ${ROWS} rows (${Object.keys(numericFields(ticPayload(start, energy))).length * 3} columns): ` +
      `event loop held at most ${r.maxMs.toFixed(0)} ms (CPU ${r.maxCpuMs.toFixed(0)} ms), flush took ${r.totalMs.toFixed(0)} ms`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const base = process.env.WES_BENCH_DIR ?? tmpdir();
  const start = new Date(2026, 0, 1).getTime();
  if (process.argv.includes('--flush')) {
    await flushBlock(base, start);
    return;
  }
  await flushBlock(base, start);

  // 1. Bytes per day.
  for (const mode of ['interval', 'every'] as const) {
    const dir = mkdtempSync(join(base, 'wes-bench-bytes-'));
    const { store, io } = await simulateDays(dir, 1, start, mode);
    const onDisk = duSize(dir);
    const appended = store.stats.bytesWritten;
    console.log(
      `logger bytes/day (${
        mode === 'interval' ? 'default: 60 s avg/min/max rows' : 'every value'
      }, TIC every 2 s + water every 10 s, flush 60 s):`,
    );
    console.log(
      `  data (CSV files incl. aggregates) ${(onDisk / 1024).toFixed(1)} KiB, rows ${store.stats.rowsWritten}, flushes ${store.stats.flushes}`,
    );
    console.log(`  appended by the logger ${(appended / 1024).toFixed(1)} KiB   ratio appended/data = ${(appended / onDisk).toFixed(3)}`);
    if (Number.isFinite(io.wchar))
      console.log(`  written by the process (syscalls) ${(io.wchar / 1024).toFixed(1)} KiB   ratio = ${(io.wchar / onDisk).toFixed(3)}`);
    if (Number.isFinite(io.writeBytes) && io.writeBytes > 0)
      console.log(
        `  sent to the block device ${(io.writeBytes / 1024).toFixed(1)} KiB   ratio = ${(io.writeBytes / onDisk).toFixed(2)} (filesystem blocks, journal excluded)`,
      );
    rmSync(dir, { recursive: true, force: true });
  }

  // 2. A year of history: the rows the default settings produce (one 60 s row per minute), written
  // directly rather than sampled from 2 s frames, so the year is generated in seconds.
  const dir = mkdtempSync(join(base, 'wes-bench-year-'));
  const t0 = performance.now();
  const store = new LogStore({ dir, dialect: STANDARD });
  let energy = 12_345_678;
  for (let t = start; t < start + 365 * DAY; t += 3_600_000) {
    for (let m = t; m < t + 3_600_000; m += 60_000) {
      energy += 15;
      const p = numericFields(ticPayload(m, energy)) as Record<string, number>;
      const values: Record<string, number> = {};
      for (const [k, v] of Object.entries(p)) {
        values[k] = v;
        if (!/Wh/.test(k)) {
          values[`${k}_min`] = v * 0.8;
          values[`${k}_max`] = v * 1.3;
        }
      }
      store.append('tic1', { t: m, values });
    }
    await store.flush(t + 3_600_000);
  }
  console.log(
    `logger year of data: ${store.stats.rowsWritten} rows, ${(duSize(dir) / 1048576).toFixed(1)} MiB, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const files = await listRawFiles(store.port, dir, 'tic1');
  const raw = await time(async () => {
    let n = 0;
    for (const f of files) n += parseCsv(readFileSync(join(dir, f.rel), 'utf8'))?.rows.length ?? 0;
    return n;
  }, 2);
  console.log(`logger history, a year of tic1: raw CSV files ${raw.ms.toFixed(0)} ms (${raw.value} rows)`);
  const reader = new LogStore({ dir, dialect: STANDARD });
  for (const res of ['day', 'hour', '10min'] as Resolution[]) {
    const r = await time(() =>
      readHistory(reader, { source: 'tic1', from: start, to: start + 365 * DAY, resolution: res, fields: ['powerVA', 'energyWh'] }),
    );
    console.log(
      `  resolution ${res.padEnd(5)} ${r.ms.toFixed(1).padStart(7)} ms (${r.value.length} points)   ratio raw/${res} = ${(raw.ms / r.ms).toFixed(1)}x`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
