import { lookup as dnsLookup } from 'node:dns';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, deliveries, subscribers } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { startEndpointLanes, type EndpointLanes } from '../../../src/server/channels/lanes.js';
import { LANE_POLICIES, type LanePolicy } from '../../../src/server/channels/lane-policy.js';
import { webhookBodyJson } from '../../../src/server/channels/webhook-body.js';
import { guardedPost } from '../../../src/server/outbound/guarded-get.js';
import { createComposer } from '../../../src/server/outbox/compose.js';
import type { Mailer, OutgoingMail } from '../../../src/server/outbox/mailer.js';
import { DeliveryWorker } from '../../../src/server/outbox/worker.js';
import { subscribersView } from '../../../src/server/views/admin/subscribers.js';
import { addEndpointSubscriber, validEndpoint } from '../../../src/server/use-cases/endpoint-subscriptions.js';
import { postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { reactivateSubscriber } from '../../../src/server/use-cases/subscriptions.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const BASE = 'https://status.example.com';
/** Fast retries for tests: 20 ms doubling, at most 4 attempts. */
const FAST: LanePolicy = { ...LANE_POLICIES.webhook, retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 } };

let t: TempDatabase;
let receiver: WebhookReceiver;
let lanes: EndpointLanes | null = null;
let api: string;

beforeEach(async () => {
  t = tempDatabase();
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  api = component(t.db, 'api', 'API', now);
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await lanes?.stop();
  lanes = null;
  await receiver.close();
  t.dispose();
});

function start(policy: LanePolicy = FAST): EndpointLanes {
  lanes = startEndpointLanes({ db: t.db, baseUrl: () => BASE, allowPrivate: true, idleMs: 10, log: () => {}, policies: { webhook: policy }, random: () => 0.5 });
  return lanes;
}

function subscribe(path = '/hook'): { id: string; secret: string } {
  const added = addEndpointSubscriber(t.db, { kind: 'webhook', endpoint: `${receiver.url}${path}`, email: 'ops@example.com', choice: { allComponents: true, componentIds: [] } }, null, true, Date.now());
  return { id: added.id, secret: added.signingSecret! };
}

function publish(): void {
  const at = Date.now();
  incident(t.db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'We are **looking** into errors.', set: { [api]: 'major_outage' } }] });
}

function headersOf(i: number): Record<string, string> {
  const h = receiver.requests[i]!.headers;
  return { 'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']) };
}

