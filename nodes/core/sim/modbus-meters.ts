// The simulated Modbus meters of `npm start`: an SDM630 on the grid connection of a house with
// a heat pump and a PV installation, and a PZEM-004T sub-meter on the heat pump. Values are a
// function of the instant (the heat pump cycles, PV exports at midday), and the energy
// registers integrate the power between samples, as the real meters' counters do.
import { HouseholdLoad } from './household-load';
import { smoothNoise } from './prng';
import { solarPowerW } from './solar-production';

export interface SimulatedMetersOptions {
  seed: number;
  pvPeakW: number;
  heatPumpW: number;
}

/** The heat pump: 18 min on, 12 min off, a start-up surge in its first minute. */
function heatPumpW(tMs: number, ratedW: number): number {
  const minute = (tMs / 60_000) % 30;
  if (minute >= 18) return 15; // standby electronics
  return ratedW * (minute < 1 ? 1.3 : 1) * (1 + 0.03 * Math.sin(tMs / 7_000));
}

const PF_LOAD = 0.95;
const HP_PF = 0.9;

export class SimulatedModbusMeters {
  private readonly house: HouseholdLoad;
  private lastMs: number | undefined;
  private importWh: number;
  private exportWh: number;
  private hpWh: number;
  /** The SDM630's per-phase registers: each phase counts its own flow, no netting between phases. */
  private readonly phaseImportWh: number[];
  private readonly phaseExportWh: number[];

  constructor(private readonly o: SimulatedMetersOptions) {
    this.house = new HouseholdLoad({ seed: o.seed, phases: 3, offPeakWaterHeater: false, meanPowerVA: 700 });
    // counters a meter of a few years would show
    this.importWh = 8_421_300 + o.seed * 1000;
    this.exportWh = 1_234_500;
    this.hpWh = 2_345_678;
    this.phaseImportWh = [0.5, 0.3, 0.2].map((k) => this.importWh * k);
    this.phaseExportWh = [1, 1, 1].map(() => this.exportWh / 3);
  }

  /** The SDM630 (grid) and PZEM (heat pump) values at tMs, by the shipped profiles' point ids. */
  sample(tMs: number): { sdm630: Record<string, number>; pzem: Record<string, number> } {
    const load = this.house.at(tMs).perPhaseVA;
    const hp = heatPumpW(tMs, this.o.heatPumpW);
    const pv = solarPowerW(this.o.seed, this.o.pvPeakW, tMs);
    const volts = [0, 1, 2].map((i) => 230 + 3 * smoothNoise(tMs / 20_000, this.o.seed, i));
    const sdm: Record<string, number> = {};
    let p = 0;
    let s = 0;
    let q = 0;
    const phaseW: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ph = i + 1;
      const loadP = load[i] * PF_LOAD;
      const loadQ = load[i] * Math.sqrt(1 - PF_LOAD * PF_LOAD);
      const hpP = i === 0 ? hp : 0;
      const hpQ = i === 0 ? hp * Math.tan(Math.acos(HP_PF)) : 0;
      const pi = loadP + hpP - pv / 3;
      const qi = loadQ + hpQ;
      const si = Math.hypot(pi, qi);
      sdm[`voltageL${ph}V`] = volts[i];
      sdm[`currentL${ph}A`] = si / volts[i];
      sdm[`powerL${ph}W`] = pi;
      phaseW.push(pi);
      sdm[`apparentPowerL${ph}VA`] = si;
      sdm[`reactivePowerL${ph}VAr`] = qi;
      sdm[`powerFactorL${ph}`] = si > 0 ? pi / si : 1;
      p += pi;
      s += si;
      q += qi;
    }
    this.advance(tMs, p, hp, phaseW);
    for (let i = 0; i < 3; i++) {
      sdm[`energyImportL${i + 1}Wh`] = this.phaseImportWh[i];
      sdm[`energyExportL${i + 1}Wh`] = this.phaseExportWh[i];
    }
    sdm.powerW = p;
    sdm.apparentPowerVA = s;
    sdm.reactivePowerVAr = q;
    sdm.powerFactor = s > 0 ? p / s : 1;
    sdm.frequencyHz = 50 + 0.02 * smoothNoise(tMs / 10_000, this.o.seed, 9);
    sdm.energyImportWh = this.importWh;
    sdm.energyExportWh = this.exportWh;
    sdm.totalEnergyWh = this.importWh + this.exportWh;
    const hpI = hp / HP_PF / volts[0];
    const pzem = {
      voltageV: Math.round(volts[0] * 10) / 10,
      currentA: Math.round(hpI * 1000) / 1000,
      powerW: Math.round(hp * 10) / 10,
      energyImportWh: Math.floor(this.hpWh),
      frequencyHz: Math.round(sdm.frequencyHz * 10) / 10,
      powerFactor: hp > 100 ? HP_PF : 0.5,
      alarm: 0,
    };
    return { sdm630: sdm, pzem };
  }

  private advance(tMs: number, gridW: number, hpW: number, phaseW: readonly number[]): void {
    if (this.lastMs !== undefined && tMs > this.lastMs) {
      const h = (tMs - this.lastMs) / 3_600_000;
      if (gridW >= 0) this.importWh += gridW * h;
      else this.exportWh += -gridW * h;
      this.hpWh += hpW * h;
      phaseW.forEach((w, i) => {
        if (w >= 0) this.phaseImportWh[i] += w * h;
        else this.phaseExportWh[i] += -w * h;
      });
    }
    this.lastMs = tMs;
  }
}
