// What a wes-modbus node sees of its bus config node.
import type { Node } from 'node-red';
import type { BusStats, BusState, ModbusRequest, ModbusResult } from '../io/modbus/bus';

export interface ModbusBusClient {
  /** The line opened, closed (with why) or is opening. */
  busState(state: BusState, detail?: string): void;
}

export interface WesModbusBusNode extends Node {
  /** Opens the line on the first client; returns the detach function. */
  attach(client: ModbusBusClient): () => void;
  request(req: ModbusRequest): Promise<ModbusResult>;
  stats(): BusStats;
  readonly busState: BusState;
  /** Set by the scaffold when this node's own config was refused. */
  configError?: string;
}
