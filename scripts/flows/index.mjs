// Every file the generator writes, by path relative to the project root. The flows are plain
// Node-RED JSON, edited by users in the editor; this generator keeps them consistent (stable ids,
// aligned layout, the same dashboard in the flow and in its example).
import { assertNodesApart } from './builders.mjs';
import { supervisor } from './supervisor.mjs';
import { ticExample } from './examples/tic-in.mjs';
import { chartFeedExample } from './examples/chart-feed.mjs';
import { legacyExample } from './examples/legacy-dashboard.mjs';
import { costExample } from './examples/cost.mjs';
import { inputExample } from './examples/input.mjs';
import { loadShedExample } from './examples/load-shed.mjs';
import { loggerExample } from './examples/logger.mjs';
import { pulseInExample } from './examples/pulse-in.mjs';
import { relayOutExample } from './examples/relay-out.mjs';
import { schedulerExample } from './examples/scheduler.mjs';
import { surplusExample } from './examples/surplus.mjs';
import { thermostatExample } from './examples/thermostat.mjs';
import { haDiscoveryExample } from './examples/ha-discovery.mjs';
import { timeseriesExample } from './examples/timeseries.mjs';
import { oneWireExample } from './examples/onewire.mjs';
import { ctMeterExample } from './examples/ct-meter.mjs';
import { modbusExample } from './examples/modbus.mjs';
import { httpApiExample } from './examples/http-api.mjs';
import { alarmsExample } from './examples/alarms.mjs';
import { virtualSwitchExample } from './examples/virtual-switch.mjs';

export function build() {
  const files = {
    'flows/wes-supervisor.json': supervisor('sup', true),
    // The same supervisor in French, for `npm start` on a French system (WES_LANG=fr): the same ids,
    // so that switching language with --reset-flow keeps what refers to them (context, state files).
    'flows/wes-superviseur.json': supervisor('sup', true, 'fr'),
    // The importable copy runs anywhere: simulated meters, no ${WES_…} settings needed. Its own ids,
    // so that importing it where the shipped flow runs adds a copy instead of meeting 'nodes already exist'.
    // One copy per language: a user imports one of the two (they drive the same relays).
    'examples/wes-supervisor.json': supervisor('sup-example', false),
    'examples/wes-superviseur.json': supervisor('sup-example-fr', false, 'fr'),
    'examples/wes-tic-in.json': ticExample(),
    'examples/wes-chart-feed.json': chartFeedExample(),
    'examples/legacy-dashboard-tic.json': legacyExample(),
    'examples/wes-cost.json': costExample(),
    'examples/wes-input.json': inputExample(),
    'examples/wes-load-shed.json': loadShedExample(),
    'examples/wes-logger.json': loggerExample(),
    'examples/wes-pulse-in.json': pulseInExample(),
    'examples/wes-relay-out.json': relayOutExample(),
    'examples/wes-scheduler.json': schedulerExample(),
    'examples/wes-surplus.json': surplusExample(),
    'examples/wes-thermostat.json': thermostatExample(),
    'examples/wes-ha-discovery.json': haDiscoveryExample(),
    'examples/wes-timeseries.json': timeseriesExample(),
    'examples/wes-onewire.json': oneWireExample(),
    'examples/wes-ct-meter.json': ctMeterExample(),
    'examples/wes-modbus.json': modbusExample(),
    'examples/wes-http-api.json': httpApiExample(),
    'examples/wes-alarms.json': alarmsExample(),
    'examples/wes-virtual-switch.json': virtualSwitchExample(),
  };
  for (const nodes of Object.values(files)) assertNodesApart(nodes);
  return files;
}

/** The text written for a flow: the editor's export format, 4-space indented. */
export const serialize = (nodes) => JSON.stringify(nodes, null, 4) + '\n';
