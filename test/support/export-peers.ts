// The real servers of the export tests, started on loopback with throw-away data folders
// (prefix wes-mqtt-) and stopped after: Debian's mosquitto, victoria-metrics and prometheus.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './pty-pair';
import { waitFor } from './wait';

export interface Peer {
  port: number;
  dir: string;
  child: ChildProcess;
  log(): string;
  /** Stops the process; the data folder stays until `remove`. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

function run(cmd: string, args: string[], port: number, dir: string, ready: () => Promise<boolean>): Promise<Peer> {
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (b: Buffer) => {
    text = (text + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const peer: Peer = {
    port,
    dir,
    child,
    log: () => text,
    stop: () => stopChild(child),
    async remove() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const up = async () => {
    if (child.exitCode !== null) throw new Error(`${cmd} exited: ${text}`);
    return ready();
  };
  return waitFor(up, `${cmd} listening on ${port}`, 15_000, 25, () => text).then(() => peer);
}

const answers = (url: string) => async () => (await fetch(url).catch(() => null))?.ok === true;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wes-mqtt-'));
}

export function startMosquitto(port: number): Promise<Peer> {
  const dir = tempDir();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const listening = async () => {
    const { connectAsync } = await import('mqtt');
    const c = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 500 }).catch(() => null);
    if (!c) return false;
    await c.endAsync();
    return true;
  };
  return run('/usr/sbin/mosquitto', ['-c', conf], port, dir, listening);
}

/** VictoriaMetrics with its data in `dir` (a restart on the same folder keeps the data). */
export function startVictoria(port: number, dir = tempDir()): Promise<Peer> {
  const args = [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${join(dir, 'data')}`,
    '-retentionPeriod=100y',
    // Our points carry their own (past) times; queries look at them at once.
    '-search.latencyOffset=0s',
    '-selfScrapeInterval=0',
  ];
  return run('/usr/bin/victoria-metrics', args, port, dir, answers(`http://127.0.0.1:${port}/health`));
}

export function startPrometheus(port: number, target: string, auth: { user: string; pass: string }): Promise<Peer> {
  const dir = tempDir();
  const conf = join(dir, 'prometheus.yml');
  writeFileSync(
    conf,
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: wes',
      '    metrics_path: /wes/metrics',
      '    basic_auth:',
      `      username: ${auth.user}`,
      `      password: ${auth.pass}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const args = [`--config.file=${conf}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`];
  return run('/usr/bin/prometheus', args, port, dir, answers(`http://127.0.0.1:${port}/-/ready`));
}
