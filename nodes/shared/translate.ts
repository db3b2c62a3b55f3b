// RED._ returns the key itself when the catalog is not loaded (node-red-node-test-helper does
// not load node catalogs), which would turn every error into "wes-x.errors.y". This falls back to
// the node's en-US catalog, so messages read the same in tests, logs and the editor.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeAPI } from 'node-red';

type Catalog = Record<string, unknown>;
const catalogs = new Map<string, Catalog | null>();

function catalog(nodeDir: string, type: string): Catalog | null {
  const file = join(nodeDir, 'locales', 'en-US', `${type}.json`);
  if (!catalogs.has(file)) catalogs.set(file, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Catalog) : null);
  return catalogs.get(file) ?? null;
}

function lookup(c: Catalog | null, key: string): string | null {
  let cur: unknown = c;
  for (const part of key.split('.')) {
    if (typeof cur !== 'object' || cur === null) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : null;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(RED: NodeAPI, nodeDir: string, type: string): Translate {
  return (key, params) => {
    const full = `${type}.${key}`;
    const text = RED._(full, params);
    if (text !== full) return text;
    const template = lookup(catalog(nodeDir, type), full);
    if (template === null) return full;
    return template.replace(/__(\w+)__/g, (_, name: string) => String(params?.[name] ?? ''));
  };
}
