// The profiles shipped with the package, and the register image of a profile's values (what a
// simulated meter serves, and what the round-trip property encodes).
import { encodeValue, registerCount } from './codec';
import { layoutOf, parseProfile, type Profile } from './profile';
import orWe516 from './profiles/or-we-516.json';
import pzem004t from './profiles/pzem-004t.json';
import sdm120 from './profiles/sdm120.json';
import sdm230 from './profiles/sdm230.json';
import sdm630 from './profiles/sdm630.json';
import sdm72 from './profiles/sdm72.json';

function checked(json: unknown): Profile {
  const r = parseProfile(json);
  // a shipped profile is part of the code: a bad one is a bug the unit tests catch
  if (!r.ok) throw new Error(`${r.error.code} ${JSON.stringify(r.error.params)}`);
  return r.profile;
}

export const PROFILES: ReadonlyMap<string, Profile> = new Map(
  [sdm120, sdm230, sdm630, sdm72, pzem004t, orWe516].map((j) => {
    const p = checked(j);
    return [p.model, p];
  }),
);

/** Register words by function code (3 or 4) and address. */
export type RegisterImage = Map<number, Map<number, number>>;

/** The registers holding `values` (by point id) as the profile's device would; absent ids are left out. */
export function encodeImage(p: Profile, values: Record<string, number>, into: RegisterImage = new Map()): RegisterImage {
  for (const pt of p.points) {
    const v = values[pt.id];
    if (v === undefined) continue;
    const words = encodeValue(v, layoutOf(p, pt), pt.scale ?? 1);
    let table = into.get(pt.fc);
    if (!table) into.set(pt.fc, (table = new Map()));
    for (let i = 0; i < registerCount(pt.type); i++) table.set(pt.address + i, words[i]);
  }
  return into;
}

/** The words of one read from an image; unmapped registers read as 0. */
export function readImage(image: RegisterImage, fc: number, start: number, count: number): number[] {
  const table = image.get(fc);
  return Array.from({ length: count }, (_, i) => table?.get(start + i) ?? 0);
}
