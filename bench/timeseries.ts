// npm run bench -- timeseries: the export path against one box's steady production.
//  1. Points per second written to a real VictoriaMetrics (our mapping, line protocol, batches of
//     5000, one POST each), as a ratio to what one box produces: every TIC frame of a standard-mode
//     meter at 9600 baud (decoded by the real decoder from the simulated meter's bytes) plus a pulse
//     counter's reading every 10 s (the supervisor's water meter).
//  2. Disk used by VictoriaMetrics for one simulated day of that box, extrapolated to a year.
//  3. Broker messages per minute from wes-ha-discovery at its default rate (a state at most every
//     10 s per source) and when every change is sent (intervalS 0), with the bytes.
import { execFileSync } from 'node:child_process';
import { DEFAULT_BAUD, wireTimeMs } from '../nodes/core/tic/frame-encoder';
import { TicDecoder } from '../nodes/core/tic/tic-decoder';
import type { MeterState } from '../nodes/core/tic/meter-state';
import { readingOf } from '../nodes/core/export/readings';
import { lineOf, pointOf } from '../nodes/core/export/points';
import { PointBuffer } from '../nodes/core/export/point-buffer';
import { due, offer, type ThrottleState } from '../nodes/core/export/throttle';
import { stateMessage, type HaOptions } from '../nodes/core/export/home-assistant';
import { writeLines, type InfluxTarget } from '../nodes/io/timeseries/influx-http';
import { startVictoria } from '../test/support/export-peers';
import { STD_TEMPO_MONO } from '../test/support/tic-frames';
import { stream } from './tic-decode';

const VM_PORT = 18861;
const PULSE_PERIOD_S = 10;

/** Real meter states: the simulated stream's bytes through the real decoder, and its frame period. */
function meterStates(): { states: MeterState[]; framePeriodS: number } {
  const frames = 500;
  const bytes = stream('standard', STD_TEMPO_MONO, frames);
  const states: MeterState[] = [];
  const d = new TicDecoder();
  const msPerChunk = wireTimeMs(64, DEFAULT_BAUD.standard);
  for (let i = 0, k = 0; i < bytes.length; i += 64, k++)
    d.push(bytes.subarray(i, i + 64), k * msPerChunk, { frame: (s: MeterState) => states.push(s), event: () => undefined });
  return { states, framePeriodS: wireTimeMs(bytes.length, DEFAULT_BAUD.standard) / 1000 / frames };
}

const pulseMsg = (i: number) => ({
  topic: 'water',
  payload: {
    index: 1234.5 + i * 0.01,
    today: 0.1,
    yesterday: 0.3,
    month: 3,
    year: 40,
    pulses: i,
    rate: 1,
    rateUnit: 'L/min',
    ratePerHour: 0.06,
    leak: false,
  },
  unit: 'm3',
  kind: 'water',
});

function pointsOf(states: MeterState[], framePeriodS: number, box: string, startMs: number, seconds: number): string[] {
  const lines: string[] = [];
  const frames = Math.floor(seconds / framePeriodS);
  for (let i = 0; i < frames; i++) {
    const r = readingOf({ topic: 'tic1', payload: states[i % states.length] });
    if (r.kind === 'values') lines.push(lineOf(pointOf(box, r, startMs + Math.round(i * framePeriodS * 1000))!));
  }
  for (let i = 0; i < seconds / PULSE_PERIOD_S; i++) {
    const r = readingOf(pulseMsg(i));
    if (r.kind === 'values') lines.push(lineOf(pointOf(box, r, startMs + i * PULSE_PERIOD_S * 1000)!));
  }
  return lines;
}

