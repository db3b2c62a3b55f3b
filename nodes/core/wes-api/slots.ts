// Which WES slot a message fills: the user's table (one "topic = slot" per line, edited in the
// node), else the slot its topic names (tic1, pulse3, clamp2, probe7, input1, analog4, with the
// box's French words too: impulsion3, pince2, sonde7, entree1, ad4).
import { problem, type Problem } from '../problem';
import { SLOT_COUNTS } from './data-cgx';

export type SlotKind = 'tic' | 'pulse' | 'clamp' | 'probe' | 'input' | 'analog';
export interface Slot {
  kind: SlotKind;
  /** 1-based, as the box numbers it. */
  n: number;
}

const WORDS: Record<string, SlotKind> = {
  tic: 'tic',
  pulse: 'pulse',
  impulsion: 'pulse',
  clamp: 'clamp',
  pince: 'clamp',
  probe: 'probe',
  sonde: 'probe',
  temp: 'probe',
  input: 'input',
  entree: 'input',
  analog: 'analog',
  ad: 'analog',
};

function parseSlot(text: string): Slot | Problem {
  const m = /^([a-z]+)\s*(\d{1,2})$/i.exec(text.trim());
  const kind = m ? WORDS[m[1].toLowerCase()] : undefined;
  if (!m || !kind) return problem('wesApi.slotName', { slot: text.trim().slice(0, 30) });
  const n = Number(m[2]);
  const max = SLOT_COUNTS[kind];
  if (n < 1 || n > max) return problem('wesApi.slotRange', { slot: text.trim(), kind, max });
  return { kind, n };
}

export type SlotTable = Map<string, Slot>;

/** "topic = slot" lines; blank lines and lines starting with # are skipped. */
export function parseSlotTable(text: string): SlotTable | Problem {
  const table: SlotTable = new Map();
  const taken = new Map<string, string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.lastIndexOf('=');
    if (eq <= 0) return problem('wesApi.slotLine', { line: i + 1 });
    const topic = line.slice(0, eq).trim();
    const slot = parseSlot(line.slice(eq + 1));
    if ('code' in slot) return slot;
    const key = `${slot.kind}${slot.n}`;
    if (taken.has(key) && taken.get(key) !== topic)
      return problem('wesApi.slotTwice', { slot: key, a: taken.get(key) as string, b: topic });
    if (table.has(topic)) return problem('wesApi.topicTwice', { topic });
    taken.set(key, topic);
    table.set(topic, slot);
  }
  return table;
}

/**
 * The slot of a message's topic: the table's choice, else the topic itself when it names a slot.
 * The 1-Wire bus names its humidity boards humidity1, humidity2…: the box shows them among its
 * probes (SONDE), so they fill the probe slots from the last one down (humidity1 = SONDE30),
 * clear of the temperatures the bus numbers from the first one up (temp1 = SONDE1).
 */
export function slotOf(topic: string, table: SlotTable): Slot | Problem {
  const chosen = table.get(topic);
  if (chosen) return chosen;
  const humidity = /^humidity(\d{1,2})$/i.exec(topic.trim());
  if (humidity && Number(humidity[1]) >= 1 && Number(humidity[1]) <= SLOT_COUNTS.probe)
    return { kind: 'probe', n: SLOT_COUNTS.probe + 1 - Number(humidity[1]) };
  const auto = parseSlot(topic);
  return 'code' in auto ? problem('wesApi.noSlot', { topic: topic.slice(0, 40) }) : auto;
}
