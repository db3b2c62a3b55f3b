// One 1-Wire bus: the only door to its backend. Every operation goes through one queue (a
// 1-Wire master does one thing at a time, and a relay write must not interleave with a read
// cycle); a cycle starts one conversion for all probes, then reads each known probe and judges
// the value (core/onewire/probes.ts). A scan runs at start, on request and every rescan period,
// and reports the probes added and removed; names are bound to ROM ids and handed to `save`,
// so they survive restarts. Relay boards are checked every cycle: a latch that no longer holds
// what was written (a board's power-on reset) is written again.
import { EventEmitter } from 'node:events';
import type { Problem } from '../../core/problem';
import { assignNames, diffRoms, initialProbeState, judge, type ProbeOptions, type ProbeState } from '../../core/onewire/probes';
import { problem } from '../../core/problem';
import { kindOf, type DeviceKind } from '../../core/onewire/rom';
import type { OneWireBackend } from './types';

export interface BusOptions {
  pollMs: number;
  /** 0 = scan only at start and on request. */
  rescanMs: number;
  probe: ProbeOptions;
  /** DS2408 ROM ids in board order (board 1 first); empty = the boards' own names (board1…). */
  boards: string[];
}

export interface ProbeInfo {
  romId: string;
  name: string;
  kind: DeviceKind;
  present: boolean;
  lost: boolean;
  value: number | null;
  unit: '°C' | '%RH' | '';
}

export interface ProbeEvent {
  romId: string;
  name: string;
  kind: DeviceKind;
}
export interface ReadingEvent extends ProbeEvent {
  value: number;
  unit: '°C' | '%RH';
  tMs: number;
}
export interface RefusedEvent extends ProbeEvent {
  problem: Problem;
}

export interface BusEvents {
  reading: [ReadingEvent];
  refused: [RefusedEvent];
  lost: [ProbeEvent];
  recovered: [ProbeEvent];
  added: [ProbeEvent];
  removed: [ProbeEvent];
  restored: [{ romId: string; board: number; onMask: number }];
  fault: [Problem];
  cycle: [];
}

const isProbe = (k: DeviceKind): boolean => k === 'temperature' || k === 'humidity';
const unitOf = (k: DeviceKind): '°C' | '%RH' => (k === 'humidity' ? '%RH' : '°C');

export class OneWireBus extends EventEmitter<BusEvents> {
  private chain: Promise<unknown> = Promise.resolve();
  private present = new Set<string>();
  private names: Record<string, string>;
  private readonly probeStates = new Map<string, ProbeState>();
  /** What each board's latch must hold (bit n = channel n+1 on) on the channels a relay node drives. */
  private readonly desired = new Map<string, { mask: number; watched: number }>();
  private timer: NodeJS.Timeout | null = null;
  private lastScanMs = -Infinity;
  private closed = false;
  private scanned: Promise<void>;
  private markScanned!: () => void;

  constructor(
    readonly backend: OneWireBackend,
    private readonly options: BusOptions,
    savedNames: Record<string, string>,
    private readonly save: (names: Record<string, string>) => void,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.names = { ...savedNames };
    // The known probes are watched from the start: one missing at boot is reported lost, not forgotten.
    for (const rom of Object.keys(this.names)) if (isProbe(kindOf(rom))) this.probeStates.set(rom, initialProbeState());
    this.scanned = new Promise((r) => (this.markScanned = r));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves after the first scan (successful or not), so a relay can find its board. */
  whenScanned(): Promise<void> {
    return this.scanned;
  }

  start(): void {
    void this.cycle();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => void this.cycle(), this.options.pollMs);
  }

  private async cycle(): Promise<void> {
    this.timer = null;
    const t = this.now();
    if (this.lastScanMs === -Infinity || (this.options.rescanMs > 0 && t - this.lastScanMs >= this.options.rescanMs))
      await this.rescan().catch(() => undefined);
    await this.readAll().catch(() => undefined);
    if (!this.closed) this.emit('cycle');
    this.schedule();
  }

  /** Scans now (the "search" of the WES's Temperature menu); resolves with what changed. */
  rescan(): Promise<{ added: string[]; removed: string[] }> {
    return this.serial(async () => {
      this.lastScanMs = this.now();
      let found: string[];
      try {
        found = await this.backend.scan();
      } catch (e) {
        this.emit('fault', problem('onewire.scan', { text: (e as Error).message }));
        this.markScanned();
        throw e;
      }
      const diff = diffRoms([...this.present], found);
      this.present = new Set(found);
      const names = assignNames(this.names, found);
      if (Object.keys(names).length !== Object.keys(this.names).length) {
        this.names = names;
        this.save(this.names);
      }
      for (const rom of diff.added) {
        if (isProbe(kindOf(rom)) && !this.probeStates.has(rom)) this.probeStates.set(rom, initialProbeState());
        this.emit('added', this.event(rom));
      }
      for (const rom of diff.removed) this.emit('removed', this.event(rom));
      this.markScanned();
      return diff;
    });
  }

