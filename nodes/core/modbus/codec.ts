// Modbus register words ⇄ numbers. A register is 16 bits sent high byte first; a 32/64-bit
// value spans 2/4 registers whose order devices disagree on (Eastron: high word first, "ABCD";
// PZEM: low word first, "CDAB"), and a few gateways also swap the bytes inside each register
// ("BADC", "DCBA"). Both orders are explicit so a profile says what its device does.

export type ValueType = 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64';
/** big: the most significant register first; little: the least significant first. */
export type WordOrder = 'big' | 'little';
/** big: each register's high byte first (the Modbus norm); little: swapped inside each register. */
export type ByteOrder = 'big' | 'little';

export const VALUE_TYPES: readonly ValueType[] = ['u16', 'i16', 'u32', 'i32', 'f32', 'f64'];

export interface Layout {
  type: ValueType;
  wordOrder: WordOrder;
  byteOrder: ByteOrder;
}

export function registerCount(type: ValueType): number {
  return type === 'f64' ? 4 : type === 'u16' || type === 'i16' ? 1 : 2;
}

/** The value's bytes in network order (most significant first), from its registers as sent. */
function toBigEndian(words: readonly number[], l: Layout): Buffer {
  const n = words.length;
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const w = words[l.wordOrder === 'big' ? i : n - 1 - i] & 0xffff;
    buf.writeUInt16BE(l.byteOrder === 'big' ? w : ((w & 0xff) << 8) | (w >> 8), i * 2);
  }
  return buf;
}

/** The inverse of toBigEndian: registers as the device sends them. */
function fromBigEndian(buf: Buffer, l: Layout): number[] {
  const n = buf.length / 2;
  const words = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const w = buf.readUInt16BE(i * 2);
    words[l.wordOrder === 'big' ? i : n - 1 - i] = l.byteOrder === 'big' ? w : ((w & 0xff) << 8) | (w >> 8);
  }
  return words;
}

/** The raw number (before scale) held by `registerCount(type)` registers from `offset`. */
export function decodeRaw(regs: readonly number[], offset: number, l: Layout): number {
  const count = registerCount(l.type);
  if (offset < 0 || offset + count > regs.length) throw new RangeError(`registers ${offset}..${offset + count - 1} outside the block`);
  const b = toBigEndian(regs.slice(offset, offset + count), l);
  switch (l.type) {
    case 'u16':
      return b.readUInt16BE(0);
    case 'i16':
      return b.readInt16BE(0);
    case 'u32':
      return b.readUInt32BE(0);
    case 'i32':
      return b.readInt32BE(0);
    case 'f32':
      return b.readFloatBE(0);
    case 'f64':
      return b.readDoubleBE(0);
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  u16: [0, 0xffff],
  i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff],
  i32: [-0x80000000, 0x7fffffff],
};

/** Registers holding a raw number; integers out of the type's range are refused, not wrapped. */
export function encodeRaw(raw: number, l: Layout): number[] {
  const b = Buffer.alloc(registerCount(l.type) * 2);
  if (l.type === 'f32') b.writeFloatBE(raw, 0);
  else if (l.type === 'f64') b.writeDoubleBE(raw, 0);
  else {
    const [lo, hi] = INT_RANGE[l.type];
    if (!Number.isInteger(raw) || raw < lo || raw > hi) throw new RangeError(`${raw} does not fit ${l.type}`);
    if (l.type === 'u16') b.writeUInt16BE(raw, 0);
    else if (l.type === 'i16') b.writeInt16BE(raw, 0);
    else if (l.type === 'u32') b.writeUInt32BE(raw, 0);
    else b.writeInt32BE(raw, 0);
  }
  return fromBigEndian(b, l);
}

/** An engineering value: the raw number times the scale (0.1 for a register in tenths). */
export function decodeValue(regs: readonly number[], offset: number, l: Layout, scale = 1): number {
  const raw = decodeRaw(regs, offset, l);
  // 0.1 × 2301 is 230.10000000000002: round to the scale's own decimals, as the device meant
  return scale === 1 ? raw : roundToScale(raw * scale, scale, l.type);
}

function decimalsOf(scale: number): number {
  const s = String(scale);
  const e = s.match(/e-(\d+)$/);
  if (e) return Number(e[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function roundToScale(v: number, scale: number, type: ValueType): number {
  if (type === 'f32' || type === 'f64') return v;
  const d = decimalsOf(scale);
  return d === 0 ? v : Number(v.toFixed(Math.min(d, 15)));
}

/** Registers for an engineering value; an integer type rounds value / scale to the nearest raw count. */
export function encodeValue(value: number, l: Layout, scale = 1): number[] {
  const raw = value / scale;
  return encodeRaw(l.type === 'f32' || l.type === 'f64' ? raw : Math.round(raw), l);
}
