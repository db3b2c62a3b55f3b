// examples/wes-virtual-switch.json: a WES virtual switch ("away") and the alarm, set by inject
// nodes and by the box's clients through wes-http-api (AJAX.CGX?vs20=ON, fvs=20, alarme=ON),
// each change on the node's output.
import { Flow } from '../builders.mjs';
import { httpApiDefaults } from '../sections/wes-http-api.mjs';

/** This example's switch number: a number is global in a Node-RED, so it keeps clear of the first ones. */
const number = 20;

export function virtualSwitchExample() {
  const f = new Flow('ex-virtual-switch');
  f.tab(
    'tab',
    'WES virtual switches',
    `A WES virtual switch (vs${number}, "away") and the alarm. The inject nodes set them as a flow would; a client of the box sets ` +
      'them over HTTP once the wes-http-api node has a user and a password (the flow holds none: until then every request gets ' +
      `401): curl -u user:password 'http://<host>:1880/wes-vs-example/AJAX.CGX?vs${number}=ON', fvs=${number} (toggle), ` +
      'alarme=ON; data.cgx shows the switch as SWITCH' +
      `${number} in switch_virtuel. Every change, whoever made it, leaves on the node's output (the debug sidebar). The states ` +
      'survive a restart. It serves under /wes-vs-example so that it runs beside the supervisor and the other examples.',
  );
  f.comment(
    'c',
    170,
    40,
    `wes-virtual-switch: vs${number} and the alarm, from a flow and from HTTP`,
    'msg.virtualSwitch.source says who changed it: input (a flow), http (a client), start.',
  );
  const inject = (key, name, payload, y, target) =>
    f.node(
      key,
      'inject',
      130,
      y,
      { name, props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload, payloadType: 'str' },
      [[target]],
    );
  inject('away-on', 'away', 'on', 100, 'vs');
  inject('away-off', 'home', 'off', 140, 'vs');
  inject('away-toggle', 'toggle', 'toggle', 180, 'vs');
  inject('alarm-on', 'arm', 'on', 260, 'alarm');
  inject('alarm-off', 'disarm', 'off', 300, 'alarm');
  f.node('vs', 'wes-virtual-switch', 360, 140, { name: 'away', mode: 'switch', number: String(number), startState: 'restore' }, [
    ['debug'],
  ]);
  f.node('alarm', 'wes-virtual-switch', 360, 280, { name: 'alarm', mode: 'alarm', number: '1', startState: 'restore' }, [['debug']]);
  f.node(
    'debug',
    'debug',
    580,
    200,
    { name: 'who changed what', active: true, tosidebar: true, console: false, tostatus: false, complete: 'true', targetType: 'full' },
    [],
  );
  f.node('api', 'wes-http-api', 360, 380, { name: 'WES HTTP API', ...httpApiDefaults, prefix: '/wes-vs-example', slots: '' }, []);
  return f.nodes;
}
