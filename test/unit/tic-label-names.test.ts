// Every label of the decoder's tables has its meaning in English and in French (the Téléinfo page
// shows them), and the names file holds no label the tables do not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORIQUE_LABELS, STANDARD_LABELS } from '../../nodes/core/tic/labels';

const names = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'nodes', 'core', 'tic', 'label-names.json'), 'utf8')) as Record<
  string,
  { en?: unknown; fr?: unknown }
>;

test('each TIC label has a meaning in English and in French, and only those labels', () => {
  const labels = new Set([...Object.keys(HISTORIQUE_LABELS), ...Object.keys(STANDARD_LABELS)]);
  for (const l of labels) {
    const n = names[l];
    assert.ok(n, `${l} has no meaning in label-names.json`);
    assert.ok(typeof n.en === 'string' && n.en.length > 3, `${l}: English`);
    assert.ok(typeof n.fr === 'string' && n.fr.length > 3, `${l}: French`);
    assert.notEqual(n.fr, n.en, `${l}: the French is the English`);
  }
  assert.deepEqual(
    Object.keys(names).filter((l) => !labels.has(l)),
    [],
    'labels the tables do not know',
  );
});
