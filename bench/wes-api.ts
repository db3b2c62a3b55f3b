// How many data.cgx the shipped supervisor answers, against what its most demanding client asks.
//
// The full simulated supervisor is started as `npm start` does (flows/wes-supervisor.json, with
// the API's credentials from WES_API_USER / WES_API_PASSWORD), left to warm up, then asked for
// /data.cgx over loopback, a few requests at a time on kept-alive connections, for a fixed time.
// Printed: requests per second as a multiple of the MQTT bridge's poll (one request a second,
// the most frequent of the clients) and the median request time,
// with the targets: >= 200 x, median < 10 ms.
//
// WES_BENCH_SECONDS (default 20) is the measuring time, WES_BENCH_WARMUP (default 10 s) the time
// left for start-up work to settle, WES_BENCH_CONCURRENCY (default 4) the requests in flight.
import { Agent, request } from 'node:http';
import { startSupervisor, type SupervisorProcess } from '../test/support/supervisor-process';

const seconds = Number(process.env.WES_BENCH_SECONDS ?? 20);
const warmup = Number(process.env.WES_BENCH_WARMUP ?? 10);
const concurrency = Number(process.env.WES_BENCH_CONCURRENCY ?? 4);
const USER = 'bench';
const PASSWORD = 'a-bench-password';
/** The MQTT bridge (lanfisis wes_server_2_mqtt) polls data.cgx once a second. */
const CLIENT_RPS = 1;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(agent: Agent, port: number): Promise<{ status: number; bytes: number; ms: number }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/data.cgx', agent, auth: `${USER}:${PASSWORD}` }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  let nr: SupervisorProcess | undefined;
  try {
    nr = await startSupervisor({ env: { WES_API_USER: USER, WES_API_PASSWORD: PASSWORD } });
    await nr.waitForOutput(/Started flows/, 60_000);
    process.stdout.write(`simulated supervisor: warming up ${warmup} s, measuring ${seconds} s, ${concurrency} requests in flight ... `);
    await sleep(warmup * 1000);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const first = await get(agent, nr.port);
    if (first.status !== 200) throw new Error(`data.cgx answered ${first.status}`);
    const times: number[] = [];
    const end = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < end) {
          const r = await get(agent, nr!.port);
          if (r.status !== 200) throw new Error(`data.cgx answered ${r.status}`);
          times.push(r.ms);
        }
      }),
    );
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    agent.destroy();
    times.sort((a, b) => a - b);
    const rps = times.length / wallS;
    const median = times[Math.floor(times.length / 2)];
    const p99 = times[Math.floor(times.length * 0.99)];
    console.log(`${times.length} requests`);
    const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
    console.log('');
    console.log(`data.cgx (${first.bytes} bytes) on loopback, full supervisor running:`);
    console.log(
      `  ${rps.toFixed(0)} requests/s = x${(rps / CLIENT_RPS).toFixed(0)} the MQTT bridge's 1 Hz poll  target >= x200   ${ok(rps / CLIENT_RPS >= 200)}`,
    );
    console.log(`  median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms  target median < 10 ms   ${ok(median < 10)}`);
    if (/\[error\]/.test(nr.output())) console.log('  (errors were logged by the supervisor; see its output)');
  } finally {
    await nr?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
