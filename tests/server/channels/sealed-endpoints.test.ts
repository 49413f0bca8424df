import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { deliveries } from '../../../db/schema.js';
import { SEALED_ENDPOINT_PREFIX, sealEndpoint } from '../../../src/server/channels/endpoint-seal.js';
import { startEndpointLanes, type EndpointLanes } from '../../../src/server/channels/lanes.js';
import { LANE_POLICIES } from '../../../src/server/channels/lane-policy.js';
import { sealPlainEndpoints } from '../../../src/server/channels/seal-plain-endpoints.js';
import { seal } from '../../../src/server/channels/secret-box.js';
import { addEndpointSubscriber } from '../../../src/server/use-cases/endpoint-subscriptions.js';
import { subscribersView } from '../../../src/server/views/admin/subscribers.js';
import { apiClient } from '../../helpers/api-v1.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { databaseFileBytes, tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const BASE = 'https://status.example.com';
const FAST = { retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 } };

let t: TempDatabase;
let db: DatabaseHandle['db'];
let receiver: WebhookReceiver;
let lanes: EndpointLanes | null = null;
let api: string;
let reopened: DatabaseHandle | null = null;

beforeEach(async () => {
  t = tempDatabase();
  db = t.db;
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  api = component(t.db, 'api', 'API', now);
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await lanes?.stop();
  lanes = null;
  reopened?.close();
  reopened = null;
  await receiver.close();
  t.dispose();
});

function start(): EndpointLanes {
  lanes = startEndpointLanes({
    db,
    baseUrl: () => BASE,
    allowPrivate: true,
    idleMs: 10,
    log: () => {},
    policies: Object.fromEntries((['webhook', 'slack', 'teams', 'discord'] as const).map((k) => [k, { ...LANE_POLICIES[k], ...FAST }])),
    random: () => 0.5,
  });
  return lanes;
}

function publish(): void {
  const at = Date.now();
  incident(db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'Looking.', set: { [api]: 'major_outage' } }] });
}

