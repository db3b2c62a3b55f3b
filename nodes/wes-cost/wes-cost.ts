// wes-cost: energy and cost today / yesterday / this month / this year, per meter and per tariff
// period, from the meter's index registers (wes-tic-in's energyByPeriodWh) and a wes-contract.
// The accumulators survive restarts (atomic, throttled writes). Arithmetic: nodes/core/rules/costs.ts.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { addIndexSample, costReport, emptyCostState, type CostState } from '../core/rules/costs';
import { ThrottledWriter, readJson, stateFile } from '../io/state/atomic-json';
import { configValidator } from '../shared/node-config';
import type { WesContractNode } from '../wes-contract/contract-node';
import { configFailer, userDirOf } from '../shared/node-state';
import { translator } from '../shared/translate';

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
const validate = configValidator(schema);

function isCostState(v: unknown): v is CostState {
  const s = v as CostState;
  return typeof v === 'object' && v !== null && typeof s.registers === 'object' && typeof s.energyWh === 'object' && typeof s.costEur === 'object' && typeof s.subscriptionEur === 'object';
}

export = function (RED: NodeAPI): void {
  const t = translator(RED, __dirname, 'wes-cost');

  function WesCost(this: Node, def: NodeDef & Partial<CostConfig>): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const fail = configFailer(node, t);
    const res = validate(def);
    if (!res.ok) return fail(res.error);
    const cfg = res.config;
    const contractNode = RED.nodes.getNode(cfg.contract) as WesContractNode | null;
    if (!contractNode) return fail(t('errors.noContract'));
    const contract = contractNode.contract;
    if (!contract) return fail(contractNode.contractError ?? contractNode.configError ?? t('errors.noContract'));

    const meters = new Map<string, CostState>();
    const file = stateFile(userDirOf(RED), node.id);
    const stored = readJson(file);
    if (stored && 'error' in stored) node.warn(stored.error);
    else if (stored) {
      const m = (stored.value as { meters?: Record<string, unknown> }).meters ?? {};
      for (const [k, v] of Object.entries(m)) if (isCostState(v)) meters.set(k, v);
    }
    const writer = new ThrottledWriter(file, () => ({ v: 1, meters: Object.fromEntries(meters) }), 10_000, (text) => node.error(text));

    const report = (topic: string, now: number, extra: Partial<NodeMessage> = {}): void => {
      const s = meters.get(topic);
      if (!s) return;
      node.send({ ...extra, topic: `${topic}/cost`, payload: { meterId: s.meterId, option: contract.option, ...costReport(s, now, contract) } } as NodeMessage);
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
      node.status(meters.size ? { fill: 'green', shape: 'dot', text: t('status.cost', { today: today.toFixed(2), month: month.toFixed(2) }) } : { fill: 'yellow', shape: 'ring', text: t('status.waiting') });
    };

    const ticker = cfg.intervalS > 0
      ? setInterval(() => {
        const now = Date.now();
        for (const k of meters.keys()) report(k, now);
        showStatus();
      }, cfg.intervalS * 1000)
      : null;

    node.on('input', (msg: NodeMessage, _send, done) => {
      const now = Date.now();
      if (msg.payload === 'status') {
        for (const k of meters.keys()) report(k, now, { _msgid: msg._msgid });
        return done();
      }
      const p = msg.payload as { energyByPeriodWh?: unknown; meterId?: unknown; subscribedPowerVA?: unknown } | null;
      const regs = p && typeof p === 'object' ? p.energyByPeriodWh : undefined;
      if (!regs || typeof regs !== 'object' || Array.isArray(regs) || typeof p?.meterId !== 'string') return done(new Error(t('errors.input')));
      const registers: Record<string, number> = {};
      for (const [k, v] of Object.entries(regs as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v)) registers[k] = v;
      const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : p.meterId;
      const before = meters.get(topic) ?? emptyCostState(now, contract.timeZone);
      const u = addIndexSample(before, {
        tMs: now, meterId: p.meterId, energyByPeriodWh: registers,
        subscribedPowerVA: typeof p.subscribedPowerVA === 'number' ? p.subscribedPowerVA : undefined,
      }, contract);
      for (const r of u.rebased) if (before.meterId !== null) node.warn(t('log.rebased', { meter: topic, register: r.register, reason: r.reason }));
      const first = !meters.has(topic);
      meters.set(topic, u.state);
      writer.markDirty();
      if (first || cfg.intervalS === 0) report(topic, now, { _msgid: msg._msgid });
      showStatus();
      done();
    });

    node.on('close', (done: () => void) => {
      if (ticker) clearInterval(ticker);
      writer.flush();
      done();
    });
    showStatus();
  }
  RED.nodes.registerType('wes-cost', WesCost);
};
