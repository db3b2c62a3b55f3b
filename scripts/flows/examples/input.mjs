// examples/wes-input.json: the WES's contact inputs (rain sensor, leak float) and analog inputs
// read through Linux IIO (battery through a divider, a pressure sensor).
import { Flow, grid, inputProps } from '../builders.mjs';

export function inputExample() {
  const f = new Flow('ex-input');
  const at = grid(320, 80, 220, 80);
  f.plainTab('tab', {
    label: 'WES inputs',
    info:
      "The WES's two contact inputs (a rain sensor and a leak float, debounced, counting openings) and two analog inputs read " +
      'through Linux IIO ' +
      '(an ADS1115: /sys/bus/iio/devices/iio:device0/in_voltageN_raw x _scale). Here the analog inputs use the simulated source; on ' +
      'a Pi with the ' +
      "ads1015 overlay set 'Source' to Linux IIO. The battery input goes through an 11:1 divider with low/full thresholds; the " +
      'pressure sensor maps ' +
      '0.5-4.5 V to 0-10 bar.',
  });
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: 'auto', chip: 'auto' });

  const analog = { gpio: '', line: '', source: 'simulated', device: 'ads1115' };
  const inputs = [
    { key: 'c1', name: 'Rain', mode: 'contact', line: '5', simToggleS: '20', out: [['d1'], ['d2']] },
    { key: 'c2', name: 'Leak float', mode: 'contact', line: '6', debounceMs: '200', inverted: true, out: [['d3'], []] },
    {
      key: 'c3',
      name: 'Battery',
      mode: 'analog',
      ...analog,
      intervalS: '2',
      ratio: '11',
      decimals: '2',
      thresholds: '12/0.3 low, 14.4/0.2 full',
      simVolts: '1.1',
      out: [['d4'], ['d5']],
    },
    {
      key: 'c4',
      name: 'Pressure',
      mode: 'analog',
      ...analog,
      channel: '1',
      intervalS: '5',
      average: '3',
      scaling: 'linear',
      v1: '0.5',
      v2: '4.5',
      y2: '10',
      unit: 'bar',
      decimals: '2',
      simVolts: '1.3',
      out: [['d6'], []],
    },
  ];
  for (const [i, input] of inputs.entries()) {
    const { key, out, ...props } = input;
    f.node(key, 'wes-input', ...at(0, i), inputProps({ gpio: f.id('gpio'), ...props }), out);
  }
  const debugs = [
    ['d1', 'rain', -0.25],
    ['d2', 'rain events', 0.25],
    ['d3', 'leak float', 1],
    ['d4', 'battery', 1.75],
    ['d5', 'battery thresholds', 2.25],
    ['d6', 'pressure', 3],
  ];
  for (const [key, name, row] of debugs) {
    f.node(key, 'debug', ...at(1, row), {
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
