// Rules page: load shedding (délestage) of meter 1 with wes-load-shed, wired to the relays through link nodes.
import { colours, page, uiGroup, widget, text, template, vue, atStart } from '../builders.mjs';

export function loadShedding(f) {
  page(f, 'page-rules', f.t({ fr: 'Règles', en: 'Rules' }), '/rules', 'format-list-checks', 6);
  uiGroup(f, 'ui-rules-shed', f.t({ fr: 'Délestage · compteur 1', en: 'Load shedding · meter 1' }), 'page-rules', 6, 1);
  uiGroup(f, 'ui-rules-log', f.t({ fr: 'Délestage · décisions', en: 'Load shedding · decisions' }), 'page-rules', 6, 2);
  uiGroup(f, 'ui-shedding', f.t({ fr: 'Délestage', en: 'Load shedding' }), 'page-overview', 6, 5);
  f.comment(
    'c-shed',
    210,
    780,
    f.t({
      fr: 'Page Règles : délestage du compteur 1 par wes-load-shed',
      en: 'Rules page: load shedding (délestage) of meter 1 with wes-load-shed',
    }),
    f.t({
      fr:
        'Ouvrez « délestage » pour le modifier : ce qui est surveillé (la puissance face aux 9 kVA souscrits), les seuils ' +
        '(délester au-dessus de 90 %, rétablir sous 80 % après 60 s), et les charges par ordre de priorité (la première délestée ' +
        "d'abord : le chauffe-eau, puis le fil pilote du chauffage). Chaque charge est une sortie, reliée à son relais dans le " +
        'groupe Relais ; la dernière sortie est le journal des décisions.\n\n' +
        "Les messages d'état des relais reviennent par « états des relais », si bien que la règle apprend les commandes manuelles " +
        '(un interrupteur de la page Relais prend la main pour la durée de forçage du relais). Après chaque décision, le nœud ' +
        "est interrogé sur son état (« status »), que la page Règles et la Vue d'ensemble affichent.\n\n" +
        'La page Règles change l\'ordre en marche : « Délester d\'abord » envoie {topic: "priorities", payload: [charges, la ' +
        "première délestée d'abord]} (gardé par le nœud au redémarrage ; les charges gardent leurs sorties et leurs relais).",
      en:
        'Open "load shedding" to edit it: what is watched (power vs the subscribed 9 kVA), the thresholds (shed above 90 %, ' +
        'restore below 80 % after 60 s), and the loads in priority order (first shed first: the water heater, then the heating ' +
        'fil pilote). Each load is one output, linked to its relay on the Relays group; the last output is the decision log.\n\n' +
        'The relays\' own state messages come back through "relay states", so the rule learns manual commands ' +
        "(a switch on the Relays page overrides it for the relay's override time). After each decision the node is asked " +
        'for its state ("status"), which the Rules page and the Overview show.\n\n' +
        'The Rules page changes the order at run time: "Shed first" sends {topic: "priorities", payload: [loads, first shed first]} ' +
        '(kept across restarts by the node; the loads keep their outputs and relays).',
    }),
  );
  f.node('li-shed', 'link in', 250, 840, { name: f.t({ fr: 'compteur 1', en: 'meter 1' }), links: [] }, [['load-shed']]);
  f.node('li-relay-states', 'link in', 95, 900, { name: f.t({ fr: 'états des relais', en: 'relay states' }), links: [] }, [
    ['load-shed', 'shed-ask'],
  ]);
  atStart(f, 'shed-start', 250, 960, f.t({ fr: 'état au démarrage', en: 'state at start' }), 'status', 'str', [['load-shed']], 1);
  f.node(
    'load-shed',
    'wes-load-shed',
    500,
    880,
    {
      name: f.t({ fr: 'délestage', en: 'load shedding' }),
      basis: 'power',
      fixedLimit: 0,
      shedAtPct: 90,
      restoreBelowPct: 80,
      restoreDelayS: 60,
      settleS: 3,
      rotateAfterMin: 30,
      predictS: 0,
      lostMode: 'hold',
      lostAfterS: 30,
      voltage: 230,
      pilotCommand: 'relay',
      loads: [
        {
          name: f.t({ fr: 'chauffe-eau', en: 'water heater' }),
          powerW: 2400,
          kind: 'onoff',
          relay: 1,
          minOnS: 0,
          minOffS: 0,
          rotate: false,
        },
        { name: f.t({ fr: 'chauffage', en: 'heating' }), powerW: 3000, kind: 'pilot', relay: 2, minOnS: 0, minOffS: 0, rotate: false },
      ],
      outputs: 3,
    },
    [['lo-relay1'], ['lo-relay2'], ['shed-kind']],
  );
  f.node('lo-relay1', 'link out', 720, 820, {
    name: f.t({ fr: 'vers relais 1 · chauffe-eau', en: 'to relay 1 · water heater' }),
    mode: 'link',
    links: [],
  });
  f.node('lo-relay2', 'link out', 720, 860, {
    name: f.t({ fr: 'vers relais 2 · chauffage', en: 'to relay 2 · heating' }),
    mode: 'link',
    links: [],
  });
  f.node(
    'shed-kind',
    'switch',
    740,
    920,
    {
      name: f.t({ fr: 'décision ou état ?', en: 'decision or state?' }),
      property: 'topic',
      propertyType: 'msg',
      rules: [
        { t: 'eq', v: 'load-shed/decision', vt: 'str' },
        { t: 'eq', v: 'load-shed/state', vt: 'str' },
      ],
      checkall: 'false',
      repair: false,
      outputs: 2,
    },
    [['shed-ask'], ['shed-text', 'shed-loads', 'shed-log', 'shed-order']],
  );
  f.node(
    'shed-ask',
    'change',
    500,
    960,
    {
      name: f.t({ fr: 'demander son état', en: 'ask for its state' }),
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: 'status', tot: 'str' },
        { t: 'delete', p: 'relay', pt: 'msg' },
      ],
    },
    [['load-shed']],
  );
  text(
    f,
    'shed-text',
    990,
    860,
    'ui-shedding',
    1,
    f.t({ fr: 'Charges du compteur 1', en: 'Meter 1 loads' }),
    f.t({
      fr: '$count(payload.shed) = 0 ? "aucune délestée" : "délestées : " & $join(payload.shed, ", ")',
      en: '$count(payload.shed) = 0 ? "nothing shed" : "shed: " & $join(payload.shed, ", ")',
    }),
    'jsonata',
  );
  f.nodes[f.nodes.length - 1].name = f.t({ fr: 'état du délestage', en: 'shedding state' });
  template(
    f,
    'shed-loads',
    990,
    910,
    'ui-rules-shed',
    1,
    f.t({ fr: 'charges délestables', en: 'shedding loads' }),
    vue('shed-loads', f.lang),
  );
  template(f, 'shed-log', 990, 960, 'ui-rules-log', 1, f.t({ fr: 'journal du délestage', en: 'shedding log' }), vue('shed-log', f.lang));
  // The shedding order, edited on the Rules page: the dropdown lists the loads in the order in force (from the node's
  // state) and picks the one shed first; "priorities" puts it in front of the others, which keep their order.
  f.node(
    'shed-order',
    'change',
    740,
    1010,
    {
      name: f.t({ fr: 'ordre en vigueur', en: 'order in force' }),
      rules: [
        { t: 'set', p: 'shedOrder', pt: 'flow', to: 'payload.order', tot: 'msg' },
        { t: 'set', p: 'options', pt: 'msg', to: 'payload.order', tot: 'msg' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'payload.order[0]', tot: 'jsonata' },
      ],
    },
    [['shed-first']],
  );
  f.node(
    'shed-first',
    'ui-dropdown',
    990,
    1010,
    widget(f, 'ui-rules-shed', 2, 0, 0, {
      name: f.t({ fr: "délester d'abord", en: 'shed first' }),
      label: f.t({ fr: "Délester d'abord", en: 'Shed first' }),
      tooltip: '',
      passthru: false,
      multiple: false,
      chips: false,
      clearable: false,
      options: [
        { value: f.t({ fr: 'chauffe-eau', en: 'water heater' }), label: f.t({ fr: 'chauffe-eau', en: 'water heater' }), type: 'str' },
        { value: f.t({ fr: 'chauffage', en: 'heating' }), label: f.t({ fr: 'chauffage', en: 'heating' }), type: 'str' },
      ],
      payload: '',
      topic: 'shed first',
      topicType: 'str',
      typeIsComboBox: false,
      msgTrigger: 'onChange',
    }),
    [['shed-prio']],
  );
  f.node(
    'shed-prio',
    'change',
    500,
    1010,
    {
      name: f.t({ fr: 'priorités', en: 'priorities' }),
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: '$append([payload], $flowContext("shedOrder")[$ != $$.payload])', tot: 'jsonata' },
        { t: 'set', p: 'topic', pt: 'msg', to: 'priorities', tot: 'str' },
      ],
    },
    [['load-shed']],
  );
  const shed = [
    'c-shed',
    'li-shed',
    'li-relay-states',
    'shed-start',
    'load-shed',
    'lo-relay1',
    'lo-relay2',
    'shed-kind',
    'shed-ask',
    'shed-text',
    'shed-loads',
    'shed-log',
    'shed-order',
    'shed-first',
    'shed-prio',
  ];
  f.group(
    'g-shed',
    f.t({ fr: 'Page Règles · délestage (compteur 1)', en: 'Rules page · load shedding (meter 1)' }),
    shed,
    colours.shedding,
  );
}
