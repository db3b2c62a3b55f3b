// The editor status of a TIC input: what a user glances at to know the meter is alive.
import type { LinkState } from '../core/tic/link-supervisor';
import type { MeterState } from '../core/tic/meter-state';
import type { StatusKind } from '../shared/status';
import type { Translate } from '../shared/translate';

export function statusOf(link: LinkState, last: MeterState | undefined, port: string, t: Translate): { kind: StatusKind; text: string } {
  const where = port ? ` (${port})` : '';
  switch (link) {
    case 'ok': {
      const power = last?.powerVA !== undefined ? t('status.power', { va: last.powerVA }) : t('status.noPower');
      const period = last?.tariffPeriod ? ` · ${last.tariffPeriod}` : '';
      const alert = last?.alerts.overload ? ` · ${t('status.overload')}` : '';
      // an overload is live data, not a lost device: it stays a green dot, the text says it
      return { kind: 'ok', text: `${last?.mode ?? ''} · ${power}${period}${alert}` };
    }
    case 'standby':
      return { kind: 'waiting', text: t('status.standby') };
    case 'lost':
      return { kind: 'lost', text: `${t('status.lost')}${where}` };
    case 'waiting':
      return { kind: 'waiting', text: `${t('status.waiting')}${where}` };
  }
}
