// Frames built from the specification tables (02E for historique, 54E for standard),
// with every field at its specified size. Tests corrupt them byte by byte.
import { encodeFrame } from '../../nodes/core/tic/frame-encoder';
import type { TicGroup } from '../../nodes/core/tic/types';

export const HIST_TEMPO_MONO: TicGroup[] = [
  { label: 'ADCO', data: '021861348497' },
  { label: 'OPTARIF', data: 'BBR(' },
  { label: 'ISOUSC', data: '45' },
  { label: 'BBRHCJB', data: '001234567' },
  { label: 'BBRHPJB', data: '002345678' },
  { label: 'BBRHCJW', data: '000123456' },
  { label: 'BBRHPJW', data: '000234567' },
  { label: 'BBRHCJR', data: '000012345' },
  { label: 'BBRHPJR', data: '000023456' },
  { label: 'PTEC', data: 'HPJW' },
  { label: 'DEMAIN', data: 'ROUG' },
  { label: 'IINST', data: '012' },
  { label: 'IMAX', data: '090' },
  { label: 'PAPP', data: '02790' },
  { label: 'HHPHC', data: 'A' },
  { label: 'MOTDETAT', data: '000000' },
];

export const HIST_HC_TRI: TicGroup[] = [
  { label: 'ADCO', data: '031428097115' },
  { label: 'OPTARIF', data: 'HC..' },
  { label: 'ISOUSC', data: '20' },
  { label: 'HCHC', data: '013149843' },
  { label: 'HCHP', data: '024561234' },
  { label: 'PTEC', data: 'HC..' },
  { label: 'IINST1', data: '003' },
  { label: 'IINST2', data: '005' },
  { label: 'IINST3', data: '001' },
  { label: 'IMAX1', data: '060' },
  { label: 'IMAX2', data: '060' },
  { label: 'IMAX3', data: '060' },
  { label: 'PMAX', data: '06080' },
  { label: 'PAPP', data: '02150' },
  { label: 'HHPHC', data: 'A' },
  { label: 'MOTDETAT', data: '000000' },
  { label: 'PPOT', data: '00' },
];

/** A CBETM / Linky-tri short frame during an overrun on phase 2 (02E §2.5.4). */
export const HIST_TRI_SHORT: TicGroup[] = [
  { label: 'ADIR2', data: '032' },
  { label: 'ADCO', data: '031428097115' },
  { label: 'IINST1', data: '003' },
  { label: 'IINST2', data: '032' },
  { label: 'IINST3', data: '001' },
];

export const STD_TEMPO_MONO: TicGroup[] = [
  { label: 'ADSC', data: '041961183957' },
  { label: 'VTIC', data: '02' },
  { label: 'DATE', horodate: 'H261125193000', data: '' },
  { label: 'NGTF', data: '     TEMPO      ' },
  { label: 'LTARF', data: '    HP  BLEU    ' },
  { label: 'EAST', data: '012345678' },
  { label: 'EASF01', data: '004000000' },
  { label: 'EASF02', data: '006000000' },
  { label: 'EASF03', data: '000800000' },
  { label: 'EASF04', data: '001000000' },
  { label: 'EASF05', data: '000200000' },
  { label: 'EASF06', data: '000345678' },
  { label: 'EASF07', data: '000000000' },
  { label: 'EASF08', data: '000000000' },
  { label: 'EASF09', data: '000000000' },
  { label: 'EASF10', data: '000000000' },
  { label: 'EASD01', data: '006000000' },
  { label: 'EASD02', data: '006345678' },
  { label: 'EASD03', data: '000000000' },
  { label: 'EASD04', data: '000000000' },
  { label: 'IRMS1', data: '008' },
  { label: 'URMS1', data: '231' },
  { label: 'PREF', data: '09' },
  { label: 'PCOUP', data: '09' },
  { label: 'SINSTS', data: '01840' },
  { label: 'SMAXSN', horodate: 'H261125071532', data: '05706' },
  { label: 'SMAXSN-1', horodate: 'H261124183011', data: '06120' },
  { label: 'CCASN', horodate: 'H261125190000', data: '01620' },
  { label: 'CCASN-1', horodate: 'H261125183000', data: '01580' },
  { label: 'UMOY1', horodate: 'H261125192000', data: '230' },
  { label: 'STGE', data: '013A0501' },
  { label: 'MSG1', data: 'PAS DE          MESSAGE         ' },
  { label: 'PRM', data: '12345678901234' },
  { label: 'RELAIS', data: '001' },
  { label: 'NTARF', data: '02' },
  { label: 'NJOURF', data: '00' },
  { label: 'NJOURF+1', data: '00' },
  { label: 'PJOURF+1', data: '00004001 06004002 22004001 NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE NONUTILE' },
];

export function frameOf(groups: TicGroup[], mode: 'historique' | 'standard'): Buffer {
  return encodeFrame(mode, groups);
}
