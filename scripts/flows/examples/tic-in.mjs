// examples/wes-tic-in.json: a simulated Linky, its state, its power and its events in the debug sidebar.
import { Flow } from '../builders.mjs';
import { meters, ticNode } from '../sections/meters.mjs';

export function ticExample() {
  const f = new Flow('ex-tic');
  f.tab('tab', 'wes-tic-in example', 'A simulated Linky in standard mode; open the debug sidebar to see what it sends.');
  f.comment(
    'c',
    170,
    40,
    'wes-tic-in: a simulated Linky, its state and its events',
    'Output 1 carries the whole meter state; the change node picks the power; output 2 carries events.\n' +
      'Switch the node to a serial port to read a real meter.',
  );
  const m = { ...meters[0], props: { ...meters[0].props } };
  ticNode(f, m, 170, 120, false, [['state', 'power'], ['events']]);
  f.node('state', 'debug', 450, 80, {
    name: 'meter state',
    active: true,
    tosidebar: true,
    console: false,
    tostatus: false,
    complete: 'payload',
    targetType: 'msg',
    statusVal: '',
    statusType: 'auto',
  });
  f.node(
    'power',
    'change',
    420,
    120,
    { name: 'power (VA)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload.powerVA', tot: 'msg' }] },
    [['power-dbg']],
  );
  f.node('power-dbg', 'debug', 630, 120, {
    name: 'power',
    active: true,
    tosidebar: false,
    console: false,
    tostatus: true,
    complete: 'payload',
    targetType: 'msg',
    statusVal: 'payload',
    statusType: 'auto',
  });
  f.node('events', 'debug', 450, 180, {
    name: 'events',
    active: true,
    tosidebar: true,
    console: false,
    tostatus: false,
    complete: 'payload',
    targetType: 'msg',
    statusVal: '',
    statusType: 'auto',
  });
  return f.nodes;
}
