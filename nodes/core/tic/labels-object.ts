// Builds the `labels` object of each meter state. Adding some forty keys one by one to `{}`
// leaves V8 with a slow dictionary object and costs about a microsecond a frame, the largest
// single cost of decoding. A meter repeats the same label sequence frame after frame, so once
// a sequence has repeated, an object-literal factory is compiled for it: one allocation, fast
// properties. Only labels from our own tables are ever compiled into code; any other sequence
// (unknown labels, PME-PMI) takes the ordinary path.
import { HISTORIQUE_LABELS, STANDARD_LABELS } from './labels';
import type { LabelValue } from './meter-state';

type Factory = (values: readonly LabelValue[]) => Record<string, LabelValue>;

const KNOWN = new Set([...Object.keys(HISTORIQUE_LABELS), ...Object.keys(STANDARD_LABELS)]);

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compile(keys: readonly string[]): Factory {
  // keys are our own label names (checked against the tables): printable ASCII without quotes
  const body = `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')}};`;
  return new Function('v', body) as Factory;
}

export function keyedObject(keys: readonly string[], values: readonly LabelValue[]): Record<string, LabelValue> {
  const o: Record<string, LabelValue> = {};
  for (let i = 0; i < keys.length; i++) o[keys[i]] = values[i];
  return o;
}

export class LabelsObjectBuilder {
  private keys: readonly string[] = [];
  private factory: Factory | undefined;
  private candidate: readonly string[] = [];

  build(keys: readonly string[], values: readonly LabelValue[]): Record<string, LabelValue> {
    if (this.factory !== undefined && sameKeys(keys, this.keys)) return this.factory(values);
    // a sequence is compiled only when two frames in a row agree, so a frame that lost a group
    // to noise never costs a compilation
    if (sameKeys(keys, this.candidate) && keys.every((k) => KNOWN.has(k)) && new Set(keys).size === keys.length) {
      this.keys = this.candidate;
      this.factory = compile(this.keys);
      return this.factory(values);
    }
    this.candidate = keys.slice();
    return keyedObject(keys, values);
  }
}
