// wes-tic-in's output 2: one message per event, topic `<meter topic>/event`, payload the event
// (its name, its time as ISO text, the meter's id, and the event's details).
import type { TicEventName } from '../tic/tic-decoder';
import { accept, objectOf, refuse, type Read } from './read';

const TIC_EVENTS: readonly TicEventName[] = [
  'tic-lost',
  'tic-recovered',
  'standby',
  'overload',
  'overload-end',
  'tariff-change',
  'tempo-announced',
  'ejp-notice',
];

export interface TicEventMessage {
  event: TicEventName;
  /** The meter's topic (the message topic without `/event`). */
  source: string;
  time?: string;
  meterId?: string;
  details: Record<string, unknown>;
}

export function readTicEvent(msg: { topic?: unknown; payload?: unknown }): Read<TicEventMessage> {
  const p = objectOf(msg.payload);
  if (!p || typeof p.event !== 'string') return refuse('not-tic-event');
  if (!(TIC_EVENTS as readonly string[]).includes(p.event)) return refuse('bad-field', { field: 'event', value: p.event });
  const topic = typeof msg.topic === 'string' && msg.topic ? msg.topic : 'meter';
  const { event, time, meterId, ...details } = p;
  return accept({
    event: event as TicEventName,
    source: topic.replace(/\/event$/, ''),
    ...(typeof time === 'string' ? { time } : {}),
    ...(typeof meterId === 'string' ? { meterId } : {}),
    details,
  });
}
