import type { Db } from '../../../db/client.js';
import { heartbeatDeadline } from '../../core/heartbeat.js';
import { pingHeartbeat } from '../use-cases/heartbeats.js';
import { ApiError } from './errors.js';
import { jsonResponse } from './respond.js';
import { HeartbeatPing } from './schemas/heartbeats.js';
import type { z } from 'zod/v4';

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
  const body: z.output<typeof HeartbeatPing> = {
    heartbeat: { id: h.id, name: h.name },
    pinged_at: new Date(now).toISOString(),
    next_due_by: new Date(heartbeatDeadline(h)).toISOString(),
    resolved_alert: outcome.resolved,
  };
  return jsonResponse(200, JSON.stringify(body), {}, head);
}

/** The ping's place in the OpenAPI document: outside the token-checked routes, so declared here with no security. */
export function heartbeatPingPath(ref: (schema: z.ZodType) => Record<string, unknown>, errorRef: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const error = (description: string): Record<string, unknown> => ({ description, content: { 'application/json': { schema: errorRef } } });
  const operation = (operationId: string): Record<string, unknown> => ({
    operationId,
    summary: 'Ping a heartbeat (the secret in the address is the credential; no token)',
    tags: ['Alerts'],
    security: [],
    parameters: [{ name: 'secret', in: 'path', required: true, schema: { type: 'string' } }],
    responses: {
      200: { description: 'The ping was recorded.', content: { 'application/json': { schema: ref(HeartbeatPing) } } },
      404: error('No heartbeat has that secret.'),
      429: error('Pinged less than a second ago; see Retry-After.'),
    },
  });
  return { get: operation('getHeartbeatPing'), post: operation('postHeartbeatPing') };
}
