// The editor status of a TIC input: what a user glances at to know the meter is alive.
import type { NodeStatus } from 'node-red';
import type { LinkState } from '../core/tic/link-supervisor';
import type { MeterState } from '../core/tic/meter-state';

export function statusOf(link: LinkState, last: MeterState | undefined, port: string): NodeStatus {
  switch (link) {
    case 'ok': {
      const power = last?.powerVA !== undefined ? `${last.powerVA} VA` : 'no power';
      const period = last?.tariffPeriod ? ` · ${last.tariffPeriod}` : '';
      const alert = last?.alerts.overload ? ' · OVERLOAD' : '';
      return { fill: last?.alerts.overload ? 'yellow' : 'green', shape: 'dot', text: `${last?.mode ?? ''} · ${power}${period}${alert}` };
    }
    case 'standby':
      return { fill: 'yellow', shape: 'dot', text: 'meter in standby (address only)' };
    case 'lost':
      return { fill: 'red', shape: 'ring', text: `TIC lost${port ? ` (${port})` : ''}` };
    case 'waiting':
      return { fill: 'yellow', shape: 'ring', text: `waiting for TIC${port ? ` (${port})` : ''}` };
  }
}
