import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { apiTokens } from '../../db/schema.js';
import { SYSTEM } from '../../src/server/audit.js';
import { changeAccessSettings, readAccessSettings } from '../../src/server/auth/access-settings.js';
import { createSession } from '../../src/server/auth/session.js';
import { generateToken, hashToken } from '../../src/server/auth/tokens.js';
import { createUser } from '../../src/server/auth/users.js';
import { publicPaths } from '../../src/server/export/public-paths.js';
import { component, DAY, incident, MINUTE, page as pageSettings } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

const READER_PASSWORD = 'reader passphrase long';

describe('a private status page', () => {
  const fixture = serveFixture(async (path, now) => {
    const h = openDatabase(path);
    pageSettings(h.db, 'Internal Status', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY);
    incident(h.db, {
      title: 'Checkout errors',
      severity: 'SEV2',
      startedAt: now - 40 * MINUTE,
      steps: [{ at: now - 40 * MINUTE, status: 'investigating', body: 'Payments fail.', set: { [api]: 'major_outage' } }],
    });
    const { id } = await createUser(h.db, { email: 'vic@example.com', name: 'Vic Viewer', role: 'viewer', password: 'viewer passphrase long' }, SYSTEM, now);
    changeAccessSettings(h.db, { ...readAccessSettings(h.db, now), visibility: 'private' }, false, SYSTEM, now);
    const session = createSession(h.db, id, now).token;
    const reader = await createUser(h.db, { email: 'rita@example.com', name: 'Rita Reader', role: 'reader', password: READER_PASSWORD }, SYSTEM, now);
    const readerSession = createSession(h.db, reader.id, now).token;
    const readToken = generateToken();
    const alertsToken = generateToken();
    h.db.insert(apiTokens).values([
      { id: 'tok_read', name: 'feeds', scope: 'read', tokenHash: hashToken(readToken), createdAt: now },
      { id: 'tok_alerts', name: 'alerts', scope: 'alerts', tokenHash: hashToken(alertsToken), createdAt: now },
    ]).run();
    const paths = publicPaths(h.db);
    h.close();
    return { session, readerSession, readToken, alertsToken, paths };
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${fixture.server().url}${path}`, { headers, redirect: 'manual' });

  it('answers every public path with 401 or a redirect to sign-in without a session, and 200 with one', async () => {
    const { paths, session, readerSession } = fixture.data();
    expect(paths.length).toBeGreaterThan(15);
    for (const path of paths) {
      const anonymous = await get(path);
      expect([401, 303], path).toContain(anonymous.status);
      const body = await anonymous.text();
      expect(body, path).not.toContain('Checkout errors');
      if (anonymous.status === 303) expect(anonymous.headers.get('location'), path).toBe('/admin/login');
      // Any role may read the private page: a viewer, and a reader who sees nothing of the admin area.
      for (const cookie of [session, readerSession]) {
        const signedIn = await get(path, { cookie: `beacon_session=${cookie}` });
        expect(signedIn.status, path).toBe(200);
        expect(signedIn.headers.get('cache-control'), path).toContain('no-store');
        await signedIn.arrayBuffer();
      }
    }
  });

  it('lets feeds and the API in with a read token, by header or query, and not with an alerts-only or made-up one', async () => {
    const { readToken, alertsToken } = fixture.data();
    for (const path of ['/history.rss', '/api/v2/summary.json', '/badge.svg']) {
      expect((await get(path, { authorization: `Bearer ${readToken}` })).status, path).toBe(200);
      expect((await get(`${path}?api_key=${readToken}`)).status, path).toBe(200);
      expect((await get(path, { authorization: `Bearer ${alertsToken}` })).status, path).toBe(401);
      expect((await get(path, { authorization: `Bearer ${generateToken()}` })).status, path).toBe(401);
    }
  });

  it.each(['/', '/history', '/api/v2/summary.json', '/history.rss', '/badge.svg'])(
    'never serves %s as made for a signed-in reader to an anonymous request',
    async (path) => {
      const { session, readerSession, readToken } = fixture.data();
      // Each answer a signed-in person or a token holder gets would, on a public page, fill the cache.
      for (let i = 0; i < 3; i++) {
        const callers: Record<string, string>[] = [{ cookie: `beacon_session=${readerSession}` }, { cookie: `beacon_session=${session}` }, { authorization: `Bearer ${readToken}` }];
        for (const headers of callers) {
          const signedIn = await get(path, headers);
          expect(signedIn.status, path).toBe(200);
          expect(signedIn.headers.get('x-cache'), path).not.toBe('HIT');
          await signedIn.arrayBuffer();
        }
      }
      const anonymous = await get(path);
      expect([401, 303], path).toContain(anonymous.status);
      expect(anonymous.headers.get('x-cache'), path).not.toBe('HIT');
      expect(await anonymous.text(), path).not.toContain('Checkout errors');
    },
  );

  it('sends a reader signing in by password to the status page, and refuses the admin area with a sentence', async () => {
    const signIn = await fetch(`${fixture.server().url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: fixture.server().url },
      body: new URLSearchParams({ email: 'rita@example.com', password: READER_PASSWORD, next: '/admin' }).toString(),
    });
    expect([signIn.status, signIn.headers.get('location')]).toEqual([303, '/']);
    const { readerSession } = fixture.data();
    const cookie = `beacon_session=${readerSession}`;
    expect(await (await get('/', { cookie })).text()).toContain('Checkout errors');
    for (const path of ['/admin', '/admin/incidents/new', '/admin/settings', '/admin/access', '/admin/audit', '/admin/subscribers']) {
      const refused = await get(path, { cookie });
      expect(refused.status, path).toBe(403);
      expect(await refused.text(), path).toContain('You are signed in as a reader: you may see the status page (/) and your own account (/admin/account)');
    }
    const account = await get('/admin/account', { cookie });
    expect(account.status).toBe(200);
    const html = await account.text();
    expect(html).toContain('Rita Reader (Reader)');
    // The navigation offers a reader nothing it would be refused.
    expect(html).not.toContain('href="/admin/audit"');
    expect(html).not.toContain('>Dashboard<');
    expect((await get('/admin/account/two-factor', { cookie })).status).toBe(200);

    // A reader may sign out; the session from the password sign-in then reads nothing.
    const own = signIn.headers.getSetCookie().find((c) => c.startsWith('beacon_session='))!.split(';')[0]!;
    expect((await get('/', { cookie: own })).status).toBe(200);
    const out = await fetch(`${fixture.server().url}/admin/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: own, origin: fixture.server().url } });
    expect(out.status).toBe(303);
    expect((await get('/', { cookie: own })).status).toBe(303);
  });

  it('keeps the sign-in page, health and subscriber links reachable', async () => {
    expect((await get('/admin/login')).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
  });
});
