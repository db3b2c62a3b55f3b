// wes-onewire: one probe of a 1-Wire bus, chosen by its ROM id, or every probe of the bus. Each
// accepted reading leaves on output 1 on the temperature contract (msg.payload °C, or %RH for a
// humidity board, msg.topic its name, msg.romId); what happens to the probes (added, removed,
// lost after N failed reads, recovered) leaves on output 2. A message in asks the bus for a
// search and a read now. The bus does the reading and the judging; this node only filters.
import type { NodeMessage } from 'node-red';
import type { NodeAPI } from 'node-red';
import { canonicalRom } from '../core/onewire/rom';
import type { ProbeEvent, ReadingEvent, RefusedEvent } from '../io/w1/bus';
import { SimulatedBackend } from '../io/w1/simulated-backend';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { WesOneWireBusNode } from '../wes-onewire-bus/onewire-bus-node';

interface OneWireConfig {
  name: string;
  bus: string;
  romId: string;
}

const config = defineConfig<OneWireConfig>({
  type: 'wes-onewire',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', maxLength: 64, default: '' },
      bus: { type: 'string', minLength: 1 },
      romId: { type: 'string', pattern: '^\\s*([0-9A-Fa-f]{2}[-.][0-9A-Fa-f]{12})?\\s*$', default: '' },
    },
    required: ['bus'],
  },
});

const round = (v: number): number => Math.round(v * 1000) / 1000;

export = function (RED: NodeAPI) {
  defineNode<OneWireConfig>(RED, {
    type: 'wes-onewire',
    dir: __dirname,
    config,
    setup({ node, config: c, t, status, onInput, onClose, fail, explain }) {
      const owner = RED.nodes.getNode(c.bus) as WesOneWireBusNode | null;
      if (!owner || owner.type !== 'wes-onewire-bus') return fail(t('errors.noBus'));
      const bus = owner.bus;
      if (!bus) return fail(t('errors.busConfig', { text: (owner as { configError?: string }).configError ?? '' }));
      const rom = canonicalRom(c.romId);
      const mine = (r: string): boolean => rom === null || r === rom;
      // The node's own name wins for its one probe; otherwise the bus's name bound to the ROM id.
      const nameOf = (e: ProbeEvent): string => (rom !== null && c.name ? c.name : e.name);
      const lost = new Set<string>();
      let count = 0;

      const showAll = () => {
        if (count === 0 && lost.size === 0) status.set('waiting', t('status.scanning'));
        else if (lost.size) status.set('lost', t('status.some', { n: count, lost: lost.size }));
        else status.set('ok', t('status.all', { n: count }));
      };
      status.set('waiting', rom ? t('status.waiting', { rom }) : t('status.scanning'));
      // A redeploy of this node alone: the bus already knows the probe, no need to wait a cycle to show it.
      const known = rom ? bus.probes().find((p) => p.romId === rom) : undefined;
      if (known?.lost) status.set('lost', t('status.lost', { name: c.name || known.name }));
      else if (known && known.value !== null) status.set('ok', `${round(known.value)} ${known.unit}`);

      const onReading = (r: ReadingEvent) => {
        if (!mine(r.romId)) return;
        lost.delete(r.romId);
        const value = round(r.value);
        node.send([{ topic: nameOf(r), payload: value, romId: r.romId, unit: r.unit, kind: r.kind } as NodeMessage, null]);
        if (rom) status.set('ok', `${value} ${r.unit}`);
        else {
          count = bus.probes().filter((p) => p.kind === 'temperature' || p.kind === 'humidity').length;
          showAll();
        }
      };
      const onRefused = (r: RefusedEvent) => {
        if (!mine(r.romId) || !rom || lost.has(r.romId)) return;
        status.set('waiting', t('status.refused', { reason: explain(r.problem) }).slice(0, 80));
      };
      const onEvent = (event: 'added' | 'removed' | 'lost' | 'recovered') => (e: ProbeEvent) => {
        if (!mine(e.romId) || (e.kind !== 'temperature' && e.kind !== 'humidity')) return;
        if (event === 'lost') lost.add(e.romId);
        if (event === 'recovered') lost.delete(e.romId);
        node.send([null, { topic: nameOf(e), payload: event, event, romId: e.romId, kind: e.kind } as NodeMessage]);
        if (rom && event === 'lost') status.set('lost', t('status.lost', { name: nameOf(e) }));
        else if (!rom) showAll();
      };
      const handlers = {
        added: onEvent('added'),
        removed: onEvent('removed'),
        lost: onEvent('lost'),
        recovered: onEvent('recovered'),
      };
      bus.on('reading', onReading);
      bus.on('refused', onRefused);
      for (const [k, fn] of Object.entries(handlers)) bus.on(k as keyof typeof handlers, fn);

      onInput(async (msg) => {
        if (msg.topic === 'simulate') {
          const p = (typeof msg.payload === 'object' && msg.payload !== null ? msg.payload : {}) as { unplug?: unknown; plug?: unknown };
          const which = typeof p.unplug === 'string' ? p.unplug : typeof p.plug === 'string' ? p.plug : '';
          const target = canonicalRom(which);
          if (target === null) throw new Error(t('errors.simulate'));
          if (!(bus.backend instanceof SimulatedBackend)) throw new Error(t('errors.notSimulated'));
          // The probe only leaves the simulated bus: the bus says it lost after its own failed reads, as for a real one.
          if (typeof p.unplug === 'string') bus.backend.unplug(target);
          else bus.backend.plug(target);
          return;
        }
        await bus.rescan();
        await bus.readAll();
      });
      onClose(() => {
        bus.off('reading', onReading);
        bus.off('refused', onRefused);
        for (const [k, fn] of Object.entries(handlers)) bus.off(k as keyof typeof handlers, fn);
      });
    },
  });
};
