// Water-leak rules from real products (sensing.md §2.5):
//  - continuous flow: water never stopped (no gap of at least gapMs between pulses) for continuousMs;
//    a gap resets the rhythm, so one pulse after a long pause can never latch the alarm (waterius#405).
//  - high rate: the flow stayed above maxRatePerHour for at least rateMinMs.
// State holds epoch-ms timestamps only, so it is persisted and a restart neither re-fires nor forgets.

export interface LeakOptions {
  /** 0 disables the continuous-flow rule. */
  continuousMs: number;
  /** A pause of at least this long without pulses means the water stopped. */
  gapMs: number;
  /** 0 disables the rate rule. Unit per hour, same unit as the meter. */
  maxRatePerHour: number;
  rateMinMs: number;
}

export interface LeakState {
  flowStartMs: number | null;
  lastPulseMs: number | null;
  continuous: boolean;
  overSinceMs: number | null;
  rate: boolean;
}

export type LeakRule = 'continuous' | 'rate';
export interface LeakEvent {
  rule: LeakRule;
  active: boolean;
  sinceMs: number | null;
}

export function emptyLeakState(): LeakState {
  return { flowStartMs: null, lastPulseMs: null, continuous: false, overSinceMs: null, rate: false };
}

export function leakOnPulse(s: LeakState, tMs: number, o: LeakOptions): LeakState {
  const gapped = s.lastPulseMs === null || tMs - s.lastPulseMs >= o.gapMs;
  return { ...s, flowStartMs: gapped ? tMs : (s.flowStartMs ?? tMs), lastPulseMs: tMs };
}

/** Re-evaluate both rules at tMs given the current rate; returns the new state and the rule changes. */
export function leakEvaluate(s: LeakState, tMs: number, ratePerHour: number, o: LeakOptions): { state: LeakState; events: LeakEvent[] } {
  const events: LeakEvent[] = [];
  const next = { ...s };

  const flowing = s.lastPulseMs !== null && tMs - s.lastPulseMs < o.gapMs;
  const continuous = o.continuousMs > 0 && flowing && s.flowStartMs !== null && tMs - s.flowStartMs >= o.continuousMs;
  if (continuous !== s.continuous) {
    next.continuous = continuous;
    events.push({ rule: 'continuous', active: continuous, sinceMs: continuous ? s.flowStartMs : null });
  }

  const over = o.maxRatePerHour > 0 && ratePerHour > o.maxRatePerHour;
  next.overSinceMs = over ? (s.overSinceMs ?? tMs) : null;
  const rate = over && next.overSinceMs !== null && tMs - next.overSinceMs >= o.rateMinMs;
  if (rate !== s.rate) {
    next.rate = rate;
    events.push({ rule: 'rate', active: rate, sinceMs: rate ? next.overSinceMs : null });
  }
  return { state: next, events };
}

/** The next instant at which a rule may change without a new pulse, so the adapter can set one timer. */
export function leakNextCheckMs(s: LeakState, o: LeakOptions): number | null {
  const times: number[] = [];
  if (o.continuousMs > 0 && s.lastPulseMs !== null) {
    if (s.continuous) times.push(s.lastPulseMs + o.gapMs);
    else if (s.flowStartMs !== null) times.push(Math.min(s.flowStartMs + o.continuousMs, s.lastPulseMs + o.gapMs));
  }
  if (o.maxRatePerHour > 0 && s.overSinceMs !== null && !s.rate) times.push(s.overSinceMs + o.rateMinMs);
  return times.length ? Math.min(...times) : null;
}
