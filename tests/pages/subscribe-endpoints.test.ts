import { createHmac } from 'node:crypto';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { subscriberComponents, subscribers } from '../../db/schema.js';
import { SEALED_ENDPOINT_PREFIX, sealEndpoint } from '../../src/server/channels/endpoint-seal.js';
import { withDb } from '../helpers/admin-pages.js';
import { databaseFileBytes } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { serveFixture } from '../helpers/server.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

// A real endpoint on loopback: reachable only because this site sets OUTBOUND_ALLOW_PRIVATE.
const receiver = await startWebhookReceiver();
afterAll(() => receiver.close());

function fill(path: string, now: number): { path: string; api: string } {
  const h = openDatabase(path);
  page(h.db, 'Acme', 'UTC', now);
  const api = component(h.db, 'api', 'API', now);
  component(h.db, 'web', 'Website', now, { position: 2 });
  h.close();
  return { path, api };
}

const open = serveFixture(fill, { OUTBOUND_ALLOW_PRIVATE: 'true' });
const guarded = serveFixture(fill);

/** The row for an endpoint, found by its sealed form (equal URLs seal to equal values). */
const byEndpoint = (path: string, endpoint: string): typeof subscribers.$inferSelect | undefined =>
  withDb(path, (db) => db.select().from(subscribers).where(eq(subscribers.endpoint, sealEndpoint(db, endpoint, Date.now()))).get());
const count = (path: string): number => withDb(path, (db) => db.select().from(subscribers).all().length);

/** The secret as the page shows it (in the SecretOnce box). */
const shownSecret = (html: string): string => {
  const found = /data-secret>(whsec_[A-Za-z0-9+/=]+)</.exec(html);
  if (!found) throw new Error(`no signing secret in:\n${html}`);
  return found[1]!;
};

