// Byte-level state machine that cuts a TIC stream into frames and groups on the control
// characters alone (STX, ETX, EOT, LF, CR): no readline, no guessing from labels. Any byte
// value is accepted; whatever does not fit the grammar is dropped and counted, and the
// rest of the frame is kept.
import { CR, EOT, ETX, HT, LF, STX } from './checksum';
import { CONTROL, GroupParser, MAX_GROUP_LENGTH } from './group-parser';
import type { RejectReason, TicGroup, TicRawFrame } from './types';

const enum State {
  Idle,
  BetweenGroups,
  InGroup,
  SkipGroup,
}

export interface FramerCounters {
  frames: number;
  /** Frames cut by EOT (normal before an interruption; counted, not alarmed). */
  eot: number;
  /** Frames cut by a new STX or left incomplete. */
  truncated: number;
  /** Bytes outside any frame (noise, the partial first frame). */
  junkBytes: number;
  groupsOk: number;
  groupsRejected: Partial<Record<RejectReason, number>>;
}

export interface FramerOptions {
  /** Clear bit 7 of every byte, for modems stuck in 8N1 that deliver the parity bit as data. */
  maskBit7?: boolean;
}

/** Groups remembered by their place in the frame: a meter sends the same sequence every frame. */
const MAX_SLOTS = 96;

export class TicFramer {
  readonly counters: FramerCounters = { frames: 0, eot: 0, truncated: 0, junkBytes: 0, groupsOk: 0, groupsRejected: {} };
  private state = State.Idle;
  private readonly scratch = Buffer.alloc(MAX_GROUP_LENGTH);
  private len = 0;
  private groups: TicGroup[] = [];
  private rejected: Partial<Record<RejectReason, number>> = {};
  private frameBytes = 0;
  private htGroups = 0;
  private readonly mask: number;
  private readonly parser = new GroupParser();
  /**
   * The last valid group seen at each place of the frame, with its bytes (body and CR): most
   * groups repeat byte for byte, and one comparison, which also finds the CR, stands for the
   * scan, the checksum and the parse that gave the same bytes the same group last time.
   */
  private readonly slotBytes: Buffer[] = [];
  private readonly slotLen = new Int32Array(MAX_SLOTS);
  private readonly slotGroup: TicGroup[] = [];
  private readonly slotHt = new Uint8Array(MAX_SLOTS);
  /** Place in the frame of the group in progress, and of the next one. */
  private slot = MAX_SLOTS;
  private nextSlot = 0;
  /** Bytes of the group in progress that matched its remembered one when the last chunk ended. */
  private matched = 0;

  constructor(options: FramerOptions = {}) {
    this.mask = options.maskBit7 ? 0x7f : 0xff;
  }

