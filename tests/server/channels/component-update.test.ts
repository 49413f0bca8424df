import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../../db/schema.js';
import { startEndpointLanes, type EndpointLanes } from '../../../src/server/channels/lanes.js';
import { LANE_POLICIES } from '../../../src/server/channels/lane-policy.js';
import { addEndpointSubscriber } from '../../../src/server/use-cases/endpoint-subscriptions.js';
import { setComponentStatus } from '../../../src/server/use-cases/components.js';
import { postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const BASE = 'https://status.example.com';
const ACTOR = { id: null, label: 'test' };
/** Statuspage's documented example, its source noted in the fixture. */
const example = JSON.parse(
  readFileSync(new URL('../../fixtures/channels/statuspage-component-update.jsonc', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('//'))
    .join('\n'),
) as Record<string, Record<string, unknown>>;

let t: TempDatabase;
let receiver: WebhookReceiver;
let lanes: EndpointLanes | null = null;
let api: string;
let web: string;

beforeEach(async () => {
  t = tempDatabase();
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  api = component(t.db, 'api', 'API', now);
  web = component(t.db, 'web', 'Website', now);
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await lanes?.stop();
  lanes = null;
  await receiver.close();
  t.dispose();
});

function subscribe(path: string, componentIds: string[] | 'all'): string {
  const choice = componentIds === 'all' ? { allComponents: true, componentIds: [] } : { allComponents: false, componentIds };
  return addEndpointSubscriber(t.db, { kind: 'webhook', endpoint: `${receiver.url}${path}`, email: 'ops@example.com', choice }, null, true, Date.now()).signingSecret!;
}

function start(): void {
  lanes = startEndpointLanes({ db: t.db, baseUrl: () => BASE, allowPrivate: true, idleMs: 10, log: () => {}, policies: { webhook: { ...LANE_POLICIES.webhook, retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 } } }, random: () => 0.5 });
}

const componentBodies = (): { path: string; json: Record<string, any>; raw: string; headers: Record<string, string> }[] =>
  receiver.requests
    .filter((r) => (r.json as { component_update?: unknown }).component_update)
    .map((r) => ({
      path: r.path,
      json: r.json as Record<string, any>,
      raw: r.rawBody.toString('utf8'),
      headers: { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) },
    }));

describe('component_update webhooks', () => {
  it('a manual change arrives signed, shaped like Statuspage’s documented example, only to followers of that component', async () => {
    const allSecret = subscribe('/all', 'all');
    const apiSecret = subscribe('/api', [api]);
    subscribe('/web', [web]);
    start();
    await receiver.waitFor(3); // the three test calls
    setComponentStatus(t.db, api, 'major_outage', ACTOR, Date.now());
    await expect.poll(() => componentBodies().length, { timeout: 5_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    const bodies = componentBodies();
    expect(bodies.map((b) => b.path).sort()).toEqual(['/all', '/api']);
    for (const b of bodies) {
      expect(() => new Webhook(b.path === '/all' ? allSecret : apiSecret).verify(b.raw, b.headers)).not.toThrow();
      // Same keys as the example, in the same places; meta adds generated_at as real deliveries do.
      expect(Object.keys(b.json).sort()).toEqual(Object.keys(example).sort());
      for (const k of ['page', 'component_update', 'component']) expect(Object.keys(b.json[k]).sort()).toEqual(Object.keys(example[k]!).sort());
      expect(Object.keys(b.json.meta).sort()).toEqual(['documentation', 'generated_at', 'unsubscribe']);
      expect(b.json.component_update).toMatchObject({ old_status: 'operational', new_status: 'major_outage', component_id: api });
      expect(b.json.component).toMatchObject({ id: api, name: 'API', status: 'major_outage' });
      expect(b.json.page.status_indicator).not.toBe('none');
    }
    // The same status again notifies nobody (the use-case refuses it).
    expect(() => setComponentStatus(t.db, api, 'major_outage', ACTOR, Date.now())).toThrow();
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'component_update')).all()).toHaveLength(2);
  });

  it('an incident update setting a component sends the incident payload and the component_update', async () => {
    subscribe('/all', 'all');
    const at = Date.now();
    const { id } = incident(t.db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'Looking.' }] });
    start();
    await receiver.waitFor(2);
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: true, changes: [{ componentId: api, status: 'partial_outage' }] }, ACTOR, Date.now());
    await receiver.waitFor(4);
    const later = receiver.requests.slice(2).map((r) => r.json as Record<string, any>);
    expect(later.filter((b) => b.incident?.status === 'identified')).toHaveLength(1);
    expect(later.filter((b) => b.component_update?.new_status === 'partial_outage')).toHaveLength(1);
  });

  it('a chat subscriber gets one line for a change made by hand, and nothing apart for one an update carries (its message names it)', async () => {
    const at = Date.now();
    const { id } = incident(t.db, { title: 'API errors', startedAt: at, componentIds: [api], steps: [{ at, status: 'investigating', body: 'Looking.' }] });
    addEndpointSubscriber(t.db, { kind: 'slack', endpoint: `${receiver.url}/slack`, email: 'ops@example.com', choice: { allComponents: false, componentIds: [api] } }, null, true, Date.now());
    start();
    await receiver.waitFor(1); // the test call
    setComponentStatus(t.db, api, 'degraded_performance', ACTOR, Date.now());
    await receiver.waitFor(2);
    const line = receiver.requests[1]!.json as { text: string };
    expect(line.text).toContain('API: Operational → Degraded performance');
    expect(JSON.stringify(line)).toContain(`${BASE}/subscriptions/`);
    expect(receiver.requests[1]!.headers['webhook-signature']).toBeUndefined();
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: true, changes: [{ componentId: api, status: 'major_outage' }] }, ACTOR, Date.now());
    await receiver.waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(3);
    expect((receiver.requests[2]!.json as { text: string }).text).toContain('Identified: API errors');
  });

  it('a flood queues one row per component per subscriber, and a silent update none', () => {
    for (let i = 0; i < 3; i++) subscribe(`/s${i}`, 'all');
    const many = Array.from({ length: 50 }, (_v, i) => component(t.db, `c${i}`, `C${i}`, Date.now()));
    const at = Date.now();
    const { id } = incident(t.db, { title: 'Everything', startedAt: at, componentIds: many, steps: [{ at, status: 'investigating', body: 'Looking.' }] });
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Quiet.', notify: false, changes: many.map((c) => ({ componentId: c, status: 'degraded_performance' as const })) }, ACTOR, Date.now());
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'component_update')).all()).toHaveLength(0);
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Worse.', notify: true, changes: many.map((c) => ({ componentId: c, status: 'major_outage' as const })) }, ACTOR, Date.now());
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'component_update')).all()).toHaveLength(150);
  });
});
