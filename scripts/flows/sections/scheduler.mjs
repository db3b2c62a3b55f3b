// Rules page: an EV charger scheduled on meter 1's off-peak hours, with its windows edited on the page.
import { colours, page, uiGroup, widget, text, template, vue } from '../builders.mjs';

export function scheduler(f) {
  uiGroup(
    f,
    'ui-rules-sched',
    f.t({ fr: 'Borne de recharge · programmation (relais 3)', en: 'EV charger · scheduler (relay 3)' }),
    'page-rules',
    6,
    3,
  );
  f.comment(
    'c-sched',
    210,
    1400,
    f.t({
      fr: 'Page Règles : borne de recharge en heures creuses (compteur 1) ou le week-end à midi',
      en: 'Rules page: EV charger in off-peak hours (meter 1) or at weekend noon',
    }),
    f.t({
      fr:
        'wes-scheduler suit la période tarifaire du compteur 1 (les heures creuses que donne le compteur, donc les vraies heures ' +
        'du distributeur) OU ses plages hebdomadaires. Le filtre ne garde que le compteur 1 et les changements de période. Son ' +
        'état lui est demandé chaque minute pour le tableau de bord (« prochain changement », msg.time renseigné pour que la ' +
        'réponse soit une « query ») ; seuls ses changements vont au relais.\n\n' +
        'La page Règles modifie les plages : la zone de texte est remplie avec les plages en vigueur (au démarrage, après une ' +
        'modification, à l’ouverture de la page), « Enregistrer les plages » envoie {schedule: texte} ; wes-scheduler le ' +
        'vérifie, le garde au redémarrage et répond par son nouvel état (« edited »), ou le refuse avec une erreur affichée ' +
        'sous la zone.',
      en:
        "wes-scheduler follows meter 1's tariff period (off-peak hours as the meter says, so the distributor's real hours) " +
        'OR its weekly windows. The filter keeps only meter 1 and tariff changes. It is asked for its ' +
        'state every minute for the dashboard ("next change", msg.time set so the answer is a "query"); only its changes go to the ' +
        'relay.\n\n' +
        'The Rules page edits the windows: the text box is filled with the windows in force (at start, after an edit, when the page ' +
        'opens), "Save windows" sends {schedule: text}; wes-scheduler checks it, keeps it across restarts and answers with its new ' +
        'state ("edited"), or refuses it with an error shown under the box.',
    }),
  );
  f.node('li-sched', 'link in', 190, 1460, { name: f.t({ fr: 'états compteur 1', en: 'states meter 1' }), links: [] }, [['sched-tariff']]);
  f.node(
    'sched-tariff',
    'rbe',
    420,
    1460,
    {
      name: f.t({ fr: 'nouvelle période', en: 'tariff changes only' }),
      func: 'rbe',
      gap: '',
      start: '',
      inout: 'out',
      septopics: true,
      property: 'payload.tariffPeriod',
      topi: 'topic',
    },
    [['scheduler']],
  );
  f.node(
    'sched-tick',
    'inject',
    420,
    1520,
    {
      name: f.t({ fr: 'état chaque minute', en: 'state every minute' }),
      props: [{ p: 'payload' }, { p: 'time', v: '', vt: 'date' }],
      repeat: '60',
      crontab: '',
      once: true,
      onceDelay: 2,
      topic: '',
      payload: 'status',
      payloadType: 'str',
    },
    [['scheduler']],
  );
  f.node(
    'scheduler',
    'wes-scheduler',
    600,
    1480,
    {
      name: f.t({ fr: 'borne de recharge', en: 'EV charger' }),
      // French day names are part of the schedule grammar (nodes/core/rules/schedule.ts).
      schedule: f.t({
        fr: '# recharger aussi le week-end vers midi (production solaire)\nsam,dim 11:00-15:00',
        en: '# also charge at weekend noon (solar hours)\nSat,Sun 11:00-15:00',
      }),
      timeZone: 'Europe/Paris',
      latitude: 48.8566,
      longitude: 2.3522,
      holidayMode: 'sunday',
      alsaceMoselle: false,
      meter: 'offpeak',
      tempoDay: 'today',
      colours: 'ROUGE',
      combine: 'or',
      payloadOn: 'on',
      payloadOff: 'off',
    },
    [['sched-changes', 'sched-tpl', 'sched-why']],
  );
  f.node(
    'sched-changes',
    'switch',
    760,
    1460,
    {
      name: f.t({ fr: 'si changement', en: 'changes only' }),
      property: 'scheduler.reason',
      propertyType: 'msg',
      rules: [{ t: 'regex', v: '^(start|edge|meter|edited)$', vt: 'str', case: false }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['lo-relay3']],
  );
  f.node('lo-relay3', 'link out', 940, 1460, {
    name: f.t({ fr: 'vers relais 3 · recharge', en: 'to relay 3 · ev charger' }),
    mode: 'link',
    links: [],
  });
  template(
    f,
    'sched-tpl',
    760,
    1520,
    'ui-rules-sched',
    1,
    f.t({ fr: 'état de la programmation', en: 'scheduler state' }),
    vue('scheduler', f.lang),
  );
  // Editing the windows. The minute's queries never refill the box, so a user's typing is not overwritten.
  f.node('sched-view', 'ui-event', 130, 1580, { ui: f.id('ui-base'), name: f.t({ fr: 'pages affichées', en: 'page views' }) }, [
    ['sched-page'],
  ]);
  f.node(
    'sched-page',
    'switch',
    290,
    1580,
    {
      name: f.t({ fr: 'page Règles ?', en: 'Rules page?' }),
      property: 'payload.page.path',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: '/rules', vt: 'str' }],
      checkall: 'true',
      repair: false,
      outputs: 1,
    },
    [['sched-ask']],
  );
  f.node(
    'sched-ask',
    'change',
    450,
    1580,
    {
      name: f.t({ fr: 'demander son état', en: 'ask its state' }),
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: 'status', tot: 'str' },
        { t: 'delete', p: 'time', pt: 'msg' },
      ],
    },
    [['scheduler']],
  );
  f.node(
    'sched-why',
    'switch',
    760,
    1580,
    {
      name: f.t({ fr: 'remplir ou enregistré ?', en: 'refill or saved?' }),
      property: 'scheduler.reason',
      propertyType: 'msg',
      rules: [
        { t: 'regex', v: '^(start|edited|demand)$', vt: 'str', case: false },
        { t: 'eq', v: 'edited', vt: 'str' },
      ],
      checkall: 'true',
      repair: false,
      outputs: 2,
    },
    [['sched-fill'], ['sched-result']],
  );
  f.node(
    'sched-fill',
    'change',
    880,
    1620,
    {
      name: f.t({ fr: 'plages en vigueur', en: 'windows in force' }),
      rules: [
        { t: 'set', p: 'scheduleDraft', pt: 'flow', to: 'scheduler.schedule', tot: 'msg' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'scheduler.schedule', tot: 'msg' },
      ],
    },
    [['sched-text']],
  );
  f.node(
    'sched-text',
    'ui-text-input',
    250,
    1640,
    widget(f, 'ui-rules-sched', 2, 0, 3, {
      name: f.t({ fr: 'texte des plages', en: 'schedule text' }),
      label: f.t({ fr: 'Plages (une règle par ligne)', en: 'Windows (one rule a line)' }),
      tooltip: '',
      mode: 'textarea',
      delay: 300,
      passthru: false,
      sendOnDelay: false,
      sendOnBlur: true,
      sendOnEnter: false,
      clearable: false,
      sendOnClear: false,
      icon: '',
      iconPosition: 'left',
      iconInnerPosition: 'inside',
      topic: 'schedule',
      topicType: 'str',
    }),
    [['sched-draft']],
  );
  f.node(
    'sched-draft',
    'change',
    450,
    1640,
    {
      name: f.t({ fr: 'garder le brouillon', en: 'remember the draft' }),
      rules: [{ t: 'set', p: 'scheduleDraft', pt: 'flow', to: 'payload', tot: 'msg' }],
    },
    [],
  );
  f.node(
    'sched-save',
    'ui-button',
    250,
    1700,
    widget(f, 'ui-rules-sched', 3, 0, 0, {
      name: f.t({ fr: 'enregistrer les plages', en: 'save windows' }),
      label: f.t({ fr: 'Enregistrer les plages', en: 'Save windows' }),
      tooltip: '',
      emulateClick: false,
      color: '',
      bgcolor: '',
      icon: 'content-save',
      iconPosition: 'left',
      payload: '',
      payloadType: 'str',
      topic: 'schedule',
      topicType: 'str',
      buttonColor: '',
      textColor: '',
      iconColor: '',
      enableClick: true,
      enablePointerdown: false,
      pointerdownPayload: '',
      pointerdownPayloadType: 'str',
      enablePointerup: false,
      pointerupPayload: '',
      pointerupPayloadType: 'str',
    }),
    [['sched-edit']],
  );
  f.node(
    'sched-edit',
    'change',
    450,
    1700,
    {
      name: f.t({ fr: 'plages modifiées', en: 'edited schedule' }),
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{ "schedule": $flowContext("scheduleDraft") }', tot: 'jsonata' }],
    },
    [['scheduler']],
  );
  f.node(
    'sched-catch',
    'catch',
    760,
    1700,
    { name: f.t({ fr: 'plages refusées', en: 'schedule refused' }), scope: [f.id('scheduler')], uncaught: false },
    [['sched-result']],
  );
  text(
    f,
    'sched-result',
    920,
    1680,
    'ui-rules-sched',
    4,
    '',
    f.t({
      fr: '$exists(error) ? "Refusé : " & error.message : "Enregistré : ces plages sont en vigueur"',
      en: '$exists(error) ? "Refused: " & error.message : "Saved: these windows are in force"',
    }),
    'jsonata',
  );
  Object.assign(f.nodes[f.nodes.length - 1], {
    name: f.t({ fr: 'résultat', en: 'schedule result' }),
    layout: 'row-left',
    fontSize: 14,
  });
  const sched = [
    'c-sched',
    'li-sched',
    'sched-tariff',
    'sched-tick',
    'scheduler',
    'sched-changes',
    'lo-relay3',
    'sched-tpl',
    'sched-view',
    'sched-page',
    'sched-ask',
    'sched-why',
    'sched-fill',
    'sched-text',
    'sched-draft',
    'sched-save',
    'sched-edit',
    'sched-catch',
    'sched-result',
  ];
  f.move(sched, 0, 80);
  f.group(
    'g-sched',
    f.t({ fr: 'Page Règles · programmation (borne de recharge)', en: 'Rules page · scheduler (EV charger)' }),
    sched,
    colours.rules,
  );
}
