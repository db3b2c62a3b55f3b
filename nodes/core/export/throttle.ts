// "On change, at most every N seconds", per key: a change inside the interval is held, and the
// latest held text goes out when the interval ends, so the last value is never lost and a
// source sending every second costs one message per interval. JSON-safe state, times as tMs.
export interface Slot {
  sent: string | null;
  sentAtMs: number;
  held: string | null;
}
export type ThrottleState = Record<string, Slot>;

export interface Offer {
  state: ThrottleState;
  /** The text to publish now, or null (unchanged, or held until the interval ends). */
  send: string | null;
}

export function offer(state: ThrottleState, key: string, text: string, tMs: number, intervalMs: number): Offer {
  const slot = state[key];
  if (slot && slot.sent === text) return { state: slot.held === null ? state : { ...state, [key]: { ...slot, held: null } }, send: null };
  if (!slot || tMs - slot.sentAtMs >= intervalMs)
    return { state: { ...state, [key]: { sent: text, sentAtMs: tMs, held: null } }, send: text };
  return { state: { ...state, [key]: { ...slot, held: text } }, send: null };
}

/** The held texts whose interval has ended, to publish now. */
export function due(state: ThrottleState, tMs: number, intervalMs: number): { state: ThrottleState; send: Array<[string, string]> } {
  const send: Array<[string, string]> = [];
  let next = state;
  for (const [key, slot] of Object.entries(state)) {
    if (slot.held === null || tMs - slot.sentAtMs < intervalMs) continue;
    send.push([key, slot.held]);
    next = { ...next, [key]: { sent: slot.held, sentAtMs: tMs, held: null } };
  }
  return { state: next, send };
}
