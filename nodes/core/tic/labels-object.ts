// Builds the `labels` object of each meter state. A meter repeats the same label sequence frame
// after frame, so once a sequence has repeated, its object is kept as a template and each frame
// gets a copy of it with this frame's values. A copy keeps the template's shape, so the forty
// objects a second share one hidden class instead of each being built key by key; plain code,
// no generated function. A frame with another sequence takes the ordinary key-by-key path.
import type { LabelValue } from './meter-state';

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function keyedObject(keys: readonly string[], values: readonly LabelValue[]): Record<string, LabelValue> {
  const o: Record<string, LabelValue> = {};
  for (let i = 0; i < keys.length; i++) o[keys[i]] = values[i];
  return o;
}

export class LabelsObjectBuilder {
  private keys: readonly string[] = [];
  private template: Record<string, LabelValue> | undefined;
  private candidate: readonly string[] = [];

  build(keys: readonly string[], values: readonly LabelValue[]): Record<string, LabelValue> {
    if (this.template !== undefined && sameKeys(keys, this.keys)) return this.fill(values);
    // a template is kept only when two frames in a row agree, so a frame that lost a group to
    // noise does not replace it; a repeated label would make the copy and the keys disagree
    if (sameKeys(keys, this.candidate) && new Set(keys).size === keys.length) {
      this.keys = this.candidate;
      this.template = keyedObject(keys, values);
      return this.fill(values);
    }
    this.candidate = keys.slice();
    return keyedObject(keys, values);
  }

  private fill(values: readonly LabelValue[]): Record<string, LabelValue> {
    const o = { ...this.template };
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) o[keys[i]] = values[i];
    return o;
  }
}
