// wes-cost: energy and cost today / yesterday / this month / this year, per meter and per tariff
// period, from the meter's index registers (wes-tic-in's energyByPeriodWh) and a wes-contract.
// The accumulators survive restarts (atomic, throttled writes). Arithmetic: nodes/core/rules/costs.ts.
// A circuit (a clamp or a Modbus meter on the clamp contract) is priced from its own import
// index, never from integrating power: its rise is priced at the tariff period current when it
// is read, which is msg.tariffPeriod if given, else the period the last TIC meter state said,
// and BASE for a single-price contract. wes-contract holds prices, not the off-peak hours.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { readClampReading } from '../core/contracts/clamp';
import { readMeterState } from '../core/contracts/meter-state';
import {
  addIndexSample,
  costReport,
  currentPriceKey,
  emptyCostState,
  priceKey,
  type CostState,
  type IndexSample,
} from '../core/rules/costs';
import { ThrottledWriter, readJson } from '../io/state/atomic-json';
import { systemClocks } from '../shared/clock';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import type { WesContractNode } from '../wes-contract/contract-node';

interface CostConfig {
  name: string;
  contract: string;
  intervalS: number;
}

const schema: JSONSchemaType<CostConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    contract: { type: 'string', minLength: 1 },
    intervalS: { type: 'number', minimum: 0, maximum: 86_400, default: 60 },
  },
  required: ['contract'],
};
const configSpec = defineConfig<CostConfig>({ type: 'wes-cost', schema });

function isCostState(v: unknown): v is CostState {
  const s = v as CostState;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof s.registers === 'object' &&
    typeof s.energyWh === 'object' &&
    typeof s.costEur === 'object' &&
    typeof s.subscriptionEur === 'object'
  );
}

export = function (RED: NodeAPI): void {
  defineNode<CostConfig>(RED, {
    type: 'wes-cost',
    dir: __dirname,
    config: configSpec,
    setup(ctx) {
      const { node, config: cfg, t } = ctx;
      const contractNode = RED.nodes.getNode(cfg.contract) as WesContractNode | null;
      if (!contractNode) return ctx.fail(t('errors.noContract'));
      const contract = contractNode.contract;
      // wes-contract's own error text: that node reports it translated in its own log.
      if (!contract) return ctx.fail(contractNode.contractError ?? contractNode.configError ?? t('errors.noContract'));

      const meters = new Map<string, CostState>();
      const stored = readJson(ctx.stateFile);
      if (stored && 'error' in stored) node.warn(t('errors.stateFile', { text: stored.error }));
      else if (stored) {
        const m = (stored.value as { meters?: Record<string, unknown> }).meters ?? {};
        for (const [k, v] of Object.entries(m)) if (isCostState(v)) meters.set(k, v);
      }
      const writer = new ThrottledWriter(
        ctx.stateFile,
        () => ({ v: 1, meters: Object.fromEntries(meters) }),
        10_000,
        (text) => node.error(t('errors.save', { text })),
      );
      ctx.onClose(() => writer.flush());

      const report = (topic: string, now: number, extra: Partial<NodeMessage> = {}): void => {
        const s = meters.get(topic);
        if (!s) return;
        node.send({
          ...extra,
          topic: `${topic}/cost`,
          payload: { meterId: s.meterId, option: contract.option, ...costReport(s, now, contract) },
        } as NodeMessage);
      };
      // the tariff period the TIC meter last said, for the circuits it does not see
      let tariffKey: string | null = contract.option === 'BASE' ? 'BASE' : null;

      const count = (topic: string, sample: IndexSample, now: number, msgid: string | undefined): void => {
        const before = meters.get(topic) ?? emptyCostState(now, contract.timeZone);
        const u = addIndexSample(before, sample, contract);
        for (const r of u.rebased)
          if (before.meterId !== null)
            node.warn(t('log.rebased', { meter: topic, register: r.register, reason: t(`rebased.${r.reason.code}`, r.reason.params) }));
        const first = !meters.has(topic);
        meters.set(topic, u.state);
        writer.markDirty();
        if (first || cfg.intervalS === 0) report(topic, now, { _msgid: msgid });
      };

      /** A circuit's import index; false when the message is not a clamp reading. */
      const circuit = (msg: NodeMessage, now: number): boolean => {
        const read = readClampReading(msg);
        if (!read.ok) return false;
        const wh = read.value.energyImportWh;
        if (wh === undefined) throw new Error(t('errors.noIndex'));
        const asked = (msg as { tariffPeriod?: unknown }).tariffPeriod;
        if (asked !== undefined && (typeof asked !== 'string' || priceKey(contract.option, asked) === null))
          throw new Error(t('errors.tariffPeriod', { option: contract.option }));
        const key = typeof asked === 'string' ? priceKey(contract.option, asked) : tariffKey;
        const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : 'circuit';
        // until a period is known the index is not taken: its rise is priced once it is
        if (key === null) {
          if (!meters.has(topic)) ctx.status.set('waiting', t('status.noPeriod'));
          return true;
        }
        const sample: IndexSample = {
          tMs: now,
          monoMs: systemClocks.monoMs(),
          meterId: `circuit:${topic}`,
          energyByPeriodWh: { IMPORT: wh },
          priceKeys: { IMPORT: key },
        };
        count(topic, sample, now, msg._msgid);
        showStatus();
        return true;
      };

      const showStatus = (): void => {
        const now = Date.now();
        let today = 0;
        let month = 0;
        for (const s of meters.values()) {
          const r = costReport(s, now, contract);
          today += r.today.totalEur;
          month += r.month.totalEur;
        }
        if (meters.size) ctx.status.set('ok', t('status.cost', { today: today.toFixed(2), month: month.toFixed(2) }));
        else ctx.status.set('waiting', t('status.waiting'));
      };

      if (cfg.intervalS > 0) {
        ctx.every(cfg.intervalS * 1000, () => {
          const now = Date.now();
          for (const k of meters.keys()) report(k, now);
          showStatus();
        });
      }

      ctx.onInput((msg) => {
        const now = Date.now();
        if (msg.payload === 'status') {
          for (const k of meters.keys()) report(k, now, { _msgid: msg._msgid });
          return;
        }
        const read = readMeterState(msg);
        if (!read.ok) {
          if (read.error.code === 'not-meter-state' && circuit(msg, now)) return;
          throw new Error(read.error.code === 'bad-field' ? t('errors.field', { field: read.error.params.field }) : t('errors.input'));
        }
        const p = read.value;
        tariffKey = currentPriceKey(contract.option, p) ?? tariffKey;
        const registers = p.energyByPeriodWh;
        if (!registers) throw new Error(t('errors.input'));
        const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : p.meterId;
        count(
          topic,
          {
            tMs: now,
            monoMs: systemClocks.monoMs(),
            meterId: p.meterId,
            energyByPeriodWh: registers,
            subscribedPowerVA: p.subscribedPowerVA,
          },
          now,
          msg._msgid,
        );
        showStatus();
      });
      showStatus();
    },
  });
};
