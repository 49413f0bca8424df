import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, deliveries, eventComponents, events, eventUpdates, subscribers, updateComponentChanges } from '../../../db/schema.js';
import { dayKeyOf } from '../../../src/core/time.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { enqueueEventDeliveries } from '../../../src/server/outbox/enqueue.js';
import { deleteIncident } from '../../../src/server/use-cases/incident-deletion.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';
import { barLevel, pageComponent } from '../../helpers/page-components.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 60 * DAY;
const START = NOW - 3 * DAY;

let t: TempDatabase;
let owner: Actor;
let api: string;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  api = component(t.db, 'api', 'API', T0, { position: 1 });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  owner = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

function snapshot(db: Db) {
  return {
    events: db.select().from(events).all(),
    updates: db.select().from(eventUpdates).all(),
    history: db.select().from(componentStatusChanges).all(),
    changes: db.select().from(updateComponentChanges).all(),
    links: db.select().from(eventComponents).all(),
    audit: db.select().from(auditLog).all(),
  };
}

const historyOf = (componentId: string) =>
  t.db
    .select({ status: componentStatusChanges.status, at: componentStatusChanges.at, eventId: componentStatusChanges.eventId, updateId: componentStatusChanges.updateId })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.componentId, componentId))
    .orderBy(asc(componentStatusChanges.at), asc(componentStatusChanges.id))
    .all();

const rowsOf = (table: typeof eventUpdates | typeof eventComponents | typeof deliveries, eventId: string): number =>
  t.db.select({ n: count() }).from(table).where(eq(table.eventId, eventId)).get()!.n;

function resolvedOutage(): { id: string; reference: string } {
  return incident(t.db, {
    title: 'API down',
    startedAt: START,
    steps: [
      { at: START, status: 'investigating', body: 'Down.', set: { [api]: 'major_outage' } },
      { at: START + HOUR, status: 'resolved', body: 'Up.', set: { [api]: 'operational' } },
    ],
  });
}

describe('deleteIncident', () => {
  it('removes a resolved incident with its updates, links and history: the uptime bar of that day is clean again', () => {
    const { id, reference } = resolvedOutage();
    const day = dayKeyOf(START, 'UTC');
    expect(barLevel(pageComponent(t.db, 'api', NOW), day)).toBe('major_outage');

    expect(deleteIncident(t.db, id, owner, NOW)).toEqual({ reference });
    expect(t.db.select().from(events).where(eq(events.id, id)).get()).toBeUndefined();
    expect(rowsOf(eventUpdates, id)).toBe(0);
    expect(rowsOf(eventComponents, id)).toBe(0);
    expect(t.db.select({ n: count() }).from(updateComponentChanges).get()!.n).toBe(0);
    expect(historyOf(api)).toEqual([{ status: 'operational', at: T0, eventId: null, updateId: null }]);
    const view = pageComponent(t.db, 'api', NOW);
    expect(barLevel(view, day)).toBe('operational');
    expect(view.uptime90).toBe('100.00%');
    expect(view.status).toBe('operational');
  });

  it('keeps the title and reference in the audit log, since the row is gone', () => {
    const { id, reference } = resolvedOutage();
    deleteIncident(t.db, id, owner, NOW);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.deleted')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: NOW, actorId: owner.id, actorLabel: 'olga@example.com', objectType: 'incident', objectId: id });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({ title: 'API down', reference, updates: 2, historyRemoved: 2, historyKept: 0 });
  });

  it('drops mail not yet sent about it', () => {
    const { id } = resolvedOutage();
    t.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: T0, updatedAt: T0 }).run();
    enqueueEventDeliveries(t.db, { kind: 'postmortem', eventId: id }, NOW - MINUTE);
    expect(rowsOf(deliveries, id)).toBe(1);
    deleteIncident(t.db, id, owner, NOW);
    expect(t.db.select({ n: count() }).from(deliveries).get()!.n).toBe(0);
  });

  it('leaves other incidents and their history alone', () => {
    const other = incident(t.db, { title: 'Website slow', startedAt: START, steps: [{ at: START, status: 'investigating', body: 'Slow.', set: { [web]: 'degraded_performance' } }] });
    const { id } = resolvedOutage();
    const webHistory = historyOf(web);
    deleteIncident(t.db, id, owner, NOW);
    expect(t.db.select().from(events).where(eq(events.id, other.id)).get()).toBeDefined();
    expect(historyOf(web)).toEqual(webHistory);
    expect(pageComponent(t.db, 'web', NOW).status).toBe('degraded_performance');
  });

  it('does not change what an open incident’s component shows now: its last change stays, detached; earlier ones go', () => {
    const { id } = incident(t.db, {
      title: 'API errors',
      startedAt: START,
      steps: [
        { at: START, status: 'investigating', body: 'Down.', set: { [api]: 'major_outage' } },
        { at: START + HOUR, status: 'identified', body: 'Partly back.', set: { [api]: 'partial_outage' } },
      ],
    });
    deleteIncident(t.db, id, owner, NOW);
    expect(pageComponent(t.db, 'api', NOW).status).toBe('partial_outage');
    expect(historyOf(api)).toEqual([
      { status: 'operational', at: T0, eventId: null, updateId: null },
      { status: 'partial_outage', at: START + HOUR, eventId: null, updateId: null },
    ]);
    const diff = JSON.parse(t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.deleted')).get()!.diff!);
    expect(diff).toMatchObject({ historyRemoved: 1, historyKept: 1 });
  });

  it('keeps a change made by hand during the incident and what the resolution set after it', () => {
    const { id } = resolvedOutage();
    t.db.insert(componentStatusChanges).values({ componentId: api, status: 'degraded_performance', at: START + 30 * MINUTE, cause: 'manual' }).run();
    deleteIncident(t.db, id, owner, NOW);
    expect(historyOf(api).map((r) => [r.status, r.at, r.eventId])).toEqual([
      ['operational', T0, null],
      ['degraded_performance', START + 30 * MINUTE, null],
      ['operational', START + HOUR, null],
    ]);
    expect(pageComponent(t.db, 'api', NOW).status).toBe('operational');
  });

  describe('refuses, writing nothing', () => {
    it('an unknown incident', () => {
      const before = snapshot(t.db);
      expect(() => deleteIncident(t.db, 'nosuchincid0', owner, NOW)).toThrow(new RejectedError('That incident does not exist (it may have been deleted already).'));
      expect(snapshot(t.db)).toEqual(before);
    });

    it('maintenance (not an incident)', () => {
      const m = maintenance(t.db, { title: 'Upgrade', scheduledFor: NOW + DAY, scheduledUntil: NOW + DAY + HOUR, componentIds: [api], steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'Planned.' }] });
      const before = snapshot(t.db);
      expect(() => deleteIncident(t.db, m.id, owner, NOW)).toThrow(RejectedError);
      expect(snapshot(t.db)).toEqual(before);
    });
  });
});
