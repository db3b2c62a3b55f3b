// Calibration of the WES front end (sensing.md §1.1): an SCT-013-000 (2000 turns) on a 22 Ω
// burden read by a 3.3 V ADC, and a 230 V/9 V adapter behind an 11:1 divider. The constants are
// OpenEnergyMonitor's, so a value measured on an emonTx carries over unchanged.

/** Primary amps per ADC volt: 2000 turns / 22 Ω. */
export const ICAL_SCT013_WES = 2000 / 22;
/** Mains volts per ADC volt: 230 × 11 / (9 × 1.2), the adapter giving 20 % more open-circuit. */
export const VCAL_230_9 = 234.26;
/** The current sensor's phase lead over the voltage sensor's, degrees (emonLibCM's default). */
export const PHASECAL_DEFAULT_DEG = 4.2;

export interface ChannelCalibration {
  enabled: boolean;
  /** Primary amps per ADC volt. */
  ical: number;
  /**
   * How far the measured current leads the measured voltage because of the sensors (the CT's
   * lead minus the adapter's), degrees at the mains frequency. The core pairs each current
   * sample with the voltage interpolated that much later, plus the ADC's own skew.
   */
  phaseCalDeg: number;
  /** The clamp is on the wrong way round: power and direction flip. */
  invert: boolean;
}

export interface VoltageCalibration {
  /** False: no adapter; current only, apparent power from nominalV, no direction. */
  enabled: boolean;
  /** Mains volts per ADC volt. */
  vcal: number;
  /** Used without a voltage input and while AC is absent. */
  nominalV: number;
  nominalHz: number;
}

export function defaultChannel(): ChannelCalibration {
  return { enabled: true, ical: ICAL_SCT013_WES, phaseCalDeg: PHASECAL_DEFAULT_DEG, invert: false };
}

export function defaultVoltage(): VoltageCalibration {
  return { enabled: true, vcal: VCAL_230_9, nominalV: 230, nominalHz: 50 };
}
