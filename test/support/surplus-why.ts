// The surplus router's reason in English, rendered with wes-surplus's en-US catalog as the node
// does, so a unit test reads the sentence a user sees.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SurplusWhy } from '../../nodes/core/rules/surplus';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'nodes', 'wes-surplus', 'locales', 'en-US', 'wes-surplus.json'), 'utf8'),
) as {
  'wes-surplus': { why: Record<string, string> & { hold: Record<string, string> } };
};

function render(template: string | undefined, key: string, params: Record<string, string | number>): string {
  if (typeof template !== 'string') throw new Error(`no en-US text for why.${key}`);
  return template.replace(/__(\w+)__/g, (_, name: string) => String(params[name] ?? ''));
}

export function whyText(w: SurplusWhy): string {
  const why = catalog['wes-surplus'].why;
  return render(why[w.code], w.code, w.params) + (w.hold ? render(why.hold[w.hold], `hold.${w.hold}`, w.params) : '');
}
