// Every file the generator writes, by path relative to the project root. The flows are plain
// Node-RED JSON, edited by users in the editor; this generator keeps them consistent (stable ids,
// aligned layout, the same dashboard in the flow and in its example).
import { supervisor } from './supervisor.mjs';
import { ticExample } from './examples/tic-in.mjs';
import { chartFeedExample } from './examples/chart-feed.mjs';
import { legacyExample } from './examples/legacy-dashboard.mjs';

export function build() {
  return {
    'flows/wes-supervisor.json': supervisor('sup', true),
    // The importable copy runs anywhere: simulated meters, no ${WES_…} settings needed.
    'examples/wes-supervisor.json': supervisor('sup', false),
    'examples/wes-tic-in.json': ticExample(),
    'examples/wes-chart-feed.json': chartFeedExample(),
    'examples/legacy-dashboard-tic.json': legacyExample(),
  };
}

/** The text written for a flow: the editor's export format, 4-space indented. */
export const serialize = (nodes) => JSON.stringify(nodes, null, 4) + '\n';
