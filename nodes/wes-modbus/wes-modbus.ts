// wes-modbus: one device on a wes-modbus-bus. In profile mode it reads a meter's blocks and
// sends a reading that follows the clamp contract (powerW, direction, currentA, energies,
// phases), so load shedding, surplus routing, costs and the logger take a Modbus meter as they
// take a clamp. In raw mode it reads or writes registers and coils by function code. It polls
// on its own interval, or when a message arrives; output every poll, on change, or at most
// every N seconds. A failed read sends nothing and names the Modbus exception.
import type { NodeAPI, NodeMessage } from 'node-red';
import { classify, failureProblem, type Failure } from '../core/modbus/failure';
import { ValuesPolicy, type OutputMode } from '../core/modbus/output';
import { decodePoints, meterReading, parseProfile, profileBlocks, type MeterReading, type Profile } from '../core/modbus/profile';
import { PROFILES } from '../core/modbus/profiles';
import { RAW_FCS, rawRequest, rawSpecOf, rawValues, type RawFc, type RawSpec } from '../core/modbus/raw';
import { VALUE_TYPES, type ByteOrder, type ValueType, type WordOrder } from '../core/modbus/codec';
import type { BusState } from '../io/modbus/bus';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { WesModbusBusNode } from '../wes-modbus-bus/modbus-bus-api';

interface ModbusConfig {
  bus: string;
  topic: string;
  mode: 'profile' | 'raw';
  profile: string;
  profileJson: string;
  unitId: number;
  invert: boolean;
  fc: RawFc;
  address: number;
  count: number;
  valueType: ValueType;
  wordOrder: WordOrder;
  byteOrder: ByteOrder;
  scale: number;
  poll: number;
  output: OutputMode;
  interval: number;
}

const modbusConfig = defineConfig<ModbusConfig>({
  type: 'wes-modbus',
  schema: {
    type: 'object',
    properties: {
      bus: { type: 'string', default: '' },
      topic: { type: 'string', minLength: 1, default: 'meter1' },
      mode: { type: 'string', enum: ['profile', 'raw'], default: 'profile' },
      profile: { type: 'string', enum: [...PROFILES.keys(), 'custom'], default: 'sdm630' },
      profileJson: { type: 'string', default: '' },
      unitId: { type: 'integer', minimum: 0, maximum: 255, default: 1 },
      invert: { type: 'boolean', default: false },
      fc: { type: 'integer', enum: [...RAW_FCS], default: 3 },
      address: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
      count: { type: 'integer', minimum: 1, maximum: 125, default: 1 },
      valueType: { type: 'string', enum: [...VALUE_TYPES], default: 'u16' },
      wordOrder: { type: 'string', enum: ['big', 'little'], default: 'big' },
      byteOrder: { type: 'string', enum: ['big', 'little'], default: 'big' },
      scale: { type: 'number', exclusiveMinimum: 0, default: 1 },
      poll: { type: 'number', minimum: 0, maximum: 86400, default: 10 },
      output: { type: 'string', enum: ['every', 'change', 'interval'], default: 'every' },
      interval: { type: 'number', minimum: 0, maximum: 86400, default: 60 },
    },
    required: [
      'bus',
      'topic',
      'mode',
      'profile',
      'profileJson',
      'unitId',
      'invert',
      'fc',
      'address',
      'count',
      'valueType',
      'wordOrder',
      'byteOrder',
      'scale',
      'poll',
      'output',
      'interval',
    ],
  },
  checks: [
    (c) => {
      if (c.mode !== 'profile' || c.profile !== 'custom') return null;
      let json: unknown;
      try {
        json = JSON.parse(c.profileJson);
      } catch (e) {
        return `profileJson: ${(e as Error).message}`;
      }
      const r = parseProfile(json);
      return r.ok ? null : r.error;
    },
    (c) =>
      c.mode === 'raw' && c.poll > 0 && c.fc >= 5
        ? 'poll: writes (functions 5, 6, 15, 16) are sent on a message, not polled: set poll to 0'
        : null,
  ],
});

type Outcome = { ok: true; msg: NodeMessage; text: string } | { ok: false; failure: Failure };

