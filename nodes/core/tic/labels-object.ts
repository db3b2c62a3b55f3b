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
  /** Never handed out: it holds the last frame's values, and each frame gets a copy of it. */
  private template: Record<string, LabelValue> | undefined;
  private templateValues: LabelValue[] = [];
  private candidate: readonly string[] = [];

  build(keys: readonly string[], values: readonly LabelValue[]): Record<string, LabelValue> {
    if (this.template !== undefined && sameKeys(keys, this.keys)) return this.fill(values);
    // a template is kept only when two frames in a row agree, so a frame that lost a group to
    // noise does not replace it; a repeated label would make the copy and the keys disagree
    if (sameKeys(keys, this.candidate) && new Set(keys).size === keys.length) {
      this.keys = this.candidate;
      // copied once more: an object built by a copy is itself copied on V8's fast path, one
      // built key by key is not
      this.template = { ...keyedObject(keys, values) };
      this.templateValues = values.slice();
      return { ...this.template };
    }
    this.candidate = keys.slice();
    return keyedObject(keys, values);
  }

  private fill(values: readonly LabelValue[]): Record<string, LabelValue> {
    const t = this.template as Record<string, LabelValue>;
    const tv = this.templateValues;
    const keys = this.keys;
    // most values are the very objects of the last frame: only the others are written
    for (let i = 0; i < keys.length; i++) {
      const v = values[i];
      if (tv[i] !== v) {
        tv[i] = v;
        t[keys[i]] = v;
      }
    }
    return { ...t };
  }
}