  private event(rom: string): ProbeEvent {
    return { romId: rom, name: this.names[rom] ?? rom, kind: kindOf(rom) };
  }

  /** One conversion for every probe, then each known probe read and judged. */
  readAll(): Promise<void> {
    return this.serial(async () => {
      const roms = [...this.probeStates.keys()].sort();
      if (roms.some((r) => this.present.has(r) && kindOf(r) === 'temperature')) await this.backend.convertAll().catch(() => false);
      for (const rom of roms) {
        const kind = kindOf(rom);
        const read = !this.present.has(rom)
          ? { ok: false as const, error: problem('onewire.absent') }
          : kind === 'humidity'
            ? await this.backend.readHumidity(rom)
            : await this.backend.readTemperature(rom);
        const j = judge(this.probeStates.get(rom) ?? initialProbeState(), read, kind, this.options.probe);
        this.probeStates.set(rom, j.state);
        const ev = this.event(rom);
        if (j.value !== undefined) this.emit('reading', { ...ev, value: j.value, unit: unitOf(kind), tMs: this.now() });
        else if (j.refused) this.emit('refused', { ...ev, problem: j.refused });
        if (j.event) this.emit(j.event, ev);
      }
      await this.checkBoards();
    });
  }

  private async checkBoards(): Promise<void> {
    for (const [rom, { mask, watched }] of this.desired) {
      if (!this.present.has(rom) || watched === 0) continue;
      let seen: number;
      try {
        seen = await this.backend.readSwitch(rom);
      } catch {
        continue; // the relay's own write reports a board that does not answer
      }
      if ((seen & watched) === (mask & watched)) continue;
      // Channels no relay node drives keep whatever they hold.
      const fixed = (seen & ~watched) | (mask & watched);
      try {
        await this.backend.writeSwitch(rom, fixed);
        if (((await this.backend.readSwitch(rom)) & watched) === (mask & watched))
          this.emit('restored', { romId: rom, board: this.boardOf(rom), onMask: fixed });
      } catch {
        // Tried again next cycle.
      }
    }
  }

  private boardOf(rom: string): number {
    const i = this.options.boards.indexOf(rom);
    if (i >= 0) return i + 1;
    const m = /^board(\d+)$/.exec(this.names[rom] ?? '');
    return m ? Number(m[1]) : 0;
  }

  /** The DS2408 that is board `n` (1–9): by the bus's board list, else by its name boardN. */
  boardRom(n: number): string | null {
    if (this.options.boards.length) return this.options.boards[n - 1] ?? null;
    return Object.keys(this.names).find((r) => kindOf(r) === 'switch' && this.names[r] === `board${n}`) ?? null;
  }

  /** Switches one channel, then reads the latch back; rejects when the board does not hold it. */
  setRelay(board: number, channel: number, on: boolean): Promise<void> {
    return this.serial(async () => {
      const rom = this.boardRom(board);
      if (!rom) throw new Error(`1-Wire relay board ${board} not found`);
      const bit = 1 << (channel - 1);
      const d = this.desired.get(rom);
      // The other channels as the board holds them now: a relay node never switches its neighbours.
      const base = ((await this.backend.readSwitch(rom)) & ~(d?.watched ?? 0)) | ((d?.mask ?? 0) & (d?.watched ?? 0));
      const mask = on ? base | bit : base & ~bit;
      this.desired.set(rom, { mask, watched: (d?.watched ?? 0) | bit });
      await this.backend.writeSwitch(rom, mask);
      const back = await this.backend.readSwitch(rom);
      if (((back & bit) !== 0) !== on)
        throw new Error(
          `1-Wire relay board ${board} channel ${channel}: read back ${on ? 'off' : 'on'} after writing ${on ? 'on' : 'off'}`,
        );
    });
  }

  /** A relay node let go of its channel: the latch keeps its state but is no longer restored. */
  releaseRelay(board: number, channel: number): void {
    const rom = this.boardRom(board);
    const d = rom ? this.desired.get(rom) : undefined;
    if (rom && d) this.desired.set(rom, { mask: d.mask, watched: d.watched & ~(1 << (channel - 1)) });
  }

  probes(): ProbeInfo[] {
    return Object.keys(this.names)
      .sort()
      .map((rom) => {
        const kind = kindOf(rom);
        const s = this.probeStates.get(rom);
        return {
          romId: rom,
          name: this.names[rom],
          kind,
          present: this.present.has(rom),
          lost: s?.lost ?? false,
          value: s?.last ?? null,
          unit: isProbe(kind) ? unitOf(kind) : '',
        };
      });
  }

  nameOf(rom: string): string | undefined {
    return this.names[rom];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.removeAllListeners();
    await this.chain;
    await this.backend.close();
  }
}
