// The one owner of a Modbus line (RTU over a serial device, or TCP), on modbus-serial's client.
// RS485 has one master and answers one request at a time, so every request of every node goes
// through this queue: sent one by one, each with a timeout and retries, separated by the
// inter-frame silence RTU needs (3.5 characters). A device that stops answering is rested with a
// growing backoff, so one dead meter does not eat the bus time of the others. The line reopens by
// itself after a USB adapter is unplugged and returns; its state changes are emitted once each.
import { EventEmitter } from 'node:events';
import ModbusRTU from 'modbus-serial';
import { classify, type Failure } from '../../core/modbus/failure';

export interface LineSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

export type BusTarget = { kind: 'rtu'; path: string; line: LineSettings } | { kind: 'tcp'; host: string; port: number };

export interface BusOptions {
  timeoutMs: number;
  retries: number;
  /** The longest rest of a device that stopped answering. */
  backoffMaxMs: number;
  /** First wait before reopening a lost line (doubles up to 10 s). */
  reopenMs: number;
}

export type ReadRequest = { unitId: number; fc: 1 | 2 | 3 | 4; address: number; count: number };
export type WriteRequest =
  | { unitId: number; fc: 5; address: number; value: boolean }
  | { unitId: number; fc: 6; address: number; value: number }
  | { unitId: number; fc: 15; address: number; values: boolean[] }
  | { unitId: number; fc: 16; address: number; values: number[] };
export type ModbusRequest = ReadRequest | WriteRequest;

export type ModbusResult = { ok: true; data: number[] | boolean[] } | { ok: false; failure: Failure };

export type BusState = 'opening' | 'open' | 'closed';

export interface BusStats {
  state: BusState;
  /** Requests answered or failed per second over the last 10 s. */
  requestsPerS: number;
  errors: number;
  /** Unit ids resting after they stopped answering. */
  resting: number[];
}

/** The RTU silence between frames: 3.5 characters of 11 bits, and 1.75 ms above 19200 bd (Modbus over serial line §2.5.1.1). */
export function interFrameGapMs(line: LineSettings): number {
  if (line.baudRate > 19200) return 1.75;
  const bits = 1 + line.dataBits + (line.parity === 'none' ? 0 : 1) + line.stopBits;
  return (3.5 * bits * 1000) / line.baudRate;
}

interface Pending {
  req: ModbusRequest;
  resolve: (r: ModbusResult) => void;
}

interface Health {
  failures: number;
  restUntil: number;
}

const RATE_WINDOW_MS = 10_000;
const MAX_REOPEN_MS = 10_000;

export class ModbusBus extends EventEmitter {
  private client: ModbusRTU | undefined;
  private readonly queue: Pending[] = [];
  private busy = false;
  private stopped = true;
  private stateNow: BusState = 'closed';
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenDelay: number;
  private readonly health = new Map<number, Health>();
  private readonly done: number[] = [];
  private errors = 0;
  private readonly gapMs: number;
  private outage = false;

  constructor(
    readonly target: BusTarget,
    private readonly options: BusOptions,
  ) {
    super();
    this.gapMs = target.kind === 'rtu' ? interFrameGapMs(target.line) : 0;
    this.reopenDelay = options.reopenMs;
  }

  get state(): BusState {
    return this.stateNow;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.outage = false;
    clearTimeout(this.reopenTimer);
    this.failAll('closed');
    await this.closeClient();
    this.setState('closed');
  }

