// Shapes shared by the TIC decoding layers, the simulator and the Node-RED adapter.

export type TicMode = 'historique' | 'standard' | 'pme-pmi';

/** One information group as received, checksum verified. */
export interface TicGroup {
  label: string;
  /** Data exactly as transmitted (padding spaces kept). */
  data: string;
  /** Standard-mode horodate (13 chars, season letter first), when the label carries one. */
  horodate?: string;
}

/** Why a group or a value was rejected; the counters are keyed by these. */
export type RejectReason =
  | 'checksum' // 6-bit checksum mismatch
  | 'structure' // no separator, empty label, LF without CR, over-long group
  | 'non-printable' // control or 8-bit byte inside a group
  | 'format' // wrong size or non-digit in a numeric field
  | 'backwards' // an energy index lower than the last accepted one
  | 'jump' // an energy index rising faster than the subscribed power allows
  | 'range' // a power or current beyond what the meter can physically measure
  | 'label'; // a label outside the mode's table (a bit-6 flip keeps the checksum: EASF0q)

/** A frame as delimited by the byte state machine (STX … ETX, or cut by EOT / a new STX). */
export interface TicRawFrame {
  groups: TicGroup[];
  /** Groups dropped inside this frame, by reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** Ended by ETX (true) or cut by EOT / a new STX / stream end (false). */
  complete: boolean;
  /** An EOT interrupted this frame. */
  interrupted: boolean;
  /** Number of bytes between STX and ETX inclusive. */
  bytes: number;
  /** Valid groups using HT (standard) and SP (historique / PME-PMI) separators. */
  htGroups: number;
  spGroups: number;
}

export type TempoColour = 'BLEU' | 'BLANC' | 'ROUGE';
