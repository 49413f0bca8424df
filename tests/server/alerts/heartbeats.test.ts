import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertProposals, heartbeats, pageSettings } from '../../../db/schema.js';
import { TokenRateLimiter } from '../../../src/server/api-v1/rate-limiter.js';
import { handleApiV1 } from '../../../src/server/api-v1/router.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { hashToken } from '../../../src/server/auth/tokens.js';
import { listComponents } from '../../../src/server/read/components.js';
import { setComponentStatus } from '../../../src/server/use-cases/components.js';
import { checkHeartbeats, createHeartbeat, deleteHeartbeat } from '../../../src/server/use-cases/heartbeats.js';
import { makeToken } from '../../helpers/api-v1.js';
import { expectMatchesContract } from '../../helpers/openapi-contract.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, group, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 12);
let t: TempDatabase;
let apiId: string;
let groupId: string;

beforeEach(() => {
  t = tempDatabase();
  groupId = group(t.db, 'backend', 'Backend', NOW - 60 * MINUTE);
  apiId = component(t.db, 'api', 'Public API', NOW - 60 * MINUTE, { groupId });
});
afterEach(() => t.dispose());

const statusOf = (id: string): string | null => listComponents(t.db).find((c) => c.id === id)!.latestStatus;

async function ping(secret: string, now: number, method = 'GET'): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await handleApiV1(new Request(`http://127.0.0.1:4321/api/v1/heartbeats/${secret}`, { method }), {
    db: t.db,
    publicUrl: null,
    listenUrl: 'http://127.0.0.1:4321',
    mailFrom: 'status@example.com',
    limiter: new TokenRateLimiter(1000),
    now,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (method !== 'DELETE') expectMatchesContract(method, `/heartbeats/${secret}`, response.status, json);
  return { status: response.status, json, headers: response.headers };
}

function nightly(now = NOW): { id: string; secret: string } {
  return createHeartbeat(t.db, { name: 'Nightly backup', componentId: apiId, periodSeconds: 600, graceSeconds: 120, componentStatus: 'partial_outage' }, SYSTEM, now);
}

describe('creating a heartbeat', () => {
  it('keeps only the hash of its secret', () => {
    const { id, secret } = nightly();
    const row = t.db.select().from(heartbeats).all()[0]!;
    expect(row.id).toBe(id);
    expect(row.tokenHash).toBe(hashToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('refuses a group, an unbounded period and an empty name with a sentence, storing nothing', () => {
    const base = { name: 'x', componentId: apiId, periodSeconds: 600, graceSeconds: 0, componentStatus: 'major_outage' as const };
    expect(() => createHeartbeat(t.db, { ...base, componentId: groupId }, SYSTEM, NOW)).toThrow(/not a group/);
    expect(() => createHeartbeat(t.db, { ...base, periodSeconds: 5 }, SYSTEM, NOW)).toThrow(/period must be/);
    expect(() => createHeartbeat(t.db, { ...base, periodSeconds: 99 * 86_400 }, SYSTEM, NOW)).toThrow(/period must be/);
    expect(() => createHeartbeat(t.db, { ...base, graceSeconds: -1 }, SYSTEM, NOW)).toThrow(/grace must be/);
    expect(() => createHeartbeat(t.db, { ...base, name: '  ' }, SYSTEM, NOW)).toThrow(/name/);
    expect(t.db.select().from(heartbeats).all()).toEqual([]);
  });
});

describe('a heartbeat on the scheduler’s clock', () => {
  it('fires when never pinged within period + grace of creation, and the next ping resolves it', async () => {
    const { secret } = nightly();
    expect(checkHeartbeats(t.db, NOW + 720_000)).toEqual([]);
    expect(statusOf(apiId)).toBe('operational');
    const [fired] = checkHeartbeats(t.db, NOW + 720_001);
    expect(fired).toBeDefined();
    expect(statusOf(apiId)).toBe('partial_outage');
    expect(t.db.select().from(alertProposals).all()).toHaveLength(1);
    // A second check finds it already firing: nothing new.
    expect(checkHeartbeats(t.db, NOW + 800_000)).toEqual([]);

    const res = await ping(secret, NOW + 900_000);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ heartbeat: { name: 'Nightly backup' }, resolved_alert: true });
    expect(statusOf(apiId)).toBe('operational');
    expect(t.db.select().from(alertProposals).all()[0]!.state).toBe('withdrawn');
  });

  it('stays quiet while pings come within the period, and fires again after the next silence', async () => {
    const { secret } = nightly();
    for (let i = 1; i <= 5; i++) {
      expect((await ping(secret, NOW + i * 500_000, 'POST')).status).toBe(200);
      expect(checkHeartbeats(t.db, NOW + i * 500_000 + 400_000)).toEqual([]);
    }
    const last = NOW + 5 * 500_000;
    expect(checkHeartbeats(t.db, last + 720_001)).toHaveLength(1);
    expect(statusOf(apiId)).toBe('partial_outage');
  });

  it('goes to its own component whatever an owner’s label settings say, and a person’s later status is kept on resolve', async () => {
    const { secret } = nightly();
    // The owner routes by a `team` label only: a label-routed alert would find no component.
    t.db.update(pageSettings).set({ alertComponentLabels: JSON.stringify(['team']) }).run();
    checkHeartbeats(t.db, NOW + 720_001);
    expect(statusOf(apiId)).toBe('partial_outage');
    setComponentStatus(t.db, apiId, 'major_outage', SYSTEM, NOW + 730_000);
    await ping(secret, NOW + 740_000);
    expect(statusOf(apiId)).toBe('major_outage');
  });

  it('deleting a firing heartbeat gives the component back', () => {
    const { id } = nightly();
    checkHeartbeats(t.db, NOW + 720_001);
    deleteHeartbeat(t.db, id, SYSTEM, NOW + 730_000);
    expect(statusOf(apiId)).toBe('operational');
    expect(t.db.select().from(heartbeats).all()).toEqual([]);
  });
});

describe('GET|POST /api/v1/heartbeats/{secret}', () => {
  it('needs no API token, records the ping and says when the next is due', async () => {
    const { secret } = nightly();
    const res = await ping(secret, NOW + 1_000);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      heartbeat: { id: expect.any(String), name: 'Nightly backup' },
      pinged_at: new Date(NOW + 1_000).toISOString(),
      next_due_by: new Date(NOW + 1_000 + 720_000).toISOString(),
      resolved_alert: false,
    });
    expect(t.db.select().from(heartbeats).all()[0]!.lastPingAt).toBe(NOW + 1_000);
  });

  it('answers 404 with a sentence for an unknown secret, and an API token is no secret', async () => {
    nightly();
    const unknown = await ping('nosuchsecret', NOW);
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toMatch(/no heartbeat/);
    const { token } = makeToken(t.db, 'write', NOW);
    expect((await ping(token, NOW)).status).toBe(404);
  });

  it('refuses a second ping within a second with 429 and Retry-After, without recording it', async () => {
    const { secret } = nightly();
    expect((await ping(secret, NOW)).status).toBe(200);
    const again = await ping(secret, NOW + 300);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('1');
    expect(t.db.select().from(heartbeats).all()[0]!.lastPingAt).toBe(NOW);
    expect((await ping(secret, NOW + 1_000)).status).toBe(200);
  });

  it('answers 405 to other methods', async () => {
    const { secret } = nightly();
    expect((await ping(secret, NOW, 'DELETE')).status).toBe(405);
  });
});
