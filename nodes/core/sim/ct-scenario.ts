// The house behind the simulated clamps, as a pure function of the instant: clamp 1 on the grid
// supply (everything minus the PV), clamp 2 on the heating, clamp 3 on the water heater, clamp 4
// on the PV inverter's cable (production, so it reads export). Each circuit is a set of
// harmonic currents with their phases, so the grid clamp is their true vector sum and the core
// meets lagging loads, rectifier harmonics and export at midday. Now and then the mains is cut
// for half a minute, as the WES's "coupure secteur" event must see.
import { parisWallTime } from '../time/paris-clock';
import { hash32, hashUnit, Prng, smoothNoise } from './prng';
import { solarPowerW } from './solar-production';
import type { Tone, WaveState } from './ct-waveform';

export interface CtScenarioOptions {
  seed: number;
  /** PV peak, W; 0 for a house without PV. */
  pvPeakW: number;
  /** A short mains cut now and then. */
  cuts: boolean;
}

const SLOT_MS = 3 * 3_600_000;

/** The cut of the 3-hour slot holding `utcMs`, if it has one: [startMs, endMs). */
export function cutOf(seed: number, utcMs: number): [number, number] | null {
  const slot = Math.floor(utcMs / SLOT_MS);
  if (hashUnit(seed, 0xc07, slot) >= 0.5) return null;
  const start = slot * SLOT_MS + Math.floor(hashUnit(seed, 0xc08, slot) * (SLOT_MS - 120_000));
  return [start, start + 20_000 + Math.floor(hashUnit(seed, 0xc09, slot) * 40_000)];
}

type Phasor = Map<number, { re: number; im: number }>;

function add(p: Phasor, tones: readonly Tone[], sign = 1): void {
  for (const t of tones) {
    const a = (t.phaseDeg * Math.PI) / 180;
    const cur = p.get(t.order) ?? { re: 0, im: 0 };
    p.set(t.order, { re: cur.re + sign * t.rms * Math.cos(a), im: cur.im + sign * t.rms * Math.sin(a) });
  }
}

function tonesOf(p: Phasor): Tone[] {
  return [...p.entries()].map(([order, z]) => ({ order, rms: Math.hypot(z.re, z.im), phaseDeg: (Math.atan2(z.im, z.re) * 180) / Math.PI }));
}

/** A load of `w` watts at power factor `pf` (lagging), with a share of 3rd and 5th harmonic. */
function load(w: number, pf: number, v: number, thd = 0): Tone[] {
  if (w <= 0) return [];
  const i1 = w / (v * pf);
  const out: Tone[] = [{ order: 1, rms: i1, phaseDeg: (-Math.acos(pf) * 180) / Math.PI }];
  if (thd > 0) out.push({ order: 3, rms: i1 * thd, phaseDeg: 160 }, { order: 5, rms: i1 * thd * 0.5, phaseDeg: -40 });
  return out;
}

/** Minutes since the local midnight. */
function localMinutes(utcMs: number): number {
  const w = parisWallTime(utcMs);
  return w.hour * 60 + w.minute + w.second / 60;
}

export function ctScenarioState(o: CtScenarioOptions, utcMs: number): WaveState {
  const cut = o.cuts ? cutOf(o.seed, utcMs) : null;
  const live = !(cut && utcMs >= cut[0] && utcMs < cut[1]);
  const vrms = 230 + 4 * smoothNoise(utcMs / 600_000, o.seed, 0x7a1);
  const voltage: Tone[] = [
    { order: 1, rms: vrms, phaseDeg: 0 },
    { order: 3, rms: vrms * 0.015, phaseDeg: 180 },
  ];
  const hz = 50 + 0.04 * smoothNoise(utcMs / 30_000, o.seed, 0xf2e);
  const m = localMinutes(utcMs);
  const day = Math.floor(utcMs / 86_400_000);
  // heating: a thermostat cycling in the morning and the evening, 10 min in 25 on
  const heatingOn = ((m >= 360 && m < 540) || (m >= 1020 && m < 1380)) && (m + hashUnit(o.seed, 0x4ea, day) * 25) % 25 < 10;
  const heating = load(heatingOn ? 1500 : 0, 1, vrms);
  // water heater: off-peak from 22:30 until the tank is hot, 1.5 to 3 h later
  const heaterEnd = 1350 + 90 + hashUnit(o.seed, 0x3a7, day) * 90;
  const heaterOn = m >= 1350 || m < heaterEnd - 1440;
  const water = load(heaterOn ? 2400 : 0, 1, vrms);
  // the rest of the house: standby and fridge, meals, an occasional kettle
  const r = new Prng(hash32(o.seed, 0x6b1, Math.floor(utcMs / 180_000)));
  const meals = (m >= 705 && m < 750) || (m >= 1140 && m < 1185) ? 1800 : 0;
  const kettle = r.chance(0.04) && m > 400 ? 2000 : 0;
  const fridge = Math.floor(m / 17) % 2 === 0 ? 90 : 0;
  const base = load(140 + fridge + 60 * (1 + smoothNoise(utcMs / 120_000, o.seed, 0xba5)), 0.85, vrms, 0.25);
  const kitchen = load(meals + kettle, 0.98, vrms, 0.05);
  const pvW = o.pvPeakW > 0 ? solarPowerW(o.seed, o.pvPeakW, utcMs) : 0;
  // the inverter pushes current in phase with the voltage: on the PV cable that is export
  const pv: Tone[] = pvW > 5 ? [{ order: 1, rms: pvW / vrms, phaseDeg: 180 }] : [];
  const grid: Phasor = new Map();
  for (const t of [heating, water, base, kitchen, pv]) add(grid, t);
  return { hz, voltage, currents: [tonesOf(grid), heating, water, pv], live };
}
