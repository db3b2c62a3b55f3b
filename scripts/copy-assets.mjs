// tsc only emits .js: Node-RED also needs each node's .html (editor + help) and locales
// beside the built .js, so they are mirrored from nodes/ into dist/nodes/.
import { cpSync, existsSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, extname } from 'node:path';

const copied = new Set(['.html', '.json']);
function mirror(src, dst) {
  for (const name of readdirSync(src)) {
    const s = join(src, name);
    const d = join(dst, name);
    if (statSync(s).isDirectory()) mirror(s, d);
    else if (copied.has(extname(name))) {
      mkdirSync(dst, { recursive: true });
      cpSync(s, d);
    }
  }
}
if (existsSync('nodes')) mirror('nodes', join('dist', 'nodes'));
