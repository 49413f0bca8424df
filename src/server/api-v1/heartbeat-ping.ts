import type { Db } from '../../../db/client.js';
import { heartbeatDeadline } from '../../core/heartbeat.js';
import { pingHeartbeat } from '../use-cases/heartbeats.js';
import { ApiError } from './errors.js';
import { jsonResponse } from './respond.js';

/**
 * `GET|POST /api/v1/heartbeats/{secret}`: a ping. The secret in the path is the credential (cron
 * jobs and uptime tools can only call a URL), so no API token is asked for; an unknown secret is
 * a 404 and pings closer than a second apart are a 429 (the limit is the stored last ping, so it
 * holds across restarts).
 */
export function isHeartbeatPath(segments: readonly string[]): boolean {
  return segments.length === 2 && segments[0] === 'heartbeats';
}

export function answerHeartbeatPing(db: Db, method: string, secret: string, now: number, head: boolean): Response {
  if (method !== 'GET' && method !== 'POST') {
    throw new ApiError(405, 'A heartbeat is pinged with GET or POST.', { allow: 'GET, HEAD, POST' });
  }
  const outcome = pingHeartbeat(db, secret, now);
  if (outcome.kind === 'unknown') {
    throw new ApiError(404, 'There is no heartbeat with that address: it may have been deleted, or the address was mistyped.');
  }
  if (outcome.kind === 'too_soon') {
    throw new ApiError(429, 'This heartbeat was pinged less than a second ago; one ping per period is enough.', {
      'retry-after': String(Math.ceil(outcome.retryAfterMs / 1000)),
    });
  }
  const h = outcome.heartbeat;
  const body = {
    heartbeat: { id: h.id, name: h.name },
    pinged_at: new Date(now).toISOString(),
    next_due_by: new Date(heartbeatDeadline(h)).toISOString(),
    resolved_alert: outcome.resolved,
  };
  return jsonResponse(200, JSON.stringify(body), {}, head);
}
