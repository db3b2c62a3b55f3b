// wes-ct-meter: four clamps and the mains voltage. The source gives sample sets (the simulated
// front end, the experimental SPI ADC) measured by core/power's accumulator, or ready readings
// (an emonTx-style MCU on a wes-serial-port line); either way one period result goes through
// the ct-meter reducer (energy registers, mains and reversal events). A Modbus energy meter on a
// wes-modbus-bus measures for itself: its readings, energy registers included, go out as read. Output 1: one message per
// enabled clamp on the clamp contract; output 2: events. This file maps config, timers, the port
// and persistence onto the core.
import type { NodeAPI, NodeMessage } from 'node-red';
import { PowerAccumulator, measureBurst, type AcEvent, type PeriodResult } from '../core/power/accumulator';
import {
  ICAL_SCT013_WES,
  PHASECAL_DEFAULT_DEG,
  VCAL_230_9,
  type ChannelCalibration,
  type VoltageCalibration,
} from '../core/power/calibration';
import {
  acChanged,
  applyPeriod,
  clippingOnsets,
  emptyCtMeter,
  restoreCtMeter,
  type CtEvent,
  type CtMeterState,
} from '../core/power/ct-meter';
import { lineResult, parseEmonLine } from '../core/power/emontx-line';
import type { McpChip } from '../core/power/mcp3x08';
import type { ChannelMode } from '../core/power/reversal';
import type { ClampReading } from '../core/contracts/clamp';
import { SIM_FRONT_END, SimulatedCtFrontEnd } from '../core/sim/ct-front-end';
import { failureProblem, type Failure } from '../core/modbus/failure';
import { decodePoints, meterReading, profileBlocks, type MeterReading } from '../core/modbus/profile';
import { PROFILES } from '../core/modbus/profiles';
import { layoutProblem, meterClamp, modbusCapabilities, phaseClamp, type ModbusLayout } from '../core/power/modbus-source';
import { McpBurstSampler } from '../io/spi/mcp-burst';
import { readJson, ThrottledWriter } from '../io/state/atomic-json';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { SerialClient, WesSerialPortNode } from '../wes-serial-port/serial-port-api';
import type { WesModbusBusNode } from '../wes-modbus-bus/modbus-bus-api';

type Source = 'simulated' | 'serial' | 'spi' | 'modbus';
const NS = [1, 2, 3, 4] as const;

interface CtMeterConfig {
  name: string;
  topic: string;
  source: Source;
  port: string;
  periodS: number;
  voltageEnabled: boolean;
  vcal: number;
  nominalV: number;
  nominalHz: 50 | 60;
  lostAfterS: number;
  persistS: number;
  simSeed: number;
  simPvW: number;
  simCuts: boolean;
  spiChip: McpChip;
  spiBus: number;
  spiDevice: number;
  spiSpeedHz: number;
  spiVref: number;
  spiBurstMs: number;
  bus: string;
  modbusProfile: string;
  modbusLayout: ModbusLayout;
  modbusUnitId: number;
  [k: `ch${number}${'Name' | 'Ical' | 'Phase' | 'Invert' | 'Enabled' | 'Mode' | 'Unit'}`]: string | number | boolean;
}

function channelProps(): Record<string, object> {
  const out: Record<string, object> = {};
  for (const n of NS) {
    out[`ch${n}Name`] = { type: 'string', default: '' };
    out[`ch${n}Ical`] = { type: 'number', exclusiveMinimum: 0, maximum: 10000, default: Math.round(ICAL_SCT013_WES * 100) / 100 };
    out[`ch${n}Phase`] = { type: 'number', minimum: -30, maximum: 30, default: PHASECAL_DEFAULT_DEG };
    out[`ch${n}Invert`] = { type: 'boolean', default: false };
    out[`ch${n}Enabled`] = { type: 'boolean', default: true };
    out[`ch${n}Mode`] = { type: 'string', enum: ['bidirectional', 'consumption', 'production'], default: 'bidirectional' };
    // the Modbus source, one meter per channel: its unit id (1–247)
    out[`ch${n}Unit`] = { type: 'integer', minimum: 1, maximum: 247, default: n };
  }
  return out;
}

