// A simulated Modbus line: devices that answer real frames through modbus-serial's servers
// (ServerTCP on a port, ServerSerial on a serial device or pty), each serving the register
// image of a profile. A read outside the profile's blocks gets exception 2 (ILLEGAL DATA
// ADDRESS), as a real meter's; a unit id with no device never answers, as on a real bus.
// Every device also has a small scratch area for raw reads and writes: holding registers
// 40000..40099 and coils 0..99.
import { createServer } from 'node:net';
import { ServerSerial, ServerTCP } from 'modbus-serial';
import type { Profile } from '../../core/modbus/profile';
import { profileBlocks } from '../../core/modbus/profile';
import { encodeImage, readImage } from '../../core/modbus/profiles';
import type { LineSettings } from './bus';

export interface SimulatedDevice {
  profile: Profile;
  /** The device's values now, by point id. */
  values(): Record<string, number>;
}

export type SimulatorTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'rtu'; path: string; line: LineSettings };

export const SCRATCH_START = 40000;
const SCRATCH_SIZE = 100;

type Cb<T> = (err: unknown, value?: T) => void;
const illegal = (code: number): { modbusErrorCode: number; msg: string } => ({ modbusErrorCode: code, msg: 'illegal' });

interface Served {
  device: SimulatedDevice;
  holding: number[];
  coils: boolean[];
}

interface Closable {
  close(cb: (err?: unknown) => void): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export class ModbusSimulator {
  private readonly units = new Map<number, Served>();
  private server: Closable | undefined;
  /** Requests served, by unit id (tests and benchmarks read it). */
  readonly served = new Map<number, number>();

  constructor(devices: ReadonlyMap<number, SimulatedDevice>) {
    for (const [id, device] of devices)
      this.units.set(id, { device, holding: new Array<number>(SCRATCH_SIZE).fill(0), coils: new Array<boolean>(SCRATCH_SIZE).fill(false) });
  }

  private count(unitId: number): void {
    this.served.set(unitId, (this.served.get(unitId) ?? 0) + 1);
  }

  private registers(fc: 3 | 4, addr: number, length: number, unitId: number, cb: Cb<number[]>): void {
    const u = this.units.get(unitId);
    if (!u) return; // nobody at this address: the master times out
    this.count(unitId);
    if (fc === 3 && addr >= SCRATCH_START && addr + length <= SCRATCH_START + SCRATCH_SIZE) {
      cb(null, u.holding.slice(addr - SCRATCH_START, addr - SCRATCH_START + length));
      return;
    }
    const inside = profileBlocks(u.device.profile).some((b) => b.fc === fc && addr >= b.start && addr + length <= b.start + b.count);
    if (!inside) {
      // modbus-serial indexes the values even on an error: an empty list, not undefined
      cb(illegal(2), []);
      return;
    }
    cb(null, readImage(encodeImage(u.device.profile, u.device.values()), fc, addr, length));
  }

  private vector(): Record<string, unknown> {
    return {
      getMultipleInputRegisters: (addr: number, length: number, unitId: number, cb: Cb<number[]>) =>
        this.registers(4, addr, length, unitId, cb),
      getMultipleHoldingRegisters: (addr: number, length: number, unitId: number, cb: Cb<number[]>) =>
        this.registers(3, addr, length, unitId, cb),
      // modbus-serial asks for a one-register read one address at a time
      getInputRegister: (addr: number, unitId: number, cb: Cb<number>) => this.registers(4, addr, 1, unitId, (e, v) => cb(e, v?.[0])),
      getHoldingRegister: (addr: number, unitId: number, cb: Cb<number>) => this.registers(3, addr, 1, unitId, (e, v) => cb(e, v?.[0])),
      getCoil: (addr: number, unitId: number, cb: Cb<boolean>) => this.bit(addr, unitId, cb),
      getDiscreteInput: (addr: number, unitId: number, cb: Cb<boolean>) => this.bit(addr, unitId, cb),
      setCoil: (addr: number, value: boolean, unitId: number, cb: Cb<void>) => {
        const u = this.units.get(unitId);
        if (!u) return;
        if (addr >= SCRATCH_SIZE) return cb(illegal(2));
        u.coils[addr] = value;
        cb(null);
      },
      setRegister: (addr: number, value: number, unitId: number, cb: Cb<void>) => {
        const u = this.units.get(unitId);
        if (!u) return;
        if (addr < SCRATCH_START || addr >= SCRATCH_START + SCRATCH_SIZE) return cb(illegal(2));
        u.holding[addr - SCRATCH_START] = value;
        cb(null);
      },
    };
  }

  private bit(addr: number, unitId: number, cb: Cb<boolean>): void {
    const u = this.units.get(unitId);
    if (!u) return;
    // coil reads come one address at a time: count the request once, at its first address
    if (addr >= SCRATCH_SIZE) {
      cb(illegal(2));
      return;
    }
    cb(null, u.coils[addr]);
  }

  /** Starts serving; resolves with the TCP port bound (port 0 asks for any free one), or 0 on a serial line. */
  async start(target: SimulatorTarget): Promise<number> {
    const vector = this.vector();
    if (target.kind === 'tcp') {
      // modbus-serial reads port 0 as "the default, 502": ask the system for a free port first
      const port = target.port === 0 ? await freePort(target.host) : target.port;
      const server = new ServerTCP(vector as ConstructorParameters<typeof ServerTCP>[0], {
        host: target.host,
        port,
        unitID: 255,
      }) as unknown as Closable;
      this.server = server;
      await new Promise<void>((resolve, reject) => {
        server.on('initialized', () => resolve());
        server.on('serverError', (e) => reject(e as Error));
      });
      return port;
    }
    const l = target.line;
    const server = new ServerSerial(
      vector as ConstructorParameters<typeof ServerSerial>[0],
      {
        path: target.path,
        baudRate: l.baudRate,
        dataBits: l.dataBits,
        parity: l.parity,
        stopBits: l.stopBits,
        unitID: 255,
      } as ConstructorParameters<typeof ServerSerial>[1],
    ) as unknown as Closable;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.on('initialized', () => resolve());
      server.on('error', (e) => reject(e as Error));
    });
    return 0;
  }

  /** The scratch holding registers of a unit (tests check writes landed). */
  holding(unitId: number): readonly number[] {
    return this.units.get(unitId)?.holding ?? [];
  }

  coils(unitId: number): readonly boolean[] {
    return this.units.get(unitId)?.coils ?? [];
  }

  stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => s.close(() => resolve()));
  }
}
