// wes-contract: a config node holding an electricity contract (option, dated price periods,
// subscription), shared by every wes-cost node of the same installation.
import type { NodeAPI } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { parsePricePeriods, type ContractOption } from '../core/rules/costs';
import { zoneError } from '../core/rules/zone-time';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';

import type { WesContractNode } from './contract-node';

interface ContractConfig {
  name: string;
  option: ContractOption;
  timeZone: string;
  prices: string;
}

const schema: JSONSchemaType<ContractConfig> = {
  type: 'object',
  properties: {
    name: { type: 'string', default: '' },
    option: { type: 'string', enum: ['BASE', 'HC', 'TEMPO', 'EJP', 'ZENFLEX'], default: 'HC' },
    timeZone: { type: 'string', minLength: 1, default: 'Europe/Paris' },
    prices: { type: 'string', default: '2025-08-01 HC=0.2068 HP=0.2700 sub=15.65' },
  },
  required: [],
};

const prices = (c: ContractConfig) => parsePricePeriods(c.prices, c.option, c.timeZone);

const config = defineConfig({
  type: 'wes-contract',
  schema,
  checks: [
    (c) => zoneError(c.timeZone),
    (c) => {
      const p = prices(c);
      return p.ok ? null : p.error;
    },
  ],
});

export = function (RED: NodeAPI): void {
  defineNode<ContractConfig, WesContractNode>(RED, {
    type: 'wes-contract',
    dir: __dirname,
    config,
    setup({ node, config: c, explain }) {
      const p = prices(c);
      node.contract = p.ok ? p.contract : null;
      node.contractError = p.ok ? null : explain(p.error);
    },
  });
};
