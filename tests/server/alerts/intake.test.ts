import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertProposals, alerts, componentStatusChanges, deliveries } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { listComponents } from '../../../src/server/read/components.js';
import { listAudit } from '../../../src/server/read/audit.js';
import { setComponentStatus } from '../../../src/server/use-cases/components.js';
import { publishProposal } from '../../../src/server/use-cases/proposals.js';
import { createAlertRule } from '../../../src/server/use-cases/alert-rules.js';
import { events } from '../../../db/schema.js';
import { recentStatusChanges } from '../../../src/server/read/components.js';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, group, MINUTE } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';
import { alertmanagerPayload, GRAFANA_FIRING } from './alert-payloads.js';

const NOW = Date.UTC(2026, 11, 4, 12);
let t: TempDatabase;
let api: ApiClient;
let apiId: string;
let dbId: string;
let clock: number;

beforeEach(() => {
  t = tempDatabase();
  clock = NOW;
  const backend = group(t.db, 'backend', 'Backend', NOW - 60 * MINUTE);
  apiId = component(t.db, 'api', 'Public API', NOW - 60 * MINUTE, { groupId: backend });
  dbId = component(t.db, 'db', 'Database', NOW - 60 * MINUTE, { groupId: backend, position: 2 });
  subscriber(t.db, 'reader@example.com', 'active', NOW - 60 * MINUTE);
  api = apiClient(t.db, 'alerts', { now: () => clock });
});
afterEach(() => t.dispose());

const statusOf = (id: string): string | null => listComponents(t.db).find((c) => c.id === id)!.latestStatus;
const proposals = (): (typeof alertProposals.$inferSelect)[] => t.db.select().from(alertProposals).all();
const mailCount = (): number => t.db.select().from(deliveries).all().length;

function fire(fingerprint: string, labels: Record<string, string>, startsAt = '2026-12-04T11:58:00Z'): ReturnType<ApiClient['call']> {
  return api.call('POST', '/alerts/alertmanager', { body: alertmanagerPayload('firing', [{ fingerprint, labels, startsAt }]), headers: { authorization: `Bearer ${api.token}` } });
}
function resolve(fingerprint: string, labels: Record<string, string>, endsAt = '2026-12-04T12:05:00Z', startsAt = '2026-12-04T11:58:00Z'): ReturnType<ApiClient['call']> {
  return api.call('POST', '/alerts/alertmanager', { body: alertmanagerPayload('resolved', [{ fingerprint, labels, startsAt, endsAt }]) });
}

const API_DOWN = { alertname: 'HighErrorRate', component: 'api', severity: 'critical' };

