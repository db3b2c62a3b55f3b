// examples/wes-alarms.json: the alarm history of a simulated meter and a water counter, with
// buttons that play a téléinfo cut and its return (a simulated meter cannot be unplugged).
import { Flow, grid } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

export function alarmsExample() {
  const f = new Flow('ex-alarms');
  const at = grid(170, 80, [0, 260, 520], 70);
  f.plainTab('tab', {
    label: 'WES alarms',
    info:
      'wes-alarms keeps the alarm history of a simulated meter (TIC lost / back, overload) and a water counter (leak: more ' +
      'than 300 L/h for 10 min, which the simulated 360 L/h reaches after 10 minutes), across restarts. The inject nodes play a ' +
      'téléinfo cut and its return; the debug sidebar shows the list and each alarm raised or cleared.',
  });
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 9, simSeed: 1 },
  });
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: 'simulated', chip: 'auto' });
  f.node('tic', 'wes-tic-in', ...at(0, 0), { name: '', topic: 'tic1', port: f.id('port'), output: 'every', interval: 10, lostAfter: 10 }, [
    ['alarms'],
    ['alarms'],
  ]);
  f.node(
    'water',
    'wes-pulse-in',
    ...at(0, 1),
    {
      name: 'water',
      gpio: f.id('gpio'),
      line: '17',
      activeLevel: 'low',
      bias: 'pull-up',
      kind: 'water',
      weight: '1',
      unit: 'L',
      debounceMs: '20',
      index: '',
      timeoutS: '300',
      persistS: '60',
      timezone: '',
      leakHours: '0',
      leakGapMin: '30',
      leakRate: '300',
      leakRateMin: '10',
      simRate: '6',
      outputS: '0',
    },
    [[], ['alarms']],
  );
  const inject = (key, row, name, topic, payload, payloadType) =>
    f.node(
      key,
      'inject',
      ...at(0, row),
      {
        name,
        props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
        repeat: '',
        crontab: '',
        once: false,
        onceDelay: 0.1,
        topic,
        payload,
        payloadType,
      },
      [['alarms']],
    );
  inject('cut', 2, 'play: meter téléinfo lost', 'tic1/event', '{"event":"tic-lost"}', 'json');
  inject('back', 3, 'play: meter téléinfo back', 'tic1/event', '{"event":"tic-recovered"}', 'json');
  inject('ack', 4, 'acknowledge (disk full)', '', 'acknowledge', 'str');
  f.node('alarms', 'wes-alarms', ...at(1, 2), { name: '', max: 500, lang: '', sources: 'tic1 = Meter 1\nwater = Water' }, [
    ['list'],
    ['one'],
  ]);
  for (const [key, row, name] of [
    ['list', 1.5, 'alarm list'],
    ['one', 2.5, 'alarm raised or cleared'],
  ])
    f.node(key, 'debug', ...at(2, row), {
      name,
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
