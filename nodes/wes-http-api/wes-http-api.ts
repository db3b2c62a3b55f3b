// wes-http-api: the real WES's HTTP interface (data.cgx, RL.cgi / RL.cgx / AJAX.CGX) served from
// the live state of our nodes, so the box's clients keep working when our supervisor replaces
// it. Messages from our nodes come in on the input and fill the WES slot the editor's table (or
// their topic) names; the relays are read and switched through the relay registry, so an HTTP
// command goes through each relay's own minimum times and overrides. Formatting is
// nodes/core/wes-api; this file owns the routes, the authentication and the state.
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync, statfsSync } from 'node:fs';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { NodeAPI } from 'node-red';
import type { Request, Response, NextFunction } from 'express';
import { readClampReading } from '../core/contracts/clamp';
import { readInputReading } from '../core/contracts/input';
import { readMeterState } from '../core/contracts/meter-state';
import { readPulseReading } from '../core/contracts/pulse';
import { readRelayState } from '../core/contracts/relay';
import { readHumidity, readTemperature } from '../core/contracts/temperature';
import { readTicEvent } from '../core/contracts/tic-event';
import type { Read } from '../core/contracts/read';
import { isProblem } from '../core/problem';
import { parseBasicAuth } from '../core/wes-api/basic-auth';
import { planCommands, type Order } from '../core/wes-api/commands';
import { renderDataCgx, SLOT_COUNTS, type CgxSnapshot, type ClampSlot, type PulseSlot, type TicSlot } from '../core/wes-api/data-cgx';
import { expandCgx, type CgxExtras } from '../core/wes-api/cgx-template';
import { answerTcp } from '../core/wes-api/tcp-protocol';
import { cgxDir, cgxPath, cgxTarget, listCgx, MAX_CGX_BYTES, readCgx, writeCgx } from './cgx-store';
import { FtpModuleMissing, startCgxFtp } from './cgx-ftp';
import { clampSlotOf, pulseSlotOf, ticSlotOf } from '../core/wes-api/from-contracts';
import { parseSlotTable, slotOf, type Slot } from '../core/wes-api/slots';
import { allRelays, findRelay } from '../wes-relay-out/relay-registry';
import { findSwitch } from '../wes-virtual-switch/switch-registry';
import { VIRTUAL_SWITCHES } from '../core/virtual/switch';
import { defineNode } from '../shared/define-node';
import { userDirOf } from '../shared/node-state';
import { translator } from '../shared/translate';
import { defineConfig, withDefaults } from '../shared/node-config';

interface ApiConfig {
  name: string;
  prefix: string;
  anonymous: boolean;
  firmware: string;
  slots: string;
  ftp: boolean;
  ftpHost: string;
  ftpPort: number;
  tcp: boolean;
  tcpHost: string;
  tcpPort: number;
  tcpWrite: boolean;
}

const configSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    // A path of plain segments: it becomes part of a route pattern.
    prefix: { type: 'string', pattern: '^(/[A-Za-z0-9._~-]+)*/?$', maxLength: 100 },
    anonymous: { type: 'boolean' },
    firmware: { type: 'string', minLength: 1, maxLength: 20 },
    slots: { type: 'string', maxLength: 10000 },
    ftp: { type: 'boolean' },
    ftpHost: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9.:-]+$' },
    ftpPort: { type: 'integer', minimum: 1, maximum: 65535 },
    tcp: { type: 'boolean' },
    tcpHost: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9.:-]+$' },
    tcpPort: { type: 'integer', minimum: 1, maximum: 65535 },
    tcpWrite: { type: 'boolean' },
  },
  required: ['prefix', 'anonymous', 'firmware', 'slots', 'ftp', 'ftpHost', 'ftpPort', 'tcp', 'tcpHost', 'tcpPort', 'tcpWrite'],
};

// FTP is off unless the user turns it on; when on, it listens on this machine only until told otherwise.
const defaults = {
  name: '',
  prefix: '',
  anonymous: false,
  firmware: 'V0.84A10',
  slots: '',
  ftp: false,
  ftpHost: '127.0.0.1',
  ftpPort: 2121,
  // The TCP protocol has no authentication, on the box either: off, on this machine only, and read-only, unless the user says otherwise.
  tcp: false,
  tcpHost: '127.0.0.1',
  tcpPort: 1500,
  tcpWrite: false,
};

const config = defineConfig<ApiConfig>({ type: 'wes-http-api', schema: withDefaults(configSchema, defaults) });

