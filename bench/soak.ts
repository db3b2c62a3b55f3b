// The supervisor under load for a long run: does it leak, does it fall behind, does it lose data?
//
// The shipped flow (flows/wes-supervisor.json) started as `npm start` does, with:
// - both simulated TIC lines at WES_SOAK_PACE (default 100) times their wire speed
//   (wesSerialPortSimPace in the settings file: the bytes themselves come faster, not only the
//   simulated time);
// - four pulse inputs (the flow's water and gas, and two more) at WES_SOAK_PULSES_PER_MIN each
//   (default 600: 10 Hz, above the 20 ms debounce of each);
// - ten dashboard clients on Dashboard 2.0's socket.io (raw engine.io v4 over a WebSocket: the
//   server cannot tell them from browsers, and sends them every widget update);
// - /wes/history queries of every range the History page offers (1 h … 1 y), for every logged
//   source, one after the other without pause.
// Node-RED's RSS is read from /proc every 5 s. The event loop's delay is measured inside Node-RED
// (perf_hooks.monitorEventLoopDelay, started by this bench's own settings file), and so are the
// frames and pulses the simulated twins send (their prototypes are wrapped there: no product
// code counts for the bench); frames decoded and pulses counted come from probe nodes wired to
// wes-tic-in and wes-pulse-in in the bench's copy of the flow. Nothing is asserted: the figures
// are printed against their targets.
//
// WES_SOAK_S (default 600) is the measured duration, after WES_SOAK_WARMUP_S (default 90: the
// logger writes its first rows after a minute, and the history queries need them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, startSupervisor, type SupervisorProcess } from '../test/support/supervisor-process';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- ws comes with node-red; Node 20 has no WebSocket of its own
const WebSocket = require('ws') as typeof import('ws');

const seconds = Number(process.env.WES_SOAK_S ?? 600);
const warmupS = Number(process.env.WES_SOAK_WARMUP_S ?? 90);
const pace = Number(process.env.WES_SOAK_PACE ?? 100);
const pulsesPerMin = Number(process.env.WES_SOAK_PULSES_PER_MIN ?? 600);
const CLIENTS = Number(process.env.WES_SOAK_CLIENTS ?? 10);
const HISTORY = process.env.WES_SOAK_HISTORY !== '0';
const RANGES = ['-1h', '-24h', '-7d', '-31d', '-1y'];
const SAMPLE_MS = 5000;

interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
  topic?: string;
  line?: string;
  wires?: string[][];
  [k: string]: unknown;
}

interface Stats {
  sent: { frames: Record<string, number>; pulses: Record<string, number> };
  decoded: Record<string, number>;
  counted: Record<string, number>;
  lag: { p50: number; p99: number; max: number; mean: number };
  /** How long a meter state took from wes-tic-in to each node it reaches (ms), since the reset. */
  delay: { count: number; p50: number; p99: number; max: number; worst: string; windowP99: number; windowMax: number; windowWorst: string };
  memory: NodeJS.MemoryUsage;
}

