import { beforeEach, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { auditAbout, useApiBed, WRITE_TOKEN_ACTOR } from '../../helpers/api-v1-bed.js';
import type { TempDatabase } from '../../helpers/db.js';
import { component, group, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const ACTOR = WRITE_TOKEN_ACTOR;
const bed = useApiBed(NOW);
let t: TempDatabase;
let base: string;
let api: ApiClient;
beforeEach(() => ({ t, base, api } = bed()));

const mailTo = (subscriberId: string): { kind: string; state: string }[] =>
  t.sqlite.prepare('select kind, state from deliveries where subscriber_id = ? order by id').all(subscriberId) as { kind: string; state: string }[];
const auditOf = (objectId: string): ReturnType<typeof auditAbout> => auditAbout(bed(), objectId);
const subscriberCount = (): number => (t.sqlite.prepare('select count(*) as n from subscribers').get() as { n: number }).n;

describe('/api/v1 subscribers', () => {
  it('subscribes an address with a confirmation mail, as the subscribe form does, audited under the token', async () => {
    const a = component(t.db, 'api', 'API', NOW);
    const res = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: ' Ops@Example.com ', component_ids: [a] } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: 'ops@example.com', type: 'email', mode: 'email', state: 'unconfirmed', all_components: false, components: [a], skip_confirmation_notification: false, endpoint: null, phone_number: null });
    expect(mailTo(res.json.id)).toEqual([{ kind: 'confirm', state: 'pending' }]);
    expect(auditOf(res.json.id)).toEqual([expect.objectContaining({ action: 'subscriber.requested', actorLabel: ACTOR })]);
  });

  it('with skip_confirmation_notification makes the address active at once, with no mail', async () => {
    const a = component(t.db, 'api', 'API', NOW);
    const res = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com', skip_confirmation_notification: true } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ state: 'active', all_components: true, components: [a], skip_confirmation_notification: true });
    expect(mailTo(res.json.id)).toEqual([]);
    expect(auditOf(res.json.id)[0]).toMatchObject({ action: 'subscriber.added', actorLabel: ACTOR });
    const again = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com' } } });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/already subscribed/);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com', skip_confirmation_notification: true } } })).status).toBe(409);
  });

  it('subscribes a webhook endpoint, active at once, and returns its whsec_ signing secret once', async () => {
    const a = component(t.db, 'a', 'A', NOW);
    const res = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { endpoint: 'https://hooks.example.com/x', email: 'Ops@Example.com', component_ids: [a] } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'webhook', mode: 'webhook', endpoint: 'https://hooks.example.com/x', email: 'ops@example.com', state: 'active', components: [a] });
    expect(Buffer.from(String(res.json.signing_secret).replace(/^whsec_/, ''), 'base64').length).toBeGreaterThanOrEqual(24);
    // Stored sealed like chat URLs, and answered in full as Statuspage does for a webhook.
    expect((t.sqlite.prepare('select endpoint from subscribers where id = ?').get(res.json.id) as { endpoint: string }).endpoint).toMatch(/^sealed-endpoint\.v1\./);
    expect((await api.call('GET', `${base}/subscribers/${String(res.json.id)}`)).json.endpoint).toBe('https://hooks.example.com/x');
    const listed = await api.call('GET', `${base}/subscribers`);
    expect(JSON.stringify(listed.json)).not.toContain(String(res.json.signing_secret));
    // The same endpoint again: 409; an email subscriber may share the contact address.
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { endpoint: 'https://hooks.example.com/x', email: 'ops@example.com' } } })).status).toBe(409);
    const email = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com', skip_confirmation_notification: true } } });
    expect(email.status).toBe(201);

    // Rotation: a new secret, returned once; an email subscriber has none to rotate.
    const rotated = await api.call('POST', `${base}/subscribers/${String(res.json.id)}/rotate_secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.json.signing_secret).toMatch(/^whsec_/);
    expect(rotated.json.signing_secret).not.toBe(res.json.signing_secret);
    const refused = await api.call('POST', `${base}/subscribers/${String(email.json.id)}/rotate_secret`);
    expect(refused.status).toBe(422);
    expect(refused.json.message).toMatch(/Only webhook subscribers/);
    expect((await api.call('POST', `${base}/subscribers/nosuch/rotate_secret`)).status).toBe(404);
  });

  it('refuses unusable webhook endpoints and a missing contact address with a 422 sentence', async () => {
    const post = (subscriber: Record<string, unknown>) => api.call('POST', `${base}/subscribers`, { body: { subscriber } });
    expect((await post({ endpoint: 'https://hooks.example.com/x' })).json.message).toMatch(/contact email/);
    const http = await post({ endpoint: 'http://hooks.example.com/x', email: 'ops@example.com' });
    expect(http.status).toBe(422);
    expect(http.json.message).toMatch(/https/);
    expect((await post({ endpoint: 'https://10.0.0.5/x', email: 'ops@example.com' })).json.message).toMatch(/private/);
  });

  it('refuses SMS, bad addresses and unknown or group components with 422 naming the field', async () => {
    const g = group(t.db, 'g', 'G', NOW);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { phone_number: '2025550105' } } })).json.message).toMatch(/SMS/);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'not-an-address' } } })).json.message).toMatch(/“subscriber.email”.*does not look like an email/);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'a@example.com', component_ids: ['nope'] } } })).json.message).toMatch(/subscriber.component_ids/);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'a@example.com', component_ids: [g] } } })).status).toBe(422);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'a@example.com', component_ids: [] } } })).json.message).toMatch(/at least one/);
    expect((await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 42 } } })).status).toBe(422);
    expect(subscriberCount()).toBe(0);
  });

  it('keeps addresses from read tokens (403) but gives them the counts', async () => {
    const read = apiClient(t.db, 'read', { now: () => NOW });
    const created = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com', skip_confirmation_notification: true } } });
    expect((await read.call('GET', `${base}/subscribers`)).status).toBe(403);
    expect((await read.call('GET', `${base}/subscribers/${created.json.id}`)).status).toBe(403);
    expect((await read.call('DELETE', `${base}/subscribers/${created.json.id}`)).status).toBe(403);
    const skip = await read.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'new@example.com', skip_confirmation_notification: true } } });
    expect(skip.status).toBe(403);
    expect(subscriberCount()).toBe(1);
    expect((await read.call('GET', `${base}/subscribers/count`)).json).toEqual({ email: 1, sms: 0, webhook: 0, slack: 0, teams: 0, integration_partner: 0 });
    expect((await read.call('GET', `${base}/subscribers/histogram_by_state`)).json.email).toEqual({ active: 1, unconfirmed: 0, quarantined: 0, unsubscribed: 0, total: 1 });
    expect((await api.call('GET', `${base}/subscribers/count`, { token: null })).status).toBe(401);
  });

  it('lists by state and search, pages with limit and page, and counts by state and type', async () => {
    for (const [i, email] of ['a@one.test', 'b@one.test', 'c@two.test'].entries()) {
      await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email, skip_confirmation_notification: true } }, now: NOW - (3 - i) * MINUTE }); // the clock only moves forward for the rate limiter
    }
    await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'd@one.test' } } });
    const emails = (json: { email: string }[]): string[] => json.map((s) => s.email);
    expect(emails((await api.call('GET', `${base}/subscribers`)).json)).toEqual(['c@two.test', 'b@one.test', 'a@one.test']);
    expect(emails((await api.call('GET', `${base}/subscribers?q=ONE&state=all`)).json).sort()).toEqual(['a@one.test', 'b@one.test', 'd@one.test']);
    expect(emails((await api.call('GET', `${base}/subscribers?state=unconfirmed`)).json)).toEqual(['d@one.test']);
    expect(emails((await api.call('GET', `${base}/subscribers?limit=1&page=1`)).json)).toEqual(['b@one.test']);
    expect((await api.call('GET', `${base}/subscribers?type=sms`)).json).toEqual([]);
    expect((await api.call('GET', `${base}/subscribers?state=gone`)).status).toBe(400);
    expect((await api.call('GET', `${base}/subscribers/count?state=all`)).json.email).toBe(4);
    expect((await api.call('GET', `${base}/subscribers/count?type=webhook`)).json.email).toBe(0);
  });

  it('gets one in any state, and DELETE unsubscribes it, cancelling its queued mail', async () => {
    const created = await api.call('POST', `${base}/subscribers`, { body: { subscriber: { email: 'ops@example.com' } } });
    const id = created.json.id;
    expect((await api.call('GET', `${base}/subscribers/${id}`)).json).toEqual(created.json);
    const res = await api.call('DELETE', `${base}/subscribers/${id}?skip_unsubscription_notification=true`);
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('unsubscribed');
    expect(mailTo(id)).toEqual([{ kind: 'confirm', state: 'cancelled' }]);
    expect(auditOf(id)[0]).toMatchObject({ action: 'subscriber.unsubscribed', actorLabel: ACTOR });
    expect((await api.call('GET', `${base}/subscribers/${id}`)).json.state).toBe('unsubscribed');
    expect((await api.call('GET', `${base}/subscribers/nope`)).status).toBe(404);
    expect((await api.call('DELETE', `${base}/subscribers/nope`)).status).toBe(404);
  });
});
