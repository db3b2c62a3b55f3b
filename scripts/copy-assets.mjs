// tsc only emits .js: Node-RED also needs each node's .html (editor + help) and locales
// beside the built .js, so they are mirrored from nodes/ into dist/nodes/.
//
// An editor .html may take a piece of markup it shares with others from nodes/shared/editor/:
// a line `<!-- include editor/NAME.html key=value … -->` is replaced by that file, its
// `{{key}}` marks filled in. The pieces themselves are not copied: only whole editors load.
import { cpSync, existsSync, readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';

const copied = new Set(['.html', '.json']);
const pieces = join('nodes', 'shared', 'editor');
const includeLine = /^[ \t]*<!-- include (editor\/[\w.-]+\.html)((?: [\w-]+=[^\s>]*)*) -->[ \t]*$/gm;

/** The editor file with its includes expanded; an unknown piece or mark fails the build. */
function expandIncludes(html, from) {
  return html.replace(includeLine, (_line, piece, args) => {
    const file = join('nodes', 'shared', piece);
    if (!existsSync(file)) throw new Error(`${from}: no ${file} to include`);
    const values = Object.fromEntries(
      args
        .trim()
        .split(/ +/)
        .filter(Boolean)
        .map((a) => a.split('=')),
    );
    return readFileSync(file, 'utf8')
      .replace(/\n$/, '')
      .replace(/\{\{([\w-]+)\}\}/g, (_m, key) => {
        if (!(key in values)) throw new Error(`${from}: ${piece} needs ${key}=…`);
        return values[key];
      });
  });
}

function mirror(src, dst) {
  for (const name of readdirSync(src)) {
    const s = join(src, name);
    const d = join(dst, name);
    if (s === pieces) continue;
    if (statSync(s).isDirectory()) mirror(s, d);
    else if (copied.has(extname(name))) {
      mkdirSync(dst, { recursive: true });
      if (extname(name) === '.html') writeFileSync(d, expandIncludes(readFileSync(s, 'utf8'), s));
      else cpSync(s, d);
    }
  }
}
if (existsSync('nodes')) mirror('nodes', join('dist', 'nodes'));
