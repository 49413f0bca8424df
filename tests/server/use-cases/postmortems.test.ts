import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, deliveries, events, subscribers } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { draftPostmortem, publishIncidentPostmortem } from '../../../src/server/use-cases/postmortems.js';
import { incidentPageView } from '../../../src/server/views/incident-page.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 60 * DAY;

let t: TempDatabase;
let actor: Actor;
let api: string;
let resolved: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  api = component(t.db, 'api', 'API', T0);
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'eddie@example.com' };
  t.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: T0, updatedAt: T0 }).run();
  resolved = incident(t.db, {
    title: 'API down',
    startedAt: NOW - 3 * HOUR,
    steps: [
      { at: NOW - 3 * HOUR, status: 'investigating', body: 'Down.', set: { [api]: 'major_outage' } },
      { at: NOW - 2 * HOUR, status: 'resolved', body: 'Up.', set: { [api]: 'operational' } },
    ],
  }).id;
});
afterEach(() => t.dispose());

const stored = (id: string) => t.db.select({ body: events.postmortemBody, publishedAt: events.postmortemPublishedAt }).from(events).where(eq(events.id, id)).get()!;
const publicView = (id: string) => {
  const r = incidentPageView(t.db, id, NOW);
  if (r.kind !== 'ok') throw new Error('not found');
  return r.view.event;
};
const mailCount = (): number => t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.kind, 'postmortem')).get()!.n;
const auditOf = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const snapshot = (db: Db) => ({ events: db.select().from(events).all(), audit: db.select().from(auditLog).all(), deliveries: db.select().from(deliveries).all() });

describe('draftPostmortem', () => {
  it('stores the text without publishing it: the public page shows no postmortem and the incident stays resolved', () => {
    draftPostmortem(t.db, resolved, '## Summary\nA bad deploy.', actor, NOW);
    expect(stored(resolved)).toEqual({ body: '## Summary\nA bad deploy.', publishedAt: null });
    expect(publicView(resolved)).toMatchObject({ status: 'resolved', postmortemHtml: null });
    expect(mailCount()).toBe(0);
    expect(auditOf('incident.postmortem_drafted').map((a) => [a.objectId, a.actorId, JSON.parse(a.diff!)])).toEqual([[resolved, actor.id, { length: 24 }]]);
  });

  it('saves over an earlier draft', () => {
    draftPostmortem(t.db, resolved, 'First.', actor, NOW - MINUTE);
    draftPostmortem(t.db, resolved, 'Second.', actor, NOW);
    expect(stored(resolved).body).toBe('Second.');
  });
});

describe('publishIncidentPostmortem', () => {
  it('publishes: shown on the public incident page, the incident moves to Postmortem, audited', () => {
    publishIncidentPostmortem(t.db, resolved, { body: '## Root cause\nA bad index.', notify: false }, actor, NOW);
    expect(stored(resolved)).toEqual({ body: '## Root cause\nA bad index.', publishedAt: NOW });
    const view = publicView(resolved);
    expect(view.status).toBe('postmortem');
    expect(view.postmortemHtml).toContain('A bad index.');
    expect(auditOf('incident.postmortem_published').map((a) => JSON.parse(a.diff!))).toEqual([{ length: 26, notify: false, republished: false }]);
  });

  it('tells subscribers only when asked', () => {
    publishIncidentPostmortem(t.db, resolved, { body: 'What happened.', notify: false }, actor, NOW - MINUTE);
    expect(mailCount()).toBe(0);
    publishIncidentPostmortem(t.db, resolved, { body: 'What happened, corrected.', notify: true }, actor, NOW);
    expect(mailCount()).toBe(1);
  });

  it('publishes a draft, and republishes an edited postmortem with the new text and time', () => {
    draftPostmortem(t.db, resolved, 'Draft.', actor, NOW - 2 * MINUTE);
    publishIncidentPostmortem(t.db, resolved, { body: 'Final.', notify: true }, actor, NOW - MINUTE);
    publishIncidentPostmortem(t.db, resolved, { body: 'Final, with action items.', notify: true }, actor, NOW);
    expect(stored(resolved)).toEqual({ body: 'Final, with action items.', publishedAt: NOW });
    expect(publicView(resolved).postmortemHtml).toContain('Final, with action items.');
    expect(mailCount()).toBe(2);
    expect(auditOf('incident.postmortem_published').map((a) => JSON.parse(a.diff!).republished)).toEqual([false, true]);
  });
});

describe('refusals write nothing', () => {
  it('a draft of a published postmortem (it would take it off the public page)', () => {
    publishIncidentPostmortem(t.db, resolved, { body: 'Published.', notify: false }, actor, NOW - MINUTE);
    const before = snapshot(t.db);
    expect(() => draftPostmortem(t.db, resolved, 'Rewritten.', actor, NOW)).toThrow(
      new RejectedError('This postmortem is published; saving a draft would take it off the public page. Publish your changes instead.'),
    );
    expect(snapshot(t.db)).toEqual(before);
  });

  it('an open incident', () => {
    const open = incident(t.db, { title: 'Still down', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'monitoring', body: 'Watching.' }] }).id;
    const before = snapshot(t.db);
    expect(() => draftPostmortem(t.db, open, 'Too early.', actor, NOW)).toThrow('A postmortem can only be published once the incident is resolved.');
    expect(() => publishIncidentPostmortem(t.db, open, { body: 'Too early.', notify: true }, actor, NOW)).toThrow('A postmortem can only be published once the incident is resolved.');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('maintenance, an unknown incident, an empty text', () => {
    const m = maintenance(t.db, { title: 'Upgrade', scheduledFor: NOW - 2 * HOUR, scheduledUntil: NOW - HOUR, componentIds: [api], steps: [{ at: NOW - HOUR, status: 'completed', body: 'Done.' }] }).id;
    const before = snapshot(t.db);
    expect(() => draftPostmortem(t.db, m, 'x', actor, NOW)).toThrow('Postmortems are written for incidents, not maintenance.');
    expect(() => publishIncidentPostmortem(t.db, 'nosuchincid0', { body: 'x', notify: false }, actor, NOW)).toThrow('That incident does not exist (it may have been deleted).');
    expect(() => draftPostmortem(t.db, resolved, '   ', actor, NOW)).toThrow('The postmortem is empty.');
    expect(() => publishIncidentPostmortem(t.db, resolved, { body: '', notify: true }, actor, NOW)).toThrow('The postmortem is empty.');
    expect(snapshot(t.db)).toEqual(before);
  });
});