  /** Queues a request; resolves when it is answered or has failed (never rejects). */
  request(req: ModbusRequest): Promise<ModbusResult> {
    if (this.stateNow !== 'open') return Promise.resolve({ ok: false, failure: { kind: 'closed', unitId: req.unitId } });
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      void this.pump();
    });
  }

  stats(now = Date.now()): BusStats {
    while (this.done.length && this.done[0] < now - RATE_WINDOW_MS) this.done.shift();
    const resting = [...this.health.entries()].filter(([, h]) => h.restUntil > 0).map(([id]) => id);
    return {
      state: this.stateNow,
      requestsPerS: this.done.length / (RATE_WINDOW_MS / 1000),
      errors: this.errors,
      resting: resting.sort((a, b) => a - b),
    };
  }

  private setState(s: BusState, detail?: string): void {
    if (s === this.stateNow) return;
    this.stateNow = s;
    this.emit('state', s, detail);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    // during an outage the state stays closed between attempts: one outage, one report
    if (!this.outage) this.setState('opening');
    const client = new ModbusRTU();
    // modbus-serial relays port errors as events: without a listener they would throw
    client.on('error', () => undefined);
    try {
      if (this.target.kind === 'rtu') {
        const l = this.target.line;
        await client.connectRTUBuffered(this.target.path, {
          baudRate: l.baudRate,
          dataBits: l.dataBits,
          parity: l.parity,
          stopBits: l.stopBits,
        });
      } else await client.connectTCP(this.target.host, { port: this.target.port });
    } catch (e) {
      this.lost(`${(e as Error).message ?? e}`);
      return;
    }
    if (this.stopped) {
      client.close(() => undefined);
      return;
    }
    client.setTimeout(this.options.timeoutMs);
    // modbus-serial's client is an EventEmitter; its published type lists only `on`
    (client as unknown as EventEmitter).once('close', () => {
      if (this.client === client) this.lost('closed');
    });
    this.client = client;
    this.reopenDelay = this.options.reopenMs;
    this.outage = false;
    this.setState('open');
    void this.pump();
  }

  /** The line went away: fail what waits, say so once, and try again later. */
  private lost(detail: string): void {
    const c = this.client;
    this.client = undefined;
    if (c) c.close(() => undefined);
    this.failAll('closed');
    this.outage = true;
    this.setState('closed', detail);
    if (this.stopped) return;
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => void this.open(), this.reopenDelay);
    this.reopenDelay = Math.min(MAX_REOPEN_MS, this.reopenDelay * 2);
  }

  private failAll(kind: 'closed'): void {
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, failure: { kind, unitId: p.req.unitId } });
  }

  private closeClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        c.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && this.client && this.stateNow === 'open') {
        const p = this.queue.shift()!;
        const result = await this.transact(p.req);
        this.done.push(Date.now());
        if (!result.ok) this.errors++;
        p.resolve(result);
        if (result.ok === false && result.failure.kind === 'closed') this.lost(result.failure.detail ?? 'closed');
      }
    } finally {
      this.busy = false;
    }
  }

  private async transact(req: ModbusRequest): Promise<ModbusResult> {
    const now = Date.now();
    const h = this.health.get(req.unitId);
    if (h && h.restUntil > now) return { ok: false, failure: { kind: 'resting', unitId: req.unitId } };
    // a resting device gets one probe, not the retries: it has already cost its share
    const attempts = h && h.restUntil > 0 ? 1 : 1 + this.options.retries;
    let last: Failure = { kind: 'timeout', unitId: req.unitId };
    for (let i = 0; i < attempts; i++) {
      const client = this.client;
      if (!client) return { ok: false, failure: { kind: 'closed', unitId: req.unitId } };
      try {
        client.setID(req.unitId);
        const data = await send(client, req);
        await this.gap();
        this.answered(req.unitId);
        return { ok: true, data };
      } catch (e) {
        await this.gap();
        last = classify(e, req.unitId);
        // the device answered, with a refusal: retrying asks the same question again
        if (last.kind === 'exception') {
          this.answered(req.unitId);
          return { ok: false, failure: last };
        }
        if (last.kind === 'closed' || !this.client) return { ok: false, failure: { ...last, kind: 'closed' } };
      }
    }
    if (last.kind === 'timeout') this.silent(req.unitId);
    return { ok: false, failure: last };
  }

  private answered(unitId: number): void {
    const h = this.health.get(unitId);
    if (h && h.restUntil > 0) this.emit('device', unitId, 'up');
    this.health.delete(unitId);
  }

  private silent(unitId: number): void {
    const h = this.health.get(unitId) ?? { failures: 0, restUntil: 0 };
    const wasResting = h.restUntil > 0;
    h.failures++;
    h.restUntil = Date.now() + Math.min(this.options.backoffMaxMs, 1000 * 2 ** (h.failures - 1));
    this.health.set(unitId, h);
    if (!wasResting) this.emit('device', unitId, 'down');
  }

  private gap(): Promise<void> {
    if (this.gapMs <= 0) return Promise.resolve();
    // setTimeout's 1 ms resolution: round up so the line is silent for at least the gap
    return new Promise((r) => setTimeout(r, Math.ceil(this.gapMs)));
  }
}

async function send(client: ModbusRTU, req: ModbusRequest): Promise<number[] | boolean[]> {
  switch (req.fc) {
    case 1:
      return (await client.readCoils(req.address, req.count)).data.slice(0, req.count);
    case 2:
      return (await client.readDiscreteInputs(req.address, req.count)).data.slice(0, req.count);
    case 3:
      return (await client.readHoldingRegisters(req.address, req.count)).data;
    case 4:
      return (await client.readInputRegisters(req.address, req.count)).data;
    case 5:
      await client.writeCoil(req.address, req.value);
      return [req.value];
    case 6:
      await client.writeRegister(req.address, req.value);
      return [req.value];
    case 15:
      await client.writeCoils(req.address, req.values);
      return req.values;
    case 16:
      await client.writeRegisters(req.address, req.values);
      return req.values;
  }
}
