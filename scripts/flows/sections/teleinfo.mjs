// Téléinfo page: every decoded label, the link state and the error counters of each meter. A lost
// téléinfo shows as such, since when (from the alarm list: no frame comes then), its counters and
// its table of every value greyed.
import { colours, grid, uiGroup, template, vue } from '../builders.mjs';
import { meters } from './meters.mjs';
import { readFileSync } from 'node:fs';

const LABEL_NAMES = JSON.parse(readFileSync(new URL('../../../nodes/core/tic/label-names.json', import.meta.url), 'utf8'));

/** What each TIC label means, in one language (the decoder's table names the labels only). */
function labelNames(lang) {
  return Object.fromEntries(Object.entries(LABEL_NAMES).map(([label, t]) => [label, t[lang]]));
}

export function teleinfo(f) {
  const shorts = [f.t({ fr: 'Compteur 1', en: meters[0].short }), f.t({ fr: 'Compteur 2', en: meters[1].short })];
  uiGroup(f, 'ui-ti-link1', `${shorts[0]} · ${f.t({ fr: 'liaison', en: 'link' })}`, 'page-teleinfo', 6, 1);
  uiGroup(f, 'ui-ti-link2', `${shorts[1]} · ${f.t({ fr: 'liaison', en: 'link' })}`, 'page-teleinfo', 6, 2);
  uiGroup(f, 'ui-ti-values1', `${shorts[0]} · ${f.t({ fr: 'toutes les valeurs', en: 'every value' })}`, 'page-teleinfo', 6, 3);
  uiGroup(f, 'ui-ti-values2', `${shorts[1]} · ${f.t({ fr: 'toutes les valeurs', en: 'every value' })}`, 'page-teleinfo', 6, 4);
  const at = grid(1305, 820, [0, 175, 405], 40);
  f.comment(
    'c-ti',
    1380,
    760,
    f.t({
      fr: 'Page Téléinfo : valeurs, liaison, erreurs',
      en: 'Téléinfo page: every decoded value, link state and error counters',
    }),
  );
  // One link in per meter and one for the alarms: no switch between them and the widgets.
  f.node('li-ti1', 'link in', ...at(1, 0), { name: f.t({ fr: 'états compteur 1', en: 'states meter 1' }), links: [] }, [
    ['ti-link1', 'ti-values1'],
  ]);
  f.node('li-ti2', 'link in', ...at(1, 1), { name: f.t({ fr: 'états compteur 2', en: 'states meter 2' }), links: [] }, [
    ['ti-link2', 'ti-values2'],
  ]);
  f.node('li-ti-alarms', 'link in', ...at(0, 3), { name: f.t({ fr: 'liste des alarmes', en: 'alarm list' }), links: [] }, [['ti-alarms']]);
  // The dashboard keeps one message a widget, the merge of the last ones it got: with the alarm
  // list beside the meter's state (not in its payload), a page opened while the meter is lost
  // still shows its last state next to "lost since".
  f.node(
    'ti-alarms',
    'change',
    ...at(1, 2),
    {
      name: f.t({ fr: 'liste des alarmes à part', en: 'alarm list apart' }),
      rules: [{ t: 'move', p: 'payload', pt: 'msg', to: 'alarmList', tot: 'msg' }],
    },
    [['ti-link1', 'ti-link2']],
  );
  for (const [k, m] of meters.entries()) {
    const i = k + 1;
    template(
      f,
      `ti-link${i}`,
      ...at(2, 2 * i - 3),
      `ui-ti-link${i}`,
      1,
      f.t({ fr: `liaison compteur ${i}`, en: `link meter ${i}` }),
      vue('link', f.lang).split('__METER__').join(m.key),
    );
    template(
      f,
      `ti-values${i}`,
      ...at(2, 2 * i - 2),
      `ui-ti-values${i}`,
      1,
      f.t({ fr: `étiquettes compteur ${i}`, en: `labels meter ${i}` }),
      vue('labels', f.lang)
        .split('__METER__')
        .join(m.key)
        .replace('__LABEL_NAMES__', JSON.stringify(labelNames(f.lang))),
    );
  }
  const ti = ['c-ti', 'li-ti1', 'li-ti2', 'li-ti-alarms', 'ti-alarms', 'ti-link1', 'ti-values1', 'ti-link2', 'ti-values2'];
  f.group('g-ti', f.t({ fr: 'Page Téléinfo', en: 'Téléinfo page' }), ti, colours.teleinfo);
}
