import { beforeEach, describe, expect, it } from 'vitest';
import { findTemplate, listTemplates } from '../../../src/server/templates/store.js';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { auditAbout, useApiBed, WRITE_TOKEN_ACTOR } from '../../helpers/api-v1-bed.js';
import type { TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const ACTOR = WRITE_TOKEN_ACTOR;
const bed = useApiBed(NOW);
let t: TempDatabase;
let base: string;
let api: ApiClient;
beforeEach(() => ({ t, base, api } = bed()));

const auditOf = (objectId: string): ReturnType<typeof auditAbout> => auditAbout(bed(), objectId);
const post = (template: Record<string, unknown>): ReturnType<ApiClient['call']> => api.call('POST', `${base}/incident_templates`, { body: { template } });

describe('/api/v1 incident templates', () => {
  it('lists the shipped templates, incident ones first, in their arranged order', async () => {
    const res = await api.call('GET', `${base}/incident_templates`);
    expect(res.status).toBe(200);
    const expected = [...listTemplates(t.db, 'incident', NOW), ...listTemplates(t.db, 'maintenance', NOW)].map((x) => x.id);
    expect(res.json.map((x: { id: string }) => x.id)).toEqual(expected);
    expect(res.json[0]).toMatchObject({ kind: 'incident', components: [], group_id: null, should_tweet: false });
    expect((await api.call('GET', `${base}/incident_templates?per_page=1&page=2`)).json.map((x: { id: string }) => x.id)).toEqual([expected[1]]);
  });

  it('creates a template whose kind follows its status, audited under the token', async () => {
    const res = await post({ name: 'DB failover', title: 'Database failover', body: 'We are failing over the database.', update_status: 'in_progress', should_tweet: true });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'maintenance', update_status: 'in_progress', name: 'DB failover', title: 'Database failover' });
    expect(findTemplate(t.db, res.json.id, NOW)).toMatchObject({ kind: 'maintenance', status: 'in_progress' });
    expect(auditOf(res.json.id)[0]).toMatchObject({ action: 'template.created', actorLabel: ACTOR });
    const plain = await post({ name: 'Plain', title: 'T', body: 'B' });
    expect(plain.json).toMatchObject({ kind: 'incident', update_status: 'investigating' });
  });

  it('refuses what the admin form refuses with 422 naming the field, and a taken name with 409', async () => {
    expect((await post({ title: 'T', body: 'B' })).json.message).toMatch(/“template.name”/);
    expect((await post({ name: 'X', title: 'T', body: '' })).json.message).toMatch(/“template.body”.*Write the message/);
    expect((await post({ name: 'X', title: 'T', body: 'See {{nonsense}}' })).json.message).toMatch(/“template.body”.*not a placeholder/);
    expect((await post({ name: 'X', title: 'T', body: 'B', update_status: 'postmortem' })).status).toBe(422);
    expect((await post({ name: 'X', title: 'T', body: 'B', update_status: 'resolved', kind: 'maintenance' })).json.message).toMatch(/template.kind/);
    expect((await post({ name: 'X', title: 'T', body: 'B', component_ids: ['abc'] })).json.message).toMatch(/carry no components/);
    await post({ name: 'Twice', title: 'T', body: 'B' });
    const clash = await post({ name: 'twice', title: 'T', body: 'B' });
    expect(clash.status).toBe(409);
    expect(clash.json.message).toMatch(/already an incident template/);
  });

  it('gets, patches and deletes one (Beacon extras), 404 once gone', async () => {
    const id = (await post({ name: 'Mine', title: 'T', body: 'B' })).json.id;
    expect((await api.call('GET', `${base}/incident_templates/${id}`)).json.name).toBe('Mine');
    const patched = await api.call('PATCH', `${base}/incident_templates/${id}`, { body: { template: { body: 'New words', update_status: 'identified' } } });
    expect(patched.json).toMatchObject({ name: 'Mine', title: 'T', body: 'New words', update_status: 'identified' });
    expect(auditOf(id)[0]).toMatchObject({ action: 'template.updated', actorLabel: ACTOR });
    expect((await api.call('DELETE', `${base}/incident_templates/${id}`)).status).toBe(204);
    expect(auditOf(id)[0]).toMatchObject({ action: 'template.deleted', actorLabel: ACTOR });
    expect((await api.call('GET', `${base}/incident_templates/${id}`)).status).toBe(404);
    expect((await api.call('PATCH', `${base}/incident_templates/${id}`, { body: { template: { body: 'x' } } })).status).toBe(404);
    expect((await api.call('DELETE', `${base}/incident_templates/${id}`)).status).toBe(404);
  });

  it('lets read tokens read but not write, and no token nothing', async () => {
    const read = apiClient(t.db, 'read', { now: () => NOW });
    const id = (await post({ name: 'Mine', title: 'T', body: 'B' })).json.id;
    expect((await read.call('GET', `${base}/incident_templates/${id}`)).status).toBe(200);
    expect((await read.call('POST', `${base}/incident_templates`, { body: { template: { name: 'R', title: 'T', body: 'B' } } })).status).toBe(403);
    expect((await read.call('PATCH', `${base}/incident_templates/${id}`, { body: { template: { body: 'x' } } })).status).toBe(403);
    expect((await read.call('DELETE', `${base}/incident_templates/${id}`)).status).toBe(403);
    expect((await api.call('GET', `${base}/incident_templates`, { token: null })).status).toBe(401);
  });
});
