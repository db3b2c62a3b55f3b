// examples/wes-relay-out.json: two relays as on the WES, switched by rules (inject nodes), by
// Dashboard 2.0 switches (manual commands) and over HTTP (RL.cgi, served by this example's own
// wes-http-api node: wes-relay-out serves no command URL).
import { Flow, grid, page, stateSwitch, uiGroup, widget } from '../builders.mjs';
import { httpApiDefaults } from '../sections/wes-http-api.mjs';

/** Clear of the supervisor's API (the root) and the http-api example's (/wes-example), so all run together. */
const apiPrefix = '/wes-relay-example';

/**
 * The relay numbers of this example's wes-relay-out nodes and of the loads that command them. A
 * number is global in a Node-RED (`relay number N is already used`), so each example has its own
 * tens, clear of the supervisor's 1-3, and all the examples can be imported together.
 */
export const relayNumbers = [21, 22];

export function relayOutExample() {
  const f = new Flow('ex-relay-out');
  const [a, b] = relayNumbers;
  f.plainTab('tab', {
    label: 'WES relays',
    info:
      `Two relays as on the WES. Relay ${a} drives a heat pump contactor with minimum on/off times; relay ${b} a water heater. Rules (the inject nodes) ` +
      "switch them; the Dashboard 2.0 switches (page /dashboard/relays) are manual commands (topic 'manual') that keep rules out " +
      'for the override time, ' +
      `and show the real state fed back from the relays ('decouple'). Over HTTP, as the WES, through the wes-http-api node: set a user and a ` +
      `password in it (until then it answers 401), then curl -u user:password 'http://<host>:1880${apiPrefix}/RL.cgi?rl${a}=ON' ` +
      `(also rl${a}=OFF, frl=${a} to toggle). GET /wes/relays lists the relays, read-only. To put every HTTP endpoint behind a ` +
      'password, set httpNodeAuth in settings.js (give the API node the same user and password).',
  });
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: 'auto', chip: 'auto' });
  // The same dashboard settings as the supervisor's, under this example's own name and ids.
  f.config('ui-base', 'ui-base', {
    name: 'WES relays',
    path: '/dashboard',
    appIcon: '',
    includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'],
    showPathInSidebar: false,
    headerContent: 'page',
    navigationStyle: 'default',
    titleBarStyle: 'default',
    showReconnectNotification: true,
    notificationDisplayTime: 1,
    showDisconnectNotification: true,
    allowInstall: false,
  });
  f.config('ui-theme', 'ui-theme', {
    name: 'WES',
    colors: { surface: '#1f4e5f', primary: '#1f7a8c', bgPage: '#f2f5f7', groupBg: '#ffffff', groupOutline: '#d6dde3' },
    sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '6px', widgetGap: '10px' },
  });
  page(f, 'page', 'Relays', '/relays', 'electric-switch', 1);
  uiGroup(f, 'ui-relays', 'Relays', 'page', 6, 1);
  const relays = [
    { key: 'r1', name: 'Heat pump', line: '23', minOnS: '300', minOffS: '600' },
    { key: 'r2', name: 'Water heater', line: '24', minOnS: '0', minOffS: '0' },
  ];
  const rule = (key, name, payload, at, relayKey) =>
    f.node(
      key,
      'inject',
      ...at,
      {
        name,
        props: [{ p: 'payload' }],
        repeat: '',
        once: false,
        topic: '',
        payload,
        payloadType: 'str',
      },
      [[relayKey]],
    );
  for (const [i, r] of relays.entries()) {
    const at = grid(170, 100 + i * 160, 260, 40);
    f.node(
      r.key,
      'wes-relay-out',
      ...at(1, 0),
      {
        name: r.name,
        gpio: f.id('gpio'),
        line: r.line,
        activeLow: false,
        number: String(relayNumbers[i]),
        startState: 'restore',
        minOnS: r.minOnS,
        minOffS: r.minOffS,
        overrideMin: '60',
      },
      [[`s${i + 1}`, `d${i + 1}`]],
    );
    f.node(
      `s${i + 1}`,
      'ui-switch',
      ...at(1, 1.5),
      widget(f, 'ui-relays', i + 1, 0, 0, stateSwitch({ name: `${r.name} switch`, label: r.name, topic: 'manual' })),
      [[r.key]],
    );
    rule(`i${i + 1}`, `rule: ${r.name} on`, 'on', at(0, -0.5), r.key);
    rule(`j${i + 1}`, `rule: ${r.name} off`, 'off', at(0, 0.5), r.key);
    f.node(`d${i + 1}`, 'debug', ...at(2, 0), {
      name: `${r.name} state`,
      active: true,
      tosidebar: true,
      console: false,
      tostatus: true,
      complete: 'payload',
      targetType: 'msg',
      statusVal: 'payload',
      statusType: 'auto',
    });
  }
  rule('p1', 'rule: water heater pulse 10 s', 'pulse 10', grid(170, 100 + 160, 260, 40)(0, 1.5), 'r2');
  // Relays need no wire: the API finds them by number.
  f.node(
    'api',
    'wes-http-api',
    ...grid(170, 100 + 320, 260, 40)(1, 0.5),
    {
      name: 'RL.cgi for these relays',
      ...httpApiDefaults,
      prefix: apiPrefix,
      slots: '',
    },
    [],
  );
  return f.nodes;
}
