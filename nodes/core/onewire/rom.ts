// 1-Wire ROM ids in one spelling. The kernel names a slave "28-0316a2799bff" and owfs
// "28.0316A2799BFF": the nodes, the saved names and the editor use the kernel's lowercase form,
// so a probe keeps its name when a user moves the bus from sysfs to owserver.

export type DeviceKind = 'temperature' | 'humidity' | 'switch' | 'other';

/** The canonical id ("28-0316a2799bff") of a sysfs or owfs name, or null when it is not a ROM id. */
export function canonicalRom(name: string): string | null {
  const m = /^\/?([0-9A-Fa-f]{2})[-.]([0-9A-Fa-f]{12})(?:[-.][0-9A-Fa-f]{2})?\/?$/.exec(name.trim());
  return m ? `${m[1].toLowerCase()}-${m[2].toLowerCase()}` : null;
}

/** The owfs spelling ("28.0316A2799BFF") of a canonical id. */
export function owfsRom(rom: string): string {
  return rom.replace('-', '.').toUpperCase();
}

function familyOf(rom: string): string {
  return rom.slice(0, 2).toLowerCase();
}

/** What the bus does with a family: the w1_therm families, the DS2438 (humidity board), the DS2408 (8 relays). */
export function kindOf(rom: string): DeviceKind {
  switch (familyOf(rom)) {
    case '10':
    case '22':
    case '28':
    case '3b':
    case '42':
      return 'temperature';
    case '26':
      return 'humidity';
    case '29':
      return 'switch';
    default:
      return 'other';
  }
}

/** The WES numbers its 1-Wire relays rl101…rl908: board 1–9, then the channel 01–08. */
export function relayNumber(board: number, channel: number): number {
  return board * 100 + channel;
}

/** "rl101", "RL908" or 101 → board and channel; null outside boards 1–9 and channels 1–8. */
export function parseRelayNumber(id: string | number): { board: number; channel: number } | null {
  const m = /^(?:rl)?([1-9])0([1-8])$/i.exec(String(id).trim());
  return m ? { board: Number(m[1]), channel: Number(m[2]) } : null;
}