/** The bench's settings: the shipped ones, the wire pace, and the probe (lag, what the twins send). */
function settingsFile(dir: string): string {
  const dist = join(projectRoot, 'dist', 'nodes');
  const file = join(dir, 'soak-settings.js');
  writeFileSync(
    file,
    `'use strict';
const base = require(${JSON.stringify(join(projectRoot, 'settings', 'wes-settings.js'))});
const { monitorEventLoopDelay, createHistogram } = require('node:perf_hooks');
// Node-RED's own hooks module (the one its runtime triggers): every meter state is stamped as it
// leaves wes-tic-in, and its age read wherever it is delivered, so a queue anywhere on the
// meter-state path (a core switch handles one message per turn of the loop) shows as a delay
// that grows over the run instead of staying flat.
const { hooks } = require(require.resolve('@node-red/util', { paths: [${JSON.stringify(projectRoot)}] }));
// The same module files Node-RED loads our nodes from (the package is linked into the userDir
// and symlinks resolve to these paths), so the wrapped prototypes are theirs.
const { SimulatedTicSource } = require(${JSON.stringify(join(dist, 'io', 'serial', 'simulated-tic-source.js'))});
const { SimulatedGpio } = require(${JSON.stringify(join(dist, 'io', 'gpio', 'simulated-backend.js'))});
// A full collection on demand (?gc=1): the heap after GC is what our objects hold, without the
// garbage a sample happens to catch.
require('node:v8').setFlagsFromString('--expose-gc');
const gc = require('node:vm').runInNewContext('gc');
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const sent = { frames: {}, pulses: {} };
const decoded = {};
const counted = {};
// paused: the twins send nothing, so that what is in flight drains before counting.
let paused = false;
const pump = SimulatedTicSource.prototype.pump;
SimulatedTicSource.prototype.pump = function () {
  if (!paused) pump.call(this);
};
const emit = SimulatedTicSource.prototype.emit;
SimulatedTicSource.prototype.emit = function (event, ...args) {
  if (event === 'data') {
    let n = 0;
    for (const b of args[0]) if (b === 0x03) n++; // ETX: one whole frame is on the wire
    const k = this.meter.options.mode;
    sent.frames[k] = (sent.frames[k] || 0) + n;
  }
  return emit.call(this, event, ...args);
};
const inject = SimulatedGpio.prototype.inject;
SimulatedGpio.prototype.inject = function (line, level, ...rest) {
  // Paused, no new pulse starts, but one already started ends: a pulse is counted once released.
  if (paused && level === 0) return;
  const now = this.inputs.get(line);
  if (level === 0 && (!now || now.level !== 0)) sent.pulses[line] = (sent.pulses[line] || 0) + 1;
  return inject.call(this, line, level, ...rest);
};
const delay = createHistogram();
const windowDelay = createHistogram();
let worst = { ms: 0, node: '' };
let windowWorst = { ms: 0, node: '' };
hooks.add('onSend.wesSoak', (events) => {
  for (const e of events) if (e.source && e.source.node && e.source.node.type === 'wes-tic-in' && e.msg) e.msg._soakT = performance.now();
});
hooks.add('onReceive.wesSoak', (e) => {
  const t = e.msg && e.msg._soakT;
  if (typeof t !== 'number') return;
  const age = performance.now() - t;
  delay.record(Math.max(1, Math.round(age * 1000)));
  windowDelay.record(Math.max(1, Math.round(age * 1000)));
  const node = e.destination.node.name || e.destination.node.type;
  if (age > worst.ms) worst = { ms: age, node };
  if (age > windowWorst.ms) windowWorst = { ms: age, node };
});
const ms = (ns) => Math.round(ns / 1e4) / 100;
const us = (n) => Math.round(n / 10) / 100;
const soak = {
  tic(topic) { decoded[topic] = (decoded[topic] || 0) + 1; },
  pulse(line, pulses) { counted[line] = pulses; },
  pause(on) { paused = on; },
  // ?snap=<file>: a heap snapshot, to compare two of them by constructor (bench/heap-diff).
  snap(file) { gc(); return require('node:v8').writeHeapSnapshot(file); },
  stats(reset, collect, window) {
    if (collect) gc();
    const s = {
      sent: JSON.parse(JSON.stringify(sent)),
      decoded: { ...decoded },
      counted: { ...counted },
      lag: { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)), max: ms(lag.max), mean: ms(lag.mean) },
      delay: {
        count: delay.count,
        p50: delay.count ? us(delay.percentile(50)) : 0,
        p99: delay.count ? us(delay.percentile(99)) : 0,
        max: Math.round(worst.ms * 100) / 100,
        worst: worst.node,
        windowP99: windowDelay.count ? us(windowDelay.percentile(99)) : 0,
        windowMax: Math.round(windowWorst.ms * 100) / 100,
        windowWorst: windowWorst.node,
      },
      memory: process.memoryUsage(),
    };
    if (reset) {
      lag.reset();
      delay.reset();
      worst = { ms: 0, node: '' };
    }
    if (reset || window) {
      windowWorst = { ms: 0, node: '' };
      windowDelay.reset();
    }
    return s;
  },
};
module.exports = {
  ...base,
  wesSerialPortSimPace: ${pace},
  functionGlobalContext: { ...(base.functionGlobalContext || {}), soak },
};
`,
  );
  return file;
}

const fn = (id: string, z: string, func: string, wires: string[][] = []): FlowNode => ({
  id,
  type: 'function',
  z,
  name: id,
  func,
  outputs: wires.length,
  timeout: 0,
  noerr: 0,
  initialize: '',
  finalize: '',
  libs: [],
  x: 100,
  y: 4000,
  wires,
});

