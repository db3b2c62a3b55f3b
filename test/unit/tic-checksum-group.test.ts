import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ticChecksumOf } from '../../nodes/core/tic/checksum';
import { GroupParser } from '../../nodes/core/tic/group-parser';

// The worked examples of the protocol reference (§1.3), each from a real frame.
const WORKED: [string, string][] = [
  ['ISOUSC 30', '9'],
  ['PTEC HP..', ' '],
  ['VTIC\t02\t', 'J'],
  ['DATE\tH191203125805\t\t', 'F'],
  ['SMAXSN\tH191203032158\t05706\t', 'B'],
  ['EASD01\t000000000\t', ' '],
];

test('checksum matches the specification worked examples, including a space checksum', () => {
  for (const [covered, chk] of WORKED) assert.equal(String.fromCharCode(ticChecksumOf(covered)), chk, covered);
});

function parse(body: string) {
  const buf = Buffer.from(body, 'latin1');
  return new GroupParser().parse(buf, 0, buf.length);
}

test('historique group: mode 1 checksum excludes the final space, and may itself be a space', () => {
  assert.deepEqual(parse('ISOUSC 30 9'), { label: 'ISOUSC', data: '30' });
  assert.deepEqual(parse('PTEC HP..  '), { label: 'PTEC', data: 'HP..' });
  // mode 2 checksum on a SP group is refused: each separator has one mode
  const mode2 = String.fromCharCode(ticChecksumOf('ISOUSC 30 '));
  assert.equal(parse(`ISOUSC 30 ${mode2}`), 'checksum');
});

test('standard group: mode 2 checksum includes the final HT; horodate and empty data', () => {
  assert.deepEqual(parse('VTIC\t02\tJ'), { label: 'VTIC', data: '02' });
  assert.deepEqual(parse('DATE\tH191203125805\t\tF'), { label: 'DATE', horodate: 'H191203125805', data: '' });
  assert.deepEqual(parse('SMAXSN\tH191203032158\t05706\tB'), { label: 'SMAXSN', horodate: 'H191203032158', data: '05706' });
  assert.deepEqual(parse('EASD01\t000000000\t '), { label: 'EASD01', data: '000000000' });
});

test('data containing the separator is kept whole (groups are parsed from their end)', () => {
  const ngtf = 'NGTF\t     TEMPO      \t';
  assert.deepEqual(parse(ngtf + String.fromCharCode(ticChecksumOf(ngtf))), { label: 'NGTF', data: '     TEMPO      ' });
  const pme = 'MESURES1 BT4 SUP36';
  assert.deepEqual(parse(`${pme} ${String.fromCharCode(ticChecksumOf(pme))}`), { label: 'MESURES1', data: 'BT4 SUP36' });
});

test('bad groups are rejected with their reason', () => {
  assert.equal(parse('ISOUSC 31 9'), 'checksum');
  assert.equal(parse('ISOUSC\x0b30 9'), 'control', "control bytes are the framer's to handle");
  assert.equal(parse('ISOUSC30X9'), 'structure');
  assert.equal(parse('IS'), 'structure');
  assert.equal(parse('ISOUSC 30\x7f9'), 'structure');
  const bad = 'ISOUSC 3\x01';
  assert.equal(parse(`${bad} ${String.fromCharCode(ticChecksumOf(bad))}`), 'control');
  const high = 'ISOUSC 3\xe9';
  assert.equal(parse(`${high} ${String.fromCharCode(ticChecksumOf(high))}`), 'non-printable');
  const long = 'ABCDEFGHIJ 30';
  assert.equal(parse(`${long} ${String.fromCharCode(ticChecksumOf(long))}`), 'structure');
});

test('an unchanged group comes back as the same object; a changed one as a new one', () => {
  const p = new GroupParser();
  const a = Buffer.from(`PAPP 02790 ${String.fromCharCode(ticChecksumOf('PAPP 02790'))}`, 'latin1');
  const g1 = p.parse(a, 0, a.length);
  assert.deepEqual(g1, { label: 'PAPP', data: '02790' });
  const g2 = p.parse(Buffer.from(a), 0, a.length);
  assert.equal(g1, g2);
  const body = 'PAPP 02800';
  const b = Buffer.from(`${body} ${String.fromCharCode(ticChecksumOf(body))}`, 'latin1');
  const g3 = p.parse(b, 0, b.length);
  assert.notEqual(g3, g1);
  assert.deepEqual(g3, { label: 'PAPP', data: '02800' });
  const std = Buffer.from('SMAXSN\tH191203032158\t05706\tB', 'latin1');
  const s1 = p.parse(std, 0, std.length);
  const later = 'SMAXSN\tH191203042158\t05706\t';
  const std2 = Buffer.from(later + String.fromCharCode(ticChecksumOf(later)), 'latin1');
  assert.deepEqual(
    p.parse(std2, 0, std2.length),
    { label: 'SMAXSN', horodate: 'H191203042158', data: '05706' },
    'a new horodate is a change',
  );
  assert.notEqual(s1, undefined);
});

test('a bit-6 flip is invisible to the checksum (the format layer must catch it)', () => {
  assert.equal(ticChecksumOf('IINST 002'), ticChecksumOf('IINST p02'));
  assert.equal(ticChecksumOf('HCHC 013149843'), ticChecksumOf('HCHC 013194843'));
});

test('nine-character labels of the standard table (SMAXSN1-1) are accepted', () => {
  const body = 'SMAXSN1-1\tH191203032158\t05706\t';
  assert.deepEqual(parse(body + String.fromCharCode(ticChecksumOf(body))), {
    label: 'SMAXSN1-1',
    horodate: 'H191203032158',
    data: '05706',
  });
});
