import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, deliveries, events, eventUpdates, subscribers, updateComponentChanges } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { editIncidentUpdate } from '../../../src/server/use-cases/update-edits.js';
import { findEvent } from '../../../src/server/read/events.js';
import { updatesForEvents } from '../../../src/server/read/event-updates.js';
import { RejectedError, statusAt } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { pageComponent } from '../../helpers/page-components.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 30 * DAY;
// The incident began some seconds into a minute, as live incidents do.
const START = NOW - 2 * HOUR + 17_000;

let t: TempDatabase;
let actor: Actor;
let api: string;
let web: string;
let incidentId: string;
let updates: { id: string; displayAt: number }[];

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  api = component(t.db, 'api', 'API', T0, { position: 1 });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'eddie@example.com' };
  t.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: T0, updatedAt: T0 }).run();
  incidentId = incident(t.db, {
    title: 'API errors',
    startedAt: START,
    steps: [
      { at: START, status: 'investigating', body: 'Looking into it.', set: { [api]: 'major_outage' } },
      { at: START + 30 * MINUTE, status: 'identified', body: 'Found it.', set: { [web]: 'degraded_performance' } },
      { at: START + 60 * MINUTE, status: 'resolved', body: 'Fixed.', set: { [api]: 'operational', [web]: 'operational' } },
    ],
  }).id;
  updates = t.db.select({ id: eventUpdates.id, displayAt: eventUpdates.displayAt }).from(eventUpdates).orderBy(asc(eventUpdates.displayAt)).all();
});
afterEach(() => t.dispose());

/** Every row an edit could touch, to prove a refused edit touched none. */
function snapshot(db: Db) {
  return {
    events: db.select().from(events).all(),
    updates: db.select().from(eventUpdates).all(),
    history: db.select().from(componentStatusChanges).all(),
    changes: db.select().from(updateComponentChanges).all(),
    audit: db.select().from(auditLog).all(),
    deliveries: db.select().from(deliveries).all(),
  };
}

const historyOf = (updateId: string): { componentId: string; at: number }[] =>
  t.db.select({ componentId: componentStatusChanges.componentId, at: componentStatusChanges.at }).from(componentStatusChanges).where(eq(componentStatusChanges.updateId, updateId)).all();
const deliveryCount = (): number => t.db.select({ n: count() }).from(deliveries).get()!.n;

