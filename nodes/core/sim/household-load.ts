// A household's apparent power over the day, as a pure function of the instant: standby,
// fridge compressor cycles, morning / midday / evening activity, appliance events drawn per
// day from the seed (kettle, oven, hob, washing machine, dishwasher) and, for off-peak
// contracts, the water heater switched on by the meter's dry contact at 22:00.
import { Prng, hash32, hashUnit, smoothNoise } from './prng';
import { parisWallTime } from '../time/paris-clock';
import { dayNumber } from './tariff-calendar';

export interface HouseholdLoadOptions {
  seed: number;
  phases: 1 | 3;
  /** The water heater follows the off-peak contact (HC, Tempo). */
  offPeakWaterHeater: boolean;
  /** Target mean apparent power over a day, VA. */
  meanPowerVA: number;
}

export interface LoadSample {
  /** Apparent power per phase, VA. */
  perPhaseVA: number[];
  /** Part of the power drawn by resistive loads (heating elements): power factor ≈ 1. */
  resistiveVA: number;
}

interface ApplianceEvent {
  /** Minutes from the local midnight of the day it belongs to (may exceed 1440). */
  start: number;
  duration: number;
  va: number;
  resistive: boolean;
  phase: number;
}

/** Mean of the unscaled profile over many days (measured on seeds 1-5, Jan-Feb), to honour meanPowerVA. */
const PROFILE_MEAN_VA = { offPeakHeater: 670, thermostatHeater: 615 };

function bump(minutes: number, centre: number, sigma: number): number {
  const d = (minutes - centre) / sigma;
  return Math.exp(-0.5 * d * d);
}

export class HouseholdLoad {
  private readonly days = new Map<number, ApplianceEvent[]>();
  private readonly scale: number;
  private readonly fridgePhase: number;

  constructor(private readonly o: HouseholdLoadOptions) {
    this.scale = o.meanPowerVA / (o.offPeakWaterHeater ? PROFILE_MEAN_VA.offPeakHeater : PROFILE_MEAN_VA.thermostatHeater);
    this.fridgePhase = hashUnit(o.seed, 0xf1d9) * 50;
  }

  private eventsOf(day: number): ApplianceEvent[] {
    let events = this.days.get(day);
    if (events !== undefined) return events;
    const r = new Prng(hash32(this.o.seed, 0xa991, day));
    const phase = (): number => (this.o.phases === 3 ? r.int(0, 2) : 0);
    events = [];
    const kettles = r.int(1, 3);
    for (let i = 0; i < kettles; i++) {
      const start = i === 0 ? r.range(6.5 * 60, 8.5 * 60) : r.range(15 * 60, 22 * 60);
      events.push({ start, duration: r.range(2.5, 4), va: 2000, resistive: true, phase: phase() });
    }
    if (r.chance(0.45)) {
      events.push({ start: r.range(18.5 * 60, 20 * 60), duration: r.range(30, 60), va: 2400, resistive: true, phase: phase() });
    }
    if (r.chance(0.7)) {
      events.push({ start: r.range(11.5 * 60, 12.5 * 60), duration: r.range(10, 25), va: 1500, resistive: true, phase: phase() });
    }
    if (r.chance(0.8)) {
      events.push({ start: r.range(18.8 * 60, 19.8 * 60), duration: r.range(15, 30), va: 1800, resistive: true, phase: phase() });
    }
    if (r.chance(0.5)) {
      // washing machine: water heating, then drum cycles with a motor
      const start = r.range(9 * 60, 20 * 60);
      const p = phase();
      events.push({ start, duration: 15, va: 2100, resistive: true, phase: p });
      events.push({ start: start + 15, duration: r.range(50, 80), va: 350, resistive: false, phase: p });
    }
    if (r.chance(0.6)) {
      const start = this.o.offPeakWaterHeater ? r.range(22.2 * 60, 23 * 60) : r.range(20.5 * 60, 21.5 * 60);
      const p = phase();
      events.push({ start, duration: 20, va: 2000, resistive: true, phase: p });
      events.push({ start: start + 20, duration: 60, va: 150, resistive: false, phase: p });
      events.push({ start: start + 80, duration: 15, va: 1900, resistive: true, phase: p });
    }
    if (this.o.offPeakWaterHeater) {
      // the tank reheats what was drawn during the day: 1 to 4 hours from the start of off-peak
      events.push({ start: 22 * 60 + r.range(0, 0.5), duration: r.range(60, 240), va: 2200, resistive: true, phase: 0 });
    } else {
      // no off-peak contact: its thermostat reheats after the showers and the washing up
      events.push({ start: r.range(7.2 * 60, 8 * 60), duration: r.range(45, 100), va: 2200, resistive: true, phase: 0 });
      events.push({ start: r.range(20.5 * 60, 21.5 * 60), duration: r.range(20, 60), va: 2200, resistive: true, phase: 0 });
    }
    this.days.set(day, events);
    if (this.days.size > 8) this.days.delete(this.days.keys().next().value as number);
    return events;
  }

  /** Apparent power at an instant. */
  at(utcMs: number): LoadSample {
    const w = parisWallTime(utcMs);
    const minutes = w.hour * 60 + w.minute + w.second / 60;
    const today = dayNumber(w.year, w.month, w.day);
    const weekend = w.weekday === 0 || w.weekday === 6;
    const n = this.o.phases;
    const perPhase = new Array<number>(n).fill(0);
    let resistive = 0;

    const spread = (va: number): void => {
      for (let i = 0; i < n; i++) perPhase[i] += va / n;
    };
    // standby (boxes, chargers) wanders slowly
    spread(110 + 25 * smoothNoise(utcMs / 1_800_000, this.o.seed, 1));
    // fridge compressor: ~16 min on in 50
    if ((minutes + this.fridgePhase) % 50 < 16) perPhase[0] += 110;
    // lights, cooking, screens
    const activity =
      380 * bump(minutes, weekend ? 8.5 * 60 : 7.3 * 60, 45) +
      (weekend ? 450 : 180) * bump(minutes, 12.75 * 60, 60) +
      650 * bump(minutes, 19.8 * 60, 85) +
      (weekend ? 150 : 60) * bump(minutes, 15.5 * 60, 120);
    spread(activity * (0.85 + 0.3 * hashUnit(this.o.seed, 0xac7, today)));
    // appliance events of today, and of yesterday when they run past midnight
    for (const [day, shift] of [
      [today, 0],
      [today - 1, 1440],
    ] as const) {
      for (const e of this.eventsOf(day)) {
        const t = minutes + shift;
        if (t >= e.start && t < e.start + e.duration) {
          perPhase[e.phase] += e.va;
          if (e.resistive) resistive += e.va;
        }
      }
    }
    // second-to-second jitter: a real meter never shows the same power twice in a row
    const jitter = 1 + 0.03 * (hashUnit(this.o.seed, 0x717, Math.floor(utcMs / 1000)) * 2 - 1);
    const k = this.scale * jitter;
    return { perPhaseVA: perPhase.map((v) => v * k), resistiveVA: resistive * k };
  }
}
