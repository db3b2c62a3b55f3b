// Téléinfo page: every decoded label, the link state and the error counters of each meter.
import { colours, uiGroup, template, vue } from '../builders.mjs';
import { meters } from './meters.mjs';

export function teleinfo(f) {
  uiGroup(f, 'ui-ti-link1', `${meters[0].short} · link`, 'page-teleinfo', 6, 1);
  uiGroup(f, 'ui-ti-link2', `${meters[1].short} · link`, 'page-teleinfo', 6, 2);
  uiGroup(f, 'ui-ti-values1', `${meters[0].short} · every value`, 'page-teleinfo', 6, 3);
  uiGroup(f, 'ui-ti-values2', `${meters[1].short} · every value`, 'page-teleinfo', 6, 4);
  f.comment('c-ti', 120, 960, 'Téléinfo page: every decoded value, link state and error counters');
  f.node('li-ti', 'link in', 95, 1020, { name: 'meter states', links: [] }, [['sw-ti']]);
  f.node('sw-ti', 'switch', 220, 1020, {
    name: 'which meter?', property: 'topic', propertyType: 'msg',
    rules: [{ t: 'eq', v: 'tic1', vt: 'str' }, { t: 'eq', v: 'tic2', vt: 'str' }], checkall: 'false', repair: false, outputs: 2,
  }, [['ti-link1', 'ti-values1'], ['ti-link2', 'ti-values2']]);
  template(f, 'ti-link1', 450, 980, 'ui-ti-link1', 1, 'link meter 1', vue('link'));
  template(f, 'ti-values1', 450, 1020, 'ui-ti-values1', 1, 'labels meter 1', vue('labels'));
  template(f, 'ti-link2', 450, 1060, 'ui-ti-link2', 1, 'link meter 2', vue('link'));
  template(f, 'ti-values2', 450, 1100, 'ui-ti-values2', 1, 'labels meter 2', vue('labels'));
  const ti = ['c-ti', 'li-ti', 'sw-ti', 'ti-link1', 'ti-values1', 'ti-link2', 'ti-values2'];
  f.move(ti, 1260, -200);
  f.move(['li-ti'], -50, 0);
  f.group('g-ti', 'Téléinfo page', ti, colours.teleinfo);
}
