// What the full simulated supervisor costs on top of Node-RED itself.
//
// Two runs started exactly as `npm start` does (same settings, same palette, fresh userDir):
// an empty flow, then flows/wes-supervisor.json. After a warm-up, each Node-RED process is
// sampled from /proc for the same duration: CPU time used (user + system) and resident memory.
// Printed as differences and ratios against the empty run, with the targets:
//   < 2 % of one core above idle Node-RED, < 60 MB more memory.
// No browser is connected: this is the server's own cost.
//
// WES_BENCH_SECONDS (default 60) shortens the measurement for a quick run; WES_BENCH_WARMUP
// (default 15 s) is the time left for start-up work (module loading, first frames) to settle.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../test/support/supervisor-process';

const seconds = Number(process.env.WES_BENCH_SECONDS ?? 60);
const warmup = Number(process.env.WES_BENCH_WARMUP ?? 15);
const CLK_TCK = 100; // USER_HZ on Linux: /proc CPU times are in 1/100 s

interface Sample {
  cpuS: number;
  rssMB: number;
}

/** Node-RED runs as the child of scripts/start.mjs: find it. */
function nodeRedPid(launcherPid: number): number {
  const kids = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  if (kids.length !== 1) throw new Error(`expected one Node-RED child of ${launcherPid}, found ${kids.length}`);
  return kids[0];
}

function sample(pid: number): Sample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssKB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { cpuS: (utime + stime) / CLK_TCK, rssMB: rssKB / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(label: string, flowFile: string): Promise<{ cpuPct: number; rssMB: number }> {
  let nr: SupervisorProcess | undefined;
  try {
    nr = await startSupervisor({ flowFile });
    await nr.waitForOutput(/Started flows/, 60_000);
    const pid = nodeRedPid(nr.child.pid!);
    process.stdout.write(`${label}: warming up ${warmup} s, measuring ${seconds} s ... `);
    await sleep(warmup * 1000);
    const t0 = process.hrtime.bigint();
    const s0 = sample(pid);
    const rss: number[] = [];
    for (let i = 0; i < seconds; i++) {
      await sleep(1000);
      rss.push(sample(pid).rssMB);
    }
    const s1 = sample(pid);
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuPct = ((s1.cpuS - s0.cpuS) / wallS) * 100;
    const rssMB = rss.reduce((a, b) => a + b, 0) / rss.length;
    console.log(`CPU ${cpuPct.toFixed(2)} % of one core, RSS ${rssMB.toFixed(1)} MB`);
    if (/\[error\]/.test(nr.output())) console.log(`  (errors were logged by ${label}; see its output)`);
    return { cpuPct, rssMB };
  } finally {
    await nr?.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-bench-'));
  const empty = join(dir, 'empty-flow.json');
  writeFileSync(empty, '[]\n');
  try {
    const idle = await measure('empty Node-RED      ', empty);
    const full = await measure('simulated supervisor', join(projectRoot, 'flows', 'wes-supervisor.json'));
    const dCpu = full.cpuPct - idle.cpuPct;
    const dMem = full.rssMB - idle.rssMB;
    const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
    const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
    console.log('');
    console.log(`supervisor vs empty Node-RED (${seconds} s each, after ${warmup} s warm-up):`);
    console.log(
      `  CPU:    ${signed(dCpu, 2)} % of one core (${idle.cpuPct >= 0.1 ? `x${(full.cpuPct / idle.cpuPct).toFixed(2)} of idle` : 'idle is ~0'})  target < +2 %   ${ok(dCpu < 2)}`,
    );
    console.log(`  Memory: ${signed(dMem, 1)} MB (x${(full.rssMB / idle.rssMB).toFixed(2)} of idle)  target < +60 MB   ${ok(dMem < 60)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
