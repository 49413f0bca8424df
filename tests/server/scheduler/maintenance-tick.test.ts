import { and, count, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, components, componentStatusChanges, deliveries, events, eventUpdates, subscribers } from '../../../db/schema.js';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import { ON_TIME_TOLERANCE_MS } from '../../../src/core/maintenance-schedule.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { NewMaintenanceFields } from '../../../src/server/forms/maintenance-form.js';
import { runMaintenanceTick } from '../../../src/server/scheduler/maintenance-tick.js';
import { findTemplateByKey, listTemplates } from '../../../src/server/templates/store.js';
import { deleteTemplate, updateTemplate } from '../../../src/server/use-cases/templates.js';
import { postMaintenanceUpdate, scheduleMaintenance } from '../../../src/server/use-cases/maintenance.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../../helpers/fixtures.js';

const ANNOUNCED = Date.UTC(2026, 10, 21, 9, 0);
const FROM = Date.UTC(2026, 10, 22, 2, 0);
const UNTIL = FROM + 2 * HOUR;

let t: TempDatabase;
let dbc: string;
let api: string;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', ANNOUNCED - 30 * DAY);
  dbc = component(t.db, 'db', 'Database', ANNOUNCED - 30 * DAY, { position: 1 });
  api = component(t.db, 'api', 'API', ANNOUNCED - 30 * DAY, { position: 2, status: 'degraded_performance' });
  web = component(t.db, 'web', 'Website', ANNOUNCED - 30 * DAY, { position: 3 });
});
afterEach(() => {
  vi.restoreAllMocks();
  t.dispose();
});

function schedule(over: Partial<NewMaintenanceFields> = {}, announcedAt = ANNOUNCED): string {
  return scheduleMaintenance(
    t.db,
    {
      title: 'Database upgrade',
      scheduledFor: FROM,
      scheduledUntil: UNTIL,
      componentIds: [dbc, api],
      message: 'We will upgrade the database.',
      notify: true,
      autoStart: true,
      autoComplete: true,
      ...over,
    },
    SYSTEM,
    'UTC',
    announcedAt,
  ).id;
}

function statusOf(componentId: string): ComponentStatus {
  return t.db
    .select({ status: componentStatusChanges.status })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.componentId, componentId))
    .orderBy(desc(componentStatusChanges.at), desc(componentStatusChanges.id))
    .get()!.status;
}

const timeline = (id: string) =>
  t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, id)).orderBy(eventUpdates.displayAt, eventUpdates.createdAt).all();

function counts(db: Db) {
  const n = (table: Parameters<ReturnType<Db['select']>['from']>[0]): number => db.select({ n: count() }).from(table).get()!.n;
  return { updates: n(eventUpdates), history: n(componentStatusChanges), audit: n(auditLog), deliveries: n(deliveries) };
}

const startedAtOf = (id: string): number | null => t.db.select({ at: events.startedAt }).from(events).where(eq(events.id, id)).get()!.at;

const IN_PROGRESS_TEXT = 'The planned maintenance of Database and API has begun. You may notice interruptions until Nov 22, 2026, 04:00 UTC. We will post here as soon as it is finished.';
const COMPLETED_TEXT = 'The planned maintenance of Database and API is complete and everything is working normally. Thank you for your patience.';