/** The realm text JJ's network discovery looks for ("serveur WES", §1.3). */
const REALM = 'Basic realm="serveur WES"';

type Creds = { user?: string; password?: string; ftpUser?: string; ftpPassword?: string };
type Settings = { wesHttpApiUser?: unknown; wesHttpApiPassword?: unknown };

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
/** Compares in constant time (both sides hashed to one length), so timing tells nothing. */
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The node serving each prefix: the box had one web server, and two nodes on one prefix would
 * fight over its paths. Another prefix is another box (the examples beside the supervisor).
 */
const owners = new Map<string, string>();

/** Why an upload from the editor was refused, by the code the editor translates. */
function uploadError(body: unknown): { status: number; code: string } | { parts: string[]; data: Buffer } {
  const b = (body ?? {}) as { name?: unknown; text?: unknown };
  const parts = typeof b.name === 'string' ? cgxPath(b.name) : null;
  if (!parts) return { status: 400, code: 'name' };
  if (typeof b.text !== 'string') return { status: 400, code: 'text' };
  const data = Buffer.from(b.text, 'utf8');
  if (data.length > MAX_CGX_BYTES) return { status: 413, code: 'size' };
  return { parts, data };
}

export = function (RED: NodeAPI) {
  // The templates from the editor: a list, and an upload ({ name, text }), each behind the editor's own permissions.
  const root = cgxDir(userDirOf(RED));
  RED.httpAdmin.get('/wes-http-api/cgx', RED.auth.needsPermission('wes-http-api.read'), (_req, res) => {
    res.json({ templates: listCgx(root), max: MAX_CGX_BYTES });
  });
  RED.httpAdmin.post('/wes-http-api/cgx', RED.auth.needsPermission('wes-http-api.write'), (req, res) => {
    const r = uploadError(req.body);
    if ('code' in r) {
      res.status(r.status).json({ error: r.code, max: MAX_CGX_BYTES });
      return;
    }
    try {
      writeCgx(cgxTarget(root, r.parts), r.data);
    } catch (e) {
      res.status(500).json({ error: 'write', text: (e as Error).message });
      return;
    }
    RED.log.info(translator(RED, __dirname, 'wes-http-api')('log.uploaded', { name: r.parts.join('/'), via: 'editor' }));
    res.json({ name: r.parts.join('/'), templates: listCgx(root) });
  });

  defineNode<ApiConfig>(RED, {
    type: 'wes-http-api',
    dir: __dirname,
    config,
    credentials: { user: { type: 'text' }, password: { type: 'password' }, ftpUser: { type: 'text' }, ftpPassword: { type: 'password' } },
    settings: { wesHttpApiUser: { value: '', exportable: false }, wesHttpApiPassword: { value: '', exportable: false } },
    setup({ node, config: c, t, status, userDir, onInput, onClose, fail, explain }) {
      const table = parseSlotTable(c.slots);
      if (isProblem(table)) return fail(table);
      const served = c.prefix.replace(/\/$/, '').toLowerCase();
      const other = owners.get(served);
      if (other !== undefined && other !== node.id) return fail(t('errors.second', { other, prefix: served || '/' }));
      owners.set(served, node.id);
      onClose(() => {
        if (owners.get(served) === node.id) owners.delete(served);
      });

      // The node's own credentials, else the settings file's (which may read them from the environment).
      const creds = (node as unknown as { credentials?: Creds }).credentials ?? {};
      const settings = RED.settings as unknown as Settings;
      const fromSettings = (k: keyof Settings): string => {
        try {
          return typeof settings[k] === 'string' ? (settings[k] as string) : '';
        } catch {
          return ''; // settings throw on unknown keys in some versions
        }
      };
      const user = creds.user || fromSettings('wesHttpApiUser');
      const password = creds.password || fromSettings('wesHttpApiPassword');
      const locked = !c.anonymous && (!user || !password);

      const tic: (TicSlot | null)[] = [null, null, null];
      const ticSources = new Map<string, number>();
      const pulses: (PulseSlot | null)[] = Array(SLOT_COUNTS.pulse).fill(null);
      const clamps: (ClampSlot | null)[] = Array(SLOT_COUNTS.clamp).fill(null);
      const probes: (number | null)[] = Array(SLOT_COUNTS.probe).fill(null);
      const inputs: (boolean | null)[] = Array(SLOT_COUNTS.input).fill(null);
      const analog: (number | null)[] = Array(SLOT_COUNTS.analog).fill(null);
      let fed = 0;

      const live = (): CgxSnapshot => {
        const now = new Date();
        const relays = new Map<number, boolean>();
        const relays1W = new Map<number, boolean>();
        for (const r of allRelays()) {
          const v = r.view();
          (v.number >= 100 ? relays1W : relays).set(v.number, v.on);
        }
        const switches = new Map<number, boolean>();
        for (let n = 1; n <= VIRTUAL_SWITCHES; n++) {
          const sw = findSwitch(n);
          if (sw) switches.set(n, sw.view().on);
        }
        return {
          clock: { day: now.getDate(), month: now.getMonth() + 1, year: now.getFullYear(), hour: now.getHours(), minute: now.getMinutes() },
          firmware: c.firmware,
          tic: tic as [TicSlot | null, TicSlot | null, TicSlot | null],
          pulses,
          clamps,
          probes,
          relays,
          relays1W,
          inputs,
          analog,
          switches,
        };
      };
      const snapshot = (): string => renderDataCgx(live());
      // A stable serial for the clients that use it as the device id (HA): six bytes of the node's id.
      const serial = [...createHash('sha256').update(node.id).digest().subarray(0, 6)];
      const extras = (): CgxExtras => {
        let freeGB = 0;
        try {
          const st = statfsSync(userDir);
          freeGB = (st.bavail * st.bsize) / 1e9;
        } catch {
          // no statfs here: the box's 0
        }
        return { alarm: findSwitch('alarm')?.view().on === true, serial, hardware: 'node-red-contrib-wes', freeGB };
      };
      const templates = cgxDir(userDir);

      const prefix = c.prefix.replace(/\/$/, '');
      // An FTP that was asked for and cannot run is the node's fault to show; a running one is said.
      let ftpProblem: string | null = null;
      let ftpText = '';
      const showStatus = () => {
        const where = `${prefix || ''}/data.cgx`;
        if (ftpProblem) status.set('error', ftpProblem);
        else if (locked) status.set('waiting', t('status.noCredentials', { path: where }));
        else status.set(fed > 0 ? 'ok' : 'waiting', t('status.serving', { path: where, n: fed }) + ftpText);
      };
      showStatus();
      // Locked is the safe default of the shipped flow, not a fault: said at info level (a clean
      // start logs no warning), and shown by the node's yellow ring.
      if (locked) node.log(t('errors.noCredentials'));

      const authorised = (req: Request): boolean => {
        if (c.anonymous) return true;
        if (locked) return false;
        const got = parseBasicAuth(req.headers.authorization);
        // Both compared, whatever the first gives, so a wrong user name takes as long as a wrong password.
        return got !== null && same(got.user, user) && same(got.password, password);
      };

      const send = (res: Response, status: number, body: string, type = 'text/xml; charset=utf-8') => {
        res.status(status).set('Content-Type', type).set('Cache-Control', 'no-store').send(body);
      };

      const handler = (req: Request, res: Response, next: NextFunction): void => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        const asked = req.params[0] ?? '';
        const page = asked.toLowerCase();
        const builtin = page === 'data.cgx' || page === 'rl.cgi' || page === 'rl.cgx' || page === 'ajax.cgx';
        // A template is looked up before the credentials: a path this "card" does not have may be
        // another prefix's (/other/data.cgx beside the root), so it goes on to the next route.
        const parts = builtin ? null : cgxPath(asked);
        const script = parts ? readCgx(templates, parts) : null;
        if (!builtin && script === null) return next();
        if (!authorised(req)) {
          if (req.headers.authorization) node.log(t('log.refused', { from: req.ip ?? '?', path: req.path }));
          res.status(401).set('WWW-Authenticate', REALM).type('text/plain').send('401 Unauthorized\n');
          return;
        }
        if (page === 'data.cgx' || req.method === 'HEAD') return send(res, 200, snapshot());
        // An uploaded template, expanded with the live values.
        if (script !== null) return send(res, 200, expandCgx(script, live(), extras()));
        const plan = planCommands(req.query as Record<string, unknown>);
        const query = req.originalUrl.slice(req.originalUrl.indexOf('?') + 1).slice(0, 200);
        if (!plan.ok) {
          node.log(t('log.command', { from: req.ip ?? '?', query, result: explain(plan.problem) }));
          return send(res, plan.status, `${explain(plan.problem)}\n`, 'text/plain; charset=utf-8');
        }
        // Every target found before anything is switched: one unknown number, nothing done.
        const name = (o: Order): string => (o.target === 'relay' ? `rl${o.n}` : o.target === 'switch' ? `vs${o.n}` : 'alarme');
        const missing = plan.orders.find((o) =>
          o.target === 'relay' ? !findRelay(o.n) : !findSwitch(o.target === 'alarm' ? 'alarm' : o.n),
        );
        if (missing) {
          const text =
            missing.target === 'relay'
              ? t('errors.noRelay', { relay: missing.n })
              : missing.target === 'switch'
                ? t('errors.noSwitch', { n: missing.n })
                : t('errors.noAlarm');
          node.log(t('log.command', { from: req.ip ?? '?', query, result: text }));
          return send(res, 404, `${text}\n`, 'text/plain; charset=utf-8');
        }
        void (async () => {
          const outcomes: string[] = [];
          for (const o of plan.orders) {
            if (o.target === 'relay') outcomes.push(`${name(o)} ${o.action}: ${await findRelay(o.n)!.command({ action: o.action })}`);
            else {
              const on = findSwitch(o.target === 'alarm' ? 'alarm' : o.n)!.set(o.action, 'http');
              outcomes.push(`${name(o)} ${o.action}: ${on ? 'ON' : 'OFF'}`);
            }
          }
          if (outcomes.length) node.log(t('log.command', { from: req.ip ?? '?', query, result: outcomes.join(', ') }));
          send(res, 200, snapshot());
        })().catch((e: Error) => send(res, 500, `${e.message}\n`, 'text/plain; charset=utf-8'));
      };

      // On httpNode, the server of the flows' own http-in nodes: the box's clients expect the paths at its root.
      const app = RED.httpNode as NodeAPI['httpNode'] | undefined;
      if (app) {
        // data.cgx, the commands, and any template on the "card" (one level of folder: /JWES/PHASE1.CGX).
        const route = new RegExp(`^${escapeRe(prefix)}/((?:[^/]+/)?[^/]+\\.cgx|rl\\.cgi)$`, 'i');
        app.get(route, handler);
        onClose(() => {
          // Express has no way to remove a route: take its layer out, as Node-RED's http-in node does.
          const router = (app as unknown as { _router?: { stack: Array<{ route?: { path?: unknown } }> } })._router;
          if (router) router.stack = router.stack.filter((l) => l.route?.path !== route);
        });
      }

      if (c.ftp) {
        const ftpUser = creds.ftpUser ?? '';
        const ftpPassword = creds.ftpPassword ?? '';
        const ftpFailed = (text: string) => {
          ftpProblem = text.slice(0, 120);
          node.error(text);
          showStatus();
        };
        if (!ftpUser || !ftpPassword) ftpFailed(t('errors.ftpCredentials'));
        else {
          mkdirSync(templates, { recursive: true });
          let ftp: { close(): Promise<void> } | null = null;
          let closing = false;
          startCgxFtp({
            host: c.ftpHost,
            port: c.ftpPort,
            root: templates,
            login: (u, p) => [same(u, ftpUser), same(p, ftpPassword)].every(Boolean),
            onUpload: (name) => node.log(t('log.uploaded', { name, via: 'FTP' })),
            onRefused: (name) => node.log(t('log.ftpRefused', { name: name.slice(0, 80) })),
          })
            .then((server) => {
              if (closing) return server.close();
              ftp = server;
              ftpText += t('status.ftp', { host: c.ftpHost, port: c.ftpPort });
              showStatus();
            })
            .catch((e: Error) =>
              ftpFailed(
                e instanceof FtpModuleMissing ? t('errors.ftpMissing', { dir: userDir }) : t('errors.ftpStart', { text: e.message }),
              ),
            );
          onClose(async () => {
            closing = true;
            if (ftp) await ftp.close();
          });
        }
      }

      if (c.tcp) {
        const mac = serial.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
        const sockets = new Set<Socket>();
        const serve = (socket: Socket) => {
          if (sockets.size >= 8) return socket.destroy();
          sockets.add(socket);
          socket.setTimeout(300_000, () => socket.destroy());
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
          const from = socket.remoteAddress ?? '?';
          let buffer = '';
          // One line at a time, in order: a write waits for its relay before the next line is read.
          let queue = Promise.resolve();
          const answer = async (line: string): Promise<string> => {
            const a = answerTcp(line, live(), mac);
            if (a.kind !== 'write') return a.line;
            const o = a.order;
            const what = `${o.target === 'relay' ? `rl${o.n}` : `vs${o.n}`} ${o.on ? 'on' : 'off'}`;
            if (!c.tcpWrite) {
              node.log(t('log.tcpCommand', { from, line, result: t('log.tcpReadOnly') }));
              return '=ERR';
            }
            const relay = o.target === 'relay' ? findRelay(o.n) : undefined;
            const sw = o.target === 'switch' ? findSwitch(o.n) : undefined;
            if (!relay && !sw) {
              node.log(
                t('log.tcpCommand', {
                  from,
                  line,
                  result: t(o.target === 'relay' ? 'errors.noRelay' : 'errors.noSwitch', { relay: o.n, n: o.n }),
                }),
              );
              return '=ERR';
            }
            const result = relay
              ? await relay.command({ action: o.on ? 'on' : 'off' })
              : sw!.set(o.on ? 'on' : 'off', 'http')
                ? 'ON'
                : 'OFF';
            node.log(t('log.tcpCommand', { from, line, result: `${what}: ${result}` }));
            return a.answer(live());
          };
          socket.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('latin1');
            if (buffer.length > 1000) return socket.destroy();
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              queue = queue.then(async () => {
                if (!socket.destroyed) socket.write(`${await answer(line)}\r\n`);
              });
            }
          });
        };
        const tcp = createNetServer(serve);
        tcp.on('error', (e: Error) => {
          ftpProblem = t('errors.tcpStart', { text: e.message }).slice(0, 120);
          node.error(t('errors.tcpStart', { text: e.message }));
          showStatus();
        });
        tcp.listen(c.tcpPort, c.tcpHost, () => {
          ftpText += t('status.tcp', { host: c.tcpHost, port: c.tcpPort });
          showStatus();
        });
        onClose(
          () =>
            new Promise<void>((resolve) => {
              for (const sk of sockets) sk.destroy();
              tcp.close(() => resolve());
            }),
        );
      }

      const store = <T>(r: Read<T>, topic: string, slot: Slot, put: (v: T) => void): void => {
        if (!r.ok) {
          const field = r.error.params.field;
          const text = r.error.code === 'bad-field' ? t('errors.badField', { field: String(field) }) : t(`errors.not.${slot.kind}`);
          throw new Error(t('errors.refused', { topic, slot: `${slot.kind}${slot.n}`, text }));
        }
        put(r.value);
        fed++;
        showStatus();
      };

      onInput((msg) => {
        const event = readTicEvent(msg);
        if (event.ok) {
          // A meter that went silent shows the box's "no TIC" block, not its last frame forever.
          const n = ticSources.get(event.value.source);
          if (event.value.event === 'tic-lost' && n !== undefined) tic[n - 1] = null;
          return;
        }
        // Relays are read live from the registry; their state messages need not be wired, and are harmless if they are.
        if (readRelayState(msg).ok) return;
        const topic = typeof msg.topic === 'string' ? msg.topic : '';
        if (!topic) throw new Error(t('errors.noTopic'));
        const slot = slotOf(topic, table);
        if (isProblem(slot)) throw new Error(explain(slot));
        const i = slot.n - 1;
        switch (slot.kind) {
          case 'tic':
            return store(readMeterState(msg), topic, slot, (v) => {
              tic[i] = ticSlotOf(v);
              ticSources.set(topic, slot.n);
            });
          case 'pulse':
            return store(readPulseReading(msg), topic, slot, (v) => (pulses[i] = pulseSlotOf(v)));
          case 'clamp':
            return store(readClampReading(msg), topic, slot, (v) => (clamps[i] = clampSlotOf(v)));
          case 'probe': {
            // A SONDE holds whatever its 1-Wire sensor measures: °C, or %RH for a humidity board.
            const humidity = readHumidity(msg);
            if (humidity.ok) return store(humidity, topic, slot, (v) => (probes[i] = v.humidityPct));
            return store(readTemperature(msg), topic, slot, (v) => (probes[i] = v.temperatureC));
          }
          case 'input':
          case 'analog': {
            const r = readInputReading(msg);
            const wanted = slot.kind === 'input' ? 'contact' : 'analog';
            if (r.ok && r.value.kind !== wanted) throw new Error(t('errors.inputKind', { topic, slot: `${slot.kind}${slot.n}` }));
            return store(r, topic, slot, (v) => {
              if (v.kind === 'contact') inputs[i] = v.closed;
              else analog[i] = v.value;
            });
          }
        }
      });
    },
  });
};