/** The shipped flow with the probes, two more pulse inputs and every pulse input at the soak rate. */
function soakFlow(dir: string): { file: string; meterTopics: Record<string, string> } {
  const flow = JSON.parse(readFileSync(join(projectRoot, 'flows', 'wes-supervisor.json'), 'utf8')) as FlowNode[];
  const tics = flow.filter((n) => n.type === 'wes-tic-in');
  const pulses = flow.filter((n) => n.type === 'wes-pulse-in');
  if (tics.length !== 2 || pulses.length !== 2)
    throw new Error(`expected 2 TIC and 2 pulse inputs, found ${tics.length} and ${pulses.length}`);
  const z = tics[0].z as string;
  for (const t of tics) t.wires![0].push('soak-tic');
  const water = pulses[0];
  for (const [i, line] of ['5', '6'].entries()) {
    flow.push({ ...water, id: `soak-pulse-${i + 3}`, name: `soak${i + 3}`, line, index: '0', y: 4100 + i * 40, wires: [[], []] });
  }
  for (const p of flow.filter((n) => n.type === 'wes-pulse-in')) {
    p.simRate = String(pulsesPerMin);
    p.wires![0].push('soak-pulse');
  }
  flow.push(
    fn('soak-tic', z, "global.get('soak').tic(msg.topic);\nreturn null;"),
    // Only the per-pulse readings carry the line (a reply to "status" does not).
    fn('soak-pulse', z, "if (typeof msg.line === 'number') global.get('soak').pulse(msg.line, msg.payload.pulses);\nreturn null;"),
    { id: 'soak-http', type: 'http in', z, url: '/soak/stats', method: 'get', x: 100, y: 4300, wires: [['soak-stats']] },
    fn(
      'soak-stats',
      z,
      "const soak = global.get('soak');\nif (msg.req.query.pause) soak.pause(msg.req.query.pause === '1');\n" +
        "const q = msg.req.query;\nmsg.payload = q.snap ? { file: soak.snap(q.snap) } : soak.stats(q.reset === '1', q.gc === '1', q.window === '1');\nreturn msg;",
      [['soak-res']],
    ),
    { id: 'soak-res', type: 'http response', z, statusCode: '', headers: {}, x: 300, y: 4300, wires: [] },
  );
  // Which simulated mode feeds which topic: the sent frames are counted by the line's mode.
  const ports = new Map(flow.filter((n) => n.type === 'wes-serial-port').map((n) => [n.id, n]));
  const meterTopics: Record<string, string> = {};
  for (const t of tics) meterTopics[String(ports.get(t.port as string)?.simMode)] = t.topic as string;
  const file = join(dir, 'soak-flow.json');
  writeFileSync(file, JSON.stringify(flow));
  return { file, meterTopics };
}

/** Node-RED runs as the child of scripts/start.mjs: find it. */
function nodeRedPid(launcherPid: number): number {
  const kids = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  if (kids.length !== 1) throw new Error(`expected one Node-RED child of ${launcherPid}, found ${kids.length}`);
  return kids[0];
}

const rssMB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A dashboard client as the browser's socket.io makes it: engine.io v4 long-polling handshake and
 * namespace connect (Dashboard 2.0 refuses a socket that starts on a WebSocket), then the upgrade
 * to a WebSocket (probe, upgrade), answering the server's pings.
 */