const ctMeterConfig = defineConfig<CtMeterConfig>({
  type: 'wes-ct-meter',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      topic: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', default: 'clamp' },
      source: { type: 'string', enum: ['simulated', 'serial', 'spi', 'modbus'], default: 'simulated' },
      port: { type: 'string', default: '' },
      periodS: { type: 'number', minimum: 1, maximum: 300, default: 10 },
      voltageEnabled: { type: 'boolean', default: true },
      vcal: { type: 'number', exclusiveMinimum: 0, maximum: 10000, default: VCAL_230_9 },
      nominalV: { type: 'number', minimum: 100, maximum: 260, default: 230 },
      nominalHz: { type: 'integer', enum: [50, 60], default: 50 },
      lostAfterS: { type: 'number', minimum: 2, maximum: 600, default: 30 },
      persistS: { type: 'number', minimum: 1, maximum: 600, default: 60 },
      simSeed: { type: 'integer', default: 1 },
      simPvW: { type: 'number', minimum: 0, maximum: 36000, default: 3000 },
      simCuts: { type: 'boolean', default: true },
      spiChip: { type: 'string', enum: ['mcp3008', 'mcp3208'], default: 'mcp3208' },
      spiBus: { type: 'integer', minimum: 0, maximum: 9, default: 0 },
      spiDevice: { type: 'integer', minimum: 0, maximum: 9, default: 0 },
      spiSpeedHz: { type: 'integer', minimum: 100000, maximum: 3600000, default: 1000000 },
      spiVref: { type: 'number', minimum: 1, maximum: 5.5, default: 3.3 },
      spiBurstMs: { type: 'number', minimum: 200, maximum: 2000, default: 500 },
      bus: { type: 'string', default: '' },
      modbusProfile: { type: 'string', enum: [...PROFILES.keys()], default: 'sdm120' },
      modbusLayout: { type: 'string', enum: ['meters', 'phases'], default: 'meters' },
      modbusUnitId: { type: 'integer', minimum: 1, maximum: 247, default: 1 },
      ...channelProps(),
    },
    required: [],
  },
  checks: [
    (c) => (c.source === 'serial' && c.port === '' ? 'port: the serial source needs a wes-serial-port' : null),
    (c) => (c.source === 'modbus' && c.bus === '' ? 'bus: the Modbus source needs a wes-modbus-bus' : null),
    (c) => (c.source === 'modbus' ? layoutProblem(PROFILES.get(c.modbusProfile)!, c.modbusLayout) : null),
  ],
});

interface Persisted {
  meter: CtMeterState;
}

