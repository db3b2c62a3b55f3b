// Settings page: which hardware each input uses, and the simulated load of meter 1.
import { colours, uiGroup, widget, text, template, vue } from '../builders.mjs';
import { meters } from './meters.mjs';

export function settings(f, hardwareFromEnv) {
  uiGroup(f, 'ui-hw', 'Hardware', 'page-settings', 6, 1);
  f.comment(
    'c-set',
    880,
    960,
    'Settings page: which hardware each input uses; simulated load',
    'The load buttons drive simulated meter 1 (household profile, or a fixed load: 8.5 kVA shows load shedding). ' +
      'A meter on a real serial port refuses them.',
  );
  const inputs = [
    ...meters.map((m) => ({ label: `${m.short} (${m.key})`, env: `WES_${m.key.toUpperCase()}_SOURCE` })),
    { label: 'GPIO lines (relays, counters, door)', env: 'WES_GPIO_BACKEND' },
  ];
  for (const [i, input] of inputs.entries()) {
    f.node(
      `set-src${i + 1}`,
      'inject',
      770,
      1000 + i * 50,
      {
        name: input.env,
        props: [{ p: 'payload' }],
        repeat: '',
        crontab: '',
        once: true,
        onceDelay: 0.5,
        topic: '',
        payload: hardwareFromEnv ? input.env : 'simulated',
        payloadType: hardwareFromEnv ? 'env' : 'str',
      },
      [[`set-text${i + 1}`]],
    );
    text(f, `set-text${i + 1}`, 1000, 1000 + i * 50, 'ui-hw', i + 1, input.label, 'payload', 'msg');
  }
  template(f, 'set-help', 990, 1150, 'ui-hw', 4, 'how to use real hardware', vue('hardware'));
  uiGroup(f, 'ui-sim', 'Simulation', 'page-settings', 6, 2);
  f.node(
    'sim-load',
    'ui-button-group',
    800,
    1210,
    widget(f, 'ui-sim', 1, 0, 1, {
      name: 'meter 1 load',
      label: 'Meter 1 load',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: 'Household', icon: '', value: '{"forcePowerVA":null}', valueType: 'json' },
        { label: '2 kVA', icon: '', value: '{"forcePowerVA":2000}', valueType: 'json' },
        { label: '8.5 kVA', icon: '', value: '{"forcePowerVA":8500}', valueType: 'json' },
      ],
      topic: 'simulate',
      topicType: 'str',
    }),
    [['lo-sim']],
  );
  f.node('lo-sim', 'link out', 990, 1210, { name: 'simulated load', mode: 'link', links: [] });
  const set = ['c-set', 'set-src1', 'set-text1', 'set-src2', 'set-text2', 'set-src3', 'set-text3', 'set-help', 'sim-load', 'lo-sim'];
  f.move(set, 430, 60);
  f.group('g-set', 'Settings page', set, colours.settings);
}