describe('an Alertmanager alert', () => {
  it('sets the component at once, records which alert did, and proposes an incident without telling anyone', async () => {
    const res = await fire('fp1', API_DOWN);
    expect(res.status).toBe(200);
    expect(res.json.alerts[0]).toMatchObject({ key: 'fp1', outcome: 'fired' });
    expect(statusOf(apiId)).toBe('major_outage');
    const change = t.db.select().from(componentStatusChanges).all().at(-1)!;
    expect(change).toMatchObject({ componentId: apiId, cause: 'alert', alertId: res.json.alerts[0].alert_id });
    const [p] = proposals();
    expect(p).toMatchObject({ kind: 'incident', state: 'open', severity: 'SEV2', title: 'Problems with Public API' });
    expect(p!.body).toContain('Public API');
    expect(res.json.alerts[0].proposal_id).toBe(p!.id);
    expect(mailCount()).toBe(0);
    expect(listAudit(t.db, { objectType: 'alert', actor: null }, 5, 0)[0]).toMatchObject({ action: 'alert.fired', actorLabel: 'API token “alerts token”' });
  });

  it('is idempotent: a resend changes nothing, and is counted as a duplicate', async () => {
    await fire('fp1', API_DOWN);
    const again = await fire('fp1', API_DOWN);
    expect(again.json.alerts[0].outcome).toBe('duplicate');
    expect(t.db.select().from(componentStatusChanges).all().filter((c) => c.cause === 'alert')).toHaveLength(1);
    expect(proposals()).toHaveLength(1);
    expect(t.db.select().from(alerts).get()!.receipts).toBe(2);
  });

  it('resolved: restores the component and withdraws the unpublished proposal', async () => {
    await fire('fp1', API_DOWN);
    const res = await resolve('fp1', API_DOWN);
    expect(res.json.alerts[0].outcome).toBe('resolved');
    expect(statusOf(apiId)).toBe('operational');
    expect(proposals()[0]).toMatchObject({ state: 'withdrawn' });
  });

  it('ignores an older delivery arriving after a newer one', async () => {
    await fire('fp1', API_DOWN);
    await resolve('fp1', API_DOWN);
    const late = await fire('fp1', API_DOWN);
    expect(late.json.alerts[0].outcome).toBe('stale');
    expect(statusOf(apiId)).toBe('operational');
  });

  it('never undoes a person’s later change: the restore is skipped and the alert says so', async () => {
    await fire('fp1', API_DOWN);
    setComponentStatus(t.db, apiId, 'partial_outage', { id: null, label: 'Olga' }, NOW + MINUTE);
    await resolve('fp1', API_DOWN);
    expect(statusOf(apiId)).toBe('partial_outage');
    expect(t.db.select().from(alerts).get()!.note).toMatch(/left at Partial outage, as a person set it/);
  });

  it('never softens a status a person set: a warning on a component down by hand changes nothing', async () => {
    setComponentStatus(t.db, apiId, 'major_outage', { id: null, label: 'Olga' }, NOW - MINUTE);
    await fire('fp2', { ...API_DOWN, severity: 'warning' });
    expect(statusOf(apiId)).toBe('major_outage');
    await resolve('fp2', API_DOWN);
    expect(statusOf(apiId)).toBe('major_outage');
  });

  it('groups several alerts about the same components into one proposal, and shows the worst status', async () => {
    await fire('fp1', { ...API_DOWN, severity: 'warning' });
    expect(statusOf(apiId)).toBe('partial_outage');
    await fire('fp2', { alertname: 'Latency', component: 'api, db', severity: 'critical' });
    expect(proposals()).toHaveLength(1);
    expect(JSON.parse(proposals()[0]!.changes)).toEqual(
      expect.arrayContaining([
        { componentId: apiId, status: 'major_outage' },
        { componentId: dbId, status: 'major_outage' },
      ]),
    );
    expect(statusOf(apiId)).toBe('major_outage');
    // One resolves: the component falls back to what the other still asks for, the proposal stays.
    await resolve('fp2', { alertname: 'Latency', component: 'api, db' });
    expect(statusOf(apiId)).toBe('partial_outage');
    expect(statusOf(dbId)).toBe('operational');
    expect(proposals()[0]!.state).toBe('open');
  });

  it('keeps an alert naming no component, and lists it as unroutable', async () => {
    const res = await fire('fp9', { alertname: 'DiskFull', instance: 'node-7' });
    expect(res.json.alerts[0]).toMatchObject({ outcome: 'unroutable', proposal_id: null });
    expect(t.db.select().from(alerts).get()).toMatchObject({ name: 'DiskFull', state: 'firing', componentIds: '[]' });
    expect(proposals()).toHaveLength(0);
  });
});

describe('publishing and flapping', () => {
  it('tells subscribers once when published; a resolve proposes Monitoring; flapping sends nothing more', async () => {
    const fired = await fire('fp1', API_DOWN);
    const { eventId } = publishProposal(t.db, fired.json.alerts[0].proposal_id, null, { id: null, label: 'Olga' }, 'UTC', NOW + MINUTE);
    expect(mailCount()).toBe(1);
    clock = NOW + 2 * MINUTE;
    await resolve('fp1', API_DOWN);
    expect(statusOf(apiId)).toBe('operational');
    const update = proposals().find((p) => p.kind === 'update')!;
    expect(update).toMatchObject({ state: 'open', status: 'monitoring', eventId });
    // It fires again: the Monitoring proposal is withdrawn, the alert joins the open incident, no new mail.
    clock = NOW + 3 * MINUTE;
    const again = await fire('fp1', API_DOWN, '2026-12-04T12:06:00Z');
    expect(again.json.alerts[0].outcome).toBe('fired');
    expect(proposals().find((p) => p.id === update.id)!.state).toBe('withdrawn');
    expect(proposals().filter((p) => p.kind === 'incident')).toHaveLength(1);
    expect(statusOf(apiId)).toBe('major_outage');
    expect(mailCount()).toBe(1);
  });
});