describe('webhook subscribers', () => {
  it('get one signed test call, then Statuspage’s incident body, verified by the standardwebhooks library', async () => {
    const { secret } = subscribe();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    start();
    await receiver.waitFor(1);
    publish();
    await receiver.waitFor(2);
    const wh = new Webhook(secret);
    for (const i of [0, 1]) expect(() => wh.verify(receiver.requests[i]!.rawBody.toString('utf8'), headersOf(i))).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(receiver.requests[1]!.rawBody.toString('utf8'), headersOf(1))).toThrow();
    expect(receiver.requests[0]!.json).toMatchObject({ test: true, meta: { unsubscribe: expect.stringMatching(/^https:\/\/status\.example\.com\/unsubscribe\//) } });
    const body = receiver.requests[1]!.json as Record<string, any>;
    expect(Object.keys(body).sort()).toEqual(['incident', 'meta', 'page']);
    expect(body.page).toMatchObject({ id: expect.any(String), status_indicator: 'critical', status_description: expect.any(String) });
    expect(body.meta.documentation).toBe(`${BASE}/integrations`);
    expect(body.incident).toMatchObject({ name: 'API errors', status: 'investigating' });
    expect(body.incident.incident_updates).toHaveLength(1);
    expect(body.incident.incident_updates[0]).toMatchObject({ status: 'investigating', body: 'We are **looking** into errors.' });
    expect(receiver.requests[1]!.headers['content-type']).toBe('application/json');
  });

  it('retries a failing endpoint with backoff, keeping the same webhook-id', async () => {
    subscribe();
    // Each message fails once, then is accepted.
    const seen = new Set<string>();
    receiver.respond = (r) => {
      const id = String(r.headers['webhook-id']);
      if (seen.has(id)) return { status: 200 };
      seen.add(id);
      return { status: 503 };
    };
    start();
    publish();
    await receiver.waitFor(4);
    const ids = receiver.requests.map((_r, i) => headersOf(i)['webhook-id']!);
    // Test call and update: each 503 then 200 under its own id, the retry under the same id.
    const byId = new Map<string, number>();
    for (const id of ids) byId.set(id, (byId.get(id) ?? 0) + 1);
    expect([...byId.values()].sort()).toEqual([2, 2]);
    for (const [id] of byId) expect(id).toMatch(/^msg_/);
    const rows = t.db.select().from(deliveries).all();
    await expect.poll(() => t.db.select({ state: deliveries.state }).from(deliveries).all().every((r) => r.state === 'sent')).toBe(true);
    expect(rows.every((r) => r.channel === 'webhook')).toBe(true);
    // Backoff: the retry came no sooner than half the nominal 20 ms delay.
    const first = receiver.requests.findIndex((_r, i) => i > 0 && ids[i] === ids[0]);
    expect(receiver.requests[first]!.receivedAt - receiver.requests[0]!.receivedAt).toBeGreaterThanOrEqual(10);
  });

  it('quarantines an endpoint after sustained failures, mails its contact once, and an admin re-enables it', async () => {
    const { id } = subscribe();
    receiver.behaviour = { status: 500 };
    start({ ...FAST, quarantine: { minFailures: 3, minSpanMs: 0 } });
    publish();
    await expect.poll(() => t.db.select({ state: subscribers.state }).from(subscribers).where(eq(subscribers.id, id)).get()?.state, { timeout: 5_000 }).toBe('quarantined');
    const notices = t.db.select().from(deliveries).where(eq(deliveries.kind, 'quarantine_notice')).all();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ channel: 'email', subscriberId: id, state: 'pending' });
    expect(t.db.select().from(deliveries).where(eq(deliveries.channel, 'webhook')).all().some((r) => r.state === 'pending')).toBe(false);
    const before = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.length).toBe(before);

    // The notice mail is composed for the contact address, with the endpoint's host only.
    const compose = createComposer(t.db, () => BASE);
    const claimed = { id: notices[0]!.id, kind: 'quarantine_notice' as const, channel: 'email' as const, subscriberId: id, teamChannelId: null, eventId: null, updateId: null, componentChangeId: null, payload: null, dedupeKey: notices[0]!.dedupeKey, attempts: 1, leaseUntil: Date.now() + 60_000 };
    const mail = compose(claimed, Date.now());
    expect('mail' in mail && mail.mail.to).toBe('ops@example.com');
    expect('mail' in mail && mail.mail.text).toContain('127.0.0.1');
    expect('mail' in mail && mail.mail.text).not.toContain('/hook');

    // The admin list says where the updates went and why they stopped, the endpoint's path withheld.
    const row = subscribersView(t.db, new URLSearchParams(), Date.now()).rows.find((r) => r.id === id)!;
    expect(row.note).toMatch(/^Webhook to 127\.0\.0\.1:\d+ · the endpoint answered HTTP 500$/);

    reactivateSubscriber(t.db, id, SYSTEM, Date.now());
    expect(t.db.select().from(subscribers).where(eq(subscribers.id, id)).get()).toMatchObject({ state: 'active', consecutiveFailures: 0, failingSince: null, quarantinedAt: null });
    expect(t.db.select().from(auditLog).where(eq(auditLog.objectId, id)).all().map((a) => a.action)).toContain('subscriber.reactivated');
  });

  it('a slow webhook does not delay mail: each channel is claimed by its own lane', async () => {
    subscriber(t.db, 'reader@example.com', 'active', Date.now());
    subscribe();
    receiver.behaviour = { delayMs: 1_500 };
    start();
    const mailed: number[] = [];
    const mailer: Mailer = { send: async (_m: OutgoingMail) => (mailed.push(Date.now()), { ok: true }), close: () => {} };
    const mail = new DeliveryWorker({ db: t.db, mailer, compose: createComposer(t.db, () => BASE), concurrency: 1, leaseMs: 60_000, idleMs: 10 });
    mail.start();
    try {
      publish();
      await expect.poll(() => mailed.length, { timeout: 5_000 }).toBe(1);
      const webhookSent = t.db.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.channel, 'webhook')).all();
      // The webhook lane is still waiting on its slow receiver while the mail is already out.
      expect(webhookSent.some((r) => r.state === 'pending')).toBe(true);
    } finally {
      await mail.stop();
    }
  });
});

describe('chat subscribers', () => {
  it('get the platform body from renderChatBody: a one-line headline, the incident link and the manage link, unsigned', async () => {
    addEndpointSubscriber(t.db, { kind: 'slack', endpoint: `${receiver.url}/slack`, email: 'ops@example.com', choice: { allComponents: true, componentIds: [] } }, null, true, Date.now());
    start();
    await receiver.waitFor(1);
    publish();
    await receiver.waitFor(2);
    const body = JSON.stringify(receiver.requests[1]!.json);
    expect((receiver.requests[1]!.json as { text: string }).text).toContain('Investigating: API errors — API affected');
    expect(body).toContain(`${BASE}/incidents/`);
    expect(body).toContain(`${BASE}/subscriptions/`);
    expect(body).toContain('We are looking into errors.');
    expect(receiver.requests[1]!.headers['webhook-signature']).toBeUndefined();
  });
});