  /** Feeds bytes; calls onFrame for every frame that ends inside them (complete or not). */
  push(input: Uint8Array, onFrame: (frame: TicRawFrame) => void): void {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const mask = this.mask;
    const scratch = this.scratch;
    const n = chunk.length;
    let state = this.state;
    let len = this.len;
    for (let i = 0; i < n; i++) {
      if (state === State.InGroup) {
        if (this.matched > 0) {
          // a remembered group, begun in an earlier chunk: the comparison goes on
          const slot = this.slot;
          const raw = this.slotBytes[slot];
          const sl = this.slotLen[slot];
          let j = this.matched;
          let k = i;
          while (j < sl && k < n && chunk[k] === raw[j]) {
            j++;
            k++;
          }
          this.frameBytes += k - i;
          if (j === sl) {
            this.matched = 0;
            this.group(this.slotGroup[slot], this.slotHt[slot] === 1);
            state = State.BetweenGroups;
            i = k - 1;
            continue;
          }
          if (k === n) {
            this.matched = j;
            break;
          }
          // another group after all: the bytes that matched are the ones the copy below would hold
          this.matched = 0;
          for (let m = 0; m < j; m++) scratch[m] = raw[m];
          len = j;
          i = k;
        }
        if (len === 0 && mask === 0xff) {
          const slot = this.slot;
          let cr = i;
          if (slot < MAX_SLOTS) {
            const sl = this.slotLen[slot];
            if (sl > 0) {
              const raw = this.slotBytes[slot];
              const avail = Math.min(sl, n - i);
              let j = 0;
              while (j < avail && chunk[i + j] === raw[j]) j++;
              if (j === sl) {
                this.frameBytes += sl;
                this.group(this.slotGroup[slot], this.slotHt[slot] === 1);
                state = State.BetweenGroups;
                i += sl - 1;
                continue;
              }
              if (j === avail) {
                // the chunk ends inside a group that matches so far
                this.frameBytes += j;
                this.matched = j;
                break;
              }
              // the bytes that matched hold no CR: the one of the remembered group is its last
              cr = i + j;
            }
          }
          // fast path: a whole group inside this chunk is parsed where it lies, in one pass;
          // a plain loop finds the CR (Buffer.indexOf's call costs more than a 20-byte scan)
          const stop = Math.min(n, i + MAX_GROUP_LENGTH + 1);
          while (cr < stop && chunk[cr] !== CR) cr++;
          if (cr < stop) {
            const g = this.parser.parse(chunk, i, cr);
            if (g !== CONTROL) {
              const ht = chunk[cr - 2] === HT;
              this.frameBytes += cr + 1 - i;
              this.group(g, ht);
              if (typeof g !== 'string' && slot < MAX_SLOTS) this.remember(slot, chunk, i, cr + 1, g, ht);
              state = State.BetweenGroups;
              i = cr;
              continue;
            }
          }
        }
        // a group cut by the chunk's end, or one with a control byte: copy its printable bytes in
        // a tight loop; the byte that stops it goes through the state machine below
        let k = i;
        while (k < n && len < MAX_GROUP_LENGTH) {
          const c = chunk[k] & mask;
          if (c < 0x20 && c !== HT) break;
          scratch[len++] = c;
          k++;
        }
        this.frameBytes += k - i;
        if (k === n) break;
        i = k;
      }
      const b = chunk[i] & mask;
      if (state !== State.Idle) this.frameBytes++;
      if (b >= 0x20 || b === 0x09) {
        // in a group, a printable byte gets here only once the group is longer than any legal one
        if (state === State.InGroup) {
          this.reject('structure');
          state = State.SkipGroup;
        } else if (state === State.Idle) this.counters.junkBytes++;
        continue;
      }
      switch (b) {
        case STX:
          if (state !== State.Idle) {
            if (state === State.InGroup) this.reject('structure');
            this.counters.truncated++;
            this.emit(false, false, onFrame);
          }
          this.frameBytes = 1;
          this.nextSlot = 0;
          state = State.BetweenGroups;
          break;
        case ETX:
          if (state === State.Idle) {
            this.counters.junkBytes++;
            break;
          }
          if (state === State.InGroup) this.reject('structure');
          this.emit(true, false, onFrame);
          state = State.Idle;
          break;
        case EOT:
          // the group in progress is abandoned by the meter, not corrupted: not counted as rejected
          this.counters.eot++;
          if (state === State.Idle) break;
          this.emit(false, true, onFrame);
          state = State.Idle;
          break;
        case LF:
          if (state === State.Idle) {
            this.counters.junkBytes++;
            break;
          }
          // LF without CR: the previous group is lost; LF LF held no group, so nothing is lost twice
          if (state === State.InGroup && len > 0) this.reject('structure');
          len = 0;
          state = State.InGroup;
          this.slot = this.nextSlot < MAX_SLOTS ? this.nextSlot++ : MAX_SLOTS;
          break;
        case CR:
          if (state === State.InGroup) {
            const g = this.parser.parse(scratch, 0, len);
            this.group(g === CONTROL ? 'non-printable' : g, len >= 2 && scratch[len - 2] === HT);
            state = State.BetweenGroups;
          } else if (state === State.SkipGroup) state = State.BetweenGroups;
          else if (state === State.Idle) this.counters.junkBytes++;
          break;
        default:
          // other control bytes (0x0B, 0x0C, 0x0E … seen as bit flips on real lines)
          if (state === State.InGroup) {
            this.reject('non-printable');
            state = State.SkipGroup;
          } else if (state === State.Idle) this.counters.junkBytes++;
      }
    }
    this.state = state;
    this.len = len;
  }

  private remember(slot: number, chunk: Buffer, start: number, end: number, g: TicGroup, ht: boolean): void {
    let raw = this.slotBytes[slot];
    if (raw === undefined) raw = this.slotBytes[slot] = Buffer.alloc(MAX_GROUP_LENGTH + 1);
    for (let k = start; k < end; k++) raw[k - start] = chunk[k];
    this.slotLen[slot] = end - start;
    this.slotGroup[slot] = g;
    this.slotHt[slot] = ht ? 1 : 0;
  }

  private group(g: TicGroup | RejectReason, ht: boolean): void {
    if (typeof g === 'string') {
      this.reject(g);
      return;
    }
    this.groups.push(g);
    this.counters.groupsOk++;
    if (ht) this.htGroups++;
  }

  /** Ends the stream: a frame in progress is emitted as truncated. */
  flush(onFrame: (frame: TicRawFrame) => void): void {
    if (this.state === State.Idle) return;
    if (this.state === State.InGroup) this.reject('structure');
    this.counters.truncated++;
    this.emit(false, false, onFrame);
    this.state = State.Idle;
  }

  private reject(reason: RejectReason): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    this.counters.groupsRejected[reason] = (this.counters.groupsRejected[reason] ?? 0) + 1;
  }

  private emit(complete: boolean, interrupted: boolean, onFrame: (frame: TicRawFrame) => void): void {
    const frame: TicRawFrame = {
      groups: this.groups,
      rejected: this.rejected,
      complete,
      interrupted,
      bytes: this.frameBytes,
      htGroups: this.htGroups,
      spGroups: this.groups.length - this.htGroups,
    };
    this.groups = [];
    this.matched = 0;
    this.htGroups = 0;
    this.rejected = {};
    this.frameBytes = 0;
    this.counters.frames++;
    onFrame(frame);
  }
}
