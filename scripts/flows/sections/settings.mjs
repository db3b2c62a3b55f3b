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
    { label: '1-Wire bus (probes, relay boards)', env: 'WES_ONEWIRE_BACKEND' },
  ];
  for (const [i, input] of inputs.entries()) {
    f.node(
      `set-src${i + 1}`,
      'inject',
      770,
      1000 + i * 40,
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
    text(f, `set-text${i + 1}`, 1030, 1000 + i * 40, 'ui-hw', i + 1, input.label, 'payload', 'msg');
  }
  template(f, 'set-help', 990, 1170, 'ui-hw', 5, 'how to use real hardware', vue('hardware'));
  uiGroup(f, 'ui-sim', 'Simulation', 'page-settings', 6, 2);
  f.node(
    'sim-load',
    'ui-button-group',
    800,
    1220,
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
  f.node('lo-sim', 'link out', 990, 1220, { name: 'simulated load', mode: 'link', links: [] });
  const set = ['c-set', ...inputs.flatMap((_, i) => [`set-src${i + 1}`, `set-text${i + 1}`]), 'set-help', 'sim-load', 'lo-sim'];
  f.move(set, 430, 60);
  f.group('g-set', 'Settings page', set, colours.settings);
}
