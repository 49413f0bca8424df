import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTemplates } from '../../../src/server/templates/store.js';
import { incidentWorld, NOW, queuedMail, tokenAudit, type IncidentWorld } from './incident-fixture.js';

let w: IncidentWorld;
beforeEach(() => {
  w = incidentWorld();
});
afterEach(() => w.t.dispose());

const open = (incident: Record<string, unknown>) => w.api.call('POST', w.base, { body: { incident } });

describe('POST /pages/{page_id}/incidents', () => {
  it('opens an incident with Statuspage’s fields, mails subscribers and audits it under the token', async () => {
    const res = await open({ name: 'API errors', status: 'investigating', body: 'We are looking into it.', components: { [w.apiId]: 'major_outage' }, component_ids: [w.webId] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'API errors',
      status: 'investigating',
      impact: 'critical',
      impact_override: null,
      severity: 'SEV1',
      reference: 'INC-20261204-001',
      page_id: w.pageId,
      shortlink: `https://status.example.com/incidents/${res.json.id}`,
      created_at: '2026-12-04T12:00:00.000+00:00',
      postmortem_body: null,
      postmortem_published_at: null,
      scheduled_for: null,
      metadata: {},
      resolved_at: null,
    });
    expect(res.json.components.map((c: { id: string }) => c.id).sort()).toEqual([w.apiId, w.webId].sort());
    expect(res.json.incident_updates).toHaveLength(1);
    expect(res.json.incident_updates[0]).toMatchObject({
      status: 'investigating',
      body: 'We are looking into it.',
      deliver_notifications: true,
      affected_components: [{ code: w.apiId, name: 'API', old_status: 'operational', new_status: 'major_outage' }],
    });
    expect(queuedMail(w)).toEqual([{ kind: 'update', event_id: res.json.id }]);
    expect(tokenAudit(w)).toEqual([{ action: 'incident.created', objectId: res.json.id }]);
  });

  it('posts quietly with deliver_notifications: false and takes the severity and impact given', async () => {
    const res = await open({ name: 'Slow search', body: 'Slower than usual.', deliver_notifications: false, severity: 'SEV4', impact_override: 'minor' });
    expect(res.json).toMatchObject({ status: 'investigating', severity: 'SEV4', impact: 'minor', impact_override: 'minor' });
    expect(res.json.incident_updates[0].deliver_notifications).toBe(false);
    expect(queuedMail(w)).toEqual([]);
  });

  it('fills a template’s name, status and text with the same placeholders as the admin form', async () => {
    const template = listTemplates(w.t.db, 'incident', NOW).find((t) => t.status === 'identified')!;
    const res = await open({ template_id: template.id, components: { [w.apiId]: 'partial_outage' } });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe('Problems with API');
    expect(res.json.status).toBe('identified');
    expect(res.json.incident_updates[0].body).toContain('API');
    expect(res.json.incident_updates[0].body).not.toMatch(/\{\{/);
    // Without a body, the first template for the status gives the words.
    const plain = await open({ name: 'Login trouble', components: { [w.webId]: 'degraded_performance' } });
    expect(plain.json.incident_updates[0].body).toMatch(/investigating reports of problems with Web since/);
  });

  it('refuses text that would reach customers with a placeholder unfilled', async () => {
    const res = await open({ name: 'Problems with {{components}}', body: 'Looking.' });
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/placeholder/);
    const body = await open({ name: 'Outage', body: 'Trouble with {{components}}.' });
    expect(body.status).toBe(422);
    expect(body.json.message).toContain('{{components}}');
    expect(w.t.sqlite.prepare('select count(*) as n from events').get()).toEqual({ n: 0 });
  });

  it('schedules a maintenance for a maintenance status with its window', async () => {
    const res = await open({
      name: 'Database upgrade',
      status: 'scheduled',
      body: 'We will upgrade the database.',
      scheduled_for: '2026-12-05T02:00:00.000+00:00',
      scheduled_until: '2026-12-05T04:00:00.000+00:00',
      component_ids: [w.apiId],
      scheduled_auto_completed: false,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: 'scheduled',
      impact: 'maintenance',
      severity: null,
      scheduled_for: '2026-12-05T02:00:00.000+00:00',
      scheduled_until: '2026-12-05T04:00:00.000+00:00',
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: false,
      auto_transition_to_maintenance_state: true,
      auto_transition_to_operational_state: false,
    });
    expect(res.json.reference).toMatch(/^MNT-20261205-/);
    expect(tokenAudit(w).map((a) => a.action)).toEqual(['maintenance.scheduled']);
    const started = await open({ name: 'Cache flush', status: 'in_progress', body: 'Flushing now.', scheduled_for: '2026-12-04T11:30:00.000+00:00', scheduled_until: '2026-12-04T13:00:00.000+00:00' });
    expect(started.json.status).toBe('in_progress');
    expect(queuedMail(w).filter((m) => m.event_id === started.json.id)).toHaveLength(1);
  });

  it('refuses a maintenance without a window, with an ended window or with dates out of bounds', async () => {
    expect((await open({ name: 'Upgrade', status: 'scheduled', body: 'x' })).json.message).toMatch(/scheduled_for/);
    const ended = await open({ name: 'Upgrade', status: 'scheduled', body: 'x', scheduled_for: '2026-12-03T01:00:00.000+00:00', scheduled_until: '2026-12-03T02:00:00.000+00:00' });
    expect(ended.status).toBe(422);
    expect(ended.json.message).toMatch(/already ended/);
    const far = await open({ name: 'Upgrade', status: 'scheduled', body: 'x', scheduled_for: '2036-01-01T00:00:00.000+00:00', scheduled_until: '2036-01-01T02:00:00.000+00:00' });
    expect(far.status).toBe(422);
    expect(far.json.message).toMatch(/scheduled_for.*too far in the (past|future)/);
    const garbled = await open({ name: 'Upgrade', status: 'scheduled', body: 'x', scheduled_for: 'tomorrow', scheduled_until: '2026-12-05T02:00:00.000+00:00' });
    expect(garbled.json.message).toMatch(/not a time/);
  });

  it('records a backfilled incident as resolved history, quietly', async () => {
    const res = await open({ name: 'Old outage', body: 'It happened.', backfilled: true, backfill_date: '2026-11-01' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'resolved', started_at: '2026-11-01T00:00:00.000+00:00', resolved_at: '2026-11-01T00:00:00.000+00:00' });
    expect(queuedMail(w)).toEqual([]);
    expect(tokenAudit(w).map((a) => a.action)).toEqual(['incident.backfilled']);
    expect((await open({ name: 'Old', body: 'x', backfilled: true })).json.message).toMatch(/backfill_date/);
    expect((await open({ name: 'Old', body: 'x', backfilled: true, created_at: '1990-01-01T00:00:00.000+00:00' })).json.message).toMatch(/created_at.*too far in the past/);
    expect((await open({ name: 'Old', body: 'x', backfilled: true, backfill_date: '2027-01-01' })).json.message).toMatch(/future/);
  });

  it('refuses unknown components, groups, bad enums and missing names with 422 and nothing written', async () => {
    const unknown = await open({ name: 'x', body: 'y', components: { nosuch: 'major_outage' } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.message).toMatch(/nosuch does not exist/);
    expect((await open({ name: 'x', body: 'y', component_ids: ['nosuch'] })).status).toBe(422);
    expect((await open({ name: 'x', body: 'y', components: { [w.groupId]: 'major_outage' } })).json.message).toMatch(/is a group/);
    const status = await open({ name: 'x', body: 'y', status: 'exploded' });
    expect(status.status).toBe(422);
    expect(status.json.message).toMatch(/incident\.status/);
    expect((await open({ name: 'x', body: 'y', severity: 'SEV9' })).json.message).toMatch(/incident\.severity/);
    expect((await open({ name: 'x', body: 'y', components: { [w.apiId]: 'on_fire' } })).status).toBe(422);
    expect((await open({ body: 'y' })).json.message).toMatch(/incident\.name/);
    expect((await open({ name: 'x'.repeat(300), body: 'y' })).json.message).toMatch(/too long/);
    expect((await open({ name: 'x', body: 'y', impact_override: 'maintenance' })).status).toBe(422);
    expect(w.t.sqlite.prepare('select count(*) as n from events').get()).toEqual({ n: 0 });
  });

  it('answers 401 without a token and 403 for a read token', async () => {
    expect((await w.api.call('POST', w.base, { body: { incident: { name: 'x', body: 'y' } }, token: null })).status).toBe(401);
    const refused = await w.reader.call('POST', w.base, { body: { incident: { name: 'x', body: 'y' } } });
    expect(refused.status).toBe(403);
    expect((await w.api.call('POST', '/pages/elsewhere/incidents', { body: { incident: { name: 'x', body: 'y' } } })).status).toBe(404);
  });

  it('replays a retried POST with the same Idempotency-Key and refuses the key for another body', async () => {
    const body = { incident: { name: 'Flaky', body: 'Retrying.' } };
    const first = await w.api.call('POST', w.base, { body, headers: { 'idempotency-key': 'deploy-42' } });
    const again = await w.api.call('POST', w.base, { body, headers: { 'idempotency-key': 'deploy-42' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    expect(w.t.sqlite.prepare('select count(*) as n from events').get()).toEqual({ n: 1 });
    const other = await w.api.call('POST', w.base, { body: { incident: { name: 'Other', body: 'x' } }, headers: { 'idempotency-key': 'deploy-42' } });
    expect(other.status).toBe(422);
  });
});

describe('GET incident lists', () => {
  it('lists, searches and pages incidents, and sorts open events into Statuspage’s named lists', async () => {
    const a = (await open({ name: 'Payments failing', body: 'Card payments fail.' })).json;
    const b = (await open({ name: 'Search slow', body: 'Queries time out.', components: { [w.apiId]: 'degraded_performance' } })).json;
    await w.api.call('PATCH', `${w.base}/${b.id}`, { body: { incident: { status: 'resolved', body: 'Fixed.' } } });
    const soon = (await open({ name: 'Upgrade', status: 'scheduled', body: 'Soon.', scheduled_for: '2026-12-06T00:00:00.000+00:00', scheduled_until: '2026-12-06T01:00:00.000+00:00' })).json;
    const now = (await open({ name: 'Reindex', status: 'in_progress', body: 'Now.', scheduled_for: '2026-12-04T11:00:00.000+00:00', scheduled_until: '2026-12-04T13:00:00.000+00:00' })).json;
    const ids = (res: { json: { id: string }[] }): string[] => res.json.map((i) => i.id);

    expect(ids(await w.reader.call('GET', w.base))).toHaveLength(4);
    expect(ids(await w.reader.call('GET', `${w.base}?q=card%20PAYMENTS`))).toEqual([a.id]);
    expect(ids(await w.reader.call('GET', `${w.base}?q=resolved`))).toEqual([b.id]);
    expect(ids(await w.reader.call('GET', `${w.base}?q=100%25`))).toEqual([]);
    const first = ids(await w.reader.call('GET', `${w.base}?limit=1&page=1`));
    const second = ids(await w.reader.call('GET', `${w.base}?per_page=1&page=2`));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(second).not.toEqual(first);
    expect(ids(await w.reader.call('GET', `${w.base}/unresolved`))).toEqual([a.id]);
    expect(ids(await w.reader.call('GET', `${w.base}/upcoming`))).toEqual([soon.id]);
    expect(ids(await w.reader.call('GET', `${w.base}/active_maintenance`))).toEqual([now.id]);
    expect(ids(await w.reader.call('GET', `${w.base}/scheduled`)).sort()).toEqual([soon.id, now.id].sort());
    expect((await w.reader.call('GET', `${w.base}?limit=500`)).status).toBe(400);
    expect((await w.reader.call('GET', `${w.base}/unresolved?page=0`)).status).toBe(400);
  });

  it('gets one incident by id or reference, 404 otherwise', async () => {
    const created = (await open({ name: 'Outage', body: 'Down.' })).json;
    expect((await w.reader.call('GET', `${w.base}/${created.id}`)).json.name).toBe('Outage');
    expect((await w.reader.call('GET', `${w.base}/${created.reference}`)).json.id).toBe(created.id);
    const missing = await w.reader.call('GET', `${w.base}/nosuch`);
    expect(missing.status).toBe(404);
    expect(missing.json.message).toMatch(/no incident “nosuch”/);
    expect((await w.api.call('GET', w.base, { token: 'bcn_wrong' })).status).toBe(401);
  });
});

describe('PATCH/PUT/DELETE /pages/{page_id}/incidents/{incident_id}', () => {
  it('posts the next update through the lifecycle, with placeholders and component changes', async () => {
    const inc = (await open({ name: 'API errors', body: 'Looking.', components: { [w.apiId]: 'major_outage' } })).json;
    const one = `${w.base}/${inc.id}`;
    const identified = await w.api.call('PATCH', one, { body: { incident: { status: 'identified', body: 'Found the cause in {{components}}.', components: { [w.apiId]: 'partial_outage' } } } });
    expect(identified.status).toBe(200);
    expect(identified.json.status).toBe('identified');
    expect(identified.json.incident_updates[0]).toMatchObject({ status: 'identified', body: 'Found the cause in API.' });
    const monitoring = await w.api.call('PUT', one, { body: { incident: { status: 'monitoring', body: 'Fix deployed.', deliver_notifications: false } } });
    expect(monitoring.json).toMatchObject({ status: 'monitoring', monitoring_at: '2026-12-04T12:00:00.000+00:00' });
    const resolved = await w.api.call('PATCH', one, { body: { incident: { status: 'resolved', body: 'All good.', components: { [w.apiId]: 'operational' } } } });
    expect(resolved.json).toMatchObject({ status: 'resolved', resolved_at: '2026-12-04T12:00:00.000+00:00' });
    expect(resolved.json.incident_updates.map((u: { status: string }) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    // Quiet monitoring update: three mails (open, identified, resolved), not four.
    expect(queuedMail(w)).toHaveLength(3);
    const back = await w.api.call('PATCH', one, { body: { incident: { status: 'investigating', body: 'Again?' } } });
    expect(back.status).toBe(422);
    expect(back.json.message).toMatch(/resolved; it cannot go back/);
    expect((await w.api.call('PATCH', one, { body: { incident: { status: 'in_progress', body: 'x' } } })).json.message).toMatch(/not an incident status/);
    expect(tokenAudit(w).map((a) => a.action)).toEqual(['incident.created', 'incident.updated', 'incident.updated', 'incident.updated']);
  });

  it('edits the name, impact override and components without posting an update', async () => {
    const inc = (await open({ name: 'Errors', body: 'Looking.' })).json;
    const one = `${w.base}/${inc.id}`;
    const res = await w.api.call('PATCH', one, { body: { incident: { name: 'Checkout errors', impact_override: 'major', components: { [w.apiId]: 'degraded_performance' } } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Checkout errors', impact: 'major', impact_override: 'major' });
    expect(res.json.incident_updates).toHaveLength(1);
    expect(res.json.components.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[w.apiId, 'degraded_performance']]);
    expect(tokenAudit(w).map((a) => a.action)).toEqual(['incident.created', 'component.status_changed', 'incident.details_edited']);
    expect(queuedMail(w)).toHaveLength(1);
    // The same PATCH again changes nothing and records nothing.
    await w.api.call('PATCH', one, { body: { incident: { name: 'Checkout errors', impact_override: 'major', components: { [w.apiId]: 'degraded_performance' } } } });
    expect(tokenAudit(w)).toHaveLength(3);
    expect((await w.api.call('PATCH', one, { body: { incident: { components: { nosuch: 'major_outage' } } } })).status).toBe(422);
    expect((await w.api.call('PATCH', one, { body: { incident: { scheduled_for: '2026-12-05T00:00:00Z' } } })).json.message).toMatch(/no maintenance window/);
    expect((await w.api.call('PATCH', `${w.base}/nosuch`, { body: { incident: { name: 'x' } } })).status).toBe(404);
    expect((await w.reader.call('PATCH', one, { body: { incident: { name: 'x' } } })).status).toBe(403);
  });

  it('moves a maintenance through its own lifecycle and refuses to move its window', async () => {
    const m = (await open({ name: 'Upgrade', status: 'scheduled', body: 'Soon.', scheduled_for: '2026-12-04T13:00:00.000+00:00', scheduled_until: '2026-12-04T14:00:00.000+00:00' })).json;
    const one = `${w.base}/${m.id}`;
    expect((await w.api.call('PATCH', one, { body: { incident: { status: 'in_progress', body: 'Started.', scheduled_for: m.scheduled_for } } })).json.status).toBe('in_progress');
    const moved = await w.api.call('PATCH', one, { body: { incident: { scheduled_until: '2026-12-04T18:00:00.000+00:00' } } });
    expect(moved.status).toBe(422);
    expect(moved.json.message).toMatch(/window cannot be moved/);
    expect((await w.api.call('PATCH', one, { body: { incident: { status: 'resolved', body: 'x' } } })).json.message).toMatch(/not a maintenance status/);
    expect((await w.api.call('PATCH', one, { body: { incident: { status: 'scheduled', body: 'x' } } })).json.message).toMatch(/cannot go back/);
    const deleted = await w.api.call('DELETE', one);
    expect(deleted.status).toBe(422);
  });

  it('deletes an incident through the admin’s use-case and answers it as it was', async () => {
    const inc = (await open({ name: 'Mistake', body: 'Test post.', components: { [w.apiId]: 'major_outage' } })).json;
    const one = `${w.base}/${inc.id}`;
    expect((await w.reader.call('DELETE', one)).status).toBe(403);
    const res = await w.api.call('DELETE', one);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: inc.id, name: 'Mistake' });
    expect((await w.api.call('GET', one)).status).toBe(404);
    expect((await w.api.call('DELETE', one)).status).toBe(404);
    expect(tokenAudit(w).map((a) => a.action)).toEqual(['incident.created', 'incident.deleted']);
  });
});
