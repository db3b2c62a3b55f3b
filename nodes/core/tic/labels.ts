// What each label is: its kind, its data size and its unit, from the Enedis tables
// (ERDF-NOI-CPT_02E for historique, Enedis-NOI-CPT_54E for standard). The decoder and the
// format checks are driven by this table so that both modes share one code path. What each label
// means to a user, in English and in French, is label-names.json (the Téléinfo page shows it).

export type LabelKind =
  | 'index' // energy register, Wh (or VArh), digits
  | 'number' // other numeric value, digits
  | 'text' // free text (kept raw, trimmed copy offered)
  | 'address' // ADCO / ADSC
  | 'stge' // standard status register, 8 hex chars
  | 'profile' // PJOURF+1 / PPOINTE day profiles
  | 'relais' // 8 relay bits, decimal
  | 'ppot' // historique phase presence, 2 hex chars
  | 'date'; // DATE: data empty, the value is the horodate

export interface LabelSpec {
  kind: LabelKind;
  /** Allowed data sizes (chars); empty = any. */
  sizes: readonly number[];
  unit?: string;
}

function spec(kind: LabelKind, sizes: number[], unit?: string): LabelSpec {
  return unit === undefined ? { kind, sizes } : { kind, sizes, unit };
}

const HIST_INDEX = [8, 9]; // 8 on the concentrateur, 9 everywhere else

export const HISTORIQUE_LABELS: Readonly<Record<string, LabelSpec>> = {
  ADCO: spec('address', [12, 10]),
  OPTARIF: spec('text', [4]),
  ISOUSC: spec('number', [2], 'A'),
  BASE: spec('index', HIST_INDEX, 'Wh'),
  HCHC: spec('index', HIST_INDEX, 'Wh'),
  HCHP: spec('index', HIST_INDEX, 'Wh'),
  EJPHN: spec('index', HIST_INDEX, 'Wh'),
  EJPHPM: spec('index', HIST_INDEX, 'Wh'),
  BBRHCJB: spec('index', [9], 'Wh'),
  BBRHPJB: spec('index', [9], 'Wh'),
  BBRHCJW: spec('index', [9], 'Wh'),
  BBRHPJW: spec('index', [9], 'Wh'),
  BBRHCJR: spec('index', [9], 'Wh'),
  BBRHPJR: spec('index', [9], 'Wh'),
  GAZ: spec('number', [7], 'dal'),
  AUTRE: spec('number', [7], 'dal'),
  PEJP: spec('number', [2], 'min'),
  PTEC: spec('text', [4]),
  DEMAIN: spec('text', [4]),
  IINST: spec('number', [3], 'A'),
  IINST1: spec('number', [3], 'A'),
  IINST2: spec('number', [3], 'A'),
  IINST3: spec('number', [3], 'A'),
  ADPS: spec('number', [3], 'A'),
  ADIR1: spec('number', [3], 'A'),
  ADIR2: spec('number', [3], 'A'),
  ADIR3: spec('number', [3], 'A'),
  IMAX: spec('number', [3], 'A'),
  IMAX1: spec('number', [3], 'A'),
  IMAX2: spec('number', [3], 'A'),
  IMAX3: spec('number', [3], 'A'),
  PMAX: spec('number', [5], 'W'),
  PAPP: spec('number', [5], 'VA'),
  HHPHC: spec('text', [1]),
  MOTDETAT: spec('text', [6, 10]),
  PPOT: spec('ppot', [2]),
};

const IDX = [9];
function stdIndex(unit = 'Wh'): LabelSpec {
  return spec('index', IDX, unit);
}
function stdNum(size: number, unit: string): LabelSpec {
  return spec('number', [size], unit);
}

export const STANDARD_LABELS: Readonly<Record<string, LabelSpec>> = {
  ADSC: spec('address', [12]),
  VTIC: spec('text', [2]),
  DATE: spec('date', [0]),
  NGTF: spec('text', [16]),
  LTARF: spec('text', [16]),
  EAST: stdIndex(),
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return [`EASF${n}`, stdIndex()];
    }),
  ),
  ...Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return [`EASD${n}`, stdIndex()];
    }),
  ),
  EAIT: stdIndex(),
  ERQ1: stdIndex('VArh'),
  ERQ2: stdIndex('VArh'),
  ERQ3: stdIndex('VArh'),
  ERQ4: stdIndex('VArh'),
  IRMS1: stdNum(3, 'A'),
  IRMS2: stdNum(3, 'A'),
  IRMS3: stdNum(3, 'A'),
  URMS1: stdNum(3, 'V'),
  URMS2: stdNum(3, 'V'),
  URMS3: stdNum(3, 'V'),
  PREF: stdNum(2, 'kVA'),
  PCOUP: stdNum(2, 'kVA'),
  SINSTS: stdNum(5, 'VA'),
  SINSTS1: stdNum(5, 'VA'),
  SINSTS2: stdNum(5, 'VA'),
  SINSTS3: stdNum(5, 'VA'),
  SMAXSN: stdNum(5, 'VA'),
  SMAXSN1: stdNum(5, 'VA'),
  SMAXSN2: stdNum(5, 'VA'),
  SMAXSN3: stdNum(5, 'VA'),
  'SMAXSN-1': stdNum(5, 'VA'),
  'SMAXSN1-1': stdNum(5, 'VA'),
  'SMAXSN2-1': stdNum(5, 'VA'),
  'SMAXSN3-1': stdNum(5, 'VA'),
  SINSTI: stdNum(5, 'VA'),
  SMAXIN: stdNum(5, 'VA'),
  'SMAXIN-1': stdNum(5, 'VA'),
  CCASN: stdNum(5, 'W'),
  'CCASN-1': stdNum(5, 'W'),
  CCAIN: stdNum(5, 'W'),
  'CCAIN-1': stdNum(5, 'W'),
  UMOY1: stdNum(3, 'V'),
  UMOY2: stdNum(3, 'V'),
  UMOY3: stdNum(3, 'V'),
  STGE: spec('stge', [8]),
  DPM1: spec('number', [2], ''),
  FPM1: spec('number', [2], ''),
  DPM2: spec('number', [2], ''),
  FPM2: spec('number', [2], ''),
  DPM3: spec('number', [2], ''),
  FPM3: spec('number', [2], ''),
  MSG1: spec('text', [32]),
  MSG2: spec('text', [16]),
  PRM: spec('text', [14]),
  RELAIS: spec('relais', [3]),
  NTARF: stdNum(2, ''),
  NJOURF: stdNum(2, ''),
  'NJOURF+1': stdNum(2, ''),
  'PJOURF+1': spec('profile', [98]),
  PPOINTE: spec('profile', [98]),
};

/** Labels that carry a horodate in standard mode (54E §6.2.2). */
export const HORODATE_LABELS: ReadonlySet<string> = new Set([
  'DATE',
  'SMAXSN',
  'SMAXSN1',
  'SMAXSN2',
  'SMAXSN3',
  'SMAXSN-1',
  'SMAXSN1-1',
  'SMAXSN2-1',
  'SMAXSN3-1',
  'SMAXIN',
  'SMAXIN-1',
  'CCASN',
  'CCASN-1',
  'CCAIN',
  'CCAIN-1',
  'UMOY1',
  'UMOY2',
  'UMOY3',
  'DPM1',
  'FPM1',
  'DPM2',
  'FPM2',
  'DPM3',
  'FPM3',
]);