describe('owner rules', () => {
  it('a rule with auto-publish opens the incident at once, with its status and severity', async () => {
    createAlertRule(t.db, { name: 'Payments', matchers: [{ label: 'job', op: '=', value: 'payments' }], componentIds: [dbId], componentStatus: 'major_outage', severity: 'SEV1', templateId: null, autoPublish: true }, SYSTEM, NOW);
    const res = await fire('fp7', { alertname: 'PaymentsDown', job: 'payments', component: 'api' });
    expect(statusOf(dbId)).toBe('major_outage');
    expect(statusOf(apiId)).toBe('operational');
    expect(proposals()[0]).toMatchObject({ state: 'published', severity: 'SEV1' });
    expect(t.db.select().from(events).get()).toMatchObject({ severity: 'SEV1', title: 'Problems with Database' });
    expect(mailCount()).toBe(1);
    expect(res.json.alerts[0].proposal_id).toBe(proposals()[0]!.id);
  });

  it('records in the component’s history which alert set its status', async () => {
    await fire('fp1', API_DOWN);
    expect(recentStatusChanges(t.db, apiId, 1)[0]).toMatchObject({ cause: 'alert', alertName: 'HighErrorRate', status: 'major_outage' });
  });
});

describe('other sources and refusals', () => {
  it('takes Grafana’s webhook body as Grafana sends it', async () => {
    const res = await api.call('POST', '/alerts/grafana', { body: GRAFANA_FIRING });
    expect(res.status).toBe(200);
    expect(res.json.alerts[0]).toMatchObject({ key: '3cd2b2e1a1e0b7f1', outcome: 'fired' });
    expect(statusOf(dbId)).toBe('partial_outage');
  });

  it('takes the generic shape, firing then resolved by key', async () => {
    const body = { source: 'uptime-kuma', key: 'api-https', status: 'firing', component: 'Public API', severity: 'critical', summary: 'HTTPS check failing' };
    expect((await api.call('POST', '/alerts/generic', { body })).json.alerts[0].outcome).toBe('fired');
    expect(statusOf(apiId)).toBe('major_outage');
    clock = NOW + MINUTE;
    expect((await api.call('POST', '/alerts/generic', { body: { ...body, status: 'resolved' } })).json.alerts[0].outcome).toBe('resolved');
    expect(statusOf(apiId)).toBe('operational');
  });

  it('refuses a bad payload with a sentence, storing nothing', async () => {
    const bad = await api.call('POST', '/alerts/alertmanager', { body: { status: 'firing', alerts: [{ status: 'burning', labels: {}, startsAt: 'x' }] } });
    expect(bad.status).toBe(422);
    expect(bad.json.message).toMatch(/alerts\.0\.status/);
    const ancient = await api.call('POST', '/alerts/alertmanager', { body: alertmanagerPayload('firing', [{ fingerprint: 'f', labels: API_DOWN, startsAt: '1850-01-01T00:00:00Z' }]) });
    expect(ancient.status).toBe(422);
    expect(ancient.json.message).toMatch(/startsAt/);
    expect(t.db.select().from(alerts).all()).toHaveLength(0);
    expect(statusOf(apiId)).toBe('operational');
  });

  it('needs a token with the alerts or write scope', async () => {
    const read = apiClient(t.db, 'read', { now: () => clock });
    expect((await read.call('POST', '/alerts/generic', { body: { source: 's', key: 'k', status: 'firing' } })).status).toBe(403);
    expect((await api.call('POST', '/alerts/generic', { body: {}, token: null })).status).toBe(401);
    const write = apiClient(t.db, 'write', { now: () => clock });
    expect((await write.call('POST', '/alerts/generic', { body: { source: 's', key: 'k', status: 'firing', component: 'db' } })).status).toBe(200);
    // And an alerts token can do nothing else.
    expect((await api.call('GET', '/pages')).status).toBe(403);
  });
});
