import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { apiTokens, auditLog } from '../../db/schema.js';
import { hashToken } from '../../src/server/auth/tokens.js';
import { readPageSettings } from '../../src/server/settings.js';
import { signIn, unescapeHtml, withDb } from '../helpers/admin-pages.js';
import { DAY, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

function writeSite(path: string, now: number): { path: string; pageId: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Token Test', 'UTC', now - DAY);
    insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    return { path, pageId: readPageSettings(h.db, now).publicId };
  } finally {
    h.close();
  }
}

const storedTokens = (path: string) => withDb(path, (db) => db.select().from(apiTokens).all());

/** The secret shown in the creation answer (the only place it ever appears). */
const shownSecret = (html: string): string | undefined => /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

describe('API tokens admin over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const cookies = {} as Record<Person, string>;

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) cookies[who] = await signIn(url(), who);
  });

  const api = (secret: string): Promise<Response> => fetch(`${url()}/api/v1/pages/${fixture.data().pageId}`, { headers: { authorization: `OAuth ${secret}` } });

  it('is in the admin menu for owners only', async () => {
    const owner = await send(url(), '/admin', { cookie: cookies.owner });
    expect(owner.html).toMatch(/<nav[^>]*aria-label="Admin"[\s\S]*href="\/admin\/tokens"/);
    for (const who of ['editor', 'viewer'] as const) {
      const r = await send(url(), '/admin', { cookie: cookies[who] });
      expect(r.status).toBe(200);
      expect(r.html).not.toContain('href="/admin/tokens"');
    }
  });

  it('refuses editors and viewers: they can neither list, create nor revoke', async () => {
    const made = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'owner-made', scope: 'read' } });
    expect(made.status).toBe(201);
    const id = storedTokens(fixture.data().path).find((t) => t.name === 'owner-made')!.id;
    for (const who of ['editor', 'viewer'] as const) {
      expect((await send(url(), '/admin/tokens', { cookie: cookies[who] })).status).toBe(403);
      expect((await send(url(), `/admin/tokens/${id}`, { cookie: cookies[who] })).status).toBe(403);
      const create = await send(url(), '/admin/tokens', { cookie: cookies[who], form: { name: `${who} token`, scope: 'write' } });
      expect(create.status).toBe(403);
      expect(shownSecret(create.html)).toBeUndefined();
      expect((await send(url(), `/admin/tokens/${id}`, { cookie: cookies[who], form: { confirm: 'revoke' } })).status).toBe(403);
    }
    const rows = storedTokens(fixture.data().path);
    expect(rows.map((t) => t.name)).not.toContain('editor token');
    expect(rows.map((t) => t.name)).not.toContain('viewer token');
    expect(rows.find((t) => t.id === id)!.revokedAt).toBeNull();
    // Signed out: sent to sign in, nothing created.
    const anonymous = await send(url(), '/admin/tokens', { form: { name: 'nobody', scope: 'write' } });
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/admin\/login/);
  });

  it('refuses a cross-site form post', async () => {
    const r = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'forged', scope: 'write' }, headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect(storedTokens(fixture.data().path).map((t) => t.name)).not.toContain('forged');
  });

  it('shows the secret once, stores only its hash, and the token works at once', async () => {
    const r = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'deploy pipeline', scope: 'write' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const secret = shownSecret(r.html)!;
    expect(secret).toMatch(/^bcn_[A-Za-z0-9_-]{20,}$/);
    expect(unescapeHtml(r.html)).toContain('Token “deploy pipeline” created. Copy it now: it will not be shown again.');
    const row = storedTokens(fixture.data().path).find((t) => t.name === 'deploy pipeline')!;
    expect(row).toMatchObject({ scope: 'write', tokenHash: hashToken(secret), lastUsedAt: null, revokedAt: null });
    // Nowhere in the database file (nor its write-ahead log) is the secret itself.
    for (const suffix of ['', '-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(`${fixture.data().path}${suffix}`, 'latin1');
      } catch {
        continue;
      }
      expect(bytes.includes(secret)).toBe(false);
    }
    // The list shows it, never its secret.
    const list = await send(url(), '/admin/tokens', { cookie: cookies.owner });
    expect(list.status).toBe(200);
    expect(list.html).not.toContain(secret);
    expect(shownSecret(list.html)).toBeUndefined();
    expect(list.html).toMatch(new RegExp(`data-token="${row.id}"[\\s\\S]*?data-scope>write<[\\s\\S]*?data-last-used><span class="muted">Never`));

    expect((await api(secret)).status).toBe(200);
    const after = await send(url(), '/admin/tokens', { cookie: cookies.owner });
    expect(after.html).toMatch(new RegExp(`data-token="${row.id}"[\\s\\S]*?data-last-used><time datetime="[^"]+"`));
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, row.id)).all());
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([['api_token.created', 'olga@example.com']]);
  });

  it('answers bad input with 400 and the field’s sentence, keeping what was typed; nothing stored', async () => {
    const before = storedTokens(fixture.data().path).length;
    const blank = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: '   ', scope: 'write' } });
    expect(blank.status).toBe(400);
    expect(unescapeHtml(blank.html)).toContain('Give the token a name that says what uses it, e.g. “deploy pipeline”.');
    const scope = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'kept name', scope: 'admin' } });
    expect(scope.status).toBe(400);
    expect(scope.html).toContain('Choose what the token may do: read, write or alerts.');
    expect(scope.html).toMatch(/name="name" value="kept name"/);
    const long = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'x'.repeat(81), scope: 'read' } });
    expect(long.status).toBe(400);
    expect(unescapeHtml(long.html)).toContain("Keep the token's name under 80 characters.");
    for (const r of [blank, scope, long]) expect(shownSecret(r.html)).toBeUndefined();
    expect(storedTokens(fixture.data().path)).toHaveLength(before);
  });

  it('revokes after a confirmation page; the token then gets 401 from /api/v1', async () => {
    const created = await send(url(), '/admin/tokens', { cookie: cookies.owner, form: { name: 'on-call bot', scope: 'read' } });
    const secret = shownSecret(created.html)!;
    const id = storedTokens(fixture.data().path).find((t) => t.name === 'on-call bot')!.id;
    expect((await api(secret)).status).toBe(200);

    const confirm = await send(url(), `/admin/tokens/${id}`, { cookie: cookies.owner });
    expect(confirm.status).toBe(200);
    expect(unescapeHtml(confirm.html)).toContain('Revoke “on-call bot”?');
    expect(confirm.html).toContain('name="confirm" value="revoke"');
    // Without the confirmation the token stays live.
    const unconfirmed = await send(url(), `/admin/tokens/${id}`, { cookie: cookies.owner, form: {} });
    expect(unconfirmed.status).toBe(400);
    expect((await api(secret)).status).toBe(200);

    const revoked = await send(url(), `/admin/tokens/${id}`, { cookie: cookies.owner, form: { confirm: 'revoke' } });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toMatch(/^\/admin\/tokens\?notice=/);
    const refused = await api(secret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/not valid/), error: expect.any(String) });

    const list = await send(url(), '/admin/tokens', { cookie: cookies.owner });
    expect(list.html).toMatch(new RegExp(`data-token="${id}"[\\s\\S]*?data-state>Revoked <time`));
    // Revoking twice says so rather than failing.
    const again = await send(url(), `/admin/tokens/${id}`, { cookie: cookies.owner, form: { confirm: 'revoke' } });
    expect(again.status).toBe(409);
    expect(again.html).toContain('already revoked');
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, id)).all());
    expect(audit.map((a) => a.action)).toEqual(['api_token.created', 'api_token.revoked']);
  });

  it('answers 404 for a token that does not exist', async () => {
    const r = await send(url(), '/admin/tokens/nosuchtoken0', { cookie: cookies.owner });
    expect(r.status).toBe(404);
  });
});
