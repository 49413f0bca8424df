import { beforeEach, describe, expect, it } from 'vitest';
import { findComponentById, listComponents, recentStatusChanges } from '../../../src/server/read/components.js';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { auditAbout, useApiBed, WRITE_TOKEN_ACTOR } from '../../helpers/api-v1-bed.js';
import type { TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const ACTOR = WRITE_TOKEN_ACTOR;
const bed = useApiBed(NOW);
let t: TempDatabase;
let base: string;
let api: ApiClient;
beforeEach(() => ({ t, base, api } = bed()));

const auditOf = (objectId: string): ReturnType<typeof auditAbout> => auditAbout(bed(), objectId);

describe('/api/v1 components', () => {
  it('creates a component with an initial status, an address from its name, and an audit entry under the token', async () => {
    const res = await api.call('POST', `${base}/components`, { body: { component: { name: 'Payments API', description: 'Card payments', status: 'degraded_performance', start_date: '2026-01-31', colour: 'ignored' } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Payments API', description: 'Card payments', status: 'degraded_performance', group: false, group_id: null, showcase: true, start_date: '2026-01-31', automation_email: null });
    expect(findComponentById(t.db, res.json.id)?.slug).toBe('payments-api');
    expect(auditOf(res.json.id)).toEqual([expect.objectContaining({ action: 'component.created', actorLabel: ACTOR })]);
    const list = await api.call('GET', `${base}/components`);
    expect(list.json.map((c: { id: string }) => c.id)).toEqual([res.json.id]);
  });

  it('refuses a missing name, a long description, a bad or out-of-range start date with 422 naming the field, and a taken address with 409', async () => {
    const noName = await api.call('POST', `${base}/components`, { body: { component: { description: 'x' } } });
    expect(noName.status).toBe(422);
    expect(noName.json.message).toMatch(/“component.name”.*Give the component a name/);
    expect((await api.call('POST', `${base}/components`, { body: { component: { name: 'A', description: 'x'.repeat(501) } } })).json.message).toMatch(/component.description/);
    expect((await api.call('POST', `${base}/components`, { body: { component: { name: 'A', start_date: '2026-02-30' } } })).json.message).toMatch(/component.start_date.*YYYY-MM-DD/);
    const far = await api.call('POST', `${base}/components`, { body: { component: { name: 'A', start_date: '1900-01-01' } } });
    expect(far.status).toBe(422);
    expect(far.json.message).toMatch(/component\.start_date.*too far in the past/);
    expect((await api.call('POST', `${base}/components`, { body: { component: { name: 'A', status: 'on_fire' } } })).status).toBe(422);
    component(t.db, 'api', 'API', NOW);
    const taken = await api.call('POST', `${base}/components`, { body: { component: { name: 'API' } } });
    expect(taken.status).toBe(409);
    expect(taken.json.message).toMatch(/“api” is already used/);
    expect((await api.call('POST', `${base}/components`, { body: { component: { name: 'API', slug: 'api-eu' } } })).status).toBe(201);
  });

  it('records a PATCHed status in the component history, as the admin form does; the same status again changes nothing', async () => {
    const id = component(t.db, 'api', 'API', NOW - DAY);
    const res = await api.call('PATCH', `${base}/components/${id}`, { body: { component: { status: 'major_outage' } } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('major_outage');
    expect(recentStatusChanges(t.db, id, 5).map((c) => [c.status, c.cause])).toEqual([['major_outage', 'manual'], ['operational', 'manual']]);
    expect(auditOf(id)[0]).toMatchObject({ action: 'component.status_changed', actorLabel: ACTOR });
    expect(JSON.parse(auditOf(id)[0]!.diff!)).toEqual({ status: { from: 'operational', to: 'major_outage' } });
    const again = await api.call('PUT', `${base}/components/${id}`, { body: { component: { status: 'major_outage' } }, now: NOW + HOUR });
    expect(again.status).toBe(200);
    expect(recentStatusChanges(t.db, id, 5)).toHaveLength(2);
  });

  it('edits the definition through the same use-case, keeping the address and what was not sent', async () => {
    const g = group(t.db, 'backend', 'Backend', NOW);
    const id = component(t.db, 'api', 'API', NOW, { description: 'Old' });
    const res = await api.call('PATCH', `${base}/components/${id}`, { body: { component: { name: 'Public API', group_id: g, only_show_if_degraded: true } } });
    expect(res.json).toMatchObject({ name: 'Public API', description: 'Old', group_id: g, only_show_if_degraded: true });
    expect(findComponentById(t.db, id)?.slug).toBe('api');
    expect(auditOf(id)[0]).toMatchObject({ action: 'component.updated', actorLabel: ACTOR });
    const notAGroup = await api.call('PATCH', `${base}/components/${id}`, { body: { component: { group_id: id } } });
    expect(notAGroup.status).toBe(422);
    expect(notAGroup.json.message).toMatch(/component.group_id/);
    const onGroup = await api.call('PATCH', `${base}/components/${g}`, { body: { component: { status: 'major_outage' } } });
    expect(onGroup.status).toBe(422);
    expect(onGroup.json.message).toMatch(/is a group/);
  });

  it('leaves nothing half-written when one part of a PATCH is refused', async () => {
    const id = component(t.db, 'api', 'API', NOW);
    component(t.db, 'web', 'Web', NOW);
    const res = await api.call('PATCH', `${base}/components/${id}`, { body: { component: { status: 'major_outage', slug: 'web' } } });
    expect(res.status).toBe(409);
    expect(findComponentById(t.db, id)?.latestStatus).toBe('operational');
  });

  it('deletes by archiving: 204, then 404 on GET, PATCH and DELETE, with the history kept', async () => {
    const id = component(t.db, 'api', 'API', NOW, { status: 'partial_outage' });
    expect((await api.call('DELETE', `${base}/components/${id}`)).status).toBe(204);
    expect(findComponentById(t.db, id)?.archivedAt).toBe(NOW);
    expect(recentStatusChanges(t.db, id, 5)).toHaveLength(1);
    expect(auditOf(id)[0]).toMatchObject({ action: 'component.archived', actorLabel: ACTOR });
    expect((await api.call('GET', `${base}/components/${id}`)).status).toBe(404);
    expect((await api.call('PATCH', `${base}/components/${id}`, { body: { component: { status: 'operational' } } })).status).toBe(404);
    expect((await api.call('DELETE', `${base}/components/${id}`)).status).toBe(404);
    expect((await api.call('GET', `${base}/components`)).json).toEqual([]);
  });

  it('replays a retried POST with the same Idempotency-Key instead of creating a second component', async () => {
    const send = (): ReturnType<ApiClient['call']> => api.call('POST', `${base}/components`, { body: { component: { name: 'Queue' } }, headers: { 'idempotency-key': 'deploy-42' } });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(listComponents(t.db).filter((c) => c.name === 'Queue')).toHaveLength(1);
  });

  it('lets a read token look but not change, and pages the list', async () => {
    const read = apiClient(t.db, 'read', { now: () => NOW });
    const ids = [1, 2, 3].map((i) => component(t.db, `c${i}`, `C${i}`, NOW, { position: i }));
    expect((await read.call('GET', `${base}/components/${ids[0]}`)).json.name).toBe('C1');
    expect((await read.call('GET', `${base}/components?per_page=2&page=2`)).json.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
    expect((await read.call('POST', `${base}/components`, { body: { component: { name: 'X' } } })).status).toBe(403);
    expect((await read.call('PATCH', `${base}/components/${ids[0]}`, { body: { component: { status: 'major_outage' } } })).status).toBe(403);
    expect((await read.call('DELETE', `${base}/components/${ids[0]}`)).status).toBe(403);
    expect((await api.call('GET', `${base}/components`, { token: null })).status).toBe(401);
    expect((await api.call('GET', `${base}/components?per_page=500`)).status).toBe(400);
  });

  it('answers uptime over a range, with outage seconds and the range it used', async () => {
    const id = component(t.db, 'api', 'API', NOW - 10 * DAY);
    const start = NOW - 2 * DAY;
    const { id: incidentId } = incident(t.db, {
      title: 'API down',
      startedAt: start,
      componentIds: [id],
      steps: [
        { at: start, status: 'investigating', body: 'Down.', set: { [id]: 'major_outage' } },
        { at: start + HOUR, status: 'resolved', body: 'Up.', set: { [id]: 'operational' } },
      ],
    });
    const res = await api.call('GET', `${base}/components/${id}/uptime?start=2026-11-30&end=2027-01-01`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, range_start: '2026-11-30', range_end: '2026-12-04', major_outage: 3600, partial_outage: 0, related_events: [{ id: incidentId }] });
    // Before the incident: a clean record and no related events.
    expect((await api.call('GET', `${base}/components/${id}/uptime?start=2026-11-30&end=2026-12-01`)).json).toMatchObject({ major_outage: 0, uptime_percentage: 100, related_events: [] });
    expect(res.json.warnings).toHaveLength(1);
    expect(res.json.uptime_percentage).toBeLessThan(100);
    expect((await api.call('GET', `${base}/components/${id}/uptime?start=2026-01-01&end=2026-12-01`)).status).toBe(422);
    expect((await api.call('GET', `${base}/components/${id}/uptime?start=2026-12-03&end=2026-12-01`)).status).toBe(422);
    expect((await api.call('GET', `${base}/components/${id}/uptime?start=yesterday`)).status).toBe(400);
    expect((await api.call('GET', `${base}/components/nope/uptime`)).status).toBe(404);
  });
});

describe('/api/v1 component groups', () => {
  it('creates a group with its components moved in, lists and gets it', async () => {
    const a = component(t.db, 'a', 'A', NOW);
    const b = component(t.db, 'b', 'B', NOW, { position: 2 });
    const res = await api.call('POST', `${base}/component-groups`, { body: { description: 'The back end', component_group: { name: 'Backend', components: [b, a] } } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Backend', description: 'The back end', components: [b, a] });
    expect(findComponentById(t.db, a)?.groupId).toBe(res.json.id);
    expect(auditOf(res.json.id)[0]).toMatchObject({ action: 'component.created', actorLabel: ACTOR });
    expect(auditOf(a)[0]).toMatchObject({ action: 'component.updated', actorLabel: ACTOR });
    expect((await api.call('GET', `${base}/component-groups`)).json).toEqual([res.json]);
    expect((await api.call('GET', `${base}/component-groups/${res.json.id}`)).json).toEqual(res.json);
    expect((await api.call('GET', `${base}/component-groups/${a}`)).status).toBe(404);
  });

  it('refuses unknown or group members and a missing name with 422, a taken address with 409, all or nothing', async () => {
    const a = component(t.db, 'a', 'A', NOW);
    const g = group(t.db, 'g', 'G', NOW);
    const unknown = await api.call('POST', `${base}/component-groups`, { body: { component_group: { name: 'New', components: [a, 'nope'] } } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.message).toMatch(/component_group.components.1.*“nope”/);
    expect(findComponentById(t.db, a)?.groupId).toBeNull();
    // The group was created before its members were checked: the refusal takes it back too.
    expect(listComponents(t.db).map((c) => c.name)).not.toContain('New');
    expect((await api.call('POST', `${base}/component-groups`, { body: { component_group: { name: 'New', components: [g] } } })).json.message).toMatch(/one level deep/);
    expect((await api.call('POST', `${base}/component-groups`, { body: { component_group: { components: [] } } })).status).toBe(422);
    expect((await api.call('POST', `${base}/component-groups`, { body: { component_group: { name: 'A', components: [] } } })).status).toBe(409);
  });

  it('PATCH renames and sets the members exactly; DELETE releases them to the top level and archives the group', async () => {
    const g = group(t.db, 'g', 'G', NOW);
    const a = component(t.db, 'a', 'A', NOW, { groupId: g });
    const b = component(t.db, 'b', 'B', NOW);
    const res = await api.call('PATCH', `${base}/component-groups/${g}`, { body: { component_group: { name: 'Renamed', components: [b] } } });
    expect(res.json).toMatchObject({ name: 'Renamed', components: [b] });
    expect(findComponentById(t.db, a)?.groupId).toBeNull();
    const put = await api.call('PUT', `${base}/component-groups/${g}`, { body: { description: 'Now described' } });
    expect(put.json).toMatchObject({ name: 'Renamed', description: 'Now described', components: [b] });
    const del = await api.call('DELETE', `${base}/component-groups/${g}`);
    expect(del.status).toBe(200);
    expect(del.json.components).toEqual([b]);
    expect(findComponentById(t.db, g)?.archivedAt).toBe(NOW);
    expect(findComponentById(t.db, b)).toMatchObject({ groupId: null, archivedAt: null });
    expect(auditOf(g)[0]).toMatchObject({ action: 'component.archived', actorLabel: ACTOR });
    expect((await api.call('GET', `${base}/component-groups/${g}`)).status).toBe(404);
    expect((await api.call('PATCH', `${base}/component-groups/${g}`, { body: {} })).status).toBe(404);
  });

  it('needs write to change groups and a token to read them', async () => {
    const g = group(t.db, 'g', 'G', NOW);
    const read = apiClient(t.db, 'read', { now: () => NOW });
    expect((await read.call('GET', `${base}/component-groups/${g}`)).status).toBe(200);
    expect((await read.call('DELETE', `${base}/component-groups/${g}`)).status).toBe(403);
    expect((await read.call('POST', `${base}/component-groups`, { body: { component_group: { name: 'X', components: [] } } })).status).toBe(403);
    expect((await api.call('GET', `${base}/component-groups`, { token: null })).status).toBe(401);
  });
});
