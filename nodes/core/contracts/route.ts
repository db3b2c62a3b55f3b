// wes-surplus output 1: the router's wish for its load. payload "on" / "off" for a relay, and
// route: { load, on, mode, reason } for wes-load-shed, which owns the relay when the load is routed.
import { accept, objectOf, refuse, type Read } from './read';

export interface RouteMessage {
  load: string;
  on: boolean;
  mode?: string;
  /** The router's reason, already in the user's language. */
  reason?: string;
}

export function readRoute(msg: { route?: unknown }): Read<RouteMessage> {
  if (msg.route === undefined) return refuse('not-route');
  const r = objectOf(msg.route);
  if (!r || typeof r.load !== 'string' || typeof r.on !== 'boolean')
    return refuse('bad-field', { field: !r || typeof r.load !== 'string' ? 'route.load' : 'route.on' });
  return accept({
    load: r.load,
    on: r.on,
    ...(typeof r.mode === 'string' ? { mode: r.mode } : {}),
    ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
  });
}