class DashboardClient {
  events = 0;
  drops = 0;
  private ws: InstanceType<typeof WebSocket> | undefined;
  private closed = false;
  constructor(private readonly base: string) {
    void this.open();
  }
  private async open(): Promise<void> {
    const path = `${this.base}/dashboard/socket.io/?EIO=4`;
    try {
      const hello = await (await fetch(`${path}&transport=polling`)).text();
      const sid = (JSON.parse(hello.slice(1)) as { sid: string }).sid;
      const post = await fetch(`${path}&transport=polling&sid=${sid}`, { method: 'POST', body: '40' });
      if (!post.ok) throw new Error(`namespace connect: ${post.status}`);
      const connected = await (await fetch(`${path}&transport=polling&sid=${sid}`)).text();
      if (!connected.startsWith('40')) throw new Error(`namespace refused: ${connected.slice(0, 80)}`);
      const ws = new WebSocket(`${path.replace(/^http/, 'ws')}&transport=websocket&sid=${sid}`);
      this.ws = ws;
      ws.on('open', () => ws.send('2probe'));
      ws.on('message', (data) => {
        const text = String(data);
        if (text === '3probe') ws.send('5');
        else if (text === '2') ws.send('3');
        else if (text.startsWith('42')) this.events++;
      });
      ws.on('error', () => undefined);
      ws.on('close', () => this.lost());
    } catch {
      this.lost();
    }
  }
  private lost(): void {
    if (this.closed) return;
    this.drops++;
    setTimeout(() => void this.open(), 1000);
  }
  close(): void {
    this.closed = true;
    this.ws?.close();
  }
}

/** /wes/history over every range for every logged source, in a loop until stopped. */
async function historyLoop(
  base: string,
  stop: { now: boolean },
  tally: { ok: number; failed: number; ms: number[]; sources: number },
): Promise<void> {
  while (!stop.now) {
    const loggers = (await (await fetch(`${base}/wes/logs`)).json()) as { id: string }[];
    const sources: [string, string][] = [];
    for (const l of loggers) {
      const info = (await (await fetch(`${base}/wes/logs/${encodeURIComponent(l.id)}`)).json()) as { sources: string[] };
      for (const s of info.sources) sources.push([l.id, s]);
    }
    tally.sources = sources.length;
    if (sources.length === 0) await sleep(1000);
    for (const [logger, source] of sources) {
      for (const from of RANGES) {
        if (stop.now) return;
        const t0 = performance.now();
        const res = await fetch(
          `${base}/wes/history?logger=${encodeURIComponent(logger)}&source=${encodeURIComponent(source)}&from=${from}`,
        );
        await res.arrayBuffer();
        tally.ms.push(performance.now() - t0);
        if (res.ok) tally.ok++;
        else tally.failed++;
      }
    }
  }
}

async function stats(base: string, reset = false, gc = false, window = false): Promise<Stats> {
  const q = [reset ? 'reset=1' : '', gc ? 'gc=1' : '', window ? 'window=1' : ''].filter(Boolean).join('&');
  return (await (await fetch(`${base}/soak/stats${q ? `?${q}` : ''}`)).json()) as Stats;
}

/**
 * Sent minus received, for frames (by topic) and pulses (by line), counted exactly: the twins are
 * paused, what is in flight drains (no count moves for 2 s), then the twins resume.
 */
