// What every contract reader returns: the typed value, or a code with parameters that the
// consuming adapter translates (core holds no sentences). One shape for every message kind, so
// an adapter handles any refusal the same way.

import type { Problem } from '../problem';

/** `not-<kind>` when the message is of another kind; `bad-field` when one field is wrong. */
export type ContractError = Problem;

export type Read<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const accept = <T>(value: T): Read<T> => ({ ok: true, value });
export const refuse = <T>(code: string, params: Record<string, string | number> = {}): Read<T> => ({ ok: false, error: { code, params } });

export type Fields = Record<string, unknown>;

/** A plain object (not an array, not null), or undefined. */
export function objectOf(v: unknown): Fields | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : undefined;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The first field of `names` present in `o` that fails `ok`, or null: optional fields, typed when present. */
export function badOptional(o: Fields, names: readonly string[], ok: (v: unknown) => boolean): string | null {
  for (const n of names) if (o[n] !== undefined && !ok(o[n])) return n;
  return null;
}
