// The short readings the rules nodes have always taken from sources of the user's own (a Shelly,
// a function node): { powerVA } or { powerW } or { currentA } for load shedding, with an
// optional subscription, and { netPowerW } (import positive, export negative) for the surplus
// router. Kept as their own kind so that existing flows go on working next to the richer meter
// state and clamp readings.
import { accept, badOptional, isFiniteNumber, objectOf, refuse, type Read } from './read';

export interface PlainPower {
  powerVA?: number;
  /** The largest phase current, when several are given. */
  currentA?: number;
  netPowerW?: number;
  subscribedPowerVA?: number;
  subscribedCurrentA?: number;
}

export function readPlainPower(msg: { payload?: unknown }): Read<PlainPower> {
  const p = objectOf(msg.payload);
  // An event (a TIC overload carries the power it saw) reports something that happened, not a reading.
  if (!p || p.event !== undefined) return refuse('not-plain-power');
  const bad = badOptional(p, ['powerVA', 'powerW', 'netPowerW', 'subscribedPowerVA', 'subscribedCurrentA'], isFiniteNumber);
  if (bad !== null) return refuse('bad-field', { field: bad });
  const currents = Array.isArray(p.currentA) ? p.currentA : p.currentA === undefined ? [] : [p.currentA];
  if (!currents.every(isFiniteNumber)) return refuse('bad-field', { field: 'currentA' });
  const out: PlainPower = {};
  const power = (p.powerVA ?? p.powerW) as number | undefined;
  if (power !== undefined) out.powerVA = power;
  if (currents.length) out.currentA = Math.max(...(currents as number[]));
  if (p.netPowerW !== undefined) out.netPowerW = p.netPowerW as number;
  if (p.subscribedPowerVA !== undefined) out.subscribedPowerVA = p.subscribedPowerVA as number;
  if (p.subscribedCurrentA !== undefined) out.subscribedCurrentA = p.subscribedCurrentA as number;
  if (out.powerVA === undefined && out.currentA === undefined && out.netPowerW === undefined) return refuse('not-plain-power');
  return accept(out);
}
