// The WES's own HTTP interface (wes-http-api): data.cgx and the relay GETs, at the root of the
// HTTP server, so the box's clients (Home Assistant, Jeedom, Vera, Prometheus, MQTT bridges) keep
// working. Fed by a link-in from the meters and the counters; relays are read
// from the wes-relay-out nodes by number. The flow carries no credentials: until the user sets
// them (in the node, or wesHttpApiUser / wesHttpApiPassword in the settings file), every request
// gets 401.

/** The defaults of a wes-http-api node, as the editor saves them. */
export const httpApiDefaults = { prefix: '', anonymous: false, firmware: 'V0.84A10' };

export function httpApi(f) {
  const y = 3600;
  f.comment(
    'c-http-api',
    210,
    y,
    f.t({
      fr: "API HTTP du WES : /data.cgx, /RL.cgi, /AJAX.CGX pour les clients d'un vrai WES",
      en: 'WES HTTP API: /data.cgx, /RL.cgi, /AJAX.CGX for the clients of a real WES',
    }),
    f.t({
      fr:
        "Les clients d'un WES (Home Assistant, Jeedom, Vera, l'exportateur Prometheus, les passerelles MQTT) lisent /data.cgx " +
        'et commutent les relais par /RL.cgi?rl1=ON. Mettez un utilisateur et un mot de passe dans le nœud (pas admin/wes) et ' +
        "saisissez-les dans chaque client : d'ici là, toute requête est refusée (401). La table des emplacements met les " +
        "compteurs d'eau et de gaz sur les impulsions 1 et 2 ; les compteurs tic1/tic2 remplissent leurs emplacements par leur " +
        'topic ; les relais sont lus sur les nœuds de relais par leur numéro.',
      en:
        'Existing WES clients (Home Assistant, Jeedom, Vera, the Prometheus exporter, MQTT bridges) read /data.cgx and switch ' +
        'relays with /RL.cgi?rl1=ON. Set a user and a password in the node (not admin/wes) and enter them in each client: ' +
        'until then every request is refused with 401. The slot table puts the water and gas counters on pulse 1 and 2; ' +
        'meters tic1/tic2 fill their slots by their topic; relays are read from the relay nodes by their number.',
    }),
  );
  f.node('li-api', 'link in', 130, y + 60, { name: f.t({ fr: "vers l'API du WES", en: 'to the WES API' }), links: [] }, [['wes-api']]);
  f.node(
    'wes-api',
    'wes-http-api',
    360,
    y + 60,
    { name: f.t({ fr: 'API HTTP du WES', en: 'WES HTTP API' }), ...httpApiDefaults, slots: 'water = pulse1\ngas = pulse2' },
    [],
  );
  f.group('g-http-api', f.t({ fr: 'API HTTP du WES', en: 'WES HTTP API' }), ['c-http-api', 'li-api', 'wes-api'], '#e8eaf6');
}
