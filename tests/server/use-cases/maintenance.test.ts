import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, eventComponents, events, eventUpdates } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import type { NewMaintenanceFields } from '../../../src/server/forms/maintenance-form.js';
import { advanceMaintenance, postMaintenanceUpdate, scheduleMaintenance } from '../../../src/server/use-cases/maintenance.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const FROM = NOW + DAY;
const UNTIL = FROM + 2 * HOUR;

let t: TempDatabase;
let actor: Actor;
let dbc: string;
let backend: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 30 * DAY);
  backend = group(t.db, 'backend', 'Backend', NOW - 30 * DAY);
  dbc = component(t.db, 'db', 'Database', NOW - 30 * DAY, { groupId: backend });
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  actor = { id, label: 'eddie@example.com' };
});
afterEach(() => t.dispose());

function counts(db: Db) {
  const n = (table: Parameters<ReturnType<Db['select']>['from']>[0]): number => db.select({ n: count() }).from(table).get()!.n;
  return { events: n(events), updates: n(eventUpdates), history: n(componentStatusChanges), links: n(eventComponents), audit: n(auditLog) };
}

const fields = (over: Partial<NewMaintenanceFields> = {}): NewMaintenanceFields => ({
  title: 'Database upgrade',
  scheduledFor: FROM,
  scheduledUntil: UNTIL,
  componentIds: [dbc],
  message: 'We will upgrade the database.',
  notify: true,
  autoStart: true,
  autoComplete: true,
  ...over,
});

describe('scheduleMaintenance', () => {
  it('writes the maintenance with its window and switches, a "scheduled" update, the links, and one audit row', () => {
    const before = counts(t.db);
    const { id, reference } = scheduleMaintenance(t.db, fields({ autoComplete: false }), actor, 'UTC', NOW);
    expect(reference).toBe('MNT-20261123-001');
    expect(counts(t.db)).toEqual({ ...before, events: before.events + 1, updates: before.updates + 1, links: before.links + 1, audit: before.audit + 1 });
    expect(t.db.select().from(events).where(eq(events.id, id)).get()).toMatchObject({
      kind: 'maintenance',
      title: 'Database upgrade',
      severity: null,
      startedAt: null,
      scheduledFor: FROM,
      scheduledUntil: UNTIL,
      autoStart: true,
      autoComplete: false,
    });
    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, id)).all()).toMatchObject([
      { status: 'scheduled', body: 'We will upgrade the database.', displayAt: NOW, notify: true, authorId: actor.id },
    ]);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.scheduled')).get()!;
    expect(audit).toMatchObject({ actorId: actor.id, actorLabel: 'eddie@example.com', objectType: 'maintenance', objectId: id });
    expect(JSON.parse(audit.diff!)).toEqual({
      title: 'Database upgrade',
      window: ['2026-11-23T14:05:00.000Z', '2026-11-23T16:05:00.000Z'],
      componentIds: [dbc],
      autoStart: true,
      autoComplete: false,
      notify: true,
    });
  });

  it('changes no component status: the window has not begun', () => {
    scheduleMaintenance(t.db, fields(), actor, 'UTC', NOW);
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.cause, 'maintenance')).all()).toEqual([]);
  });

  it('rolls everything back when a component is a group', () => {
    const before = counts(t.db);
    expect(() => scheduleMaintenance(t.db, fields({ componentIds: [backend] }), actor, 'UTC', NOW)).toThrow(RejectedError);
    expect(counts(t.db)).toEqual(before);
  });
});

describe('postMaintenanceUpdate', () => {
  it('starts the work by hand: components changed, start time recorded once, audited', () => {
    const { id } = scheduleMaintenance(t.db, fields(), actor, 'UTC', NOW);
    postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'Started early.', notify: true, changes: [{ componentId: dbc, status: 'under_maintenance' }] }, actor, FROM - 10 * MINUTE);
    postMaintenanceUpdate(t.db, id, { status: 'verifying', message: 'Checking.', notify: false, changes: [] }, actor, FROM + 10 * MINUTE);
    expect(t.db.select({ startedAt: events.startedAt }).from(events).where(eq(events.id, id)).get()!.startedAt).toBe(FROM - 10 * MINUTE);
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, dbc)).all().at(-1)).toMatchObject({
      status: 'under_maintenance',
      at: FROM - 10 * MINUTE,
      cause: 'maintenance',
      eventId: id,
      actorId: actor.id,
    });
    const audits = t.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.updated')).all();
    expect(audits.map((a) => JSON.parse(a.diff!).status)).toEqual(['in_progress', 'verifying']);
  });

  it('a further "scheduled" update leaves the start time unset', () => {
    const { id } = scheduleMaintenance(t.db, fields(), actor, 'UTC', NOW);
    postMaintenanceUpdate(t.db, id, { status: 'scheduled', message: 'Moved by an hour.', notify: true, changes: [] }, actor, NOW + HOUR);
    expect(t.db.select({ startedAt: events.startedAt }).from(events).where(eq(events.id, id)).get()!.startedAt).toBeNull();
  });

  it('refuses a step back with the lifecycle reason, writing nothing', () => {
    const { id } = scheduleMaintenance(t.db, fields(), actor, 'UTC', NOW);
    postMaintenanceUpdate(t.db, id, { status: 'completed', message: 'Done.', notify: true, changes: [] }, actor, NOW + HOUR);
    const before = counts(t.db);
    expect(() => postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'Again.', notify: true, changes: [] }, actor, NOW + 2 * HOUR)).toThrow(
      new RejectedError('This maintenance is completed; schedule a new one instead.'),
    );
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses an incident or an unknown id', () => {
    const inc = incident(t.db, { title: 'Outage', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x' }] });
    const before = counts(t.db);
    for (const id of [inc.id, 'nosuchevent0']) {
      expect(() => postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'x', notify: true, changes: [] }, actor, NOW)).toThrow(
        'That maintenance does not exist (it may have been deleted).',
      );
    }
    expect(counts(t.db)).toEqual(before);
  });
});

describe('advanceMaintenance', () => {
  it('does nothing for an incident or an unknown id', () => {
    const inc = incident(t.db, { title: 'Outage', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x' }] });
    const before = counts(t.db);
    expect(advanceMaintenance(t.db, inc.id, NOW)).toEqual([]);
    expect(advanceMaintenance(t.db, 'nosuchevent0', NOW)).toEqual([]);
    expect(counts(t.db)).toEqual(before);
  });

  it('does nothing before the window', () => {
    const { id } = scheduleMaintenance(t.db, fields(), actor, 'UTC', NOW);
    const before = counts(t.db);
    expect(advanceMaintenance(t.db, id, FROM - 1)).toEqual([]);
    expect(counts(t.db)).toEqual(before);
  });
});
