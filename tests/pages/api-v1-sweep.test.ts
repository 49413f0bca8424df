/**
 * Every /api/v1 endpoint over HTTP against the built server: each refuses a request without a
 * token (401) and one whose scope does not cover it (403), and every read answers 200 with a body
 * the OpenAPI document declares. The happy paths of the writes are driven over HTTP in the
 * api-v1-* files beside this one and, endpoint by endpoint, in tests/server/api-v1/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { eventUpdates } from '../../db/schema.js';
import type { ApiScope } from '../../src/core/api-scope.js';
import { API_V1_ROUTES } from '../../src/server/api-v1/routes/index.js';
import { readPageSettings } from '../../src/server/settings.js';
import { ensureTemplatesSeeded, listTemplates } from '../../src/server/templates/store.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, group, incident, MINUTE } from '../helpers/fixtures.js';
import { expectMatchesContract } from '../helpers/openapi-contract.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';

let server: RunningServer;
let cleanup: () => void;
let ids: Record<string, string>;
let tokens: Record<ApiScope, string>;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  const h = openDatabase(db.path);
  const now = Date.now();
  const groupId = group(h.db, 'core', 'Core', now - 60 * MINUTE);
  const apiId = component(h.db, 'api', 'API', now - 60 * MINUTE, { groupId });
  const inc = incident(h.db, { title: 'Slow API', startedAt: now - 30 * MINUTE, componentIds: [apiId], steps: [{ at: now - 30 * MINUTE, status: 'investigating', body: 'Looking.' }] });
  ensureTemplatesSeeded(h.db, now);
  ids = {
    page_id: readPageSettings(h.db, now).publicId,
    component_id: apiId,
    id: groupId,
    incident_id: inc.id,
    incident_update_id: h.db.select().from(eventUpdates).get()!.id,
    template_id: listTemplates(h.db, 'incident', now)[0]!.id,
    subscriber_id: subscriber(h.db, 'reader@example.com', 'active', now - 60 * MINUTE),
  };
  tokens = { read: makeToken(h.db, 'read', now).token, write: makeToken(h.db, 'write', now).token, alerts: makeToken(h.db, 'alerts', now).token };
  h.close();
  // One request after another for every endpoint: more than the default 10 a second per token.
  server = await startServer(db.path, { API_RATE_PER_SECOND: '1000' });
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

const concrete = (path: string): string => path.replace(/\{([^}]+)\}/g, (_, name: string) => ids[name] ?? `unknown-${name}`);

async function call(method: string, path: string, token: string | null): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: token === null ? {} : { authorization: `OAuth ${token}` },
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : JSON.parse(text) };
}

/** A token whose scope does not cover a route that needs `scope`. */
const outsider: Record<ApiScope, ApiScope> = { read: 'alerts', write: 'read', alerts: 'read' };

describe('every /api/v1 endpoint over HTTP', () => {
  it.each(API_V1_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: 401 without a token, 403 with the wrong scope', async (_, route) => {
    const path = concrete(route.path);
    const anonymous = await call(route.method, path, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ message: expect.stringMatching(/needs a token/) });
    expectMatchesContract(route.method, path, anonymous.status, anonymous.json);
    const wrong = await call(route.method, path, tokens[outsider[route.scope]]);
    expect(wrong.status).toBe(403);
    expectMatchesContract(route.method, path, wrong.status, wrong.json);
  });

  it.each(API_V1_ROUTES.filter((r) => r.method === 'GET').map((r) => [r.path, r] as const))('GET %s: 200 with a body the document declares', async (_, route) => {
    const path = concrete(route.path);
    const answer = await call('GET', path, tokens.write);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expectMatchesContract('GET', path, answer.status, answer.json);
  });
});
