// What each label means: its kind, its data size and its unit, from the Enedis tables
// (ERDF-NOI-CPT_02E for historique, Enedis-NOI-CPT_54E for standard). The decoder and the
// format checks are driven by this table so that both modes share one code path.

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
  /** Human description (English). */
  name: string;
}

function spec(kind: LabelKind, sizes: number[], name: string, unit?: string): LabelSpec {
  return unit === undefined ? { kind, sizes, name } : { kind, sizes, name, unit };
}

const HIST_INDEX = [8, 9]; // 8 on the concentrateur, 9 everywhere else

export const HISTORIQUE_LABELS: Readonly<Record<string, LabelSpec>> = {
  ADCO: spec('address', [12, 10], 'Meter address'),
  OPTARIF: spec('text', [4], 'Tariff option'),
  ISOUSC: spec('number', [2], 'Subscribed current', 'A'),
  BASE: spec('index', HIST_INDEX, 'Index Base', 'Wh'),
  HCHC: spec('index', HIST_INDEX, 'Index off-peak (HC)', 'Wh'),
  HCHP: spec('index', HIST_INDEX, 'Index peak (HP)', 'Wh'),
  EJPHN: spec('index', HIST_INDEX, 'Index EJP normal hours', 'Wh'),
  EJPHPM: spec('index', HIST_INDEX, 'Index EJP mobile peak hours', 'Wh'),
  BBRHCJB: spec('index', [9], 'Index Tempo blue off-peak', 'Wh'),
  BBRHPJB: spec('index', [9], 'Index Tempo blue peak', 'Wh'),
  BBRHCJW: spec('index', [9], 'Index Tempo white off-peak', 'Wh'),
  BBRHPJW: spec('index', [9], 'Index Tempo white peak', 'Wh'),
  BBRHCJR: spec('index', [9], 'Index Tempo red off-peak', 'Wh'),
  BBRHPJR: spec('index', [9], 'Index Tempo red peak', 'Wh'),
  GAZ: spec('number', [7], 'Gas index', 'dal'),
  AUTRE: spec('number', [7], 'Third meter index', 'dal'),
  PEJP: spec('number', [2], 'EJP start notice', 'min'),
  PTEC: spec('text', [4], 'Current tariff period'),
  DEMAIN: spec('text', [4], 'Tomorrow colour (Tempo)'),
  IINST: spec('number', [3], 'Instantaneous current', 'A'),
  IINST1: spec('number', [3], 'Instantaneous current phase 1', 'A'),
  IINST2: spec('number', [3], 'Instantaneous current phase 2', 'A'),
  IINST3: spec('number', [3], 'Instantaneous current phase 3', 'A'),
  ADPS: spec('number', [3], 'Subscribed power exceeded warning', 'A'),
  ADIR1: spec('number', [3], 'Setting current exceeded phase 1', 'A'),
  ADIR2: spec('number', [3], 'Setting current exceeded phase 2', 'A'),
  ADIR3: spec('number', [3], 'Setting current exceeded phase 3', 'A'),
  IMAX: spec('number', [3], 'Maximum current', 'A'),
  IMAX1: spec('number', [3], 'Maximum current phase 1', 'A'),
  IMAX2: spec('number', [3], 'Maximum current phase 2', 'A'),
  IMAX3: spec('number', [3], 'Maximum current phase 3', 'A'),
  PMAX: spec('number', [5], 'Maximum three-phase power', 'W'),
  PAPP: spec('number', [5], 'Apparent power', 'VA'),
  HHPHC: spec('text', [1], 'Peak/off-peak schedule group'),
  MOTDETAT: spec('text', [6, 10], 'Meter status word'),
  PPOT: spec('ppot', [2], 'Phase potentials present'),
};

const IDX = [9];
function stdIndex(name: string, unit = 'Wh'): LabelSpec {
  return spec('index', IDX, name, unit);
}
function stdNum(size: number, name: string, unit: string): LabelSpec {
  return spec('number', [size], name, unit);
}

