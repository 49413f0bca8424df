import { count, eq } from 'drizzle-orm';
import { z } from 'zod/v4';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { named } from '../../src/server/api-v1/registry.js';
import { defineRoute, type ApiRoute } from '../../src/server/api-v1/route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../../src/server/api-v1/schemas/common.js';
import { recordAudit } from '../../src/server/audit.js';

/**
 * A write route that exists only in tests, for exercising the router's write path (bodies,
 * idempotency) before any resource route is on the branch. Each call records one audit entry,
 * so a test can count how many times it really ran. Add it to the route table with:
 *   vi.mock('…/src/server/api-v1/routes/index.js', withThrowawayRoute)
 */
export const EchoBody = named(
  'TestEchoBody',
  z.object({
    echo: z.object({
      name: z.string().min(1),
      count: z.number().int().optional(),
      ratio: z.number().optional(),
      loud: z.boolean().optional(),
      label: z.string().optional(),
      component_ids: z.array(z.string()).optional(),
      components: z.record(z.string(), z.enum(['operational', 'major_outage'])).optional(),
      limit: z.number().int().nullable().optional(),
    }),
  }),
);

const Echo = named('TestEcho', z.object({ run: z.number().int(), echo: EchoBody.shape.echo }));

export const ECHO_ACTION = 'test.echo';

export const ECHO_ROUTE: ApiRoute = defineRoute({
  method: 'POST',
  path: '/pages/{page_id}/echoes',
  operationId: 'postTestEcho',
  summary: 'Echo the body (tests only)',
  tag: 'Test',
  scope: 'write',
  body: EchoBody,
  responses: { 201: { description: 'The body as understood.', schema: Echo }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
  handle: ({ db, body, actor, now }) => {
    recordAudit(db, actor, { action: ECHO_ACTION, objectType: 'test', objectId: null, diff: { name: body.echo.name } }, now);
    return { status: 201, body: { run: echoRuns(db), echo: body.echo } };
  },
});

/** How many times the echo route ran (its audit entries). */
export function echoRuns(db: Db): number {
  return db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, ECHO_ACTION)).get()!.n;
}

/** vi.mock factory for src/server/api-v1/routes/index.js: the real table plus the echo route. */
export async function withThrowawayRoute(importOriginal: () => Promise<unknown>): Promise<{ API_V1_ROUTES: readonly ApiRoute[] }> {
  const real = (await importOriginal()) as { API_V1_ROUTES: readonly ApiRoute[] };
  return { API_V1_ROUTES: [...real.API_V1_ROUTES, ECHO_ROUTE] };
}