describe('runMaintenanceTick', () => {
  it('does nothing before the window', () => {
    schedule();
    const before = counts(t.db);
    expect(runMaintenanceTick(t.db, FROM - 1)).toEqual({ started: [], completed: [] });
    expect(counts(t.db)).toEqual(before);
  });

  it('starts on time: an in-progress update dated at the planned start, components under maintenance, audited as the system', () => {
    const id = schedule();
    expect(runMaintenanceTick(t.db, FROM + 30_000)).toEqual({ started: [id], completed: [] });
    const [, started] = timeline(id);
    expect(started).toMatchObject({ status: 'in_progress', displayAt: FROM, createdAt: FROM + 30_000, authorId: null, body: IN_PROGRESS_TEXT });
    expect([statusOf(dbc), statusOf(api), statusOf(web)]).toEqual(['under_maintenance', 'under_maintenance', 'operational']);
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.updateId, started!.id)).all()).toMatchObject([
      { at: FROM, cause: 'maintenance', eventId: id, actorId: null },
      { at: FROM, cause: 'maintenance', eventId: id, actorId: null },
    ]);
    expect(startedAtOf(id)).toBe(FROM);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.started')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: FROM + 30_000, actorId: null, actorLabel: 'system', objectType: 'maintenance', objectId: id });
    expect(JSON.parse(audit[0]!.diff!)).toMatchObject({ automatic: true, displayAt: new Date(FROM).toISOString() });
  });

  it('starts late (beyond the tolerance) at the time it actually happens', () => {
    const id = schedule();
    const late = FROM + ON_TIME_TOLERANCE_MS + MINUTE;
    expect(runMaintenanceTick(t.db, late)).toEqual({ started: [id], completed: [] });
    expect(timeline(id).at(-1)).toMatchObject({ status: 'in_progress', displayAt: late });
    expect(startedAtOf(id)).toBe(late);
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, dbc)).all().at(-1)!.at).toBe(late);
  });

  it('never dates the start before the announcement of a window announced after it began', () => {
    const announced = FROM + MINUTE;
    const id = schedule({}, announced);
    runMaintenanceTick(t.db, FROM + 2 * MINUTE);
    expect(timeline(id).map((u) => [u.status, u.displayAt])).toEqual([
      ['scheduled', announced],
      ['in_progress', announced],
    ]);
  });

  it('completes on time, handing each component back the status it had before', () => {
    const id = schedule();
    runMaintenanceTick(t.db, FROM);
    expect(runMaintenanceTick(t.db, UNTIL + 10_000)).toEqual({ started: [], completed: [id] });
    expect(timeline(id).at(-1)).toMatchObject({ status: 'completed', displayAt: UNTIL, authorId: null, body: COMPLETED_TEXT });
    expect([statusOf(dbc), statusOf(api), statusOf(web)]).toEqual(['operational', 'degraded_performance', 'operational']);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'maintenance.completed')).get()).toMatchObject({ actorLabel: 'system', objectId: id });
    // The start time is when the work began, not when it ended.
    expect(startedAtOf(id)).toBe(FROM);
  });

  it('leaves a component someone changed during the window as they set it', () => {
    const id = schedule();
    runMaintenanceTick(t.db, FROM);
    incident(t.db, { title: 'API down', startedAt: FROM + 30 * MINUTE, steps: [{ at: FROM + 30 * MINUTE, status: 'investigating', body: 'x', set: { [api]: 'major_outage' } }] });
    runMaintenanceTick(t.db, UNTIL);
    expect([statusOf(dbc), statusOf(api)]).toEqual(['operational', 'major_outage']);
    const completed = timeline(id).at(-1)!;
    expect(t.db.select().from(componentStatusChanges).where(eq(componentStatusChanges.updateId, completed.id)).all().map((c) => c.componentId)).toEqual([dbc]);
    // The message still speaks of the whole maintenance.
    expect(completed.body).toBe(COMPLETED_TEXT);
  });

  it('leaves a component that was already under maintenance (another window) for that one to hand back', () => {
    const other = schedule({ title: 'Network work', componentIds: [dbc], scheduledFor: FROM - HOUR, scheduledUntil: UNTIL + HOUR });
    const id = schedule();
    runMaintenanceTick(t.db, FROM - HOUR);
    runMaintenanceTick(t.db, FROM);
    runMaintenanceTick(t.db, UNTIL);
    expect([statusOf(dbc), statusOf(api)]).toEqual(['under_maintenance', 'degraded_performance']);
    expect(runMaintenanceTick(t.db, UNTIL + HOUR)).toEqual({ started: [], completed: [other] });
    expect(statusOf(dbc)).toBe('operational');
    expect(timeline(id).at(-1)!.status).toBe('completed');
  });

  it('does not start without automatic start, nor complete what nobody started', () => {
    const id = schedule({ autoStart: false });
    const before = counts(t.db);
    expect(runMaintenanceTick(t.db, FROM + MINUTE)).toEqual({ started: [], completed: [] });
    expect(runMaintenanceTick(t.db, UNTIL + DAY)).toEqual({ started: [], completed: [] });
    expect(counts(t.db)).toEqual(before);
    expect(timeline(id).map((u) => u.status)).toEqual(['scheduled']);
  });

  it('starts but does not complete without automatic completion', () => {
    const id = schedule({ autoComplete: false });
    expect(runMaintenanceTick(t.db, UNTIL + HOUR)).toEqual({ started: [id], completed: [] });
    expect(runMaintenanceTick(t.db, UNTIL + DAY)).toEqual({ started: [], completed: [] });
    expect(timeline(id).map((u) => u.status)).toEqual(['scheduled', 'in_progress']);
    expect(statusOf(dbc)).toBe('under_maintenance');
  });

  it('completes on time what a person started early', () => {
    const id = schedule();
    postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'Starting early.', notify: true, changes: [{ componentId: dbc, status: 'under_maintenance' }] }, SYSTEM, FROM - 10 * MINUTE);
    expect(runMaintenanceTick(t.db, FROM)).toEqual({ started: [], completed: [] });
    expect(runMaintenanceTick(t.db, UNTIL)).toEqual({ started: [], completed: [id] });
    expect([statusOf(dbc), statusOf(api)]).toEqual(['operational', 'degraded_performance']);
  });

  it('is idempotent: a second run at the same moment, or later, does nothing more', () => {
    const id = schedule();
    runMaintenanceTick(t.db, FROM);
    const afterStart = counts(t.db);
    expect(runMaintenanceTick(t.db, FROM)).toEqual({ started: [], completed: [] });
    expect(runMaintenanceTick(t.db, FROM + HOUR)).toEqual({ started: [], completed: [] });
    expect(counts(t.db)).toEqual(afterStart);
    runMaintenanceTick(t.db, UNTIL);
    const afterEnd = counts(t.db);
    expect(runMaintenanceTick(t.db, UNTIL)).toEqual({ started: [], completed: [] });
    expect(runMaintenanceTick(t.db, UNTIL + DAY)).toEqual({ started: [], completed: [] });
    expect(counts(t.db)).toEqual(afterEnd);
    expect(timeline(id).map((u) => u.status)).toEqual(['scheduled', 'in_progress', 'completed']);
  });

  it('catches up on a window that passed entirely while stopped: started and completed in one tick, dated now', () => {
    const id = schedule();
    const back = UNTIL + 3 * HOUR;
    expect(runMaintenanceTick(t.db, back)).toEqual({ started: [id], completed: [id] });
    expect(timeline(id).map((u) => [u.status, u.displayAt])).toEqual([
      ['scheduled', ANNOUNCED],
      ['in_progress', back],
      ['completed', back],
    ]);
    expect([statusOf(dbc), statusOf(api), statusOf(web)]).toEqual(['operational', 'degraded_performance', 'operational']);
    expect(t.db.select({ status: componentStatusChanges.status }).from(componentStatusChanges).where(eq(componentStatusChanges.componentId, api)).all().map((r) => r.status)).toEqual([
      'degraded_performance',
      'under_maintenance',
      'degraded_performance',
    ]);
    expect(runMaintenanceTick(t.db, back + MINUTE)).toEqual({ started: [], completed: [] });
  });

  it('handles several maintenance windows in one tick, soonest first', () => {
    const later = schedule({ title: 'Later', scheduledFor: FROM + 30 * MINUTE, componentIds: [web] });
    const sooner = schedule();
    expect(runMaintenanceTick(t.db, FROM + 40 * MINUTE)).toEqual({ started: [sooner, later], completed: [] });
  });

  describe('subscribers', () => {
    beforeEach(() => {
      t.db
        .insert(subscribers)
        .values({ id: 'subscriber01', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: ANNOUNCED - DAY, updatedAt: ANNOUNCED - DAY, confirmedAt: ANNOUNCED - DAY })
        .run();
    });

    const deliveriesFor = (id: string) => t.db.select().from(deliveries).where(and(eq(deliveries.eventId, id), eq(deliveries.subscriberId, 'subscriber01'))).all();

    it('are told of the start and the end when the announcement notified them', () => {
      const id = schedule({ notify: true });
      expect(deliveriesFor(id)).toHaveLength(1);
      runMaintenanceTick(t.db, FROM);
      runMaintenanceTick(t.db, UNTIL);
      const updates = timeline(id);
      expect(updates.map((u) => u.notify)).toEqual([true, true, true]);
      expect(deliveriesFor(id).map((d) => [d.kind, d.updateId, d.state])).toEqual(updates.map((u) => ['update', u.id, 'pending']));
    });

    it('are not told when the announcement did not notify them', () => {
      const id = schedule({ notify: false });
      runMaintenanceTick(t.db, UNTIL + HOUR);
      expect(timeline(id).map((u) => u.notify)).toEqual([false, false, false]);
      expect(deliveriesFor(id)).toEqual([]);
    });
  });

  describe('wording', () => {
    it('uses the first "in progress" and "completed" templates as edited', () => {
      const stored = findTemplateByKey(t.db, 'maintenance', 'in-progress', ANNOUNCED)!;
      updateTemplate(t.db, stored.id, { ...stored, body: 'Work on {{components}} has started (until {{ends_at}}).' }, SYSTEM, ANNOUNCED);
      const id = schedule();
      runMaintenanceTick(t.db, FROM);
      expect(timeline(id).at(-1)!.body).toBe('Work on Database and API has started (until Nov 22, 2026, 04:00 UTC).');
    });

    it('falls back to the shipped wording when every template for the stage is gone', () => {
      for (const tpl of listTemplates(t.db, 'maintenance', ANNOUNCED)) deleteTemplate(t.db, tpl.id, SYSTEM, ANNOUNCED);
      const id = schedule();
      runMaintenanceTick(t.db, UNTIL + HOUR);
      expect(timeline(id).slice(1).map((u) => u.body)).toEqual([IN_PROGRESS_TEXT, COMPLETED_TEXT]);
    });

    it('speaks of "our services" for a maintenance naming no component', () => {
      const id = schedule({ componentIds: [] });
      runMaintenanceTick(t.db, FROM);
      expect(timeline(id).at(-1)!.body).toMatch(/^The planned maintenance of our services has begun\./);
    });
  });

  it('reports a maintenance it cannot advance and goes on with the others', () => {
    const broken = schedule({ componentIds: [web] });
    const fine = schedule({ title: 'Fine', scheduledFor: FROM + MINUTE });
    // A component turned into a group meanwhile can no longer carry a status.
    t.db.update(components).set({ isGroup: true }).where(eq(components.id, web)).run();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(runMaintenanceTick(t.db, FROM + 2 * MINUTE)).toEqual({ started: [fine], completed: [] });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`cannot advance maintenance ${broken}`));
    expect(timeline(broken).map((u) => u.status)).toEqual(['scheduled']);
  });
});
