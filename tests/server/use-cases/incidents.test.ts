import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, eventComponents, events, eventUpdates, updateComponentChanges } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import type { NewIncidentFields } from '../../../src/server/forms/incident-form.js';
import { createIncident, postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { findEvent, listOpenEvents } from '../../../src/server/read/events.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let actor: Actor;
let api: string;
let web: string;
let backend: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0);
  api = component(t.db, 'api', 'API', T0, { groupId: backend });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

function counts(db: Db) {
  const n = (table: Parameters<ReturnType<Db['select']>['from']>[0]): number => db.select({ n: count() }).from(table).get()!.n;
  return { events: n(events), updates: n(eventUpdates), history: n(componentStatusChanges), changes: n(updateComponentChanges), links: n(eventComponents), audit: n(auditLog) };
}

const fields = (over: Partial<NewIncidentFields> = {}): NewIncidentFields => ({
  title: 'API errors',
  severity: 'SEV1',
  impactOverride: null,
  status: 'investigating',
  message: 'Looking into it.',
  notify: true,
  changes: [{ componentId: api, status: 'major_outage' }],
  ...over,
});

describe('createIncident', () => {
  it('writes the incident, its first update, changes and links, and one audit row carrying the actor', () => {
    const before = counts(t.db);
    const { id, reference } = createIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(reference).toBe('INC-20261122-001');
    expect(counts(t.db)).toEqual({ events: before.events + 1, updates: before.updates + 1, history: before.history + 1, changes: before.changes + 1, links: before.links + 1, audit: before.audit + 1 });
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.created')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: NOW, actorId: actor.id, actorLabel: 'olga@example.com', objectType: 'incident', objectId: id });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({ title: 'API errors', severity: 'SEV1', status: 'investigating', changes: [{ componentId: api, status: 'major_outage' }] });
  });

  it('dates the reference in the page zone', () => {
    // 01:00 UTC on Nov 23 is still Nov 22 in New York.
    const at = Date.UTC(2026, 10, 23, 1, 0);
    expect(createIncident(t.db, fields(), actor, 'America/New_York', at).reference).toBe('INC-20261122-001');
  });

  it('records the system as actor with a null id', () => {
    createIncident(t.db, fields(), SYSTEM, 'UTC', NOW);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.created')).get()).toMatchObject({ actorId: null, actorLabel: 'system' });
  });

  it('rolls back everything when a change names a group: no event, no update, no audit', () => {
    const before = counts(t.db);
    expect(() => createIncident(t.db, fields({ changes: [{ componentId: web, status: 'major_outage' }, { componentId: backend, status: 'major_outage' }] }), actor, 'UTC', NOW)).toThrow(
      new RejectedError('“Backend” is a group; set the status of the components inside it instead.'),
    );
    expect(counts(t.db)).toEqual(before);
  });

  it('rolls back when a component does not exist', () => {
    const before = counts(t.db);
    expect(() => createIncident(t.db, fields({ changes: [{ componentId: 'nosuchcompo0', status: 'major_outage' }] }), actor, 'UTC', NOW)).toThrow(RejectedError);
    expect(counts(t.db)).toEqual(before);
  });
});

describe('postIncidentUpdate', () => {
  it('appends the update with its changes and audits incident.updated with the actor', () => {
    const { id } = createIncident(t.db, fields(), actor, 'UTC', NOW);
    const before = counts(t.db);
    postIncidentUpdate(t.db, id, { status: 'monitoring', message: 'Fix deployed.', notify: false, changes: [{ componentId: api, status: 'degraded_performance' }] }, actor, NOW + 10 * MINUTE);
    expect(counts(t.db)).toEqual({ ...before, updates: before.updates + 1, history: before.history + 1, changes: before.changes + 1, audit: before.audit + 1 });
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.updated')).get()!;
    expect(audit).toMatchObject({ at: NOW + 10 * MINUTE, actorId: actor.id, actorLabel: 'olga@example.com', objectType: 'incident', objectId: id });
    expect(JSON.parse(audit.diff!)).toEqual({ status: 'monitoring', changes: [{ componentId: api, status: 'degraded_performance' }] });
  });

  it('shows a live update no earlier than the newest one, so a clock that stepped back cannot leave a resolution without effect', () => {
    const { id } = createIncident(t.db, fields({ changes: [{ componentId: api, status: 'major_outage' }] }), actor, 'UTC', NOW);
    // The server's clock went back two minutes between the two posts.
    postIncidentUpdate(t.db, id, { status: 'resolved', message: 'Fixed.', notify: false, changes: [{ componentId: api, status: 'operational' }] }, actor, NOW - 2 * MINUTE);
    expect(findEvent(t.db, id)).toMatchObject({ latestUpdateStatus: 'resolved', latestUpdateAt: NOW + 1 });
    expect(listOpenEvents(t.db).map((e) => e.id)).not.toContain(id);
    const history = t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, api)).all();
    expect(history.map((h) => [h.status, h.at])).toContainEqual(['operational', NOW + 1]);
  });

  it('keeps the clock\'s time for a post in the same millisecond as the newest: the later post wins the tie', () => {
    const { id } = createIncident(t.db, fields(), actor, 'UTC', NOW);
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: false, changes: [] }, actor, NOW);
    expect(findEvent(t.db, id)).toMatchObject({ latestUpdateStatus: 'identified', latestUpdateAt: NOW });
  });

  it('allows monitoring → investigating (the fix did not hold)', () => {
    const { id } = createIncident(t.db, fields({ status: 'monitoring' }), actor, 'UTC', NOW);
    expect(() => postIncidentUpdate(t.db, id, { status: 'investigating', message: 'Back.', notify: true, changes: [] }, actor, NOW + MINUTE)).not.toThrow();
  });

  it('rolls back a refused transition: no update, no audit', () => {
    const { id } = createIncident(t.db, fields({ status: 'resolved', changes: [] }), actor, 'UTC', NOW);
    const before = counts(t.db);
    expect(() => postIncidentUpdate(t.db, id, { status: 'investigating', message: 'x', notify: true, changes: [] }, actor, NOW + MINUTE)).toThrow(
      'This incident is resolved; it cannot go back to Investigating. Open a new incident if the problem is back.',
    );
    expect(counts(t.db)).toEqual(before);
  });

  it('rolls back when a change names a group, after the lifecycle check passed', () => {
    const { id } = createIncident(t.db, fields(), actor, 'UTC', NOW);
    const before = counts(t.db);
    expect(() => postIncidentUpdate(t.db, id, { status: 'identified', message: 'x', notify: true, changes: [{ componentId: backend, status: 'operational' }] }, actor, NOW + MINUTE)).toThrow(RejectedError);
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses an unknown incident with a RejectedError and no audit', () => {
    const before = counts(t.db);
    expect(() => postIncidentUpdate(t.db, 'nosuchincid0', { status: 'identified', message: 'x', notify: true, changes: [] }, actor, NOW)).toThrow(RejectedError);
    expect(counts(t.db)).toEqual(before);
  });
});
