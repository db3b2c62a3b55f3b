// Which alarm a message raises or clears. Every producer's message goes through its contract
// reader; a message of a known kind that is no alarm (a tariff change, a Tempo announcement, a
// routed load switched) is `null`, so the events link can carry everything it carries today.
import { readCtEvent, readLeakAlert, readLinkState, readShedDecision, readWriteFailure } from '../contracts/alarm-events';
import { accept, refuse, type Read } from '../contracts/read';
import { readTicEvent } from '../contracts/tic-event';
import type { AlarmInput } from './alarms';

type Msg = { topic?: unknown; payload?: unknown; error?: unknown; link?: unknown };

export function alarmInputOf(msg: Msg): Read<AlarmInput | null> {
  const failure = readWriteFailure(msg);
  if (failure.ok) {
    const f = failure.value;
    return accept(
      f.code === 'ENOSPC'
        ? { kind: 'raise', code: 'disk-full', source: f.source }
        : { kind: 'raise', code: 'write-failed', source: f.source, params: { error: f.code } },
    );
  }
  const leak = readLeakAlert(msg);
  if (leak.ok) {
    const l = leak.value;
    return accept(
      l.active
        ? {
            kind: 'raise',
            code: 'leak',
            source: l.source,
            params: { rule: l.rule },
            ...(l.sinceMs !== undefined ? { atMs: l.sinceMs } : {}),
          }
        : { kind: 'clear', code: 'leak', source: l.source },
    );
  }
  // wes-load-shed answers "status" on its decision output: its state, no decision
  if (msg.topic === 'load-shed/state') return accept(null);
  const shed = readShedDecision(msg);
  if (shed.ok) {
    const d = shed.value;
    const at = d.tMs !== undefined ? { atMs: d.tMs } : {};
    if (d.action === 'shed') {
      const params: Record<string, string | number> = {};
      if (d.value !== undefined) params.value = Math.round(d.value);
      if (d.limit !== undefined) params.limit = Math.round(d.limit);
      if (d.unit !== undefined) params.unit = d.unit;
      return accept({ kind: 'raise', code: 'shed', source: d.load, params, ...at });
    }
    return accept(d.action === 'restore' ? { kind: 'clear', code: 'shed', source: d.load, ...at } : null);
  }
  const tic = readTicEvent(msg);
  if (tic.ok) {
    const e = tic.value;
    const t = e.time === undefined ? NaN : Date.parse(e.time);
    const at = Number.isFinite(t) ? { atMs: t } : {};
    switch (e.event) {
      case 'tic-lost': {
        // lost since the last good frame, not since the decoder noticed the silence
        const since = e.details.sinceLastCorrectFrameMs;
        const lostAt = Number.isFinite(t) && typeof since === 'number' && Number.isFinite(since) && since >= 0 ? { atMs: t - since } : at;
        return accept({ kind: 'raise', code: 'tic-lost', source: e.source, ...lostAt });
      }
      case 'tic-recovered':
        return accept({ kind: 'clear', code: 'tic-lost', source: e.source, ...at });
      case 'overload': {
        const va = e.details.powerVA;
        const params: Record<string, string | number> = {};
        if (typeof va === 'number' && Number.isFinite(va)) params.powerVA = Math.round(va);
        return accept({ kind: 'raise', code: 'overload', source: e.source, params, ...at });
      }
      case 'overload-end':
        return accept({ kind: 'clear', code: 'overload', source: e.source, ...at });
      default:
        return accept(null);
    }
  }
  const ct = readCtEvent(msg);
  if (ct.ok) {
    const c = ct.value;
    const at = c.tMs !== undefined ? { atMs: c.tMs } : {};
    if (c.event === 'mains-cut') return accept({ kind: 'raise', code: 'mains-cut', source: c.source, ...at });
    if (c.event === 'mains-back') return accept({ kind: 'clear', code: 'mains-cut', source: c.source, ...at });
    return accept(null);
  }
  // A meter's frames: a link that is fine clears a loss left active by a restart (the first frames
  // after a start are no recovery, so no tic-recovered comes to end it).
  const link = readLinkState(msg);
  if (link.ok) return accept(link.value.state === 'ok' ? { kind: 'clear', code: 'tic-lost', source: link.value.source } : null);
  // a TIC event name this version does not know is still a TIC event: not an alarm, not an error
  if (tic.error.code === 'bad-field') return accept(null);
  return refuse('not-alarm-event');
}
