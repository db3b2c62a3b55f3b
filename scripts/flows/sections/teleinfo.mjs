// Téléinfo page: every decoded label, the link state and the error counters of each meter.
import { colours, grid, uiGroup, template, vue } from '../builders.mjs';
import { meters } from './meters.mjs';

export function teleinfo(f) {
  uiGroup(f, 'ui-ti-link1', `${meters[0].short} · link`, 'page-teleinfo', 6, 1);
  uiGroup(f, 'ui-ti-link2', `${meters[1].short} · link`, 'page-teleinfo', 6, 2);
  uiGroup(f, 'ui-ti-values1', `${meters[0].short} · every value`, 'page-teleinfo', 6, 3);
  uiGroup(f, 'ui-ti-values2', `${meters[1].short} · every value`, 'page-teleinfo', 6, 4);
  const at = grid(1305, 820, [0, 175, 405], 40);
  f.comment('c-ti', 1380, 760, 'Téléinfo page: every decoded value, link state and error counters');
  f.node('li-ti', 'link in', ...at(0, 0), { name: 'meter states', links: [] }, [['sw-ti']]);
  f.node(
    'sw-ti',
    'switch',
    ...at(1, 0),
    {
      name: 'which meter?',
      property: 'topic',
      propertyType: 'msg',
      rules: [
        { t: 'eq', v: 'tic1', vt: 'str' },
        { t: 'eq', v: 'tic2', vt: 'str' },
      ],
      checkall: 'false',
      repair: false,
      outputs: 2,
    },
    [
      ['ti-link1', 'ti-values1'],
      ['ti-link2', 'ti-values2'],
    ],
  );
  for (const i of [1, 2]) {
    template(f, `ti-link${i}`, ...at(2, 2 * i - 3), `ui-ti-link${i}`, 1, `link meter ${i}`, vue('link'));
    template(f, `ti-values${i}`, ...at(2, 2 * i - 2), `ui-ti-values${i}`, 1, `labels meter ${i}`, vue('labels'));
  }
  const ti = ['c-ti', 'li-ti', 'sw-ti', 'ti-link1', 'ti-values1', 'ti-link2', 'ti-values2'];
  f.group('g-ti', 'Téléinfo page', ti, colours.teleinfo);
}
