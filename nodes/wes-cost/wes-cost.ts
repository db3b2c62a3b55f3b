// wes-cost: energy and cost today / yesterday / this month / this year, per meter and per tariff
// period, from the meter's index registers (wes-tic-in's energyByPeriodWh) and a wes-contract.
// The accumulators survive restarts (atomic, throttled writes). Arithmetic: nodes/core/rules/costs.ts.
import type { NodeAPI, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { readMeterState } from '../core/contracts/meter-state';
import { addIndexSample, costReport, emptyCostState, type CostState } from '../core/rules/costs';
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
        if (!read.ok)
          throw new Error(read.error.code === 'bad-field' ? t('errors.field', { field: read.error.params.field }) : t('errors.input'));
        const p = read.value;
        const registers = p.energyByPeriodWh;
        if (!registers) throw new Error(t('errors.input'));
        const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : p.meterId;
        const before = meters.get(topic) ?? emptyCostState(now, contract.timeZone);
        const u = addIndexSample(
          before,
          {
            tMs: now,
            monoMs: systemClocks.monoMs(),
            meterId: p.meterId,
            energyByPeriodWh: registers,
            subscribedPowerVA: p.subscribedPowerVA,
          },
          contract,
        );
        for (const r of u.rebased)
          if (before.meterId !== null)
            node.warn(t('log.rebased', { meter: topic, register: r.register, reason: t(`rebased.${r.reason.code}`, r.reason.params) }));
        const first = !meters.has(topic);
        meters.set(topic, u.state);
        writer.markDirty();
        if (first || cfg.intervalS === 0) report(topic, now, { _msgid: msg._msgid });
        showStatus();
      });
      showStatus();
    },
  });
};
