import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, deliveries, subscribers } from '../../db/schema.js';
import { sealEndpoint } from '../../src/server/channels/endpoint-seal.js';
import { signIn, withDb } from '../helpers/admin-pages.js';
import { component, incident, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

// The add form's endpoint: loopback, allowed because this site sets OUTBOUND_ALLOW_PRIVATE.
const receiver = await startWebhookReceiver();
afterAll(() => receiver.close());

const people = preparePeople();
const DAY = 86_400_000;

const site = serveFixture((path, now) => {
  const h = openDatabase(path);
  page(h.db, 'Acme', 'UTC', now);
  people(h.db, now);
  const api = component(h.db, 'api', 'API', now - DAY);
  const add = (id: string, email: string, state: 'unconfirmed' | 'active' | 'unsubscribed' | 'quarantined', extra: Partial<typeof subscribers.$inferInsert> = {}): void => {
    h.db.insert(subscribers).values({ id, email, state, allComponents: true, createdAt: now - DAY, updatedAt: now - DAY, ...extra }).run();
  };
  add('sub000000001', 'ann@example.com', 'active');
  add('sub000000002', 'bob@example.com', 'quarantined', { quarantinedAt: now - 1000, quarantineReason: 'EENVELOPE 550: no such user' });
  add('sub000000003', 'cat@example.com', 'unconfirmed', { confirmTokenHash: 'x'.repeat(64), confirmExpiresAt: now + DAY });
  add('sub000000004', '=cmd|calc@example.com', 'active');
  add('sub000000005', 'gone@example.com', 'unsubscribed');
  incident(h.db, { title: 'Down', startedAt: now - 1000, componentIds: [api], steps: [{ at: now - 1000, status: 'investigating', body: 'x' }] });
  h.db.update(deliveries).set({ state: 'failed', lastError: '451 later' }).where(eq(deliveries.subscriberId, 'sub000000001')).run();
  h.close();
  return { path };
}, { OUTBOUND_ALLOW_PRIVATE: 'true' });

const state = (id: string): string | undefined => withDb(site.data().path, (db) => db.select({ s: subscribers.state }).from(subscribers).where(eq(subscribers.id, id)).get()?.s);

describe('/admin/subscribers', () => {
  it('is for owners and editors: viewers may not see addresses', async () => {
    const base = site.server().url;
    for (const who of ['owner', 'editor'] as const) {
      const res = await send(base, '/admin/subscribers', { cookie: await signIn(base, who) });
      expect(res.status).toBe(200);
      expect(res.html).toContain('ann@example.com');
    }
    const viewer = await signIn(base, 'viewer');
    expect((await send(base, '/admin/subscribers', { cookie: viewer })).status).toBe(403);
    expect((await send(base, '/admin/subscribers.csv', { cookie: viewer })).status).toBe(403);
    expect((await send(base, '/admin/subscribers', { cookie: viewer, form: { intent: 'remove', id: 'sub000000001' } })).status).toBe(403);
    expect(state('sub000000001')).toBe('active');
    // The dashboard shows everyone the outbox, without addresses; mail is not configured here.
    const dash = await send(base, '/admin', { cookie: viewer });
    expect(dash.html).toContain('Mail is not configured');
    expect(dash.html).not.toContain('ann@example.com');
    expect(dash.html).not.toContain('href="/admin/subscribers"');
  });

  it('shows counts per state, filters by state and search, and says why an address is quarantined', async () => {
    const base = site.server().url;
    const cookie = await signIn(base, 'editor');
    const all = await send(base, '/admin/subscribers', { cookie });
    expect(all.html).toContain('Unconfirmed: 1 · Active: 2 · Unsubscribed: 1 · Quarantined: 1');
    expect(all.html).toContain('EENVELOPE 550: no such user');
    const quarantined = await send(base, '/admin/subscribers?state=quarantined', { cookie });
    expect(quarantined.html).toContain('bob@example.com');
    expect(quarantined.html).not.toContain('ann@example.com');
    const search = await send(base, '/admin/subscribers?q=CAT', { cookie });
    expect(search.html).toContain('cat@example.com');
    expect(search.html).not.toContain('bob@example.com');
    // % is a literal character, not a wildcard.
    expect((await send(base, '/admin/subscribers?q=%25', { cookie })).html).toContain('No subscribers match');
  });

  it('exports CSV with formulas neutralised', async () => {
    const base = site.server().url;
    const res = await send(base, '/admin/subscribers.csv', { cookie: await signIn(base, 'owner') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const lines = res.html.trim().split('\r\n');
    expect(lines[0]).toBe('email,state,components,subscribed_at,confirmed_at,unsubscribed_at,quarantined_at,quarantine_reason');
    expect(lines).toHaveLength(6);
    expect(lines.some((l) => l.startsWith("'=cmd|calc@example.com,active,all,"))).toBe(true);
    const filtered = await send(base, '/admin/subscribers.csv?state=quarantined', { cookie: await signIn(base, 'owner') });
    expect(filtered.html.trim().split('\r\n')).toHaveLength(2);
  });

  it('reactivates, resends, retries and removes, each audited; a bad action is a clear 400', async () => {
    const base = site.server().url;
    const cookie = await signIn(base, 'editor');
    const reactivated = await send(base, '/admin/subscribers', { cookie, form: { intent: 'reactivate', id: 'sub000000002' } });
    expect(reactivated.status).toBe(303);
    expect(state('sub000000002')).toBe('active');
    const again = await send(base, '/admin/subscribers', { cookie, form: { intent: 'reactivate', id: 'sub000000002' } });
    expect(again.status).toBe(409);
    expect(again.html).toContain('Only quarantined addresses can be reactivated');

    expect((await send(base, '/admin/subscribers', { cookie, form: { intent: 'resend', id: 'sub000000003' } })).status).toBe(303);
    const confirms = withDb(site.data().path, (db) => db.select().from(deliveries).where(eq(deliveries.kind, 'confirm')).all());
    expect(confirms.map((d) => d.subscriberId)).toEqual(['sub000000003']);

    const retried = await send(base, '/admin/subscribers', { cookie, form: { intent: 'retry_failed' } });
    expect(retried.status).toBe(303);
    expect(decodeURIComponent(retried.location!)).toContain('1 failed mail will be sent again.');
    expect(withDb(site.data().path, (db) => db.select().from(deliveries).where(eq(deliveries.state, 'failed')).all())).toEqual([]);
    // Only the failed row was touched: the other pending one keeps its attempt count and schedule.
    expect(withDb(site.data().path, (db) => db.select({ s: deliveries.subscriberId, a: deliveries.attempts }).from(deliveries).where(eq(deliveries.kind, 'update')).all())).toEqual(
      expect.arrayContaining([{ s: 'sub000000001', a: 0 }, { s: 'sub000000004', a: 0 }]),
    );

    expect((await send(base, '/admin/subscribers', { cookie, form: { intent: 'remove', id: 'sub000000005' } })).status).toBe(303);
    expect(state('sub000000005')).toBeUndefined();

    const bad = await send(base, '/admin/subscribers', { cookie, form: { intent: 'drop_table', id: 'sub000000001' } });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Unknown action.');
    const proto = await send(base, '/admin/subscribers', { cookie, form: { intent: 'constructor', id: 'sub000000001' } });
    expect(proto.status).toBe(400);

    const actions = withDb(site.data().path, (db) => db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action));
    expect(actions).toEqual(expect.arrayContaining(['subscriber.reactivated', 'subscriber.confirmation_resent', 'deliveries.retried', 'subscriber.removed']));
  });

  it('adds a webhook subscriber, shows its secret once, and rotates it (audited); bad input is a clear 4xx', async () => {
    const base = site.server().url;
    const cookie = await signIn(base, 'editor');
    const page = await send(base, '/admin/subscribers', { cookie });
    expect(page.html).toMatch(/<label>Endpoint URL\s*<input type="url" name="endpoint"/);

    const endpoint = `${receiver.url}/admin-hook`;
    const added = await send(base, '/admin/subscribers', { cookie, form: { intent: 'add_endpoint', via: 'webhook', endpoint, email: 'ops@example.com', scope: 'all' } });
    expect(added.status).toBe(200);
    expect(added.headers.get('cache-control')).toBe('no-store');
    const first = /data-secret>(whsec_[A-Za-z0-9+/=]+)</.exec(added.html)?.[1];
    expect(first).toBeDefined();
    const row = withDb(site.data().path, (db) => db.select().from(subscribers).where(eq(subscribers.endpoint, sealEndpoint(db, endpoint, Date.now()))).get())!;
    expect(row).toMatchObject({ channel: 'webhook', state: 'active', email: 'ops@example.com' });

    const listed = await send(base, '/admin/subscribers', { cookie });
    expect(listed.html).not.toContain(first!);
    expect(listed.html).toMatch(new RegExp(`<tr data-subscriber="${row.id}">[\\s\\S]*?value="rotate_secret"[\\s\\S]*?</tr>`));
    // Email subscribers have no secret to rotate.
    expect(listed.html).not.toMatch(/<tr data-subscriber="sub000000001">[\s\S]*?value="rotate_secret"[\s\S]*?<\/tr>/);

    const rotated = await send(base, '/admin/subscribers', { cookie, form: { intent: 'rotate_secret', id: row.id } });
    expect(rotated.status).toBe(200);
    const second = /data-secret>(whsec_[A-Za-z0-9+/=]+)</.exec(rotated.html)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const after = withDb(site.data().path, (db) => db.select().from(subscribers).where(eq(subscribers.id, row.id)).get())!;
    expect(after.signingSecret).not.toBe(row.signingSecret);

    const notWebhook = await send(base, '/admin/subscribers', { cookie, form: { intent: 'rotate_secret', id: 'sub000000001' } });
    expect(notWebhook.status).toBe(409);
    expect(notWebhook.html).toContain('Only webhook subscribers have a signing secret.');

    const missing = await send(base, '/admin/subscribers', { cookie, form: { intent: 'add_endpoint', via: 'teams', endpoint: '', email: 'ops@example.com', scope: 'all' } });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Enter the endpoint URL to send updates to.');
    const bad = await send(base, '/admin/subscribers', { cookie, form: { intent: 'add_endpoint', via: 'email', endpoint, email: 'ops@example.com', scope: 'all' } });
    expect(bad.status).toBe(400);

    const viewer = await signIn(base, 'viewer');
    expect((await send(base, '/admin/subscribers', { cookie: viewer, form: { intent: 'rotate_secret', id: row.id } })).status).toBe(403);

    const audit = withDb(site.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, row.id)).all().map((a) => a.action));
    expect(audit).toEqual(['subscriber.added', 'subscriber.secret_rotated']);
  });
});
