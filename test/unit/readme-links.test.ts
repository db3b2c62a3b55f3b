// The README is read on npmjs.com and in Node-RED's flow library, where a relative link or a
// path inside this repository leads nowhere: every link must be absolute, and the ones into
// this repository must name a file that exists here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const repoPath = new URL(repo).pathname; // /owner/name
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

test('every README link is absolute', () => {
  assert.ok(links.length > 5, `links found: ${links.length}`);
  const relative = links.filter((l) => !/^https?:\/\//.test(l));
  assert.deepEqual(relative, []);
});

test("the README's links into the repository name files that exist", () => {
  const blob = `https://github.com${repoPath}/blob/main/`;
  const raw = `https://raw.githubusercontent.com${repoPath}/main/`;
  const ours = links.filter((l) => l.startsWith(blob) || l.startsWith(raw));
  assert.ok(ours.length > 5, `links into the repository: ${ours.length}`);
  const missing = ours.map((l) => l.replace(blob, '').replace(raw, '').replace(/#.*$/, '')).filter((f) => !existsSync(join(root, f)));
  assert.deepEqual(missing, []);
  // a link to another repository's files would be a mistake of the same kind
  const elsewhere = links.filter((l) => /github(usercontent)?\.com/.test(l) && !ours.includes(l));
  assert.deepEqual(elsewhere, []);
});