describe('/subscribe by webhook or chat', () => {
  it('offers the choice in a fieldset with a labelled URL field; email stays the default', async () => {
    const res = await send(open.server().url, '/subscribe');
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<fieldset class="choice"[^>]*>\s*<legend[^>]*>How do you want to get updates\?<\/legend>/);
    expect(res.html).toMatch(/name="via" value="email" checked/);
    for (const v of ['webhook', 'slack', 'teams', 'discord']) expect(res.html).toContain(`name="via" value="${v}"`);
    expect(res.html).toMatch(/<label[^>]*>Endpoint URL[^<]*\s*<input type="url" name="endpoint"/);
  });

  it('subscribes a webhook for chosen components, shows its secret once, and the test call verifies with it', async () => {
    const endpoint = `${receiver.url}/hooks/one`;
    const before = receiver.requests.length;
    const res = await send(open.server().url, '/subscribe', { form: { via: 'webhook', endpoint, email: 'Ops@Example.com', scope: 'some', [`component:${open.data().api}`]: 'on' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const secret = shownSecret(res.html);
    expect(res.html).toContain('webhook-signature');
    expect(res.html).toContain('href="https://www.standardwebhooks.com"');
    const row = byEndpoint(open.data().path, endpoint)!;
    expect(row).toMatchObject({ channel: 'webhook', state: 'active', email: 'ops@example.com', allComponents: false });
    expect(withDb(open.data().path, (db) => db.select().from(subscriberComponents).where(eq(subscriberComponents.subscriberId, row.id)).all().map((c) => c.componentId))).toEqual([open.data().api]);
    // The secret is stored sealed, never as shown.
    expect(JSON.stringify(row)).not.toContain(secret);

    await receiver.waitFor(before + 1, 15_000);
    const call = receiver.requests.slice(before).find((r) => r.path === '/hooks/one')!;
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${call.headers['webhook-id']}.${call.headers['webhook-timestamp']}.${call.rawBody.toString('utf8')}`).digest('base64');
    expect(call.headers['webhook-signature']).toBe(`v1,${expected}`);

    // The page never shows that secret again.
    expect((await send(open.server().url, '/subscribe')).html).not.toContain(secret);
    const again = await send(open.server().url, '/subscribe', { form: { via: 'webhook', endpoint, email: 'ops@example.com', scope: 'all' } });
    expect(again.status).toBe(409);
    expect(again.html).toContain('That Webhook endpoint is already subscribed.');
  });

  it('subscribes a Slack channel with a confirmation sentence and no secret', async () => {
    const endpoint = `${receiver.url}/slack/T000/B000`;
    const res = await send(open.server().url, '/subscribe', { form: { via: 'slack', endpoint, email: 'team@example.com', scope: 'all' } });
    expect(res.status).toBe(201);
    expect(res.html).toContain('Your Slack channel is subscribed.');
    expect(res.html).not.toContain('whsec_');
    const row = byEndpoint(open.data().path, endpoint)!;
    expect(row).toMatchObject({ channel: 'slack', state: 'active', allComponents: true, signingSecret: null });
  });

  it('stores a Slack URL sealed: not in the row, not in the database file; the same URL again is refused, and the channel still gets its test call', async () => {
    const endpoint = `${receiver.url}/services/T0SEALED/B0SEALED/xoxSealedToken`;
    const before = receiver.requests.length;
    const res = await send(open.server().url, '/subscribe', { form: { via: 'slack', endpoint, email: 'room@example.com', scope: 'all' } });
    expect(res.status).toBe(201);
    const sqlite = new Database(open.data().path, { readonly: true });
    const raw = sqlite.prepare("select * from subscribers where email = 'room@example.com'").all();
    sqlite.close();
    expect(raw).toHaveLength(1);
    expect(String((raw[0] as { endpoint: string }).endpoint).startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    expect(JSON.stringify(raw)).not.toContain('SEALED');
    const bytes = databaseFileBytes(open.data().path);
    expect(bytes.includes('room@example.com')).toBe(true);
    for (const piece of ['T0SEALED', 'B0SEALED', 'xoxSealedToken']) expect(bytes.includes(piece)).toBe(false);

    const again = await send(open.server().url, '/subscribe', { form: { via: 'slack', endpoint, email: 'someone@example.com', scope: 'all' } });
    expect(again.status).toBe(409);
    expect(again.html).toContain('That Slack endpoint is already subscribed.');

    await receiver.waitFor(before + 1, 15_000);
    const call = receiver.requests.slice(before).find((r) => r.path === '/services/T0SEALED/B0SEALED/xoxSealedToken');
    expect(call).toBeDefined();
    expect(JSON.stringify(call!.json)).toContain('/subscriptions/');
  });

  it('refuses a missing or bad URL and an unknown channel with a sentence, keeping what was typed', async () => {
    const before = count(open.data().path);
    const missing = await send(open.server().url, '/subscribe', { form: { via: 'discord', endpoint: ' ', email: 'kim@example.com', scope: 'all' } });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Enter the endpoint URL to send updates to.');
    expect(missing.html).toContain('value="kim@example.com"');
    expect(missing.html).toMatch(/name="via" value="discord" checked/);

    const bad = await send(open.server().url, '/subscribe', { form: { via: 'teams', endpoint: 'not a url', email: 'kim@example.com', scope: 'all' } });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('That is not a valid URL.');
    expect(bad.html).toContain('value="not a url"');

    const noContact = await send(open.server().url, '/subscribe', { form: { via: 'webhook', endpoint: `${receiver.url}/x`, email: '', scope: 'all' } });
    expect(noContact.status).toBe(422);
    expect(noContact.html).toContain('Enter your email address.');

    const unknown = await send(open.server().url, '/subscribe', { form: { via: 'pager', endpoint: `${receiver.url}/x`, email: 'kim@example.com', scope: 'all' } });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('Choose how you want to get updates');
    expect(count(open.data().path)).toBe(before);
  });
});

describe('/subscribe by endpoint without OUTBOUND_ALLOW_PRIVATE', () => {
  it('refuses a loopback endpoint, keeps CSRF and the subscribe rate limit', async () => {
    const base = guarded.server().url;
    const refused = await send(base, '/subscribe', { form: { via: 'webhook', endpoint: 'https://127.0.0.1/hook', email: 'ops@example.com', scope: 'all' } });
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/loopback, private or link-local address/);
    expect(refused.html).not.toContain('whsec_');
    const plain = await send(base, '/subscribe', { form: { via: 'slack', endpoint: 'http://hooks.example.com/x', email: 'ops@example.com', scope: 'all' } });
    expect(plain.status).toBe(422);
    expect(plain.html).toContain('The address must start with https://.');

    const crossSite = await send(base, '/subscribe', { form: { via: 'slack', endpoint: 'https://hooks.example.com/x', email: 'ops@example.com', scope: 'all' }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);

    // Every request counts against the same limit as the email path (10 in 10 minutes).
    let last = 0;
    for (let i = 0; i < 10 && last !== 429; i++) last = (await send(base, '/subscribe', { form: { via: 'slack', endpoint: 'https://127.0.0.1/x', email: 'ops@example.com', scope: 'all' } })).status;
    expect(last).toBe(429);
    expect(count(guarded.data().path)).toBe(0);
  });
});
