// Turns the groups of one frame into the meter's typed state: decodes each label, applies
// the format and plausibility checks, detects mode / phases / producer with hysteresis, and
// keeps the values of the previous frame where this one lost them (a corrupted group, a
// three-phase short frame) so that the state a consumer sees never has holes.
import { Hysteresis } from './hysteresis';
import { keyedObject, LabelsObjectBuilder } from './labels-object';
import { fillPmeState } from './pme-state';
import { IndexGuard } from './index-guard';
import { decodeLabel, labelSpec } from './label-decoder';
import { decodeMeterAddress, type MeterAddress } from './meter-address';
import type { LabelValue, MeterState, TariffOption } from './meter-state';
import type { StatusRegister } from './stge';
import type { RejectReason, TempoColour, TicGroup, TicMode, TicRawFrame } from './types';

/** Labels that only exist while their condition lasts: never carried over to the next frame. */
const TRANSIENT = new Set(['ADPS', 'ADIR1', 'ADIR2', 'ADIR3', 'PEJP', 'MSG2', 'PPOINTE', 'DPM1', 'FPM1', 'DPM2', 'FPM2', 'DPM3', 'FPM3']);
const PME_LABELS = new Set(['MESURES1', 'MESURES2', 'PTCOUR1', 'PTCOUR2', 'TRAME', 'ADS', 'EA_s', 'EAPP_s', 'DebP']);

const HIST_INDEXES: Readonly<Record<TariffOption, readonly string[]>> = {
  BASE: ['BASE'],
  HC: ['HCHC', 'HCHP'],
  EJP: ['EJPHN', 'EJPHPM'],
  TEMPO: ['BBRHCJB', 'BBRHPJB', 'BBRHCJW', 'BBRHPJW', 'BBRHCJR', 'BBRHPJR'],
  OTHER: [],
};
const HIST_PERIOD_INDEX: Readonly<Record<string, number>> = {
  TH: 1,
  HC: 1,
  HP: 2,
  HN: 1,
  PM: 2,
  HCJB: 1,
  HPJB: 2,
  HCJW: 3,
  HPJW: 4,
  HCJR: 5,
  HPJR: 6,
};
const EASF = Array.from({ length: 10 }, (_, i) => `EASF${String(i + 1).padStart(2, '0')}`);
const TEMPO_BY_SUFFIX: Readonly<Record<string, TempoColour>> = { JB: 'BLEU', JW: 'BLANC', JR: 'ROUGE' };
const DEMAIN: Readonly<Record<string, TempoColour>> = { BLEU: 'BLEU', BLAN: 'BLANC', ROUG: 'ROUGE' };

/** Physical bounds of a French meter: 90 A mono, 60 A per phase on three-phase, at most ~270 V. */
const MAX_CURRENT_A = 100;
const MAX_PHASE_VA = 90 * 270;
const MAX_TRI_PHASE_VA = 60 * 270;

function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const k in o) deepFreeze((o as Record<string, unknown>)[k]);
}

/** Physical upper bounds of the measured values ('total' depends on the phase count). */
const RANGE = new Map<string, number | 'total'>([
  ...['IINST', 'IINST1', 'IINST2', 'IINST3', 'IRMS1', 'IRMS2', 'IRMS3', 'ADPS', 'ADIR1', 'ADIR2', 'ADIR3'].map((l): [string, number] => [
    l,
    MAX_CURRENT_A,
  ]),
  ...['SINSTS1', 'SINSTS2', 'SINSTS3'].map((l): [string, number] => [l, MAX_TRI_PHASE_VA]),
  ...['PAPP', 'SINSTS', 'SINSTI'].map((l): [string, 'total'] => [l, 'total']),
]);

const PHASE2_LABELS = ['IINST2', 'IRMS2', 'URMS2', 'SINSTS2', 'IMAX2', 'ADIR1', 'ADIR2', 'ADIR3', 'PPOT'];
const PHASE_POWER = ['SINSTS1', 'SINSTS2', 'SINSTS3'];
const IRMS = ['IRMS1', 'IRMS2', 'IRMS3'];
const URMS = ['URMS1', 'URMS2', 'URMS3'];
const IINST = ['IINST1', 'IINST2', 'IINST3'];

/**
 * The values of the per-phase labels by position (phase 1 first), null for a phase whose
 * group is missing: a consumer reads position i as phase i+1, so a lost phase-1 group must
 * not shift phase 2 into its place. Trailing missing phases are left out.
 */