export = function (RED: NodeAPI): void {
  defineNode<CtMeterConfig>(RED, {
    type: 'wes-ct-meter',
    dir: __dirname,
    config: ctMeterConfig,
    setup({ node, config: c, t, status, stateFile, onInput, onClose, every, fail, explain }) {
      const channels: ChannelCalibration[] = NS.map((n) => ({
        enabled: c[`ch${n}Enabled`] as boolean,
        ical: c[`ch${n}Ical`] as number,
        phaseCalDeg: c[`ch${n}Phase`] as number,
        invert: c[`ch${n}Invert`] as boolean,
      }));
      const modes = NS.map((n) => c[`ch${n}Mode`] as ChannelMode);
      const names = NS.map((n) => (c[`ch${n}Name`] as string) || t('channel', { n }));
      const voltage: VoltageCalibration = { enabled: c.voltageEnabled, vcal: c.vcal, nominalV: c.nominalV, nominalHz: c.nominalHz };
      // what the source can say, so the dashboard and the rules know when "export" means something
      const capabilities = { direction: c.voltageEnabled, voltage: c.voltageEnabled, energyRegisters: false, source: c.source };

      let meter = emptyCtMeter();
      const stored = readJson(stateFile);
      if (stored && 'error' in stored) node.warn(t('errors.state', { text: stored.error }));
      else if (stored) {
        const restored = restoreCtMeter((stored.value as Partial<Persisted>)?.meter);
        if (restored) meter = restored;
        else node.warn(t('errors.state', { text: stateFile }));
      }
      const writer = new ThrottledWriter(
        stateFile,
        (): Persisted => ({ meter }),
        c.persistS * 1000,
        (text) => node.warn(t('errors.save', { text })),
      );
      // registered before the timers, so it runs after they stop (the close list runs in reverse)
      onClose(() => writer.flush());
      let last: Array<ClampReading | null> = [];
      let sourceText = t(`source.${c.source}`);

      const showStatus = (): void => {
        if (last.every((r) => r === null)) {
          status.set('waiting', t('status.waiting', { source: sourceText }));
          return;
        }
        const powers = last.map((r) => (r ? `${r.direction === 'export' ? '−' : ''}${Math.round(r.powerW)}` : '–')).join(' / ');
        const first = last.find((r) => r !== null);
        const clipped = last.flatMap((r, k) => (r?.clipped ? [names[k]] : []));
        if (clipped.length || last.some((r) => r?.voltageClipped)) {
          // a clipped reading is live but wrong (the clamp does not suit the circuit): red, with the powers
          const what = [...(last.some((r) => r?.voltageClipped) ? [t('status.voltage')] : []), ...clipped].join(', ');
          status.set('error', t('status.clipped', { what, powers }));
          return;
        }
        if (meter.ac === false && first?.acPresent !== undefined) status.set('lost', t('status.mainsCut', { powers }));
        else if (first && first.voltageV === undefined) status.set('ok', t('status.apparent', { powers }));
        else status.set('ok', t('status.live', { volts: Math.round(first?.voltageV ?? 0), powers }));
      };

      const sendEvents = (events: CtEvent[], atMs: number): void => {
        for (const e of events) {
          const text =
            e.event === 'clamp-reversed-suspected'
              ? t(`event.${e.advice}`, { clamps: e.channels.map((ch) => names[ch]).join(', ') })
              : t(`event.${e.event}`);
          const payload: Record<string, unknown> = { event: e.event, time: new Date(atMs).toISOString(), text };
          if (e.event === 'clamp-reversed-suspected') {
            payload.channels = e.channels.map((ch) => ch + 1);
            payload.advice = e.advice;
          }
          node.send([null, { topic: `${c.topic}/event`, payload } as NodeMessage]);
        }
      };

      const sendReadings = (readings: Array<ClampReading | null>, hasDirection: boolean): void => {
        for (const p of clippingOnsets(last, readings)) node.warn(explain(p));
        last = readings;
        const msgs: NodeMessage[] = [];
        readings.forEach((reading, k) => {
          if (!reading) return;
          msgs.push({
            topic: `${c.topic}${k + 1}`,
            payload: reading,
            clamp: { channel: k + 1, name: names[k], mode: modes[k], ...capabilities, direction: hasDirection },
          } as NodeMessage);
        });
        if (msgs.length) node.send([msgs, null]);
      };

      const deliver = (r: PeriodResult, atMs: number): void => {
        const out = applyPeriod(meter, r, modes);
        meter = out.state;
        writer.markDirty();
        sendReadings(out.readings, r.hasDirection);
        sendEvents(out.events, atMs);
        showStatus();
      };
      const acEvents = (events: AcEvent[], atMs: number): void => {
        for (const e of events) {
          const ch = acChanged(meter, e.kind === 'ac-back');
          meter = ch.state;
          sendEvents(ch.events, atMs);
        }
      };

      if (c.source === 'simulated') {
        const sim = new SimulatedCtFrontEnd({ seed: c.simSeed, pvPeakW: c.simPvW, cuts: c.simCuts }, Date.now());
        const acc = new PowerAccumulator({ frontEnd: SIM_FRONT_END, voltage, channels, periodS: c.periodS });
        every(260, () => {
          const now = Date.now();
          for (const f of sim.advance(now)) {
            const rs = acc.push(f);
            acEvents(acc.takeEvents(), now);
            for (const r of rs) deliver(r, now);
          }
          if (meter.ac === false) showStatus();
        });
        onInput((msg) => {
          const p = msg.payload as { simulateCut?: unknown } | undefined;
          if (p && typeof p === 'object' && typeof p.simulateCut === 'number' && p.simulateCut > 0 && p.simulateCut <= 3600)
            sim.cut(Date.now(), p.simulateCut);
          else if (msg.payload === 'status') resend();
          else throw new Error(t('errors.input'));
        });
      } else if (c.source === 'serial') {
        const portNode: WesSerialPortNode = (RED.nodes.getNode(c.port) as WesSerialPortNode | null) ?? fail(t('errors.noPort'));
        if (typeof portNode.attach !== 'function') fail(t('errors.portConfig'));
        capabilities.energyRegisters = false;
        let buf = '';
        let lastLineMs = 0;
        const line = (text: string): void => {
          if (text.trim() === '') return;
          const parsed = parseEmonLine(text);
          const now = Date.now();
          if (!parsed.ok) {
            node.debug(explain(parsed.problem));
            return;
          }
          // the first line has no interval before it; a long silence does not count at the last power
          const dt = lastLineMs === 0 ? 0 : Math.min((now - lastLineMs) / 1000, c.lostAfterS);
          lastLineMs = now;
          portNode.validGroups(1, now);
          const r = lineResult(parsed.line, channels, c.nominalV, dt);
          capabilities.direction = r.hasDirection;
          capabilities.voltage = parsed.line.vrms !== undefined;
          deliver(r, now);
        };
        const client: SerialClient = {
          data(chunk) {
            buf += chunk.toString('latin1');
            let at: number;
            while ((at = buf.indexOf('\n')) >= 0) {
              line(buf.slice(0, at));
              buf = buf.slice(at + 1);
            }
            // a line longer than any MCU prints is noise: keep the tail only
            if (buf.length > 4096) buf = buf.slice(-512);
          },
          portState(state, detail) {
            sourceText = state === 'open' ? (detail ?? '') : `${state}${detail ? `: ${detail}` : ''}`;
            if (state === 'error') node.error(detail ?? t('errors.port'));
            showStatus();
          },
        };
        const detach = portNode.attach(client);
        onClose(() => detach());
        every(1000, () => {
          if (lastLineMs > 0 && Date.now() - lastLineMs > c.lostAfterS * 1000) status.set('lost', t('status.silent', { s: c.lostAfterS }));
        });
        onInput((msg) => {
          if (msg.payload === 'status') resend();
          else throw new Error(t('errors.input'));
        });
      } else if (c.source === 'modbus') {
        const found = RED.nodes.getNode(c.bus) as WesModbusBusNode | null;
        if (!found) fail(t('errors.noBus'));
        const bus = found as WesModbusBusNode;
        // a bus whose own config was refused never set attach up; its error is in the log
        if (typeof bus.attach !== 'function') fail(t('errors.busConfig'));
        const profile = PROFILES.get(c.modbusProfile)!;
        const blocks = profileBlocks(profile);
        Object.assign(capabilities, modbusCapabilities(profile, c.modbusLayout));
        // the unit each channel reads; in the phases layout channels 1–3 are one meter's L1–L3
        const units = NS.map((n, k) => {
          if (!channels[k].enabled) return null;
          if (c.modbusLayout === 'phases') return n <= 3 ? c.modbusUnitId : null;
          return c[`ch${n}Unit`] as number;
        });
        // per unit, the failure already logged: one line per outage, not one per poll
        const logged = new Map<number, string>();
        let polling = false;
        let open = bus.busState === 'open';

        const readUnit = async (
          unitId: number,
        ): Promise<{ ok: true; values: Record<string, number> } | { ok: false; failure: Failure }> => {
          const data: number[][] = [];
          for (const b of blocks) {
            const r = await bus.request({ unitId, fc: b.fc, address: b.start, count: b.count });
            if (!r.ok) return r;
            data.push(r.data as number[]);
          }
          return { ok: true, values: decodePoints(profile, blocks, data) };
        };

        const poll = async (): Promise<void> => {
          const now = Date.now();
          const values = new Map<number, Record<string, number>>();
          const failures: string[] = [];
          for (const u of new Set(units.filter((x): x is number => x !== null))) {
            const r = await readUnit(u);
            if (r.ok) {
              values.set(u, r.values);
              logged.delete(u);
              continue;
            }
            const text = explain(failureProblem(r.failure));
            failures.push(text);
            const key = r.failure.kind === 'resting' ? 'timeout' : `${r.failure.kind}${r.failure.exception ?? ''}`;
            if (logged.get(u) !== key) node.error(t('errors.meter', { unit: u, text }));
            logged.set(u, key);
          }
          const readings = units.map((u, k) => {
            const v = u === null ? undefined : values.get(u);
            if (!v) return null;
            const m: MeterReading = meterReading(profile, v, channels[k].invert);
            return c.modbusLayout === 'phases' ? phaseClamp(m, k + 1) : meterClamp(m);
          });
          if (readings.some((r) => r !== null)) sendReadings(readings, capabilities.direction);
          else last = readings;
          // a meter on a UPS that still answers tells the mains cut by its voltage
          const ac = readings.find((r) => r?.acPresent !== undefined)?.acPresent;
          if (ac !== undefined) {
            const ch = acChanged(meter, ac);
            meter = ch.state;
            sendEvents(ch.events, now);
          }
          if (failures.length && readings.every((r) => r === null)) status.set('lost', failures[0]);
          else showStatus();
        };
        const tick = (): void => {
          if (polling || !open) return;
          polling = true;
          void poll().finally(() => (polling = false));
        };
        const detach = bus.attach({
          busState(s, detail) {
            open = s === 'open';
            sourceText = s === 'open' ? t('source.modbus') : `${s}${detail ? `: ${detail}` : ''}`;
            if (open) tick();
            else if (s === 'closed') status.set('lost', sourceText);
          },
        });
        onClose(() => detach());
        every(c.periodS * 1000, tick);
        onInput((msg) => {
          if (msg.payload === 'status') resend();
          else throw new Error(t('errors.input'));
        });
      } else {
        const open = (): McpBurstSampler => {
          try {
            return new McpBurstSampler({
              chip: c.spiChip,
              bus: c.spiBus,
              device: c.spiDevice,
              speedHz: c.spiSpeedHz,
              vrefV: c.spiVref,
              vChannel: 0,
              iChannels: [1, 2, 3, 4],
            });
          } catch (e) {
            return fail(
              (e as Error).message === 'spi-device-missing' ? t('errors.spiMissing') : t('errors.spiOpen', { text: (e as Error).message }),
            );
          }
        };
        const spi = open();
        onClose(() => spi.close());
        // conversions of 3 bytes, 32 clocks with the gaps: an estimate to size the burst
        const sets = Math.max(200, Math.round((c.spiBurstMs / 1000) * (c.spiSpeedHz / 32 / 5)));
        let lastBurst = Date.now();
        every(c.periodS * 1000, () => {
          const now = Date.now();
          const b = spi.burst(sets);
          const r = measureBurst(b.frame, { frontEnd: b.frontEnd, voltage, channels });
          if (!r) return;
          // the burst is a sample of the period: its power holds for the whole period
          deliver({ ...r, durationS: Math.min((now - lastBurst) / 1000, 2 * c.periodS) }, now);
          lastBurst = now;
        });
        onInput((msg) => {
          if (msg.payload === 'status') resend();
          else throw new Error(t('errors.input'));
        });
      }

      function resend(): void {
        const msgs = last.flatMap((reading, k) =>
          reading ? [{ topic: `${c.topic}${k + 1}`, payload: reading, clamp: { channel: k + 1, name: names[k] } } as NodeMessage] : [],
        );
        if (msgs.length) node.send([msgs, null]);
      }
      showStatus();
    },
  });
};
