import { and, eq, isNull } from 'drizzle-orm';
import { writeTransaction, type Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import type { MaintenanceStatus } from '../../core/incident-status.js';
import { automaticDisplayAt, dueSteps, type AutomaticStep } from '../../core/maintenance-schedule.js';
import { fillTemplate, placeholderValuesOf } from '../../core/template.js';
import { recordAudit, SYSTEM, type Actor } from '../audit.js';
import type { MaintenanceUpdateFields, NewMaintenanceFields } from '../forms/maintenance-form.js';
import { findEvent } from '../read/events.js';
import { affectedComponentsOf } from '../read/event-updates.js';
import { maintenanceState, restorePlan, type MaintenanceState } from '../read/maintenance.js';
import { readPageSettings } from '../settings.js';
import { shippedTemplate } from '../templates/defaults.js';
import { templateForStatus } from '../templates/store.js';
import { appendUpdate, insertEvent, RejectedError } from '../write/events.js';
import { assertDatesInBounds } from '../write/date-bounds.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Records when the work actually began (the first update past "scheduled"); the window stays
 * the plan. Later updates leave it alone.
 */
function markStarted(db: Db, eventId: string, status: MaintenanceStatus, at: number): void {
  if (status === 'scheduled') return;
  db.update(events).set({ startedAt: at }).where(and(eq(events.id, eventId), isNull(events.startedAt))).run();
}

/** Announces planned maintenance with its first ("scheduled") update: one transaction, audited. */
export function scheduleMaintenance(db: Db, fields: NewMaintenanceFields, actor: Actor, timeZone: string, now: number): { id: string; reference: string } {
  assertDatesInBounds(db, { instants: [fields.scheduledFor, fields.scheduledUntil] }, now);
  return writeTransaction(db, (tx) => {
    const created = insertEvent(
      tx,
      {
        kind: 'maintenance',
        title: fields.title,
        severity: null,
        impactOverride: null,
        startedAt: null,
        scheduledFor: fields.scheduledFor,
        scheduledUntil: fields.scheduledUntil,
        componentIds: fields.componentIds,
        autoStart: fields.autoStart,
        autoComplete: fields.autoComplete,
      },
      timeZone,
      now,
    );
    appendUpdate(tx, { eventId: created.id, status: 'scheduled', body: fields.message, displayAt: 'now', notify: fields.notify, authorId: actor.id, changes: [] }, now);
    recordAudit(
      tx,
      actor,
      {
        action: 'maintenance.scheduled',
        objectType: 'maintenance',
        objectId: created.id,
        diff: {
          title: fields.title,
          window: [iso(fields.scheduledFor), iso(fields.scheduledUntil)],
          componentIds: fields.componentIds,
          autoStart: fields.autoStart,
          autoComplete: fields.autoComplete,
          notify: fields.notify,
        },
      },
      now,
    );
    return created;
  });
}

/** A person's update (lifecycle rules checked) with its component changes: one transaction, audited. */
export function postMaintenanceUpdate(db: Db, eventId: string, fields: MaintenanceUpdateFields, actor: Actor, now: number): { id: string } {
  return writeTransaction(db, (tx) => {
    if (findEvent(tx, eventId)?.kind !== 'maintenance') throw new RejectedError('That maintenance does not exist (it may have been deleted).');
    const update = appendUpdate(
      tx,
      { eventId, status: fields.status, body: fields.message, displayAt: 'now', notify: fields.notify, authorId: actor.id, changes: fields.changes },
      now,
    );
    markStarted(tx, eventId, fields.status, now);
    recordAudit(tx, actor, { action: 'maintenance.updated', objectType: 'maintenance', objectId: eventId, diff: { status: fields.status, changes: fields.changes } }, now);
    return update;
  });
}

/** The stage's wording: the first stored template for it, or the shipped one if the owner deleted them all. */
function automaticText(db: Db, state: MaintenanceState, status: 'in_progress' | 'completed', now: number): string {
  const body = templateForStatus(db, 'maintenance', status, now)?.body ?? shippedTemplate('maintenance', status)!.body;
  const names = (affectedComponentsOf(db, [state.id]).get(state.id) ?? []).map((c) => c.name);
  return fillTemplate(
    body,
    placeholderValuesOf({
      // A maintenance naming no component concerns the whole page.
      componentNames: names.length > 0 ? names : ['our services'],
      // Maintenance placeholders speak of the window only; started_at and duration are incidents'.
      startedAt: state.scheduledFor,
      nextUpdateAt: null,
      window: { from: state.scheduledFor, until: state.scheduledUntil },
      timeZone: readPageSettings(db, now).timeZone,
      now,
    }),
  );
}

/**
 * The scheduler's work on one maintenance, in one transaction: starts it (affected components
 * under maintenance) and/or completes it (components handed back, see restorePlan) as
 * `dueSteps` says, audited as the system. The state is read inside the transaction, so a
 * person's update or another process's tick that got there first leaves nothing to do:
 * running it again does nothing. Returns the steps taken.
 */
export function advanceMaintenance(db: Db, eventId: string, now: number): AutomaticStep[] {
  // The write lock is taken before reading, so two processes cannot both decide to start the same window.
  return writeTransaction(db, (tx) => {
    const state = maintenanceState(tx, eventId);
    if (!state) return [];
    const steps = dueSteps(state, now);
    let latest = state.latestUpdateAt;
    for (const step of steps) {
      const status = step === 'start' ? 'in_progress' : 'completed';
      const displayAt = automaticDisplayAt(step === 'start' ? state.scheduledFor : state.scheduledUntil, now, latest);
      const changes =
        step === 'start'
          ? (affectedComponentsOf(tx, [eventId]).get(eventId) ?? []).map((c) => ({ componentId: c.id, status: 'under_maintenance' as const }))
          : restorePlan(tx, eventId);
      const body = automaticText(tx, state, status, now);
      appendUpdate(tx, { eventId, status, body, displayAt, live: true, notify: state.notify, authorId: null, changes }, now);
      markStarted(tx, eventId, status, displayAt);
      recordAudit(
        tx,
        SYSTEM,
        { action: step === 'start' ? 'maintenance.started' : 'maintenance.completed', objectType: 'maintenance', objectId: eventId, diff: { automatic: true, displayAt: iso(displayAt), changes } },
        now,
      );
      latest = displayAt;
    }
    return steps;
  });
}
