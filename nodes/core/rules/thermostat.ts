// A thermostat: heat when the temperature falls below setpoint − hysteresis/2, stop above
// setpoint + hysteresis/2, never switching before the minimum on / off times (a boiler or a heat
// pump must not short-cycle), with a frost floor that wins over everything except a lost sensor,
// and a fail-safe output when no reading came for sensorLostMs.
import { problem, type Problem } from '../problem';

export interface ThermostatOptions {
  /** °C band around the setpoint. */
  hysteresisC: number;
  minOnMs: number;
  minOffMs: number;
  /** Frost protection: below this, heat whatever the setpoint (null = none). */
  frostC: number | null;
  sensorLostMs: number;
  /** Output while the sensor is lost. */
  lostOutput: 'on' | 'off' | 'hold';
  /** Heating (on below setpoint) or cooling (on above). */
  mode: 'heat' | 'cool';
}

export interface ThermostatState {
  on: boolean;
  changedAtMs: number;
  lastReadingMs: number | null;
  /** The sensor timeout also counts from start, when no reading ever came. */
  startedAtMs: number;
  temperatureC: number | null;
  setpointC: number;
  lost: boolean;
  /** Why the output is what it is (a code with parameters: the node says it in the user's language). */
  why: Problem;
  /** The switch that why asks for waits for this minimum time (null: nothing waits). */
  waitsFor: 'on' | 'off' | null;
}

export function initialThermostat(setpointC: number, tMs: number, on = false): ThermostatState {
  return {
    on,
    changedAtMs: tMs,
    lastReadingMs: null,
    startedAtMs: tMs,
    temperatureC: null,
    setpointC,
    lost: false,
    why: problem('thermostat.waiting'),
    waitsFor: null,
  };
}

function want(s: ThermostatState, o: ThermostatOptions): { on: boolean; why: Problem } {
  const t = s.temperatureC;
  if (t === null) return { on: s.on, why: problem('thermostat.waiting') };
  const half = o.hysteresisC / 2;
  const band = { t, setpoint: s.setpointC, half };
  const below = problem('thermostat.below', band);
  const above = problem('thermostat.above', band);
  if (o.mode === 'heat' && o.frostC !== null && t < o.frostC) return { on: true, why: problem('thermostat.frost', { t, frost: o.frostC }) };
  if (o.mode === 'heat') {
    if (t < s.setpointC - half) return { on: true, why: below };
    if (t > s.setpointC + half) return { on: false, why: above };
  } else {
    if (t > s.setpointC + half) return { on: true, why: above };
    if (t < s.setpointC - half) return { on: false, why: below };
  }
  return { on: s.on, why: problem('thermostat.within', band) };
}

/** Apply what the state asks, honouring the minimum times (a too-early switch waits: tick() retries). */
function settle(
  s: ThermostatState,
  target: { on: boolean; why: Problem },
  tMs: number,
  o: ThermostatOptions,
  force = false,
): ThermostatState {
  if (target.on === s.on) return { ...s, why: target.why, waitsFor: null };
  const min = s.on ? o.minOnMs : o.minOffMs;
  // Frost protection and the lost-sensor fail-safe do not wait for the minimum off-time.
  if (!force && tMs - s.changedAtMs < min) return { ...s, why: target.why, waitsFor: s.on ? 'on' : 'off' };
  return { ...s, on: target.on, changedAtMs: tMs, why: target.why, waitsFor: null };
}

export function reading(s: ThermostatState, temperatureC: number, tMs: number, o: ThermostatOptions): ThermostatState {
  const next = { ...s, temperatureC, lastReadingMs: tMs, lost: false };
  const target = want(next, o);
  return settle(next, target, tMs, o, target.why.code === 'thermostat.frost');
}

export function setpoint(s: ThermostatState, setpointC: number, tMs: number, o: ThermostatOptions): ThermostatState {
  const next = { ...s, setpointC };
  if (next.lost) return next;
  return settle(next, want(next, o), tMs, o);
}

/** Time passes: sensor timeout, deferred switches. */
export function tickThermostat(s: ThermostatState, tMs: number, o: ThermostatOptions): ThermostatState {
  const since = s.lastReadingMs ?? s.startedAtMs;
  if (tMs - since >= o.sensorLostMs) {
    const mins = Math.round((tMs - since) / 60_000);
    const lost = { ...s, lost: true };
    if (o.lostOutput === 'hold') return { ...lost, why: problem('thermostat.lostHold', { mins }), waitsFor: null };
    return settle(
      lost,
      { on: o.lostOutput === 'on', why: problem(o.lostOutput === 'on' ? 'thermostat.lostOn' : 'thermostat.lostOff', { mins }) },
      tMs,
      o,
      true,
    );
  }
  if (s.lost) return s;
  const target = want(s, o);
  return settle(s, target, tMs, o, target.why.code === 'thermostat.frost');
}

/** When tickThermostat may next change something. */
export function thermostatDeadline(s: ThermostatState, o: ThermostatOptions): number | null {
  const times: number[] = [];
  if (!s.lost) times.push((s.lastReadingMs ?? s.startedAtMs) + o.sensorLostMs);
  if (s.waitsFor !== null) times.push(s.changedAtMs + (s.on ? o.minOnMs : o.minOffMs));
  return times.length ? Math.min(...times) : null;
}