describe('editIncidentUpdate', () => {
  it('corrects the text only: stored, time and history untouched, audited with lengths and not the text, nobody notified', () => {
    const [first] = updates;
    const historyBefore = t.db.select().from(componentStatusChanges).all();
    const mail = deliveryCount();
    expect(editIncidentUpdate(t.db, { updateId: first!.id, body: 'We are looking into failed API calls.', displayAt: first!.displayAt }, actor, 'UTC', NOW)).toEqual({ changed: true, eventId: incidentId });

    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.id, first!.id)).get()).toMatchObject({ body: 'We are looking into failed API calls.', displayAt: START, updatedAt: NOW });
    expect(t.db.select().from(componentStatusChanges).all()).toEqual(historyBefore);
    expect(deliveryCount()).toBe(mail);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.update_edited')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: actor.id, actorLabel: 'eddie@example.com', objectType: 'incident', objectId: incidentId, at: NOW });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({ update: first!.id, textChanged: true, length: { from: 16, to: 37 } });
  });

  it('moves the display time and the history rows that update wrote, leaving others and the announced changes alone', () => {
    const [, second] = updates;
    const target = START + 20 * MINUTE;
    const otherRows = t.db.select().from(componentStatusChanges).all().filter((r) => r.updateId !== second!.id);
    const announced = t.db.select().from(updateComponentChanges).all();
    editIncidentUpdate(t.db, { updateId: second!.id, body: 'Found it.', displayAt: target }, actor, 'UTC', NOW);

    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.id, second!.id)).get()!.displayAt).toBe(target);
    expect(historyOf(second!.id)).toEqual([{ componentId: web, at: target }]);
    expect(t.db.select().from(componentStatusChanges).all().filter((r) => r.updateId !== second!.id)).toEqual(otherRows);
    expect(t.db.select().from(updateComponentChanges).all()).toEqual(announced);
    const diff = JSON.parse(t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.update_edited')).get()!.diff!);
    expect(diff).toEqual({
      update: second!.id,
      displayAt: { from: new Date(START + 30 * MINUTE).toISOString(), to: new Date(target).toISOString() },
      historyRowsMoved: 1,
      textChanged: false,
      length: { from: 9, to: 9 },
    });
  });

  it('keeps the history consistent: Website is degraded from the new time on, and operational now', () => {
    const [, second] = updates;
    editIncidentUpdate(t.db, { updateId: second!.id, body: 'Found it.', displayAt: START + 5 * MINUTE }, actor, 'UTC', NOW);
    expect(pageComponent(t.db, 'web', NOW).status).toBe('operational');
    expect(statusAt(t.db, web, START + 5 * MINUTE)).toBe('degraded_performance');
    expect(statusAt(t.db, web, START + 5 * MINUTE - 1)).toBe('operational');
  });

  it('allows the minute the incident started, though it began seconds into it', () => {
    const [first] = updates;
    const minute = START - (START % MINUTE);
    editIncidentUpdate(t.db, { updateId: first!.id, body: 'Looking into it.', displayAt: minute }, actor, 'UTC', NOW);
    expect(historyOf(first!.id)).toEqual([{ componentId: api, at: minute }]);
  });

  it('allows the same time as a neighbour; the timeline keeps its order', () => {
    const [first, second, third] = updates;
    editIncidentUpdate(t.db, { updateId: first!.id, body: 'Looking into it.', displayAt: second!.displayAt }, actor, 'UTC', NOW);
    expect(updatesForEvents(t.db, [incidentId]).get(incidentId)!.map((u) => u.id)).toEqual([first!.id, second!.id, third!.id]);
    expect(findEvent(t.db, incidentId)!.latestUpdateStatus).toBe('resolved');
  });

  it('writes nothing when text and time are what is stored', () => {
    const [first] = updates;
    const before = snapshot(t.db);
    expect(editIncidentUpdate(t.db, { updateId: first!.id, body: 'Looking into it.', displayAt: first!.displayAt }, actor, 'UTC', NOW)).toEqual({ changed: false });
    expect(snapshot(t.db)).toEqual(before);
  });

  describe('refuses, writing nothing', () => {
    const refusals: [string, (u: typeof updates) => { i: number; at: number }, string][] = [
      ['a time in the future', () => ({ i: 2, at: NOW + MINUTE }), 'That time is in the future; an update can only be shown at a time it could have been posted.'],
      ['a time before the incident started', () => ({ i: 0, at: START - MINUTE }), 'That is before the incident started (Nov 22, 2026, 13:00 UTC).'],
      ['a time before the previous update', (u) => ({ i: 1, at: u[0]!.displayAt - 1 }), 'That is before the previous update (Nov 22, 2026, 13:00 UTC); the timeline must keep its order.'],
      ['a time after the next update', (u) => ({ i: 1, at: u[2]!.displayAt + MINUTE }), 'That is after the next update (Nov 22, 2026, 14:00 UTC); the timeline must keep its order.'],
    ];
    it.each(refusals)('%s', (_name, pick, message) => {
      const { i, at } = pick(updates);
      const before = snapshot(t.db);
      const edit = (): unknown => editIncidentUpdate(t.db, { updateId: updates[i]!.id, body: 'New words.', displayAt: at }, actor, 'UTC', NOW);
      expect(edit).toThrow(RejectedError);
      expect(edit).toThrow(message);
      expect(snapshot(t.db)).toEqual(before);
    });

    it('a move past another change of the same component (set by hand in between), which would rewrite what it showed', () => {
      const [first] = updates;
      t.db.insert(componentStatusChanges).values({ componentId: api, status: 'partial_outage', at: START + 10 * MINUTE, cause: 'manual' }).run();
      const before = snapshot(t.db);
      expect(() => editIncidentUpdate(t.db, { updateId: first!.id, body: 'Looking into it.', displayAt: START + 15 * MINUTE }, actor, 'UTC', NOW)).toThrow(
        'API changed status at Nov 22, 2026, 13:10 UTC, between the old and the new time; moving this update past that change would rewrite what API showed afterwards.',
      );
      expect(snapshot(t.db)).toEqual(before);
      // Short of the change is fine.
      editIncidentUpdate(t.db, { updateId: first!.id, body: 'Looking into it.', displayAt: START + 5 * MINUTE }, actor, 'UTC', NOW);
      expect(historyOf(first!.id)).toEqual([{ componentId: api, at: START + 5 * MINUTE }]);
    });

    it('an unknown update', () => {
      const before = snapshot(t.db);
      expect(() => editIncidentUpdate(t.db, { updateId: 'nosuchupdate', body: 'x', displayAt: NOW }, actor, 'UTC', NOW)).toThrow('That update does not exist (it may have been deleted).');
      expect(snapshot(t.db)).toEqual(before);
    });
  });
});
