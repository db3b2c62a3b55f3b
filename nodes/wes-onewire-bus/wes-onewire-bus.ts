// wes-onewire-bus: the config node that owns a 1-Wire bus. Every wes-onewire probe node and every
// 1-Wire relay reaches the bus through it, so one queue serialises the master and the backend
// (kernel sysfs, owserver, or the simulated twin) is chosen in one place. The names the bus
// gives to ROM ids are kept in its state file, so they survive restarts and rescans.
import type { NodeAPI } from 'node-red';
import { canonicalRom } from '../core/onewire/rom';
import { claimLine, releaseLine } from '../io/gpio/line-registry';
import type { Level, OutputHandle } from '../io/gpio/types';
import { readJson, writeJsonAtomic } from '../io/state/atomic-json';
import { OneWireBus } from '../io/w1/bus';
import { OwserverBackend } from '../io/w1/owserver-backend';
import { SimulatedBackend } from '../io/w1/simulated-backend';
import { SysfsBackend } from '../io/w1/sysfs-backend';
import type { OneWireBackend } from '../io/w1/types';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import { describeOwner } from '../wes-gpio/gpio-node';
import type { WesOneWireBusNode } from './onewire-bus-node';

interface BusConfig {
  name: string;
  backend: 'sysfs' | 'owserver' | 'simulated';
  root: string;
  host: string;
  port: number;
  pollS: number;
  rescanMin: number;
  lostAfter: number;
  maxJump: number;
  boards: string;
}

const ROM_LIST = '^\\s*([0-9A-Fa-f]{2}[-.][0-9A-Fa-f]{12}\\s*(,\\s*[0-9A-Fa-f]{2}[-.][0-9A-Fa-f]{12}\\s*)*)?$';

const config = defineConfig<BusConfig>({
  type: 'wes-onewire-bus',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      backend: { type: 'string', enum: ['sysfs', 'owserver', 'simulated'], default: 'sysfs' },
      root: { type: 'string', minLength: 1, default: '/sys/bus/w1/devices' },
      host: { type: 'string', pattern: '^[A-Za-z0-9_.:-]+$', default: 'localhost' },
      port: { type: 'integer', minimum: 1, maximum: 65535, default: 4304 },
      pollS: { type: 'number', minimum: 1, maximum: 3600, default: 10 },
      rescanMin: { type: 'number', minimum: 0, maximum: 1440, default: 5 },
      lostAfter: { type: 'integer', minimum: 1, maximum: 100, default: 3 },
      maxJump: { type: 'number', minimum: 0.1, maximum: 200, default: 10 },
      boards: { type: 'string', pattern: ROM_LIST, default: '' },
    },
    required: [],
  },
  checks: [(c) => (c.boards.split(',').filter((s) => s.trim()).length > 9 ? 'boards: at most 9 DS2408 boards (rl101…rl908)' : null)],
});

function backendFor(c: BusConfig): OneWireBackend {
  if (c.backend === 'owserver') return new OwserverBackend(c.host, c.port, Math.min(10_000, c.pollS * 1000));
  if (c.backend === 'simulated') return new SimulatedBackend();
  return new SysfsBackend(c.root);
}

export = function (RED: NodeAPI) {
  defineNode<BusConfig, WesOneWireBusNode>(RED, {
    type: 'wes-onewire-bus',
    dir: __dirname,
    config,
    setup({ node, config: c, t, stateFile, onClose, explain }) {
      const stored = readJson(stateFile);
      if (stored && 'error' in stored) node.warn(t('errors.restore', { text: stored.error }));
      const saved = stored && 'value' in stored ? (stored.value as { names?: Record<string, string> }).names : undefined;
      const names = saved && typeof saved === 'object' ? saved : {};
      const boards = c.boards
        .split(',')
        .map((s) => canonicalRom(s))
        .filter((r): r is string => r !== null);
      const bus = new OneWireBus(
        backendFor(c),
        { pollMs: c.pollS * 1000, rescanMs: c.rescanMin * 60_000, probe: { maxJump: c.maxJump, lostAfter: c.lostAfter }, boards },
        names,
        (n) => {
          try {
            writeJsonAtomic(stateFile, { v: 1, names: n });
          } catch (e) {
            node.error(t('errors.save', { text: (e as Error).message }));
          }
        },
      );
      const chipKey = `onewire:${node.id}`;
      node.bus = bus;
      node.backendLabel = () => bus.backend.description;
      node.claimRelay = (board, channel, owner) => claimLine(chipKey, board * 100 + channel, describeOwner(owner));
      node.releaseRelay = (board, channel, owner) => {
        bus.releaseRelay(board, channel);
        releaseLine(chipKey, board * 100 + channel, describeOwner(owner));
      };
      node.openRelay = async ({ board, channel, initial }) => {
        await bus.whenScanned();
        let level: Level = initial;
        await bus.setRelay(board, channel, initial === 1);
        const handle: OutputHandle = {
          line: board * 100 + channel,
          get level() {
            return level;
          },
          async write(l) {
            await bus.setRelay(board, channel, l === 1);
            level = l;
          },
          async close() {},
        };
        return handle;
      };
      bus.on('fault', (p) => node.warn(t('log.fault', { text: explain(p) })));
      bus.on('added', (e) => node.log(t('log.added', { rom: e.romId, name: e.name })));
      bus.on('removed', (e) => node.log(t('log.removed', { rom: e.romId, name: e.name })));
      bus.on('restored', (e) => node.warn(t('log.restored', { board: e.board, rom: e.romId })));
      node.log(t('log.using', { backend: bus.backend.description }));
      bus.start();
      onClose(() => bus.close());
    },
  });

  // The editor's list of scanned probes, and its "search" button (the WES's Temperature menu).
  const busOf = (id: string): WesOneWireBusNode | null => {
    const n = RED.nodes.getNode(id) as WesOneWireBusNode | null;
    return n && n.type === 'wes-onewire-bus' && n.bus ? n : null;
  };
  RED.httpAdmin.get('/wes-onewire-bus/:id/probes', RED.auth.needsPermission('wes-onewire-bus.read'), (req, res) => {
    const n = busOf(String(req.params.id));
    if (!n?.bus) return void res.status(404).json({ error: 'not deployed' });
    res.json({ backend: n.backendLabel(), probes: n.bus.probes() });
  });
  RED.httpAdmin.post('/wes-onewire-bus/:id/scan', RED.auth.needsPermission('wes-onewire-bus.write'), (req, res) => {
    const n = busOf(String(req.params.id));
    if (!n?.bus) return void res.status(404).json({ error: 'not deployed' });
    const bus = n.bus;
    bus.rescan().then(
      (diff) => res.json({ ...diff, probes: bus.probes() }),
      (e: Error) => res.status(502).json({ error: e.message }),
    );
  });
};
