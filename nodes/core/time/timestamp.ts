// A msg.timestamp is believed only near the clock: one row dated 2100 used to freeze a source's
// aggregates for good (every later row is "older" than the last bucket), and one beyond the
// Date range named a file NaN-NaN-NaN.csv. A meter's clock and ours may disagree by minutes,
// and a flow may replay years of backlog (an old row is only older than the last bucket, it
// poisons nothing), so the window is narrow ahead and wide behind.
import { problem, type Problem } from '../problem';

export interface TimestampWindow {
  /** How far ahead of the wall clock a timestamp may be (clock skew between devices). */
  maxAheadMs: number;
  /** How far behind (a backlog replayed after an outage). */
  maxBehindMs: number;
}

const DEFAULT_TIMESTAMP_WINDOW: TimestampWindow = { maxAheadMs: 5 * 60_000, maxBehindMs: 3653 * 86_400_000 };

/** null when `ts` (epoch ms) may be recorded at wall time `nowMs`, else why not. */
export function checkTimestamp(ts: number, nowMs: number, w: TimestampWindow = DEFAULT_TIMESTAMP_WINDOW): Problem | null {
  if (!Number.isFinite(ts) || ts <= 0 || Number.isNaN(new Date(ts).getTime()))
    return problem('timestamp.invalid', { value: String(ts).slice(0, 30) });
  if (ts > nowMs + w.maxAheadMs)
    return problem('timestamp.ahead', { time: new Date(ts).toISOString(), minutes: Math.round(w.maxAheadMs / 60_000) });
  if (ts < nowMs - w.maxBehindMs)
    return problem('timestamp.behind', { time: new Date(ts).toISOString(), days: Math.round(w.maxBehindMs / 86_400_000) });
  return null;
}
