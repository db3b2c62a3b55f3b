// Overview page: the latest alarms (wes-alarms, on the Alarms page) with the count of active ones,
// a badge in the title bar on every page, and a pop-up for each alarm raised or cleared and for the
// meters' other events (tariff change, Tempo announced).
import { colours, jsonata, template, uiGroup, vue } from '../builders.mjs';

export function alerts(f) {
  uiGroup(f, 'ui-alerts', f.t({ fr: 'Alarmes', en: 'Alarms' }), 'page-overview', 6, 4);
  f.comment(
    'c-alerts',
    190,
    580,
    f.t({ fr: 'Vue d’ensemble : dernières alarmes, badge, notifications', en: 'Overview: latest alarms, badge, notifications' }),
    f.t({
      fr: 'La liste vient de wes-alarms (page Alarmes). Les JSONata des nœuds change donnent le texte des notifications : modifiez-les pour reformuler.',
      en: 'The list comes from wes-alarms (Alarms page). The change nodes’ JSONata give the notification texts: edit them to reword.',
    }),
  );
  f.node('li-alarms-ov', 'link in', 95, 620, { name: f.t({ fr: 'alarmes', en: 'alarms' }), links: [] }, [['sw-alarms-ov']]);
  f.node(
    'sw-alarms-ov',
    'switch',
    250,
    620,
    {
      name: f.t({ fr: 'liste ou alarme ?', en: 'list or one alarm?' }),
      property: 'topic',
      propertyType: 'msg',
      rules: [
        { t: 'eq', v: 'alarms', vt: 'str' },
        { t: 'regex', v: '^alarms/(raised|cleared)$', vt: 'str', case: false },
      ],
      checkall: 'false',
      repair: false,
      outputs: 2,
    },
    [['alarm-latest', 'alarm-badge'], ['alarm-pop']],
  );
  f.node(
    'alarm-pop',
    'change',
    420,
    640,
    {
      name: f.t({ fr: 'alarme → texte', en: 'alarm → text' }),
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: jsonata('alarm-pop', f.lang), tot: 'jsonata' }],
    },
    [['notify']],
  );
  f.node('li-events', 'link in', 95, 680, { name: f.t({ fr: 'événements', en: 'meter events' }), links: [] }, [['sw-events']]);
  f.node(
    'sw-events',
    'switch',
    250,
    680,
    {
      name: f.t({ fr: 'pas une alarme', en: 'not an alarm' }),
      property: 'payload.event',
      propertyType: 'msg',
      rules: [{ t: 'jsonata_exp', v: 'payload.event in ["tariff-change", "tempo-announced", "standby", "ejp-notice"]', vt: 'jsonata' }],
      checkall: 'false',
      repair: false,
      outputs: 1,
    },
    [['event-text']],
  );
  f.node(
    'event-text',
    'change',
    420,
    680,
    {
      name: f.t({ fr: 'événement → texte', en: 'event → text' }),
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: jsonata('event-text', f.lang), tot: 'jsonata' }],
    },
    [['notify']],
  );
  f.node(
    'notify',
    'ui-notification',
    620,
    660,
    {
      ui: f.id('ui-base'),
      position: 'top right',
      colorDefault: true,
      color: '',
      displayTime: '5',
      showCountdown: true,
      outputs: 1,
      allowDismiss: true,
      dismissText: f.t({ fr: 'Fermer', en: 'Close' }),
      allowConfirm: false,
      confirmText: f.t({ fr: 'Confirmer', en: 'Confirm' }),
      raw: false,
      className: '',
      name: f.t({ fr: 'notification', en: 'pop-up' }),
    },
    [[]],
  );
  template(
    f,
    'alarm-latest',
    620,
    580,
    'ui-alerts',
    1,
    f.t({ fr: 'dernières alarmes', en: 'latest alarms' }),
    vue('alarms-latest', f.lang),
  );
  // On every page: a bell in the title bar with the count of active alarms (a template of the whole dashboard).
  const badge = template(
    f,
    'alarm-badge',
    620,
    620,
    'ui-alerts',
    0,
    f.t({ fr: 'badge des alarmes', en: 'alarm badge' }),
    vue('alarm-badge', f.lang),
  );
  Object.assign(badge, { group: '', ui: f.id('ui-base'), templateScope: 'widget:ui', order: 0 });
  f.group(
    'g-alerts',
    f.t({ fr: 'Vue d’ensemble · alarmes', en: 'Overview page · alarms' }),
    [
      'c-alerts',
      'li-alarms-ov',
      'sw-alarms-ov',
      'alarm-pop',
      'li-events',
      'sw-events',
      'event-text',
      'notify',
      'alarm-latest',
      'alarm-badge',
    ],
    colours.alerts,
  );
}
