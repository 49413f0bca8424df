import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEndpointLanes, type EndpointLanes } from '../../../src/server/channels/lanes.js';
import { webhookBodyJson } from '../../../src/server/channels/webhook-body.js';
import { addEndpointSubscriber } from '../../../src/server/use-cases/endpoint-subscriptions.js';
import { postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const BASE = 'https://status.example.com';

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

describe('a batch of webhook deliveries sharing one update', () => {
  it('serialises the shared part once, byte for byte the JSON of the whole object', () => {
    const shared = { incident: { id: 'i1' }, tailJson: '"page":{"id":"p","status_indicator":"none"},"incident":{"id":"i1","name":"a \\"b\\""}', documentation: `${BASE}/integrations` };
    const whole = { meta: { unsubscribe: `${BASE}/unsubscribe/x"y`, documentation: `${BASE}/integrations` }, page: { id: 'p', status_indicator: 'none' }, incident: { id: 'i1', name: 'a "b"' } };
    expect(webhookBodyJson(shared, whole.meta.unsubscribe)).toBe(JSON.stringify(whole));
  });

  it('gives each subscriber its own unsubscribe link and signature, and a later claim sees the incident as it is then', async () => {
    const subs = Array.from({ length: 5 }, (_v, i) =>
      addEndpointSubscriber(t.db, { kind: 'webhook', endpoint: `${receiver.url}/hook/${i}`, email: `ops${i}@example.com`, choice: { allComponents: true, componentIds: [] } }, null, true, Date.now()),
    );
    const at = Date.now();
    const { id } = incident(t.db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'Looking.', set: { [api]: 'major_outage' } }] });
    lanes = startEndpointLanes({ db: t.db, baseUrl: () => BASE, allowPrivate: true, idleMs: 10, log: () => {} });
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
