// The 12-digit EURIDIS address (ADCO / ADSC): manufacturer, year, device type, serial
// (54E §2.2). The type code tells a three-phase Linky before any phase-2 value arrives.

const LINKY_TYPES: Readonly<Record<string, { description: string; phases: 1 | 3 }>> = {
  '61': { description: 'Linky mono 60 A G3', phases: 1 },
  '62': { description: 'Linky mono 90 A G1', phases: 1 },
  '63': { description: 'Linky tri 60 A G1', phases: 3 },
  '64': { description: 'Linky mono 60 A G3', phases: 1 },
  '70': { description: 'Linky mono 60 A G3 (development)', phases: 1 },
  '71': { description: 'Linky tri 60 A G3 (development)', phases: 3 },
  '75': { description: 'Linky mono 90 A G3', phases: 1 },
  '76': { description: 'Linky tri 60 A G3', phases: 3 },
};

export interface MeterAddress {
  manufacturerCode: string;
  year: number;
  typeCode: string;
  description?: string;
  phases?: 1 | 3;
}

export function decodeMeterAddress(address: string): MeterAddress | null {
  if (!/^\d{12}$/.test(address)) return null;
  const typeCode = address.slice(4, 6);
  const known = LINKY_TYPES[typeCode];
  const base = { manufacturerCode: address.slice(0, 2), year: 2000 + Number(address.slice(2, 4)), typeCode };
  return known ? { ...base, description: known.description, phases: known.phases } : base;
}