async function gaps(
  base: string,
  meterTopics: Record<string, string>,
): Promise<{ frames: Record<string, number>; pulses: Record<string, number>; s: Stats }> {
  await fetch(`${base}/soak/stats?pause=1`);
  const key = (x: Stats) => JSON.stringify([x.sent, x.decoded, x.counted]);
  let s = await stats(base);
  for (let i = 0; i < 30; i++) {
    await sleep(2000);
    const next = await stats(base);
    const settled = key(next) === key(s);
    s = next;
    if (settled) break;
  }
  await fetch(`${base}/soak/stats?pause=0`);
  const frames: Record<string, number> = {};
  for (const [mode, topic] of Object.entries(meterTopics)) frames[topic] = (s.sent.frames[mode] ?? 0) - (s.decoded[topic] ?? 0);
  const pulses: Record<string, number> = {};
  for (const line of Object.keys(s.counted)) pulses[line] = (s.sent.pulses[line] ?? 0) - s.counted[line];
  return { frames, pulses, s };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-soak-'));
  let nr: SupervisorProcess | undefined;
  const clients: DashboardClient[] = [];
  const stop = { now: false };
  try {
    const { file, meterTopics } = soakFlow(dir);
    nr = await startSupervisor({ flowFile: file, env: { WES_SETTINGS: settingsFile(dir) } });
    await nr.waitForOutput(/Started flows/, 60_000);
    const pid = nodeRedPid(nr.child.pid!);
    const base = nr.baseUrl;
    console.log(`  Node-RED pid ${pid} at ${base}`);
    for (let i = 0; i < CLIENTS; i++) clients.push(new DashboardClient(base));
    const history = { ok: 0, failed: 0, ms: [] as number[], sources: 0 };
    const loop = (HISTORY ? historyLoop(base, stop, history) : Promise.resolve()).catch((e: Error) => {
      console.log(`  history loop stopped: ${e.message}`);
    });
    console.log(
      `soak: TIC at ${pace}× the wire, 4 pulse inputs at ${pulsesPerMin}/min, ${CLIENTS} dashboard clients, ` +
        `history ${RANGES.join(' ')}; warm-up ${warmupS} s, then ${seconds} s`,
    );
    await sleep(warmupS * 1000);

    // WES_SOAK_SNAP_DIR: a heap snapshot after warm-up and one at the end (compare them with
    // bench/heap-diff.mjs). Each one holds the event loop for seconds: not for a measured run.
    const snapDir = process.env.WES_SOAK_SNAP_DIR;
    const snap = async (name: string) => {
      if (snapDir) await fetch(`${base}/soak/stats?snap=${encodeURIComponent(join(snapDir, name))}`);
    };
    await snap('after-warmup.heapsnapshot');
    const start = await gaps(base, meterTopics);
    await stats(base, true); // the lag from here on
    const t0 = performance.now();
    const rss: number[] = [];
    const events0 = clients.reduce((a, c) => a + c.events, 0);
    const history0 = history.ok;
    // Every sample: RSS and process.memoryUsage(); once a minute, the heap after a full GC too.
    const csv = ['t_s,rss_mb,heap_used_mb,heap_total_mb,external_mb,array_buffers_mb,heap_after_gc_mb'];
    const afterGc: [number, number][] = [];
    const windowP99s: number[] = [];
    let lastGc = -Infinity;
    while (performance.now() - t0 < seconds * 1000) {
      const elapsed = Math.round((performance.now() - t0) / 1000);
      const collect = elapsed - lastGc >= 60;
      const minute = elapsed % 60 < SAMPLE_MS / 1000;
      const sample = await stats(base, false, collect, minute);
      const m = sample.memory;
      if (collect) {
        lastGc = elapsed;
        afterGc.push([elapsed, m.heapUsed / 1048576]);
      }
      rss.push(rssMB(pid));
      const f = (n: number) => (n / 1048576).toFixed(1);
      csv.push(
        [
          elapsed,
          rss[rss.length - 1].toFixed(1),
          f(m.heapUsed),
          f(m.heapTotal),
          f(m.external),
          f(m.arrayBuffers),
          collect ? f(m.heapUsed) : '',
        ].join(','),
      );
      if (minute) {
        process.stdout.write(
          `  ${elapsed} s: RSS ${rss[rss.length - 1].toFixed(1)} MB, heap ${f(m.heapUsed)}/${f(m.heapTotal)} MB, ` +
            `external ${f(m.external)} MB, ${history.ok} history answers (${history.sources} sources), ` +
            `meter state delay p99 ${sample.delay.windowP99} ms, max ${sample.delay.windowMax} ms (${sample.delay.windowWorst})\n`,
        );
        windowP99s.push(sample.delay.windowP99);
      }
      await sleep(SAMPLE_MS);
    }
    if (process.env.WES_SOAK_CSV) writeFileSync(process.env.WES_SOAK_CSV, csv.join('\n') + '\n');
    rss.push(rssMB(pid));
    const wallS = (performance.now() - t0) / 1000;
    await snap('end.heapsnapshot');
    const end = await gaps(base, meterTopics);
    stop.now = true;
    await loop;

    const first = median(rss.slice(0, 3));
    const last = median(rss.slice(-3));
    const ratio = last / first;
    const lag = end.s.lag;
    const framesLost = Object.keys(end.frames).reduce((a, k) => a + (end.frames[k] - (start.frames[k] ?? 0)), 0);
    const pulsesLost = Object.keys(end.pulses).reduce((a, k) => a + (end.pulses[k] - (start.pulses[k] ?? 0)), 0);
    const framesIn = (s: Stats) => Object.values(meterTopics).reduce((a, t) => a + (s.decoded[t] ?? 0), 0);
    const pulsesIn = (s: Stats) => Object.values(s.counted).reduce((a, n) => a + n, 0);
    const perTopic = Object.entries(meterTopics)
      .map(([mode, t]) => `${t} (${mode}) ${(((end.s.decoded[t] ?? 0) - (start.s.decoded[t] ?? 0)) / wallS).toFixed(1)}/s`)
      .join(', ');
    const events = clients.reduce((a, c) => a + c.events, 0) - events0;
    const drops = clients.reduce((a, c) => a + c.drops, 0);
    const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
    const sorted = [...history.ms].sort((a, b) => a - b);
    console.log('');
    console.log(`soak over ${wallS.toFixed(0)} s after ${warmupS} s warm-up (${rss.length} RSS samples):`);
    console.log(
      `  RSS:        ${first.toFixed(1)} MB after warm-up, ${last.toFixed(1)} MB at the end: x${ratio.toFixed(3)}  target <= 1.10   ${ok(ratio <= 1.1)}`,
    );
    console.log(`              (min ${Math.min(...rss).toFixed(1)}, max ${Math.max(...rss).toFixed(1)} MB)`);
    const mb = (n: number) => (n / 1048576).toFixed(0);
    const m0 = start.s.memory;
    const m1 = end.s.memory;
    console.log(
      `              heap used ${mb(m0.heapUsed)} -> ${mb(m1.heapUsed)} MB, external ${mb(m0.external)} -> ${mb(m1.external)} MB ` +
        `(array buffers ${mb(m0.arrayBuffers)} -> ${mb(m1.arrayBuffers)} MB)`,
    );
    console.log(`              heap after full GC: ${afterGc.map(([t, h]) => `${t} s ${h.toFixed(1)}`).join(', ')} MB`);
    if (afterGc.length > 1) {
      const [[ta, ha], [tb, hb]] = [afterGc[0], afterGc[afterGc.length - 1]];
      console.log(`              heap after GC: ${(hb - ha >= 0 ? '+' : '') + (hb - ha).toFixed(1)} MB in ${tb - ta} s`);
    }
    console.log(`  event loop: p99 ${lag.p99} ms, max ${lag.max} ms (p50 ${lag.p50}, mean ${lag.mean})`);
    // A queue that grows without bound makes the delay rise with the run; a bounded one keeps the
    // last minute's p99 near the run's usual minute (the median: the first minute after the
    // drain-and-resume of the loss count can hold a burst, and the sample at 0 s is empty).
    const d = end.s.delay;
    const minutes = windowP99s.slice(1);
    const usual = Math.max(minutes.length ? median(minutes) : 0, 1);
    const late = minutes[minutes.length - 1] ?? 0;
    console.log(
      `  states:     ${d.count} deliveries of meter states, delay p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (${d.worst})`,
    );
    console.log(
      `              p99 of each minute ${minutes.map((x) => x.toFixed(0)).join(', ')} ms: last/median x${(late / usual).toFixed(2)}  target <= 2   ${ok(late / usual <= 2)}`,
    );
    console.log(
      `  TIC frames: ${framesIn(end.s) - framesIn(start.s)} decoded (${perTopic}), lost ${framesLost}   target 0   ${ok(framesLost === 0)}`,
    );
    console.log(`  (pulse lines ${Object.keys(end.s.counted).join(', ')})`);
    console.log(
      `  pulses:     ${pulsesIn(end.s) - pulsesIn(start.s)} counted on ${Object.keys(end.pulses).length} inputs, lost ${pulsesLost}   target 0   ${ok(pulsesLost === 0)}`,
    );
    console.log(
      `  dashboard:  ${events} socket.io events to ${CLIENTS} clients (${(events / wallS / CLIENTS).toFixed(1)}/s each), ${drops} disconnections`,
    );
    console.log(
      `  history:    ${history.ok - history0} queries answered in the run, ${history.failed} failed; ` +
        `p50 ${sorted.length ? median(sorted).toFixed(0) : '-'} ms, max ${sorted.length ? sorted[sorted.length - 1].toFixed(0) : '-'} ms`,
    );
    const errors = [
      ...new Set(
        nr
          .output()
          .split('\n')
          .filter((l) => /\[error\]/.test(l))
          .map((l) => l.replace(/^.*?\[error\]/, '[error]')),
      ),
    ];
    if (errors.length) console.log(`  Node-RED logged ${errors.length} distinct errors, first:\n    ${errors.slice(0, 5).join('\n    ')}`);
  } finally {
    stop.now = true;
    for (const c of clients) c.close();
    await nr?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
