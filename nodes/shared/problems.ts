// Core problems (codes with parameters) in the runtime's language. The texts live in
// nodes/shared/problems/<lang>.json, shared by every node, because one core module (a history
// query, a relay command) is used by several nodes; English is the fallback for a missing text.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeAPI } from 'node-red';
import type { Problem } from '../core/problem';

const catalogs = new Map<string, Record<string, string>>();

function catalog(lang: string): Record<string, string> {
  let c = catalogs.get(lang);
  if (!c) {
    const file = join(__dirname, 'problems', `${lang}.json`);
    c = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
    catalogs.set(lang, c);
  }
  return c;
}

/** The catalog language for a locale such as "fr_FR.UTF-8" or "en-GB". */
function catalogLang(locale: string | undefined): string {
  return locale && /^fr/i.test(locale) ? 'fr' : 'en-US';
}

/** The runtime language as Node-RED itself picks it: settings.lang, then LC_ALL / LC_MESSAGES / LANG. */
export function runtimeLang(RED: NodeAPI): string | undefined {
  let lang: unknown;
  try {
    lang = (RED.settings as unknown as Record<string, unknown>).lang;
  } catch {
    lang = undefined; // settings throw on unknown keys in some versions
  }
  if (typeof lang === 'string' && lang) return lang;
  for (const v of ['LC_ALL', 'LC_MESSAGES', 'LANG']) if (process.env[v]) return process.env[v];
  return undefined;
}

/** The problem as a sentence in `lang` ("fr" or "en-US"). */
export function explain(p: Problem, lang = 'en-US'): string {
  const template = catalog(lang)[p.code] ?? catalog('en-US')[p.code] ?? p.code;
  return template.replace(/__(\w+)__/g, (_, name: string) => String(p.params[name] ?? ''));
}

/** An explainer in the runtime's language, for an adapter. */
export function explainer(RED: NodeAPI): (p: Problem) => string {
  const lang = catalogLang(runtimeLang(RED));
  return (p) => explain(p, lang);
}
