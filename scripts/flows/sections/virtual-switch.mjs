// A WES virtual switch in the supervisor: vs1 "away", on the Relays page and in data.cgx's
// switch_virtuel, so a client of the box (AJAX.CGX?vs1=ON, fvs=1) and the dashboard see and set
// the same state. It drives nothing by itself, as on the real box: a flow (a rule, a scheduler
// condition) reads it from the node's output.
import { atStart, colours, stateSwitch, uiGroup, widget } from '../builders.mjs';

export function virtualSwitch(f) {
  const x0 = 210;
  const y0 = 3760;
  uiGroup(f, 'ui-virtual', f.t({ fr: 'Interrupteurs virtuels', en: 'Virtual switches' }), 'page-relays', 6, 3);
  f.comment(
    'c-virtual',
    x0,
    y0,
    f.t({ fr: 'Interrupteur virtuel vs1 « absence » (page Relais, data.cgx)', en: 'Virtual switch vs1 "away" (Relays page, data.cgx)' }),
    f.t({
      fr:
        "Comme sur un vrai WES, un interrupteur virtuel ne commande rien par lui-même : c'est un état que le tableau de bord, " +
        'les clients du WES (AJAX.CGX?vs1=ON, fvs=1 pour basculer) et vos flows lisent et règlent. Chaque changement, ' +
        "d'où qu'il vienne, sort du nœud (msg.virtualSwitch.source : input, http, start) ; reliez cette sortie à vos règles, " +
        "par exemple pour passer le chauffage en hors-gel pendant une absence. L'état survit à un redémarrage.",
      en:
        'As on a real WES, a virtual switch drives nothing by itself: it is a state that the dashboard, the WES clients ' +
        '(AJAX.CGX?vs1=ON, fvs=1 to toggle) and your flows read and set. Every change, whoever made it, leaves the node ' +
        '(msg.virtualSwitch.source: input, http, start); wire that output to your rules, for example to put the heating in ' +
        'frost protection while away. The state survives a restart.',
    }),
  );
  atStart(f, 'vs-start', x0 - 80, y0 + 60, f.t({ fr: 'état au démarrage', en: 'state at start' }), 'status', 'str', [['vs-away']], 1);
  f.node(
    'vs-away',
    'wes-virtual-switch',
    x0 + 160,
    y0 + 60,
    { name: f.t({ fr: 'absence', en: 'away' }), mode: 'switch', number: '1', startState: 'restore' },
    [['vs-away-sw']],
  );
  f.node(
    'vs-away-sw',
    'ui-switch',
    x0 + 380,
    y0 + 60,
    widget(
      f,
      'ui-virtual',
      1,
      0,
      0,
      // The switch shows what the node holds (a client may change it), not what was clicked.
      stateSwitch({
        name: f.t({ fr: 'interrupteur absence', en: 'away switch' }),
        label: f.t({ fr: 'Absence (interrupteur virtuel 1)', en: 'Away (virtual switch 1)' }),
        topic: 'dashboard',
      }),
    ),
    [['vs-away']],
  );
  f.group(
    'g-virtual',
    f.t({ fr: 'Interrupteur virtuel', en: 'Virtual switch' }),
    ['c-virtual', 'vs-start', 'vs-away', 'vs-away-sw'],
    colours.relays,
  );
}