function byPhase(num: (k: string) => number | undefined, keys: readonly string[]): (number | null)[] {
  const out: (number | null)[] = [];
  let last = -1;
  for (let i = 0; i < keys.length; i++) {
    const v = num(keys[i]);
    out.push(v ?? null);
    if (v !== undefined) last = i;
  }
  out.length = last + 1;
  return out;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

interface Cached {
  group: TicGroup;
  value: LabelValue;
}

/** What the decoder knows of one meter, kept aside while another address is on trial. */
interface MeterMemory {
  identity: string | undefined;
  meterId: string;
  guard: IndexGuard;
  cache: Map<string, Cached>;
  prevGroups: readonly TicGroup[];
  prevAligned: readonly (LabelValue | undefined)[];
  labels: Record<string, LabelValue>;
  mode: Hysteresis<TicMode>;
  phases: Hysteresis<1 | 3>;
  producer: Hysteresis<boolean>;
  optionFor: string | undefined;
  option: TariffOption;
  shortRun: number;
  heldOverloadA: number[] | undefined;
}

export interface DecodedFrame {
  state: MeterState;
  /** Values dropped by the format and plausibility layer in this frame, by reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** The frame was an ADCO-only "veille" frame. */
  standby: boolean;
}

function tariffOptionOf(mode: TicMode, contract: string | undefined): TariffOption {
  if (contract === undefined) return 'OTHER';
  const c = contract.toUpperCase();
  if (mode === 'historique') {
    if (c === 'BASE') return 'BASE';
    if (c.startsWith('HC')) return 'HC';
    if (c.startsWith('EJP')) return 'EJP';
    if (c.startsWith('BBR')) return 'TEMPO';
    return 'OTHER';
  }
  if (c.includes('TEMPO')) return 'TEMPO';
  if (c.includes('EJP')) return 'EJP';
  if (c.includes('CREUSE') || /\bHC\b/.test(c)) return 'HC';
  if (c.includes('BASE')) return 'BASE';
  return 'OTHER';
}

export class MeterDecoder {
  readonly rejectedValues: Partial<Record<RejectReason, number>> = {};
  private mode = new Hysteresis<TicMode>();
  private phases = new Hysteresis<1 | 3>();
  private producer = new Hysteresis<boolean>();
  private guard = new IndexGuard();
  private cache = new Map<string, Cached>();
  private readonly labelsBuilder = new LabelsObjectBuilder();
  private prevGroups: readonly TicGroup[] = [];
  private prevAligned: readonly (LabelValue | undefined)[] = [];
  private labels: Record<string, LabelValue> = {};
  private meterId = '';
  private identity: string | undefined;
  /** The last address group that passed its check, and the identity it names. */
  private lastAddress: TicGroup | undefined;
  private lastIdentity: string | undefined;
  /** The last meter named by two frames in a row, while a different address is on trial. */
  private confirmed: MeterMemory | undefined;
  /** Short (ADIRx) frames since the last long frame, and their overload currents. */
  private shortRun = 0;
  private heldOverloadA: number[] | undefined;
  private season: 'winter' | 'summer' = 'winter';
  private meterInfoFor = '';
  private meterInfo: MeterAddress | undefined;
  private optionFor: string | undefined = '\0';
  private option: TariffOption = 'OTHER';

  get detectedMode(): TicMode | undefined {
    return this.mode.value;
  }

  /** Decodes a frame; null when it holds no usable group. */
  decode(frame: TicRawFrame, nowMs: number): DecodedFrame | null {
    if (frame.groups.length === 0) return null;
    let rejected: Partial<Record<RejectReason, number>> | undefined;
    const reject = (r: RejectReason): void => {
      rejected ??= {};
      rejected[r] = (rejected[r] ?? 0) + 1;
      this.rejectedValues[r] = (this.rejectedValues[r] ?? 0) + 1;
    };
    const frameMode = this.modeOf(frame);
    let id: TicGroup | undefined;
    let date: TicGroup | undefined;
    for (const g of frame.groups) {
      const l = g.label;
      // only an address that passes its format check may name the meter: a bit-6 flip of a
      // digit keeps the checksum and would otherwise pass for a new meter
      if (l === 'ADCO' || l === 'ADSC' || l === 'ADS') {
        if (id === undefined && (g === this.lastAddress || this.validAddress(frameMode, g))) id = g;
      } else if (l === 'DATE') date = g;
    }
    // The framer hands back the same group object for the same bytes: the address checked and
    // named once stands until its bytes change.
    let identity: string | undefined;
    if (id !== undefined) {
      if (id !== this.lastAddress) {
        this.lastAddress = id;
        this.lastIdentity = `${id.label}:${id.data}`;
      }
      identity = this.lastIdentity;
    }
    if (identity !== undefined && this.identity !== undefined && identity !== this.identity) {
      if (this.confirmed?.identity === identity) {
        // back to the meter named before: the other address was one frame's error (a
        // transposition of digits keeps both the checksum and the format), and its memory
        // (anchors, carried values, hysteresis) comes back as it was
        this.restore(this.confirmed);
        this.confirmed = undefined;
      } else {
        // another meter on this input, or the same meter switched between historique and
        // standard by the DSO: its registers and mode share nothing with what came before.
        // It is decoded at once, but the previous meter's memory is kept until a second
        // frame names the new one
        this.confirmed ??= this.remember();
        this.forget();
      }
    } else if (identity !== undefined) this.confirmed = undefined;
    if (identity !== undefined && id !== undefined) {
      this.identity = identity;
      this.meterId = id.data;
    }
    // a frame whose content disagrees with the settled mode is not trusted until enough agree
    const mode = this.mode.observe(frameMode);
    if (mode !== frameMode) return null;

    if (date?.horodate) {
      const s = date.horodate[0];
      if (s === 'E' || s === 'e') this.season = 'summer';
      else if (s === 'H' || s === 'h') this.season = 'winter';
    }

    const prev = this.labels;
    const keys: string[] = [];
    const values: LabelValue[] = [];
    // a rise is bounded by twice the meter's physical maximum, so that a slow frame rate or a
    // clock step never rejects a true index while a transposed digit still stands out
    const maxPowerW = 2 * MAX_PHASE_VA * (this.phases.value ?? 1);
    // most groups repeat from frame to frame, at the same place, and the group parser hands back
    // the same object for the same bytes: an unchanged group reuses its accepted value
    const groups = frame.groups;
    const prevGroups = this.prevGroups;
    const prevAligned = this.prevAligned;
    const aligned: (LabelValue | undefined)[] = new Array<LabelValue | undefined>(groups.length);
    // a long frame has OPTARIF; a short one has ADIRx without it (noted as the keys are pushed)
    let optarif = false;
    let adir = false;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      let value = prevGroups[gi] === g ? prevAligned[gi] : undefined;
      if (value === undefined) {
        const c = this.cache.get(g.label);
        if (c !== undefined && (c.group === g || (c.group.data === g.data && c.group.horodate === g.horodate))) value = c.value;
        else {
          const spec = labelSpec(mode, g.label);
          // PME-PMI has no table here; elsewhere an unknown label is a corrupted one (EASF0q for
          // EASF01), and the real one keeps its previous value through the lossy-frame carry
          if (spec === undefined && mode !== 'pme-pmi') {
            reject('label');
            continue;
          }
          const v = decodeLabel(mode, g, this.season, spec);
          if (v === 'format') {
            reject('format');
            continue;
          }
          if (spec?.kind === 'index' && typeof v.value === 'number') {
            const r = this.guard.check(g.label, v.value, nowMs, maxPowerW);
            if (r !== null) {
              reject(r);
              continue;
            }
          } else if (typeof v.value === 'number' && !this.inRange(g.label, v.value)) {
            reject('range');
            continue;
          }
          // values are shared between the states of successive frames: frozen so that a flow
          // that edits its copy of msg.payload cannot alter what the next frame reports
          Object.freeze(v);
          if (typeof v.value === 'object') deepFreeze(v.value);
          if (c !== undefined) {
            c.group = g;
            c.value = v;
          } else this.cache.set(g.label, { group: g, value: v });
          value = v;
        }
      }
      const l = g.label;
      if (l.length === 7) optarif ||= l === 'OPTARIF';
      else if (l.length === 5) adir ||= l === 'ADIR1' || l === 'ADIR2' || l === 'ADIR3';
      keys.push(l);
      values.push(value);
      aligned[gi] = value;
    }
    this.prevGroups = groups;
    this.prevAligned = aligned;

    const short = !optarif && adir;
    const lossy = !frame.complete || short || rejected !== undefined || hasKeys(frame.rejected);
    let labels: Record<string, LabelValue>;
    if (lossy) {
      labels = keyedObject(keys, values);
      for (const k in prev) if (!(k in labels) && !TRANSIENT.has(k)) labels[k] = prev[k];
    } else {
      labels = this.labelsBuilder.build(keys, values);
    }
    this.labels = labels;

    const standby = frame.complete && frame.groups.length === 1 && id !== undefined;
    // a three-phase meter in overload sends short frames with one long frame between them
    // (02E §2.5.4): that long frame does not end the overload, only a second long one does
    let held = false;
    if (mode === 'historique' && !standby) {
      if (short) this.shortRun++;
      else {
        // a lone short frame is a blip the long frame ends; a run of them is the overload
        // cycle, and only a second long frame in a row says the short frames stopped
        held = this.shortRun >= 2;
        this.shortRun = 0;
      }
    }
    const state = this.buildState(mode, labels, held ? this.heldOverloadA : undefined);
    if (short) this.heldOverloadA = state.alerts.overloadCurrentA;
    return { state, rejected: rejected ?? {}, standby };
  }

  private modeOf(frame: TicRawFrame): TicMode {
    if (frame.htGroups > frame.spGroups) return 'standard';
    for (const g of frame.groups) if (PME_LABELS.has(g.label)) return 'pme-pmi';
    return 'historique';
  }

  private remember(): MeterMemory {
    return {
      identity: this.identity,
      meterId: this.meterId,
      guard: this.guard,
      cache: this.cache,
      prevGroups: this.prevGroups,
      prevAligned: this.prevAligned,
      labels: this.labels,
      mode: this.mode,
      phases: this.phases,
      producer: this.producer,
      optionFor: this.optionFor,
      option: this.option,
      shortRun: this.shortRun,
      heldOverloadA: this.heldOverloadA,
    };
  }

  private restore(m: MeterMemory): void {
    this.identity = m.identity;
    this.meterId = m.meterId;
    this.guard = m.guard;
    this.cache = m.cache;
    this.prevGroups = m.prevGroups;
    this.prevAligned = m.prevAligned;
    this.labels = m.labels;
    this.mode = m.mode;
    this.phases = m.phases;
    this.producer = m.producer;
    this.optionFor = m.optionFor;
    this.option = m.option;
    this.shortRun = m.shortRun;
    this.heldOverloadA = m.heldOverloadA;
  }

  private forget(): void {
    this.guard = new IndexGuard();
    this.cache = new Map();
    this.prevGroups = [];
    this.prevAligned = [];
    this.labels = {};
    this.mode = new Hysteresis<TicMode>();
    this.phases = new Hysteresis<1 | 3>();
    this.producer = new Hysteresis<boolean>();
    this.optionFor = '\0';
    this.shortRun = 0;
    this.heldOverloadA = undefined;
  }

  private validAddress(mode: TicMode, g: TicGroup): boolean {
    const spec = labelSpec(mode, g.label);
    if (spec === undefined) return g.data.length > 0;
    return decodeLabel(mode, g, this.season, spec) !== 'format';
  }

  private inRange(label: string, value: number): boolean {
    const bound = RANGE.get(label);
    if (bound === undefined) return true;
    if (bound === 'total') return value <= (this.phases.value === 3 ? 3 * MAX_TRI_PHASE_VA : MAX_PHASE_VA);
    return value <= bound;
  }

  private buildState(mode: TicMode, labels: Record<string, LabelValue>, heldOverloadA?: number[]): MeterState {
    const num = (k: string): number | undefined => {
      const v = labels[k]?.value;
      return typeof v === 'number' ? v : undefined;
    };
    const text = (k: string): string | undefined => {
      const v = labels[k]?.value;
      return typeof v === 'string' ? v : undefined;
    };
    const stge = labels.STGE?.value as StatusRegister | undefined;
    const meterId = text('ADCO') ?? text('ADSC') ?? text('ADS') ?? this.meterId;
    if (meterId !== this.meterInfoFor) {
      this.meterInfoFor = meterId;
      const info = decodeMeterAddress(meterId) ?? undefined;
      if (info) deepFreeze(info);
      this.meterInfo = info;
    }
    const meterInfo = this.meterInfo;

    let hasPhase2 = false;
    for (const k of PHASE2_LABELS)
      if (k in labels) {
        hasPhase2 = true;
        break;
      }
    const phases = this.phases.observe(hasPhase2 ? 3 : (meterInfo?.phases ?? 1));
    const producer = this.producer.observe(mode === 'standard' && (stge?.producer === true || 'EAIT' in labels));

    const contract = mode === 'historique' ? text('OPTARIF') : mode === 'standard' ? text('NGTF') : undefined;
    if (contract !== this.optionFor) {
      this.optionFor = contract;
      this.option = tariffOptionOf(mode, contract);
    }
    const tariffOption = this.option;
    const state: MeterState = {
      mode,
      meterId,
      phases,
      producer,
      tariffOption,
      energyByPeriodWh: {},
      currentA: [],
      alerts: { overload: false },
      labels,
    };
    if (meterInfo) state.meterInfo = meterInfo;
    if (contract !== undefined) state.contract = contract;

    if (mode === 'standard') {
      const ltarf = text('LTARF');
      if (ltarf !== undefined) state.tariffPeriod = ltarf;
      const ntarf = num('NTARF') ?? stge?.supplierIndex;
      if (ntarf !== undefined) state.tariffIndex = ntarf;
      const pref = num('PREF');
      if (pref !== undefined) state.subscribedPowerVA = pref * 1000;
      const east = num('EAST');
      if (east !== undefined) state.energyWh = east;
      for (const k of EASF) {
        const v = num(k);
        if (v !== undefined) state.energyByPeriodWh[k] = v;
      }
      const eait = num('EAIT');
      if (eait !== undefined) state.injectedEnergyWh = eait;
      const s = num('SINSTS');
      if (s !== undefined) state.powerVA = s;
      const perPhase = byPhase(num, PHASE_POWER);
      if (perPhase.length > 0) state.powerPerPhaseVA = perPhase;
      const si = num('SINSTI');
      if (si !== undefined) state.injectedPowerVA = si;
      state.currentA = byPhase(num, IRMS);
      const volts = byPhase(num, URMS);
      if (volts.length > 0) state.voltageV = volts;
      if (stge) {
        if (tariffOption === 'TEMPO' || stge.tempoToday !== null) state.tempo = { today: stge.tempoToday, tomorrow: stge.tempoTomorrow };
        if (tariffOption === 'EJP') state.ejp = { notice: stge.mobilePeakNotice > 0, peak: stge.mobilePeak > 0 };
        state.alerts.overload = stge.overReferencePower;
        state.alerts.overvoltage = stge.overvoltage;
        state.alerts.breakerOpen = stge.breaker === 'closed' ? null : stge.breaker;
      }
      const relais = labels.RELAIS?.value;
      if (Array.isArray(relais)) state.relays = relais as boolean[];
      const date = labels.DATE;
      if (date?.time !== undefined) {
        state.meterTime = date.time;
        state.clockDegraded = stge?.clockDegraded ?? false;
      }
    } else if (mode === 'pme-pmi') {
      fillPmeState(state, labels);
    } else {
      const ptec = text('PTEC');
      if (ptec !== undefined) {
        const period = ptec.replace(/\.+$/, '');
        state.tariffPeriod = period;
        const idx = HIST_PERIOD_INDEX[period];
        if (idx !== undefined) state.tariffIndex = idx;
        if (tariffOption === 'TEMPO') {
          const demain = text('DEMAIN');
          state.tempo = { today: TEMPO_BY_SUFFIX[period.slice(2)] ?? null, tomorrow: demain ? (DEMAIN[demain] ?? null) : null };
        }
        if (tariffOption === 'EJP') state.ejp = { notice: 'PEJP' in labels, peak: period === 'PM' };
      }
      const isousc = num('ISOUSC');
      if (isousc !== undefined) {
        state.subscribedCurrentA = isousc;
        state.subscribedPowerVA = isousc * 200 * phases;
      }
      let total: number | undefined;
      for (const k of HIST_INDEXES[tariffOption].length ? HIST_INDEXES[tariffOption] : Object.keys(labels)) {
        const v = num(k);
        if (v === undefined || labelSpec(mode, k)?.kind !== 'index') continue;
        state.energyByPeriodWh[k] = v;
        total = (total ?? 0) + v;
      }
      if (total !== undefined) state.energyWh = total;
      const papp = num('PAPP');
      if (papp !== undefined) state.powerVA = papp;
      const single = num('IINST');
      state.currentA = single !== undefined ? [single] : byPhase(num, IINST);
      const adps = num('ADPS');
      const adir = ['ADIR1', 'ADIR2', 'ADIR3'].map(num);
      if (adps !== undefined) state.alerts.overloadCurrentA = [adps];
      else if (adir.some((v) => v !== undefined)) state.alerts.overloadCurrentA = adir.map((v) => v ?? 0);
      else if (heldOverloadA !== undefined) state.alerts.overloadCurrentA = heldOverloadA;
      state.alerts.overload = state.alerts.overloadCurrentA !== undefined;
    }
    return state;
  }
}
