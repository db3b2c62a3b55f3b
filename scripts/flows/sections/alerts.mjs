// Overview page: meter events become notifications and a list of recent events.
import { colours, uiGroup, template, vue, jsonata } from '../builders.mjs';

export function alerts(f) {
  uiGroup(f, 'ui-alerts', 'Alerts', 'page-overview', 6, 4);
  f.comment(
    'c-alerts',
    190,
    580,
    'Alerts: meter events become notifications',
    'The change node turns a wes-tic-in event into a sentence; edit its JSONata to reword or translate.',
  );
  f.node('li-events', 'link in', 95, 640, { name: 'meter events', links: [] }, [['event-text']]);
  f.node(
    'event-text',
    'change',
    260,
    640,
    {
      name: 'event → text',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: jsonata('event-text'), tot: 'jsonata' }],
    },
    [['notify', 'event-list']],
  );
  f.node(
    'notify',
    'ui-notification',
    490,
    620,
    {
      ui: f.id('ui-base'),
      position: 'top right',
      colorDefault: true,
      color: '',
      displayTime: '5',
      showCountdown: true,
      outputs: 1,
      allowDismiss: true,
      dismissText: 'Close',
      allowConfirm: false,
      confirmText: 'Confirm',
      raw: false,
      className: '',
      name: 'pop-up',
    },
    [[]],
  );
  template(f, 'event-list', 490, 680, 'ui-alerts', 1, 'recent events', vue('events'));
  f.group('g-alerts', 'Overview page · alerts', ['c-alerts', 'li-events', 'event-text', 'notify', 'event-list'], colours.alerts);
}