/** A subscriber row as the previous release wrote it: the URL in plain. */
function plainRow(id: string, channel: 'webhook' | 'slack' | 'teams' | 'discord', endpoint: string, state = 'active'): void {
  const now = Date.now();
  t.sqlite
    .prepare(
      `insert into subscribers (id, email, state, channel, endpoint, signing_secret, all_components, link_generation, confirmed_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?)`,
    )
    .run(id, `${id}@example.com`, state, channel, endpoint, channel === 'webhook' ? seal(t.db, 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==', now) : null, now, now, now);
}

const stored = (id: string): string | null => (t.sqlite.prepare('select endpoint from subscribers where id = ?').get(id) as { endpoint: string | null }).endpoint;

const add = (kind: 'webhook' | 'slack' | 'discord', endpoint: string, email = 'ops@example.com'): string =>
  addEndpointSubscriber(db, { kind, endpoint, email, choice: { allComponents: true, componentIds: [] } }, null, true, Date.now()).id;

describe('chat URLs sealed at rest', () => {
  it('a new Slack subscriber is stored sealed: neither the row nor the database file holds the URL', () => {
    const url = `${receiver.url}/services/T0SECRET/B0SECRET/xoxTOKENxox`;
    const id = add('slack', url);
    const value = stored(id)!;
    expect(value.startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    expect(JSON.stringify(t.sqlite.prepare('select * from subscribers where id = ?').get(id))).not.toContain('T0SECRET');
    t.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = databaseFileBytes(t.path);
    for (const piece of ['T0SECRET', 'B0SECRET', 'xoxTOKENxox']) expect(bytes.includes(piece)).toBe(false);
    // The control: the contact address is in the file in plain, so the search does look at the rows.
    expect(bytes.includes('ops@example.com')).toBe(true);
  });

  it('refuses the same URL twice on one channel, sealed or written plain by an older process, and reopens an unsubscribed one', () => {
    const url = 'https://hooks.slack.com/services/T1/B1/aaaa';
    const id = add('slack', url);
    expect(() => add('slack', url, 'other@example.com')).toThrow('That Slack endpoint is already subscribed.');
    // Another channel may hold the same URL: the uniqueness is per channel, as before.
    expect(() => add('discord', url)).not.toThrow();
    // A plain row of an older process is found too.
    plainRow('old1', 'slack', 'https://hooks.slack.com/services/T2/B2/bbbb');
    expect(() => add('slack', 'https://hooks.slack.com/services/T2/B2/bbbb')).toThrow(/already subscribed/);
    // Unsubscribed: subscribing again reuses the row, now sealed.
    plainRow('old2', 'slack', 'https://hooks.slack.com/services/T3/B3/cccc', 'unsubscribed');
    expect(add('slack', 'https://hooks.slack.com/services/T3/B3/cccc')).toBe('old2');
    expect(stored('old2')!.startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    t.sqlite.prepare("update subscribers set state = 'unsubscribed' where id = ?").run(id);
    expect(add('slack', url)).toBe(id);
    expect(t.sqlite.prepare("select count(*) as n from subscribers where channel = 'slack'").get()).toEqual({ n: 3 });
  });

  it('a changed byte in a stored URL is refused and nothing is sent anywhere', async () => {
    const id = add('slack', `${receiver.url}/slack/T000/B000`);
    const value = stored(id)!;
    // Flip one bit of one byte of the ciphertext (the last field).
    const parts = value.split('.');
    const body = Buffer.from(parts.at(-1)!, 'base64url');
    body[3] = body[3]! ^ 0x20;
    parts[parts.length - 1] = body.toString('base64url');
    t.sqlite.prepare('update subscribers set endpoint = ? where id = ?').run(parts.join('.'), id);
    start();
    publish();
    await vi.waitFor(() => {
      const rows = t.db.select().from(deliveries).where(eq(deliveries.subscriberId, id)).all();
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r).toMatchObject({ state: 'cancelled', lastError: expect.stringMatching(/^endpoint unreadable: The sealed endpoint was altered or damaged/) });
    }, { timeout: 5_000 });
    expect(receiver.requests).toHaveLength(0);
  });

  it('the admin list and the API show a chat URL masked, never in full; a webhook URL as before', async () => {
    const slack = `${receiver.url}/services/T0SECRET/B0SECRET/xoxTOKENwxyz`;
    const slackId = add('slack', slack);
    const hookId = add('webhook', `${receiver.url}/hook/secret-path`);
    const view = subscribersView(db, new URLSearchParams(), Date.now());
    const note = (id: string): string | null => view.rows.find((r) => r.id === id)!.note;
    expect(note(slackId)).toBe(`Slack to 127.0.0.1:${receiver.port}/…wxyz`);
    expect(note(hookId)).toBe(`Webhook to 127.0.0.1:${receiver.port}`);
    expect(JSON.stringify(view)).not.toContain('T0SECRET');

    const client = apiClient(db, 'write', { now: () => Date.now() });
    const base = `/pages/${readPageSettings(db, Date.now()).publicId}`;
    const one = await client.call('GET', `${base}/subscribers/${slackId}`);
    expect(one.status).toBe(200);
    expect(one.json.endpoint).toBe(`127.0.0.1:${receiver.port}/…wxyz`);
    const listed = await client.call('GET', `${base}/subscribers`);
    expect(JSON.stringify(listed.json)).not.toContain('T0SECRET');
    expect((await client.call('GET', `${base}/subscribers/${hookId}`)).json.endpoint).toBe(`${receiver.url}/hook/secret-path`);
  });
});

describe('plain URLs of an earlier release', () => {
  it('are sealed at the next open, gone from the file, and deliveries still reach the receiver', async () => {
    plainRow('s1', 'slack', `${receiver.url}/slack/T0PLAIN/B0PLAIN`);
    plainRow('d1', 'discord', `${receiver.url}/discord/123/PLAINTOKEN`);
    plainRow('w1', 'webhook', `${receiver.url}/hook/PLAINHOOK`);
    t.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(databaseFileBytes(t.path).includes('T0PLAIN')).toBe(true);
    t.close();

    reopened = openDatabase(t.path);
    db = reopened.db;
    const rows = reopened.sqlite.prepare('select id, endpoint from subscribers order by id').all() as { id: string; endpoint: string }[];
    expect(rows.map((r) => r.id)).toEqual(['d1', 's1', 'w1']);
    for (const r of rows) expect(r.endpoint.startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    const bytes = databaseFileBytes(t.path);
    for (const piece of ['T0PLAIN', 'B0PLAIN', 'PLAINTOKEN', 'PLAINHOOK']) expect(bytes.includes(piece)).toBe(false);

    // Idempotent: a second open changes nothing.
    reopened.close();
    reopened = openDatabase(t.path);
    db = reopened.db;
    expect(reopened.sqlite.prepare('select id, endpoint from subscribers order by id').all()).toEqual(rows);
    expect(sealPlainEndpoints(db, Date.now())).toEqual({ sealed: 0, leftPlain: 0 });

    start();
    publish();
    await receiver.waitFor(3);
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/discord/123/PLAINTOKEN', '/hook/PLAINHOOK', '/slack/T0PLAIN/B0PLAIN']);
  });

  it('a plain row written after the start (an older process in a rolling restart) is still delivered, shown masked, and sealed at the next open', async () => {
    const id = add('slack', `${receiver.url}/slack/NEW`);
    plainRow('late', 'slack', `${receiver.url}/slack/T0LATE/B0LATE`);
    expect(subscribersView(db, new URLSearchParams(), Date.now()).rows.find((r) => r.id === 'late')!.note).toBe(`Slack to 127.0.0.1:${receiver.port}/…LATE`);
    start();
    publish();
    // The new row's test call and update, and the plain row's update.
    await receiver.waitFor(3);
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/slack/NEW', '/slack/NEW', '/slack/T0LATE/B0LATE']);
    expect(sealPlainEndpoints(db, Date.now())).toEqual({ sealed: 1, leftPlain: 0 });
    expect(stored('late')!.startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    expect(stored(id)).toBe(sealEndpoint(db, `${receiver.url}/slack/NEW`, Date.now()));
  });

  it('leaves a plain row alone when its sealed form already belongs to another subscriber of the channel', () => {
    const url = 'https://hooks.slack.com/services/T9/B9/dupe';
    add('slack', url);
    plainRow('twin', 'slack', url);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(sealPlainEndpoints(db, Date.now())).toEqual({ sealed: 0, leftPlain: 1 });
      expect(stored('twin')).toBe(url);
      t.close();
      reopened = openDatabase(t.path);
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^subscribers: 1 endpoint\(s\) left unsealed/));
    } finally {
      logged.mockRestore();
    }
  });

  it('a fresh database creates no key when there is nothing to seal', () => {
    expect(t.sqlite.prepare("select count(*) as n from secrets where name = 'channel-secrets'").get()).toEqual({ n: 0 });
  });
});
