import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/server/read/audit.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { revokeApiToken } from '../../../src/server/use-cases/api-tokens.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { apiClient, makeToken } from '../../helpers/api-v1.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

let t: TempDatabase;
let pageId: string;
const NOW = Date.UTC(2026, 11, 4, 12);

beforeEach(() => {
  t = tempDatabase();
  pageId = readPageSettings(t.db, NOW).publicId;
});
afterEach(() => t.dispose());

describe('/api/v1 authentication', () => {
  it('accepts OAuth, Bearer and ?api_key, and answers the page', async () => {
    const api = apiClient(t.db, 'read', { now: () => NOW });
    const viaOAuth = await api.call('GET', '/pages');
    expect(viaOAuth.status).toBe(200);
    expect(viaOAuth.json).toHaveLength(1);
    expect(viaOAuth.json[0]).toMatchObject({ id: pageId, time_zone: 'UTC', allow_sms_subscribers: false, twitter_username: null });
    const viaBearer = await api.call('GET', `/pages/${pageId}`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(viaBearer.json.id).toBe(pageId);
    const viaQuery = await api.call('GET', `/pages/${pageId}.json?api_key=${api.token}`, { token: null });
    expect(viaQuery.status).toBe(200);
  });

  it('refuses a missing, unknown or revoked token with 401 and a sentence', async () => {
    const api = apiClient(t.db, 'write', { now: () => NOW });
    const none = await api.call('GET', '/pages', { token: null });
    expect(none.status).toBe(401);
    expect(none.json.message).toMatch(/needs a token/);
    expect(none.json.error).toBe(none.json.message);
    expect((await api.call('GET', '/pages', { token: 'bcn_nottherightone' })).status).toBe(401);
    revokeApiToken(t.db, api.tokenId, SYSTEM, NOW);
    expect((await api.call('GET', '/pages')).status).toBe(401);
  });

  it('refuses a token whose scope does not cover the route with 403', async () => {
    const alerts = apiClient(t.db, 'alerts', { now: () => NOW });
    const res = await alerts.call('GET', '/pages');
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/“alerts” scope/);
  });

  it('answers 404 for another page id and for unknown paths, 405 for a wrong method', async () => {
    const api = apiClient(t.db, 'write', { now: () => NOW });
    const other = await api.call('GET', '/pages/somebodyelse');
    expect(other.status).toBe(404);
    expect(other.json.message).toContain(pageId);
    expect((await api.call('GET', '/nothing/here')).status).toBe(404);
    const wrong = await api.call('DELETE', '/pages');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('limits each token to its rate and says when to retry', async () => {
    const api = apiClient(t.db, 'read', { now: () => NOW, ratePerSecond: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.call('GET', '/pages')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.call('GET', '/pages');
    expect(limited.headers.get('retry-after')).toBe('1');
    // Another token has its own allowance; a second later this one may go on.
    const other = makeToken(t.db, 'read', NOW, 'other');
    expect((await api.call('GET', '/pages', { token: other.token })).status).toBe(200);
    expect((await api.call('GET', '/pages', { now: NOW + 1000 })).status).toBe(200);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const api = apiClient(t.db, 'read', { now: () => NOW });
    await api.call('GET', '/pages');
    await api.call('GET', '/pages', { now: NOW + 30_000 });
    const row = t.sqlite.prepare('select last_used_at from api_tokens where id = ?').get(api.tokenId) as { last_used_at: number };
    expect(row.last_used_at).toBe(NOW);
    await api.call('GET', '/pages', { now: NOW + 61_000 });
    expect((t.sqlite.prepare('select last_used_at from api_tokens where id = ?').get(api.tokenId) as { last_used_at: number }).last_used_at).toBe(NOW + 61_000);
  });

  it('keeps only a hash of the token and audits its creation', () => {
    const { id, token } = makeToken(t.db, 'write', NOW, 'deploy pipeline');
    const row = t.sqlite.prepare('select token_hash from api_tokens where id = ?').get(id) as { token_hash: string };
    expect(token).toMatch(/^bcn_[a-z0-9]{32}$/);
    expect(row.token_hash).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(listAudit(t.db, { objectType: 'api_token', actor: null }, 10, 0)[0]).toMatchObject({ action: 'api_token.created', objectId: id });
  });
});
