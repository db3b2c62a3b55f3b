// One group's data → a typed value, with the format checks of the label's table entry
// (exact size, digits only) that catch what the checksum cannot.
import { decodeDayProfile } from './day-profile';
import { isoOfUtcMs, parseHorodate } from './horodate';
import { HISTORIQUE_LABELS, HORODATE_LABELS, STANDARD_LABELS, type LabelSpec } from './labels';
import type { LabelValue } from './meter-state';
import { decodeStge } from './stge';
import type { TicGroup, TicMode } from './types';

/** Digits only, or -1. Faster than a regex on the hot path and rejects signs and spaces. */
function parseDigits(s: string): number {
  if (s.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const HISTORIQUE = new Map(Object.entries(HISTORIQUE_LABELS));
const STANDARD = new Map(Object.entries(STANDARD_LABELS));

export function labelSpec(mode: TicMode, label: string): LabelSpec | undefined {
  return mode === 'standard' ? STANDARD.get(label) : mode === 'historique' ? HISTORIQUE.get(label) : undefined;
}

/**
 * What the texts that drive decisions may hold. The checksum cannot see a bit-6 flip, which
 * turns a digit into p…y, a space into a backquote and a dot into 'n': the tables of 02E and
 * the texts of 54E use upper case, digits, spaces and a little punctuation only.
 */
const UPPER_TEXT = /^[A-Z0-9 .+()/-]*$/;
const KNOWN_TEXT: Readonly<Record<string, RegExp>> = {
  OPTARIF: /^(BASE|HC\.\.|EJP\.|BBR[A-Z0-9()])$/,
  PTEC: /^(TH\.\.|HC\.\.|HP\.\.|HN\.\.|PM\.\.|H[CP]J[BWR])$/,
  DEMAIN: /^(----|BLEU|BLAN|ROUG)$/,
  HHPHC: /^[A-Z]$/,
  MOTDETAT: /^[0-9A-F]+$/,
  VTIC: /^\d\d$/,
  PRM: /^\d{14}$/,
  NGTF: UPPER_TEXT,
  LTARF: UPPER_TEXT,
  MSG1: UPPER_TEXT,
  MSG2: UPPER_TEXT,
};

/** PME-PMI values carry their unit after the number (`00150kW`, `000123456kWh`). */
const PME_NUMBER = /^(\d+)\s*([A-Za-z]+)?$/;

/**
 * Decodes one group. `season` is the frame's DATE season, used for the space-season
 * horodates of DPM/FPM. Returns 'format' when the data does not fit the label.
 */
export function decodeLabel(
  mode: TicMode,
  group: TicGroup,
  season: 'winter' | 'summer',
  spec: LabelSpec | undefined = labelSpec(mode, group.label),
): LabelValue | 'format' {
  const raw = group.data;
  let time: string | undefined;
  if (group.horodate !== undefined) {
    const h = parseHorodate(group.horodate, season);
    if (h === null) return 'format';
    time = isoOfUtcMs(h.utcMs);
  }
  if (spec === undefined) {
    if (mode === 'pme-pmi') {
      const m = PME_NUMBER.exec(raw);
      if (m !== null) return withTime({ value: Number(m[1]), unit: m[2], raw }, time);
    }
    return withTime({ value: raw.trim(), raw }, time);
  }
  if (spec.sizes.length > 0 && !spec.sizes.includes(raw.length)) return 'format';
  // a standard label carries a horodate exactly when the table says so
  if (mode === 'standard' && HORODATE_LABELS.has(group.label) !== (group.horodate !== undefined)) return 'format';
  let value: LabelValue['value'];
  switch (spec.kind) {
    case 'index':
    case 'number': {
      const n = parseDigits(raw);
      if (n < 0) return 'format';
      value = n;
      break;
    }
    case 'address':
      // every digit: a bit-6 flip turns a digit into p…y with the same checksum, anywhere
      if (parseDigits(raw) < 0) return 'format';
      value = raw;
      break;
    case 'text': {
      const known = KNOWN_TEXT[group.label];
      if (known !== undefined && !known.test(raw)) return 'format';
      value = raw.trim();
      break;
    }
    case 'stge': {
      const s = decodeStge(raw);
      if (s === null) return 'format';
      value = s;
      break;
    }
    case 'profile': {
      const p = decodeDayProfile(raw);
      if (p === null) return 'format';
      value = p;
      break;
    }
    case 'relais': {
      const n = parseDigits(raw);
      if (n < 0 || n > 255) return 'format';
      value = Array.from({ length: 8 }, (_, i) => ((n >> i) & 1) === 1);
      break;
    }
    case 'ppot': {
      if (!/^[0-9A-Fa-f]{2}$/.test(raw)) return 'format';
      const n = parseInt(raw, 16);
      value = { phase1Missing: (n & 2) !== 0, phase2Missing: (n & 4) !== 0, phase3Missing: (n & 8) !== 0 };
      break;
    }
    case 'date':
      if (time === undefined) return 'format';
      value = time;
      break;
  }
  const out: LabelValue = spec.unit ? { value, unit: spec.unit, raw } : { value, raw };
  return withTime(out, time);
}

function withTime(v: LabelValue, time: string | undefined): LabelValue {
  if (time !== undefined) v.time = time;
  if (v.unit === undefined) delete v.unit;
  return v;
}
