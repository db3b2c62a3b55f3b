// EXPERIMENTAL. Bursts of MCP3008/MCP3208 conversions over Linux spidev, for the CT meter's
// "spi" source. Node.js cannot time a continuous 2-8 kHz ADC stream (the event loop, garbage
// collection, no real-time priority), so this reads a short burst per period with synchronous
// transfers of up to 500 conversions per ioctl, measures how long the burst took, and lets the
// accumulator correct the sequential channel skew from that. Gaps between ioctls and a
// preempted process still distort a burst: hence experimental. The optional package
// `spi-device` (fivdi) does the ioctls; it is not a dependency of this package.
import type { SampleFrame } from '../../core/power/accumulator';
import { burstFrontEnd, commandBytes, decodeBurst, setOrder, type McpChip } from '../../core/power/mcp3x08';
import type { FrontEnd } from '../../core/power/accumulator';

interface SpiMessage {
  sendBuffer: Buffer;
  receiveBuffer: Buffer;
  byteLength: number;
  speedHz: number;
}
interface SpiDevice {
  transferSync(messages: SpiMessage[]): void;
  closeSync(): void;
}
interface SpiModule {
  openSync(bus: number, device: number, options?: { mode?: number; maxSpeedHz?: number }): SpiDevice;
}

export interface BurstOptions {
  chip: McpChip;
  bus: number;
  device: number;
  speedHz: number;
  vrefV: number;
  vChannel: number;
  iChannels: readonly number[];
}

const PER_IOCTL = 500;

/** The `spi-device` module, or null when it is not installed. */
function loadSpi(): SpiModule | null {
  try {
    // optional, resolved at run time only: absent on most machines and in CI
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('spi-device') as SpiModule;
  } catch {
    return null;
  }
}

export class McpBurstSampler {
  private readonly dev: SpiDevice;
  private readonly order: number[];

  /** Throws `spi-device-missing` when the package is absent, or the open error of the device. */
  constructor(private readonly o: BurstOptions) {
    const spi = loadSpi();
    if (!spi) throw new Error('spi-device-missing');
    this.dev = spi.openSync(o.bus, o.device, { mode: 0, maxSpeedHz: o.speedHz });
    this.order = setOrder(o.vChannel, o.iChannels);
  }

  /** Reads `sets` sample sets as fast as the bus allows; the front end is measured, not assumed. */
  burst(sets: number): { frame: SampleFrame; frontEnd: FrontEnd } {
    const total = sets * this.order.length;
    const tx = Buffer.alloc(total * 3);
    for (let k = 0; k < total; k++) Buffer.from(commandBytes(this.o.chip, this.order[k % this.order.length])).copy(tx, k * 3);
    const rx = Buffer.alloc(total * 3);
    const messages: SpiMessage[] = [];
    for (let k = 0; k < total; k++)
      messages.push({
        sendBuffer: tx.subarray(k * 3, k * 3 + 3),
        receiveBuffer: rx.subarray(k * 3, k * 3 + 3),
        byteLength: 3,
        speedHz: this.o.speedHz,
      });
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < messages.length; k += PER_IOCTL) this.dev.transferSync(messages.slice(k, k + PER_IOCTL));
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    return {
      frame: decodeBurst(this.o.chip, rx, this.order, sets),
      frontEnd: burstFrontEnd(this.o.chip, this.o.vrefV, this.o.iChannels.length, sets, us),
    };
  }

  close(): void {
    this.dev.closeSync();
  }
}
