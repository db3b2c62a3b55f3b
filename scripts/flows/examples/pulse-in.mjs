// examples/wes-pulse-in.json: water, gas and electricity (S0) pulse meters on the WES's pulse
// inputs, with the index set from the meter.
import { Flow, grid } from '../builders.mjs';

export function pulseInExample() {
  const f = new Flow('ex-pulse-in');
  const at = grid(170, 100, 220, 100);
  f.plainTab('tab', {
    label: 'WES pulse meters',
    info:
      "Three pulse meters on the WES's pulse inputs: water (1 L/pulse, with leak detection), gas (0.01 m³/pulse, Gazpar or a reed " +
      'on the last drum) ' +
      "and electricity (S0, 1000 imp/kWh). The wes-gpio configuration is 'automatic': on a Raspberry Pi it uses sysfs or gpiod, " +
      'here it falls back ' +
      "to the simulated twin which produces pulses at each node's 'simulated rate'. Set the index from the meter with the inject " +
      'node.',
  });
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: 'auto', chip: 'auto' });
  const meters = [
    {
      key: 'b1',
      name: 'Water',
      line: '17',
      kind: 'water',
      weight: '1',
      unit: 'L',
      debounceMs: '20',
      timeoutS: '300',
      leakHours: '2',
      leakRate: '600',
      simRate: '6',
      outputS: '0',
      out: [['d1'], ['d2']],
    },
    {
      key: 'b2',
      name: 'Gas',
      line: '27',
      kind: 'gas',
      weight: '0.01',
      unit: 'm3',
      debounceMs: '20',
      timeoutS: '600',
      leakHours: '0',
      leakRate: '0',
      simRate: '2',
      outputS: '0',
      out: [['d3'], []],
    },
    {
      key: 'b3',
      name: 'Heat pump (S0)',
      line: '22',
      kind: 'electricity',
      weight: '1',
      unit: 'Wh',
      debounceMs: '10',
      timeoutS: '300',
      leakHours: '0',
      leakRate: '0',
      simRate: '60',
      outputS: '5',
      out: [['d4'], []],
    },
  ];
  for (const [i, m] of meters.entries()) {
    f.node(
      m.key,
      'wes-pulse-in',
      ...at(1, i),
      {
        name: m.name,
        gpio: f.id('gpio'),
        line: m.line,
        activeLevel: 'low',
        bias: 'pull-up',
        kind: m.kind,
        weight: m.weight,
        unit: m.unit,
        debounceMs: m.debounceMs,
        index: '',
        timeoutS: m.timeoutS,
        persistS: '60',
        timezone: '',
        leakHours: m.leakHours,
        leakGapMin: '30',
        leakRate: m.leakRate,
        leakRateMin: '10',
        simRate: m.simRate,
        outputS: m.outputS,
      },
      m.out,
    );
  }
  f.node(
    'c1',
    'inject',
    ...at(0, -0.6),
    {
      name: 'water index = 1234.5 L (read on the meter)',
      props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
      repeat: '',
      once: false,
      topic: 'index',
      payload: '1234.5',
      payloadType: 'num',
    },
    [['b1']],
  );
  const debugs = [
    ['d1', 'water', -0.2],
    ['d2', 'water leak alerts', 0.2],
    ['d3', 'gas', 1],
    ['d4', 'heat pump', 2],
  ];
  for (const [key, name, row] of debugs) {
    f.node(key, 'debug', ...at(2, row), {
      name,
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
  return f.nodes;
}