export const STANDARD_LABELS: Readonly<Record<string, LabelSpec>> = {
  ADSC: spec('address', [12], 'Meter secondary address'),
  VTIC: spec('text', [2], 'TIC version'),
  DATE: spec('date', [0], 'Meter date and time'),
  NGTF: spec('text', [16], 'Supplier tariff calendar name'),
  LTARF: spec('text', [16], 'Current supplier tariff label'),
  EAST: stdIndex('Total active energy withdrawn'),
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return [`EASF${n}`, stdIndex(`Active energy withdrawn, supplier index ${n}`)];
    }),
  ),
  ...Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return [`EASD${n}`, stdIndex(`Active energy withdrawn, distributor index ${n}`)];
    }),
  ),
  EAIT: stdIndex('Total active energy injected'),
  ERQ1: stdIndex('Reactive energy Q1', 'VArh'),
  ERQ2: stdIndex('Reactive energy Q2', 'VArh'),
  ERQ3: stdIndex('Reactive energy Q3', 'VArh'),
  ERQ4: stdIndex('Reactive energy Q4', 'VArh'),
  IRMS1: stdNum(3, 'RMS current phase 1', 'A'),
  IRMS2: stdNum(3, 'RMS current phase 2', 'A'),
  IRMS3: stdNum(3, 'RMS current phase 3', 'A'),
  URMS1: stdNum(3, 'RMS voltage phase 1', 'V'),
  URMS2: stdNum(3, 'RMS voltage phase 2', 'V'),
  URMS3: stdNum(3, 'RMS voltage phase 3', 'V'),
  PREF: stdNum(2, 'Reference (subscribed) apparent power', 'kVA'),
  PCOUP: stdNum(2, 'Cut-off apparent power', 'kVA'),
  SINSTS: stdNum(5, 'Apparent power withdrawn', 'VA'),
  SINSTS1: stdNum(5, 'Apparent power withdrawn phase 1', 'VA'),
  SINSTS2: stdNum(5, 'Apparent power withdrawn phase 2', 'VA'),
  SINSTS3: stdNum(5, 'Apparent power withdrawn phase 3', 'VA'),
  SMAXSN: stdNum(5, 'Max apparent power withdrawn today', 'VA'),
  SMAXSN1: stdNum(5, 'Max apparent power withdrawn today phase 1', 'VA'),
  SMAXSN2: stdNum(5, 'Max apparent power withdrawn today phase 2', 'VA'),
  SMAXSN3: stdNum(5, 'Max apparent power withdrawn today phase 3', 'VA'),
  'SMAXSN-1': stdNum(5, 'Max apparent power withdrawn yesterday', 'VA'),
  'SMAXSN1-1': stdNum(5, 'Max apparent power withdrawn yesterday phase 1', 'VA'),
  'SMAXSN2-1': stdNum(5, 'Max apparent power withdrawn yesterday phase 2', 'VA'),
  'SMAXSN3-1': stdNum(5, 'Max apparent power withdrawn yesterday phase 3', 'VA'),
  SINSTI: stdNum(5, 'Apparent power injected', 'VA'),
  SMAXIN: stdNum(5, 'Max apparent power injected today', 'VA'),
  'SMAXIN-1': stdNum(5, 'Max apparent power injected yesterday', 'VA'),
  CCASN: stdNum(5, 'Active load curve point withdrawn', 'W'),
  'CCASN-1': stdNum(5, 'Previous active load curve point withdrawn', 'W'),
  CCAIN: stdNum(5, 'Active load curve point injected', 'W'),
  'CCAIN-1': stdNum(5, 'Previous active load curve point injected', 'W'),
  UMOY1: stdNum(3, 'Mean voltage phase 1', 'V'),
  UMOY2: stdNum(3, 'Mean voltage phase 2', 'V'),
  UMOY3: stdNum(3, 'Mean voltage phase 3', 'V'),
  STGE: spec('stge', [8], 'Status register'),
  DPM1: spec('number', [2], 'Mobile peak 1 start', ''),
  FPM1: spec('number', [2], 'Mobile peak 1 end', ''),
  DPM2: spec('number', [2], 'Mobile peak 2 start', ''),
  FPM2: spec('number', [2], 'Mobile peak 2 end', ''),
  DPM3: spec('number', [2], 'Mobile peak 3 start', ''),
  FPM3: spec('number', [2], 'Mobile peak 3 end', ''),
  MSG1: spec('text', [32], 'Short message'),
  MSG2: spec('text', [16], 'Ultra-short message'),
  PRM: spec('text', [14], 'Delivery point reference (PRM)'),
  RELAIS: spec('relais', [3], 'Relays'),
  NTARF: stdNum(2, 'Current supplier tariff index', ''),
  NJOURF: stdNum(2, 'Current day profile number', ''),
  'NJOURF+1': stdNum(2, 'Next day profile number', ''),
  'PJOURF+1': spec('profile', [98], 'Next day profile'),
  PPOINTE: spec('profile', [98], 'Next peak day profile'),
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
