// examples/wes-ha-discovery.json: a simulated meter and a relay as a Home Assistant device, through
// Node-RED's own MQTT nodes: discovery and states out, HA's switch commands in to the relay.
import { Flow } from '../builders.mjs';
import { ticPort } from '../sections/meters.mjs';

/** The relay number of this example (numbers are global in a Node-RED: clear of the others). */
export const relayNumbers = [61];

export function haDiscoveryExample() {
  const f = new Flow('ex-ha');
  const [relay] = relayNumbers;
  f.plainTab('tab', {
    label: 'Home Assistant',
    info:
      'This box as a Home Assistant device over MQTT. Set the broker (localhost:1883 here) to your mosquitto, the one HA uses. ' +
      'Its birth message (wes/maison/status = online) makes wes-ha-discovery announce everything again when the connection comes up; ' +
      'its will message (offline) tells who listens that the box is gone. HA subscribes to homeassistant/# by default: the meter, its ' +
      'index registers (for the Energy dashboard) and the relay appear under the device "WES maison". Give each box its own Box name.',
  });
  f.config('broker', 'mqtt-broker', {
    name: 'HA broker',
    broker: 'localhost',
    port: '1883',
    clientid: '',
    autoConnect: true,
    usetls: false,
    protocolVersion: '4',
    keepalive: '60',
    cleansession: true,
    autoUnsubscribe: true,
    birthTopic: 'wes/maison/status',
    birthQos: '1',
    birthRetain: 'true',
    birthPayload: 'online',
    birthMsg: {},
    closeTopic: 'wes/maison/status',
    closeQos: '1',
    closeRetain: 'true',
    closePayload: 'offline',
    closeMsg: {},
    willTopic: 'wes/maison/status',
    willQos: '1',
    willRetain: 'true',
    willPayload: 'offline',
    willMsg: {},
    userProps: '',
    sessionExpiry: '',
  });
  f.config('gpio', 'wes-gpio', { name: 'WES GPIO', backend: 'auto', chip: 'auto' });
  ticPort(f, 'port', 'simulated meter', {
    sim: { simMode: 'standard', simPhases: 1, simProducer: false, simOption: 'HC', simKva: 9, simSeed: 1 },
  });
  f.comment('c', 420, 40, 'This box in Home Assistant: MQTT discovery through your broker; HA switches the relay.');
  f.node('tic', 'wes-tic-in', 130, 120, { name: '', topic: 'tic1', port: f.id('port'), output: 'every', interval: 10, lostAfter: 10 }, [
    ['ha'],
    ['ha'],
  ]);
  f.node(
    'ha',
    'wes-ha-discovery',
    420,
    200,
    {
      name: '',
      box: 'maison',
      deviceName: 'WES maison',
      discoveryPrefix: 'homeassistant',
      baseTopic: 'wes',
      intervalS: 10,
      commandAs: 'manual',
    },
    [['out'], ['route']],
  );
  f.node('out', 'mqtt out', 660, 160, {
    name: 'to HA',
    topic: '',
    qos: '',
    retain: '',
    respTopic: '',
    contentType: '',
    userProps: '',
    correl: '',
    expiry: '',
    broker: f.id('broker'),
  });
  const mqttIn = (key, y, name, topic) =>
    f.node(
      key,
      'mqtt in',
      130,
      y,
      { name, topic, qos: '1', datatype: 'utf8', broker: f.id('broker'), nl: false, rap: true, rh: 0, inputs: 0 },
      [['ha']],
    );
  mqttIn('cmd', 200, 'HA commands', 'wes/maison/+/set');
  mqttIn('birth', 260, 'broker up', 'wes/maison/status');
  mqttIn('ha-status', 320, 'HA restarted', 'homeassistant/status');
  f.node(
    'route',
    'switch',
    660,
    240,
    {
      name: 'by relay',
      property: 'topic',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: 'water-heater', vt: 'str' }],
      checkall: 'false',
      repair: false,
      outputs: 1,
    },
    [['relay']],
  );
  f.node(
    'relay',
    'wes-relay-out',
    880,
    240,
    {
      name: 'water-heater',
      gpio: f.id('gpio'),
      line: '25',
      activeLow: false,
      number: String(relay),
      startState: 'restore',
      minOnS: '0',
      minOffS: '0',
      overrideMin: '60',
    },
    [['ha']],
  );
  f.node(
    'start',
    'inject',
    660,
    320,
    {
      name: 'relay state at start',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '',
      once: true,
      onceDelay: '2',
      topic: '',
      payload: 'status',
      payloadType: 'str',
    },
    [['relay']],
  );
  return f.nodes;
}