export = function (RED: NodeAPI): void {
  defineNode<ModbusConfig>(RED, {
    type: 'wes-modbus',
    dir: __dirname,
    config: modbusConfig,
    setup({ node, config: c, t, status, onInput, onClose, every, fail, explain }) {
      const found = RED.nodes.getNode(c.bus) as WesModbusBusNode | null;
      if (!found) fail(t('errors.noBus'));
      const bus = found as WesModbusBusNode;
      // a bus whose own config was refused never set attach up; its error is in the log
      if (typeof bus.attach !== 'function') fail(t('errors.busConfig'));
      const profile: Profile | undefined =
        c.mode !== 'profile'
          ? undefined
          : c.profile === 'custom'
            ? (parseProfile(JSON.parse(c.profileJson)) as { profile: Profile }).profile
            : PROFILES.get(c.profile);
      const blocks = profile ? profileBlocks(profile) : [];
      const base: RawSpec = {
        unitId: c.unitId,
        fc: c.fc,
        address: c.address,
        count: c.count,
        type: c.valueType,
        wordOrder: c.wordOrder,
        byteOrder: c.byteOrder,
        scale: c.scale,
      };
      const policy = new ValuesPolicy<NodeMessage>(c.output, c.interval * 1000, (m) => JSON.stringify(m.payload));
      let busState: BusState = bus.busState;
      let lastFailure = '';
      let polling = false;

      const failureText = (f: Failure): string => explain(failureProblem(f));
      // the bus's health rides on every device's status: a config node has no status of its own
      const rate = (): string => {
        const st = bus.stats();
        let text = t('status.rate', { rate: st.requestsPerS.toFixed(1) });
        if (st.errors > 0) text += ` · ${t('status.errors', { count: st.errors })}`;
        if (st.resting.length) text += ` · ${t('status.silent', { units: st.resting.join(', ') })}`;
        return text;
      };

      async function readProfile(p: Profile): Promise<Outcome> {
        const data: number[][] = [];
        for (const b of blocks) {
          const r = await bus.request({ unitId: c.unitId, fc: b.fc, address: b.start, count: b.count });
          if (!r.ok) return r;
          data.push(r.data as number[]);
        }
        const reading: MeterReading = meterReading(p, decodePoints(p, blocks, data), c.invert);
        const msg = {
          topic: c.topic,
          payload: reading,
          meter: { model: p.model, name: p.name, unitId: c.unitId, directionMeasured: p.direction, phases: p.phases },
        } as NodeMessage;
        const dir = reading.direction === 'unknown' ? '' : ` ${t(`direction.${reading.direction}`)}`;
        return { ok: true, msg, text: `${Math.round(reading.powerW)} W${dir}` };
      }

      async function raw(spec: RawSpec, payload: unknown): Promise<Outcome> {
        const req = rawRequest(spec, payload);
        if (!req.ok) throw new Error(explain(req.error));
        const r = await bus.request(req.request);
        if (!r.ok) return r;
        const isRead = spec.fc <= 4;
        const values = isRead ? rawValues(spec, r.data) : undefined;
        const msg = {
          topic: c.topic,
          payload: isRead ? values : payload,
          modbus: {
            unitId: spec.unitId,
            fc: spec.fc,
            address: spec.address,
            ...(isRead ? { count: spec.count, type: spec.type, raw: r.data } : { written: true }),
          },
        } as NodeMessage;
        const first = values ? Object.entries(values)[0] : undefined;
        return { ok: true, msg, text: first ? `${first[0]}=${String(first[1])}` : t('status.written') };
      }

      /** One poll or one on-demand request; returns the failure text (already shown) or null. */
      async function run(spec: RawSpec, payload: unknown, fromInput: boolean): Promise<string | null> {
        let out: Outcome;
        try {
          out = profile ? await readProfile(profile) : await raw(spec, payload);
        } catch (e) {
          if (fromInput) throw e;
          out = { ok: false, failure: classify(e, spec.unitId) };
        }
        if (!out.ok) {
          const text = failureText(out.failure);
          status.set(out.failure.kind === 'exception' ? 'error' : 'lost', text);
          // once per outage in the log, not once per poll
          // a silent unit's timeout and its rest after it are one outage: one line in the log
          const key = out.failure.kind === 'resting' ? 'timeout' : `${out.failure.kind}${out.failure.exception ?? ''}`;
          if (!fromInput && key !== lastFailure) node.error(text, { topic: c.topic, error: { ...out.failure } } as NodeMessage);
          lastFailure = key;
          return text;
        }
        lastFailure = '';
        status.set('ok', `${out.text} · ${rate()}`);
        const send = fromInput ? out.msg : policy.offer(out.msg, Date.now());
        if (send) node.send(send);
        return null;
      }

      const poll = (): void => {
        if (polling || busState !== 'open') return;
        polling = true;
        void run(base, undefined, false).finally(() => (polling = false));
      };

      status.set('waiting', t('status.waiting'));
      const detach = bus.attach({
        busState(s, detail) {
          busState = s;
          if (s === 'open') {
            status.set('waiting', t('status.open'));
            if (c.poll > 0) poll();
          } else if (s === 'closed') status.set('lost', detail ? t('status.closedWhy', { text: detail }) : t('status.closed'));
        },
      });
      onClose(() => detach());
      if (c.poll > 0) every(c.poll * 1000, poll);
      if (c.output === 'interval')
        every(1000, () => {
          const due = policy.due(Date.now());
          if (due) node.send(due);
        });

      onInput(async (msg, send) => {
        const spec = rawSpecOf(base, msg.modbus);
        if (!spec.ok) throw new Error(explain(spec.error));
        if (busState !== 'open') throw new Error(t('status.closed'));
        let out: Outcome;
        if (profile) out = await readProfile(profile);
        else out = await raw(spec.spec, msg.payload);
        if (!out.ok) {
          const text = failureText(out.failure);
          status.set(out.failure.kind === 'exception' ? 'error' : 'lost', text);
          const err = new Error(text) as Error & { failure?: Failure };
          err.failure = out.failure;
          throw err;
        }
        status.set('ok', `${out.text} · ${rate()}`);
        // an asked-for read is always answered, whatever the output policy
        send({ ...out.msg, _msgid: msg._msgid });
      });
    },
  });
};
