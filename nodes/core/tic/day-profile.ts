// PJOURF+1 / PPOINTE: the next day's (or next peak day's) switching profile, 11 blocks
// `HHMMSSSS` separated by spaces, unused blocks `NONUTILE` (54E §6.2.3.22).

export interface ProfileStep {
  /** Start time in local time, "HH:MM". */
  start: string;
  /** Supplier tariff index 1..10, or null when the step does not change it. */
  tariffIndex: number | null;
  /** Virtual contacts 1..7 (index 0 = contact 1), true = closed. */
  virtualContacts: boolean[];
  dryContact: 'unchanged' | 'tempo' | 'open' | 'closed';
}

const DRY: ProfileStep['dryContact'][] = ['unchanged', 'tempo', 'open', 'closed'];

export function decodeDayProfile(data: string): ProfileStep[] | null {
  const blocks = data.trim().split(/ +/);
  const steps: ProfileStep[] = [];
  for (const block of blocks) {
    if (block === 'NONUTILE' || block === '') continue;
    if (!/^\d{4}[0-9A-Fa-f]{4}$/.test(block)) return null;
    const hh = Number(block.slice(0, 2));
    const mm = Number(block.slice(2, 4));
    if (hh > 23 || mm > 59) return null;
    const action = parseInt(block.slice(4), 16);
    const idx = action & 0x0f;
    steps.push({
      start: `${block.slice(0, 2)}:${block.slice(2, 4)}`,
      tariffIndex: idx >= 1 && idx <= 10 ? idx : null,
      virtualContacts: Array.from({ length: 7 }, (_, i) => ((action >> (4 + i)) & 1) === 1),
      dryContact: DRY[(action >> 14) & 3],
    });
  }
  return steps;
}
