// Polls per second on a 9600-baud RTU bus against the wire limit. ptys ignore baud, so the slave
// (a child process on one end of a socat pair) paces its bytes at the line rate: it takes a
// request as received only when its bytes would have crossed the wire, waits the 3.5-character
// silence, and writes its answer one character time per byte. Three SDM630s (units 1-3) are
// read through wes-modbus-bus and three wes-modbus nodes in Node-RED, each asking again as soon
// as its last read is done. The limit per poll is (request + response bytes) × 11 bits ÷ baud
// plus two 3.5-character gaps. Also prints the Node-RED process's CPU per poll.
import { SerialPort } from 'serialport';
import { interFrameGapMs } from '../nodes/io/modbus/bus';
import { encodeImage, PROFILES, readImage } from '../nodes/core/modbus/profiles';
import { profileBlocks } from '../nodes/core/modbus/profile';
import { startPtyPair, stopChild } from '../test/support/pty-pair';
import { waitFor } from '../test/support/wait';
import { helper, loadFlow, startServer, stopServer } from '../test/support/red-test-helper';
import { spawn } from 'node:child_process';
import busNode from '../nodes/wes-modbus-bus/wes-modbus-bus';
import modbusNode from '../nodes/wes-modbus/wes-modbus';

const BAUD = 9600;
const line = { baudRate: BAUD, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const };
const CHAR_MS = (11 * 1000) / BAUD;
const UNITS = [1, 2, 3];
const sdm630 = PROFILES.get('sdm630')!;

function crc16(buf: Buffer): number {
  let crc = 0xffff;
  for (const b of buf) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >> 1) ^ 0xa001 : crc >> 1;
  }
  return crc;
}

/** The paced slave: answers FC 3/4 reads of the SDM630 image for units 1-3. */
function slave(path: string): void {
  const image = encodeImage(sdm630, { voltageL1V: 230.5, powerW: -750.5, energyImportWh: 1234500 });
  const port = new SerialPort({ path, baudRate: BAUD });
  let buf = Buffer.alloc(0);
  let firstAt = 0;
  let busyUntil = 0;
  port.on('data', (d: Buffer) => {
    if (buf.length === 0) firstAt = performance.now();
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 8) {
      const req = buf.subarray(0, 8);
      buf = buf.subarray(8);
      if (crc16(req.subarray(0, 6)) !== req.readUInt16LE(6) || !UNITS.includes(req[0])) continue;
      const fc = req[1];
      const count = req.readUInt16BE(4);
      const words = readImage(image, fc, req.readUInt16BE(2), count);
      const resp = Buffer.alloc(5 + count * 2);
      resp[0] = req[0];
      resp[1] = fc;
      resp[2] = count * 2;
      words.forEach((w, i) => resp.writeUInt16BE(w, 3 + i * 2));
      resp.writeUInt16LE(crc16(resp.subarray(0, resp.length - 2)), resp.length - 2);
      // the request's last byte arrives 8 characters after its first, then the line is silent 3.5
      const start = Math.max(firstAt + 8 * CHAR_MS, busyUntil) + 3.5 * CHAR_MS;
      busyUntil = start + resp.length * CHAR_MS;
      let sent = 0;
      const tick = (): void => {
        const due = Math.min(resp.length, Math.floor((performance.now() - start) / CHAR_MS));
        if (due > sent) {
          port.write(resp.subarray(sent, due));
          sent = due;
        }
        if (sent < resp.length) setTimeout(tick, 1);
      };
      setTimeout(tick, Math.max(0, start - performance.now()));
      firstAt = performance.now();
    }
  });
}

async function main(): Promise<void> {
  const a = `/tmp/wes-modbus-bench-${process.pid}-a`;
  const b = `/tmp/wes-modbus-bench-${process.pid}-b`;
  const pair = await startPtyPair(a, b);
  const child = spawn(process.execPath, [__filename, '--slave', a], { stdio: 'inherit' });
  await startServer();
  try {
    const [block] = profileBlocks(sdm630);
    const flow: object[] = [{ id: 'bus', type: 'wes-modbus-bus', backend: 'rtu', path: b, baud: BAUD, timeout: 1000, retries: 0 }];
    for (const u of UNITS) {
      // only the first block: one read per poll, so the wire limit is one request and one answer
      const profileJson = JSON.stringify({
        ...sdm630,
        model: 'sdm630-block1',
        blocks: [block],
        points: sdm630.points.filter((p) => p.address < block.start + block.count),
      });
      flow.push({
        id: `m${u}`,
        type: 'wes-modbus',
        bus: 'bus',
        topic: `meter${u}`,
        profile: 'custom',
        profileJson,
        unitId: u,
        poll: 0.01,
        wires: [['out']],
      });
    }
    flow.push({ id: 'out', type: 'helper' });
    let polls = 0;
    await loadFlow([busNode, modbusNode], flow);
    helper.getNode('out').on('input', () => polls++);
    await waitFor(() => polls >= 6, 'the first polls', 15_000);
    const n0 = polls;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await waitFor(() => performance.now() - t0 >= 10_000, 'ten seconds of polling', 20_000, 100);
    const cpu = process.cpuUsage(cpu0);
    const seconds = (performance.now() - t0) / 1000;
    const done = polls - n0;
    const bytes = 8 + 5 + block.count * 2;
    const limitPerS = 1000 / ((bytes * 11 * 1000) / BAUD + 2 * interFrameGapMs(line));
    const rate = done / seconds;
    console.log(`   ${UNITS.length} SDM630 on ${BAUD} bd, ${block.count}-register block reads (${bytes} bytes a poll)`);
    console.log(
      `   polls/s ${rate.toFixed(2)} vs wire limit ${limitPerS.toFixed(2)}: ratio ${(rate / limitPerS).toFixed(3)} (target >= 0.80)`,
    );
    console.log(
      `   CPU per poll in Node-RED ${((cpu.user + cpu.system) / done / 1000).toFixed(2)} ms (ratio to the poll's wire time ${((cpu.user + cpu.system) / 1000 / done / (1000 / limitPerS)).toFixed(4)})`,
    );
    await helper.unload();
  } finally {
    await stopServer();
    await stopChild(child);
    await pair.stop();
  }
}

if (process.argv[2] === '--slave') slave(process.argv[3]);
else
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
