// Aggregate buckets in local time: 10 minutes, hours, and local days (23 or 25 h on DST days), so a
// daily bar matches the user's calendar day.
import { endOfLocalDay, floorLocal, startOfLocalDay } from '../csv/local-time';

export type AggResolution = '10min' | 'hour' | 'day';
export type Resolution = 'raw' | AggResolution;

export const AGG_RESOLUTIONS: readonly AggResolution[] = ['10min', 'hour', 'day'];

const SIZE: Record<Exclude<AggResolution, 'day'>, number> = { '10min': 600_000, hour: 3_600_000 };

export function bucketStart(ms: number, res: AggResolution): number {
  return res === 'day' ? startOfLocalDay(ms) : floorLocal(ms, SIZE[res]);
}

export function bucketEnd(start: number, res: AggResolution): number {
  return res === 'day' ? endOfLocalDay(start) : start + SIZE[res];
}
