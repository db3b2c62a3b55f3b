// examples/wes-modbus.json: Modbus meters by profile (an SDM630 and a PZEM-004T on a simulated
// RS485 bus) and raw registers (a float written with function 16 and read back with function 3).
import { Flow, grid } from '../builders.mjs';

export function modbusExample() {
  const f = new Flow('ex-modbus');
  const at = grid(170, 100, 260, 80);
  f.plainTab('tab', {
    label: 'WES Modbus',
    info:
      'Modbus meters on a simulated RS485 bus: an Eastron SDM630 (unit 1) and a PZEM-004T (unit 2) answer real Modbus frames ' +
      'on a loopback port. Top: profile mode, named values in W, V, A, Wh that load shedding, surplus and costs read like a clamp. ' +
      'Bottom: raw mode, function 16 writes two float32 to holding registers 40000-40003 of unit 1, function 3 reads them back. ' +
      'For real meters, edit the bus: RTU, the adapter, 9600 8N1 (ORNO: 8O1).',
  });
  f.config('bus', 'wes-modbus-bus', { name: 'RS485 bus (simulated)', backend: 'simulated', simSeed: 2, simPvPeakW: 3000 });
  const bus = f.id('bus');
  f.node(
    'grid',
    'wes-modbus',
    ...at(1, 0),
    { name: 'SDM630', bus, topic: 'sdm630', mode: 'profile', profile: 'sdm630', unitId: 1, poll: 5, output: 'every' },
    [['d1']],
  );
  f.node(
    'hp',
    'wes-modbus',
    ...at(1, 1),
    { name: 'PZEM-004T', bus, topic: 'pzem', mode: 'profile', profile: 'pzem-004t', unitId: 2, poll: 10, output: 'change' },
    [['d2']],
  );
  f.node(
    'i1',
    'inject',
    ...at(0, 2.5),
    {
      name: 'write [21.5, -3.25]',
      props: [{ p: 'payload' }],
      repeat: '',
      once: false,
      topic: '',
      payload: '[21.5,-3.25]',
      payloadType: 'json',
    },
    [['w']],
  );
  f.node(
    'w',
    'wes-modbus',
    ...at(1, 2.5),
    { name: 'write f32 @40000', bus, topic: 'setpoints', mode: 'raw', unitId: 1, fc: 16, address: 40000, valueType: 'f32', poll: 0 },
    [['d3']],
  );
  f.node('i2', 'inject', ...at(0, 3.5), { name: 'read', props: [], repeat: '', once: false, topic: '' }, [['r']]);
  f.node(
    'r',
    'wes-modbus',
    ...at(1, 3.5),
    {
      name: 'read f32 @40000',
      bus,
      topic: 'setpoints',
      mode: 'raw',
      unitId: 1,
      fc: 3,
      address: 40000,
      count: 2,
      valueType: 'f32',
      poll: 0,
    },
    [['d4']],
  );
  f.node('c1', 'catch', ...at(1, 4.5), { name: 'Modbus errors (exception names)', scope: null, uncaught: false }, [['d5']]);
  const debugs = [
    ['d1', 'SDM630 reading', 0],
    ['d2', 'PZEM reading', 1],
    ['d3', 'written', 2.5],
    ['d4', 'read back', 3.5],
    ['d5', 'errors', 4.5],
  ];
  for (const [key, name, row] of debugs) {
    f.node(key, 'debug', ...at(2, row), {
      name,
      active: true,
      tosidebar: true,
      console: false,
      tostatus: false,
      complete: key === 'd5' ? 'error' : 'payload',
      targetType: 'msg',
    });
  }
  return f.nodes;
}
