// Import and export energy registers of one channel, kept apart as the WES keeps INDEX and
// INJECT (a single signed register would hide a day of export under a day of import). Whole Wh
// are the index a user reads; the fraction below 1 Wh is carried to the next period, so a
// 10 s period of 300 W (0.83 Wh) is never rounded away. JSON-safe, so it persists as is.

export interface EnergyRegister {
  importWh: number;
  exportWh: number;
  /** Joules not yet making a whole Wh, per direction. */
  importJ: number;
  exportJ: number;
}

export function emptyRegister(): EnergyRegister {
  return { importWh: 0, exportWh: 0, importJ: 0, exportJ: 0 };
}

export function isEnergyRegister(x: unknown): x is EnergyRegister {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return ['importWh', 'exportWh', 'importJ', 'exportJ'].every(
    (k) => typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) >= 0,
  );
}

/** Adds `powerW` held for `seconds`: positive is import, negative export. */
export function addEnergy(r: EnergyRegister, powerW: number, seconds: number): EnergyRegister {
  if (!(seconds > 0) || !Number.isFinite(powerW)) return r;
  const j = Math.abs(powerW) * seconds;
  if (powerW >= 0) {
    const total = r.importJ + j;
    const wh = Math.floor(total / 3600);
    return { ...r, importWh: r.importWh + wh, importJ: total - wh * 3600 };
  }
  const total = r.exportJ + j;
  const wh = Math.floor(total / 3600);
  return { ...r, exportWh: r.exportWh + wh, exportJ: total - wh * 3600 };
}

/** The exact energy in Wh, index plus carried fraction. */
export function exactWh(r: EnergyRegister): { importWh: number; exportWh: number } {
  return { importWh: r.importWh + r.importJ / 3600, exportWh: r.exportWh + r.exportJ / 3600 };
}
