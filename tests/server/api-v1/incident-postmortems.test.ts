import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentWorld, NOW, queuedMail, tokenAudit, type IncidentWorld } from './incident-fixture.js';

let w: IncidentWorld;
beforeEach(() => {
  w = incidentWorld();
});
afterEach(() => w.t.dispose());

const MINUTE = 60_000;

/** An incident opened 30 minutes ago and resolved now: what updates and postmortems are about. */
async function resolvedIncident(): Promise<{ id: string; path: string; firstUpdateId: string }> {
  const opened = await w.api.call('POST', w.base, { body: { incident: { name: 'Outage', body: 'Looking.', components: { [w.apiId]: 'major_outage' } } }, now: NOW - 30 * MINUTE });
  const path = `${w.base}/${opened.json.id}`;
  await w.api.call('PATCH', path, { body: { incident: { status: 'resolved', body: 'Fixed.', components: { [w.apiId]: 'operational' } } } });
  return { id: opened.json.id, path, firstUpdateId: opened.json.incident_updates[0].id };
}

describe('PATCH/PUT …/incident_updates/{incident_update_id}', () => {
  it('corrects an update’s text and display time as the admin edit does, without mailing again', async () => {
    const inc = await resolvedIncident();
    const path = `${inc.path}/incident_updates/${inc.firstUpdateId}`;
    const mails = queuedMail(w).length;
    const res = await w.api.call('PATCH', path, { body: { incident_update: { body: 'Errors on {{components}}.', display_at: '2026-12-04T11:35:00Z' } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: inc.firstUpdateId, body: 'Errors on API.', display_at: '2026-12-04T11:35:00.000+00:00', status: 'investigating' });
    expect(queuedMail(w)).toHaveLength(mails);
    expect(tokenAudit(w).at(-1)).toEqual({ action: 'incident.update_edited', objectId: inc.id });
    const put = await w.api.call('PUT', path, { body: { incident_update: { body: 'Errors on the API.' } } });
    expect(put.json).toMatchObject({ body: 'Errors on the API.', display_at: '2026-12-04T11:35:00.000+00:00' });
  });

  it('refuses future, out-of-order and out-of-bounds times, empty text, and updates of another incident', async () => {
    const inc = await resolvedIncident();
    const path = `${inc.path}/incident_updates/${inc.firstUpdateId}`;
    const future = await w.api.call('PATCH', path, { body: { incident_update: { display_at: '2026-12-04T13:00:00Z' } } });
    expect(future.status).toBe(422);
    expect(future.json.message).toMatch(/future/);
    expect((await w.api.call('PATCH', path, { body: { incident_update: { display_at: '2026-12-04T11:00:00Z' } } })).json.message).toMatch(/before/);
    expect((await w.api.call('PATCH', path, { body: { incident_update: { display_at: '1970-01-01T00:00:00Z' } } })).json.message).toMatch(/display_at.*too far in the past/);
    expect((await w.api.call('PATCH', path, { body: { incident_update: { body: '   ' } } })).status).toBe(422);
    const other = await w.api.call('POST', w.base, { body: { incident: { name: 'Other', body: 'x' } } });
    expect((await w.api.call('PATCH', `${w.base}/${other.json.id}/incident_updates/${inc.firstUpdateId}`, { body: { incident_update: { body: 'x' } } })).status).toBe(404);
    expect((await w.api.call('PATCH', `${inc.path}/incident_updates/nosuch`, { body: { incident_update: { body: 'x' } } })).status).toBe(404);
    expect((await w.reader.call('PATCH', path, { body: { incident_update: { body: 'x' } } })).status).toBe(403);
  });
});

describe('…/incidents/{incident_id}/postmortem', () => {
  it('saves a draft, publishes it with mail, reverts it and deletes it, each audited under the token', async () => {
    const inc = await resolvedIncident();
    const pm = `${inc.path}/postmortem`;
    const empty = await w.reader.call('GET', pm);
    expect(empty.json).toMatchObject({ body: null, body_draft: null, published_at: null });

    const draft = await w.api.call('PUT', pm, { body: { postmortem: { body_draft: '## What happened\nA bad deploy.' } } });
    expect(draft.status).toBe(200);
    expect(draft.json).toMatchObject({ body: null, body_draft: '## What happened\nA bad deploy.', published_at: null });
    expect((await w.reader.call('GET', inc.path)).json.postmortem_body).toBeNull();

    const mails = queuedMail(w).length;
    const published = await w.api.call('PUT', `${pm}/publish`, { body: { postmortem: { notify_subscribers: true, notify_twitter: true } } });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ body: '## What happened\nA bad deploy.', published_at: '2026-12-04T12:00:00.000+00:00', notify_subscribers: true, notify_twitter: false });
    expect(queuedMail(w).slice(mails)).toEqual([{ kind: 'postmortem', event_id: inc.id }]);
    const incident = (await w.reader.call('GET', inc.path)).json;
    expect(incident).toMatchObject({ status: 'postmortem', postmortem_body: '## What happened\nA bad deploy.', postmortem_published_at: '2026-12-04T12:00:00.000+00:00', postmortem_notified_subscribers: true });

    const overwrite = await w.api.call('PUT', pm, { body: { postmortem: { body_draft: 'New words.' } } });
    expect(overwrite.status).toBe(422);
    expect(overwrite.json.message).toMatch(/published/);

    const reverted = await w.api.call('PUT', `${pm}/revert`);
    expect(reverted.json).toMatchObject({ body: null, body_draft: '## What happened\nA bad deploy.', published_at: null });
    expect((await w.reader.call('GET', inc.path)).json.status).toBe('resolved');
    expect((await w.api.call('PUT', `${pm}/revert`)).status).toBe(422);

    expect((await w.api.call('DELETE', pm)).status).toBe(204);
    expect((await w.reader.call('GET', pm)).json.body_draft).toBeNull();
    expect((await w.api.call('DELETE', pm)).status).toBe(404);
    expect(tokenAudit(w).map((a) => a.action).slice(2)).toEqual([
      'incident.postmortem_drafted',
      'incident.postmortem_published',
      'incident.postmortem_reverted',
      'incident.postmortem_deleted',
    ]);
  });

  it('publishes quietly by default and refuses a postmortem before resolution, without a draft, or for maintenance', async () => {
    const open = await w.api.call('POST', w.base, { body: { incident: { name: 'Open', body: 'x' } } });
    const early = await w.api.call('PUT', `${w.base}/${open.json.id}/postmortem`, { body: { postmortem: { body_draft: 'Too soon.' } } });
    expect(early.status).toBe(422);
    expect(early.json.message).toMatch(/resolved/);
    const inc = await resolvedIncident();
    expect((await w.api.call('PUT', `${inc.path}/postmortem/publish`, { body: {} })).json.message).toMatch(/save one first/);
    expect((await w.api.call('PUT', `${inc.path}/postmortem`, { body: { postmortem: {} } })).json.message).toMatch(/postmortem\.body_draft/);
    await w.api.call('PUT', `${inc.path}/postmortem`, { body: { postmortem: { body_draft: 'Words.' } } });
    const mails = queuedMail(w).length;
    expect((await w.api.call('PUT', `${inc.path}/postmortem/publish`)).status).toBe(200);
    expect(queuedMail(w)).toHaveLength(mails);
    const m = await w.api.call('POST', w.base, { body: { incident: { name: 'Upgrade', status: 'scheduled', body: 'x', scheduled_for: '2026-12-05T00:00:00Z', scheduled_until: '2026-12-05T01:00:00Z' } } });
    expect((await w.reader.call('GET', `${w.base}/${m.json.id}/postmortem`)).status).toBe(404);
    expect((await w.reader.call('PUT', `${inc.path}/postmortem`, { body: { postmortem: { body_draft: 'x' } } })).status).toBe(403);
    expect((await w.api.call('GET', `${w.base}/nosuch/postmortem`)).status).toBe(404);
  });
});
