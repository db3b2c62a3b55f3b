// wes-contract: a config node holding an electricity contract (option, dated price periods,
// subscription), shared by every wes-cost node of the same installation.
import type { NodeAPI, NodeDef } from 'node-red';
import type { JSONSchemaType } from 'ajv';
import { parsePricePeriods, type ContractOption } from '../core/rules/costs';
import { zoneError } from '../core/rules/zone-time';
import { configValidator } from '../shared/node-config';

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
    prices: { type: 'string', default: '' },
  },
  required: [],
};
const validate = configValidator(schema);

export = function (RED: NodeAPI): void {
  function WesContract(this: WesContractNode, def: NodeDef & Partial<ContractConfig>): void {
    RED.nodes.createNode(this, def);
    this.contract = null;
    this.contractError = null;
    const res = validate(def);
    if (!res.ok) {
      this.contractError = res.error;
    } else {
      const badZone = zoneError(res.config.timeZone);
      if (badZone !== null) this.contractError = badZone;
      else {
        const c = parsePricePeriods(res.config.prices, res.config.option, res.config.timeZone);
        if (c.ok) this.contract = c.contract;
        else this.contractError = c.error;
      }
    }
    if (this.contractError) this.error(`invalid wes-contract configuration: ${this.contractError}`);
  }
  RED.nodes.registerType('wes-contract', WesContract as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);
};