async function main(): Promise<void> {
  const { states, framePeriodS } = meterStates();
  const production = 1 / framePeriodS + 1 / PULSE_PERIOD_S;
  const fields = Object.keys(pointOf('b', readingOf({ topic: 'tic1', payload: states[0] }) as never, 0)!.fields).length;
  console.log(
    `one box: a standard TIC frame every ${framePeriodS.toFixed(2)} s (${fields} fields) + a pulse reading every ${PULSE_PERIOD_S} s = ${production.toFixed(2)} points/s`,
  );
  let vm = await startVictoria(VM_PORT);
  try {
    const url = `http://127.0.0.1:${VM_PORT}`;
    const target: InfluxTarget = { api: 'v1', url, database: 'wes', retentionPolicy: '', org: '', bucket: '', user: undefined };
    const du = () => Number(execFileSync('du', ['-sb', `${vm.dir}/data`], { encoding: 'utf8' }).split('\t')[0]);

    // 2. One day of one box, then the disk it takes.
    const before = du();
    const day = pointsOf(states, framePeriodS, 'day', Date.UTC(2026, 0, 1), 86_400);
    for (let i = 0; i < day.length; i += 5000) await writeLines(target, day.slice(i, i + 5000), 30_000);
    // A stop writes every in-memory part to disk: what the day really takes, before later merges shrink it.
    await vm.stop();
    const dayBytes = du() - before;
    vm = await startVictoria(VM_PORT, vm.dir);

    // 1. Throughput: map + encode + buffer + POST, 100 000 points.
    const n = 100_000;
    const t0 = process.hrtime.bigint();
    const buffer = new PointBuffer(1_000_000);
    const start = Date.UTC(2026, 1, 1);
    for (let i = 0; i < n; i++) {
      const r = readingOf({ topic: 'tic1', payload: states[i % states.length] });
      if (r.kind === 'values') buffer.push([lineOf(pointOf('speed', r, start + i * 1000)!)]);
      if (buffer.size >= 5000) {
        const batch = buffer.next(5000)!;
        await writeLines(target, batch, 30_000);
        buffer.settled(true);
      }
    }
    for (let b = buffer.next(5000); b; b = buffer.next(5000)) {
      await writeLines(target, b, 30_000);
      buffer.settled(true);
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const rate = n / s;
    console.log(
      `  written to VictoriaMetrics: ${Math.round(rate).toLocaleString('en')} points/s (${Math.round(rate * fields).toLocaleString('en')} fields/s) = ` +
        `${Math.round(rate / production).toLocaleString('en')}× one box's production (the box's own CPU shared with the database here)`,
    );
    console.log(
      `  one day of one box: ${day.length.toLocaleString('en')} points, ${(dayBytes / 1e6).toFixed(2)} MB on disk after ingestion ` +
        `(${(dayBytes / (day.length * fields)).toFixed(2)} B/value; the benchmark's power repeats every 500 frames, real data compresses less) → ≈${((dayBytes * 365) / 1e9).toFixed(2)} GB/year for this data`,
    );
  } finally {
    await vm.remove();
  }

  // 3. Broker messages per minute, over a simulated hour.
  const ha: HaOptions = { discoveryPrefix: 'homeassistant', baseTopic: 'wes', box: 'maison', deviceName: 'WES maison', swVersion: '0' };
  for (const intervalS of [10, 0]) {
    let th: ThrottleState = {};
    let msgs = 0;
    let bytes = 0;
    const count = (topic: string, payload: string) => {
      msgs++;
      bytes += topic.length + payload.length;
    };
    const events: Array<{ t: number; msg: Record<string, unknown> }> = [];
    for (let i = 0; i * framePeriodS < 3600; i++)
      events.push({ t: i * framePeriodS * 1000, msg: { topic: 'tic1', payload: states[i % states.length] } });
    for (let i = 0; i < 3600 / PULSE_PERIOD_S; i++) events.push({ t: i * PULSE_PERIOD_S * 1000, msg: pulseMsg(Math.floor(i / 6)) });
    events.sort((a, b) => a.t - b.t);
    let nextTick = 1000;
    for (const e of events) {
      for (; nextTick <= e.t; nextTick += 1000) {
        const d = due(th, nextTick, intervalS * 1000);
        th = d.state;
        for (const [topic, p] of d.send) count(topic, p);
      }
      const r = readingOf(e.msg);
      if (r.kind !== 'values') continue;
      const m = stateMessage(ha, r);
      const o = offer(th, m.topic, m.payload, e.t, intervalS * 1000);
      th = o.state;
      if (o.send !== null) count(m.topic, m.payload);
    }
    console.log(
      `  MQTT, state at most every ${intervalS} s: ${(msgs / 60).toFixed(1)} messages/min, ${(((bytes / 60) * 60 * 24 * 365) / 1e9).toFixed(2)} GB/year of payload per box ` +
        `(${intervalS ? 'default' : 'every change'}; configs once, availability on link changes)`,
    );
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
