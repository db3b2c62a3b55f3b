// What a wes-contract config node offers to the nodes that use it.
import type { Node } from 'node-red';
import type { Contract } from '../core/rules/costs';

export interface WesContractNode extends Node {
  contract: Contract | null;
  contractError: string | null;
  /** Set by the scaffold when the contract's own config is invalid. */
  configError?: string;
}
