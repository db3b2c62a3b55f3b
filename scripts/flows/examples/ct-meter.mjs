// examples/wes-ct-meter.json: the four clamps and the voltage of the WES, simulated, with a
// debug per output, and the same meter on an emonTx serial line (disabled) to copy from.
import { Flow, grid } from '../builders.mjs';
import { ctMeterProps } from '../sections/clamps.mjs';

export function ctMeterExample() {
  const f = new Flow('ex-ct-meter');
  const at = grid(170, 100, 260, 80);
  f.plainTab('tab', {
    label: 'WES CT clamps',
    info:
      'wes-ct-meter with its simulated front end: a house behind four SCT-013-000 clamps and a 230 V/9 V transformer, ' +
      "synthesised as ADC samples and measured with emonLibCM's maths. One message per clamp every 10 s (power, direction, " +
      'energy indexes, voltage, frequency), and events (mains cut / back, clamp reversed). The inject cuts the simulated ' +
      'mains for 30 s. The second meter (disabled) reads an emonTx on /dev/ttyUSB0 at 8N1: enable it and set the port.',
  });
  f.config('port', 'wes-serial-port', {
    name: 'emonTx',
    backend: 'serial',
    path: '/dev/ttyUSB0',
    baud: '19200',
    maskBit7: false,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
  });
  f.node('ct', 'wes-ct-meter', ...at(1, 0), ctMeterProps(), [['readings'], ['events']]);
  f.node(
    'cut',
    'inject',
    ...at(0, 0),
    {
      name: 'cut the mains 30 s',
      props: [{ p: 'payload' }],
      repeat: '',
      once: false,
      topic: '',
      payload: '{"simulateCut":30}',
      payloadType: 'json',
    },
    [['ct']],
  );
  // disabled: it needs the MCU plugged in
  f.node('emontx', 'wes-ct-meter', ...at(1, 2), { ...ctMeterProps(), name: 'emonTx clamps', source: 'serial', port: f.id('port') }, [
    ['readings'],
    ['events'],
  ]).d = true;
  const debug = (key, name, row) =>
    f.node(key, 'debug', ...at(2, row), {
      name,
      active: true,
      tosidebar: true,
      console: false,
      tostatus: false,
      complete: 'true',
      targetType: 'full',
      statusVal: '',
      statusType: 'auto',
    });
  debug('readings', 'clamp readings', 0);
  debug('events', 'clamp events', 1);
  return f.nodes;
}
