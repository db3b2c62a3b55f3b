// Analog inputs: Linux IIO gives a raw count and a scale in millivolts per count
// (Documentation/ABI/testing/sysfs-bus-iio: "in_voltageY_raw ... scaled by in_voltageY_scale ... in millivolts").
// The WES measures 0–3.3 V and higher voltages through a divider, so the value is either the input
// voltage times the divider ratio, or a straight line through two calibration points mapped to a unit.
import { problem, type Problem } from '../problem';

export type Scaling = { kind: 'divider'; ratio: number } | { kind: 'linear'; v1: number; y1: number; v2: number; y2: number };

export function rawToVolts(raw: number, scaleMv: number, offset = 0): number {
  return ((raw + offset) * scaleMv) / 1000;
}

export function scaleVolts(volts: number, s: Scaling): number {
  if (s.kind === 'divider') return volts * s.ratio;
  return s.y1 + ((volts - s.v1) * (s.y2 - s.y1)) / (s.v2 - s.v1);
}

export function checkScaling(s: Scaling): Problem | null {
  if (s.kind === 'divider') return s.ratio > 0 && Number.isFinite(s.ratio) ? null : problem('analog.divider');
  if (![s.v1, s.v2, s.y1, s.y2].every(Number.isFinite)) return problem('analog.linearNumbers');
  return s.v1 === s.v2 ? problem('analog.linearVoltages') : null;
}

/** Mean of the last N samples; the WES's analog inputs are slow and noisy, so readings are averaged. */
export class MovingAverage {
  private readonly buf: number[] = [];
  private sum = 0;
  constructor(private readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError('average size must be an integer >= 1');
  }
  push(x: number): number {
    this.buf.push(x);
    this.sum += x;
    if (this.buf.length > this.size) this.sum -= this.buf.shift() as number;
    return this.sum / this.buf.length;
  }
  get count(): number {
    return this.buf.length;
  }
}
