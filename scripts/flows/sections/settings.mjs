// Settings page: which hardware each input uses, and the simulated load of meter 1.
import { colours, uiGroup, widget, text, template, vue } from '../builders.mjs';
import { meters, meterText } from './meters.mjs';

export function settings(f, hardwareFromEnv) {
  uiGroup(f, 'ui-hw', f.t({ fr: 'Matériel', en: 'Hardware' }), 'page-settings', 6, 1);
  f.comment(
    'c-set',
    880,
    960,
    f.t({
      fr: 'Page Réglages : le matériel de chaque entrée ; charge simulée',
      en: 'Settings page: which hardware each input uses; simulated load',
    }),
    f.t({
      fr:
        "Les boutons de charge pilotent le compteur simulé 1 (profil d'un foyer, ou une charge fixe : 8,5 kVA montre le délestage). " +
        'Un compteur sur un vrai port série les refuse.',
      en:
        'The load buttons drive simulated meter 1 (household profile, or a fixed load: 8.5 kVA shows load shedding). ' +
        'A meter on a real serial port refuses them.',
    }),
  );
  const inputs = [
    ...meters.map((m) => ({ label: `${meterText(f, m).short} (${m.key})`, env: `WES_${m.key.toUpperCase()}_SOURCE` })),
    { label: f.t({ fr: 'Lignes GPIO (relais, compteurs, porte)', en: 'GPIO lines (relays, counters, door)' }), env: 'WES_GPIO_BACKEND' },
    { label: f.t({ fr: 'Bus 1-Wire (sondes, cartes relais)', en: '1-Wire bus (probes, relay boards)' }), env: 'WES_ONEWIRE_BACKEND' },
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
    // The backends' names are identifiers of the settings file; a French reader gets them in words.
    const shown = f.t({
      fr: '($w := $lookup({"simulated": "simulé", "serial": "port série"}, payload); $exists($w) ? $w : payload)',
      en: 'payload',
    });
    text(f, `set-text${i + 1}`, 1030, 1000 + i * 40, 'ui-hw', i + 1, input.label, shown, f.lang === 'fr' ? 'jsonata' : 'msg');
  }
  template(
    f,
    'set-help',
    990,
    1170,
    'ui-hw',
    5,
    f.t({ fr: 'utiliser du vrai matériel', en: 'how to use real hardware' }),
    vue('hardware', f.lang),
  );
  uiGroup(f, 'ui-sim', 'Simulation', 'page-settings', 6, 2);
  f.node(
    'sim-load',
    'ui-button-group',
    800,
    1220,
    widget(f, 'ui-sim', 1, 0, 1, {
      name: f.t({ fr: 'charge du compteur 1', en: 'meter 1 load' }),
      label: f.t({ fr: 'Charge du compteur 1', en: 'Meter 1 load' }),
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: [
        { label: f.t({ fr: 'Foyer', en: 'Household' }), icon: '', value: '{"forcePowerVA":null}', valueType: 'json' },
        { label: '2 kVA', icon: '', value: '{"forcePowerVA":2000}', valueType: 'json' },
        { label: f.t({ fr: '8,5 kVA', en: '8.5 kVA' }), icon: '', value: '{"forcePowerVA":8500}', valueType: 'json' },
      ],
      topic: 'simulate',
      topicType: 'str',
    }),
    [['lo-sim']],
  );
  f.node('lo-sim', 'link out', 990, 1220, { name: f.t({ fr: 'charge simulée', en: 'simulated load' }), mode: 'link', links: [] });
  const set = ['c-set', ...inputs.flatMap((_, i) => [`set-src${i + 1}`, `set-text${i + 1}`]), 'set-help', 'sim-load', 'lo-sim'];
  f.move(set, 430, 60);
  f.group('g-set', f.t({ fr: 'Page Réglages', en: 'Settings page' }), set, colours.settings);
}