describe('outbound safety for endpoints', () => {
  it('refuses http and private literal addresses at subscription time unless OUTBOUND_ALLOW_PRIVATE', () => {
    expect(() => validEndpoint('http://hooks.example.com/x', false)).toThrow(/must start with https/);
    expect(() => validEndpoint('https://127.0.0.1/x', false)).toThrow(/loopback, private or link-local/);
    expect(() => validEndpoint('https://[::1]/x', false)).toThrow(/loopback, private or link-local/);
    expect(() => validEndpoint('https://169.254.169.254/latest', false)).toThrow(/loopback, private or link-local/);
    expect(() => validEndpoint('not a url', false)).toThrow(/not a valid URL/);
    expect(validEndpoint('http://127.0.0.1:9/x', true)).toBe('http://127.0.0.1:9/x');
  });

  it('refuses at connect time a DNS name that resolves to 127.0.0.1, and sends nothing', async () => {
    // A resolver that answers like localtest.me: every name is 127.0.0.1.
    const toLoopback = ((_host: string, _options: unknown, callback: (e: null, a: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;
    const url = `http://hooks.localtest.test:${receiver.port}/hook`;
    await expect(guardedPost(url.replace('http:', 'https:'), '{}', { allowPrivate: false, resolve: toLoopback })).rejects.toThrow(/resolves to 127\.0\.0\.1/);
    await expect(guardedPost(url, '{}', { allowPrivate: false, resolve: toLoopback })).rejects.toThrow(/must start with https/);
    expect(receiver.requests).toHaveLength(0);
    // The same name with OUTBOUND_ALLOW_PRIVATE reaches the receiver: the guard, not the resolver, refused.
    await expect(guardedPost(url, '{}', { allowPrivate: true, resolve: toLoopback })).resolves.toMatchObject({ status: 200 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow redirects and reads no more than a small answer', async () => {
    receiver.behaviour = { status: 302, headers: { location: 'http://169.254.169.254/' }, body: 'x'.repeat(100_000) };
    const answer = await guardedPost(`${receiver.url}/hook`, '{}', { allowPrivate: true, maxBytes: 1024, truncate: true });
    expect(answer.status).toBe(302);
    expect(answer.body.length).toBeLessThanOrEqual(1024);
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('a batch of webhook deliveries sharing one update', () => {
  it('serialises the shared part once, byte for byte the JSON of the whole object', () => {
    const shared = { incident: { id: 'i1' }, tailJson: '"page":{"id":"p","status_indicator":"none"},"incident":{"id":"i1","name":"a \\"b\\""}', documentation: `${BASE}/integrations` };
    const whole = { meta: { unsubscribe: `${BASE}/unsubscribe/x"y`, documentation: `${BASE}/integrations`, generated_at: '2026-12-05T03:00:00.000Z' }, page: { id: 'p', status_indicator: 'none' }, incident: { id: 'i1', name: 'a "b"' } };
    expect(webhookBodyJson(shared, whole.meta.unsubscribe, whole.meta.generated_at)).toBe(JSON.stringify(whole));
  });

  it('gives each subscriber its own unsubscribe link and signature, and a later claim sees the incident as it is then', async () => {
    const subs = Array.from({ length: 5 }, (_v, i) =>
      addEndpointSubscriber(t.db, { kind: 'webhook', endpoint: `${receiver.url}/hook/${i}`, email: `ops${i}@example.com`, choice: { allComponents: true, componentIds: [] } }, null, true, Date.now()),
    );
    const at = Date.now();
    const { id } = incident(t.db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'Looking.', set: { [api]: 'major_outage' } }] });
    start();
    // Five test calls and five incident bodies.
    await receiver.waitFor(10);
    const bodies = receiver.requests.filter((r) => (r.json as { incident?: unknown }).incident);
    expect(bodies).toHaveLength(5);
    const unsubscribes = new Set(bodies.map((r) => (r.json as { meta: { unsubscribe: string } }).meta.unsubscribe));
    expect(unsubscribes.size).toBe(5);
    expect(new Set(bodies.map((r) => JSON.stringify((r.json as { incident: unknown }).incident))).size).toBe(1);
    for (const r of bodies) {
      const i = Number(r.path.split('/').pop());
      const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
      expect(() => new Webhook(subs[i]!.signingSecret!).verify(r.rawBody.toString('utf8'), headers)).not.toThrow();
    }
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: true, changes: [] }, { id: null, label: 'test' }, Date.now());
    await receiver.waitFor(15);
    const later = receiver.requests.slice(10).map((r) => (r.json as { incident: { status: string; incident_updates: unknown[] } }).incident);
    expect(later.map((i) => [i.status, i.incident_updates.length])).toEqual(Array.from({ length: 5 }, () => ['identified', 2]));
  });
});
