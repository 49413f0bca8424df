import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, componentStatusChanges, eventComponents, events, eventUpdates, referenceSequences, updateComponentChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import {
  isIncidentStatus,
  isMaintenanceStatus,
  type EventKind,
  type EventStatus,
} from '../../core/incident-status.js';
import { incidentTransition, maintenanceTransition, type Transition } from '../../core/lifecycle.js';
import { formatReference, nextSequence, referenceDayPrefix } from '../../core/reference.js';
import { dayKeyOf } from '../../core/time.js';
import { newPublicId } from '../ids.js';
import { newestUpdate, type EventRecord } from '../read/events.js';
import { enqueueEventDeliveries } from '../outbox/enqueue.js';
import { announceUpdate } from '../team-channels/announce.js';
import { recordStatusChange } from './status-change.js';

const newestUpdateStatus = newestUpdate<EventStatus | null>('status');
const newestUpdateAt = newestUpdate<number | null>('display_at');

/** A refusal a person can act on; nothing was written. */
export class RejectedError extends Error {
  override readonly name = 'RejectedError';
}

/**
 * Incidents need `startedAt` (when the problem began); maintenance needs its window, and may
 * turn off the scheduler's automatic start or completion (both on unless said otherwise).
 */
export type NewEvent = Pick<
  EventRecord,
  'kind' | 'title' | 'severity' | 'impactOverride' | 'startedAt' | 'scheduledFor' | 'scheduledUntil'
> & { readonly componentIds: readonly string[]; readonly autoStart?: boolean; readonly autoComplete?: boolean };

export interface NewUpdate {
  readonly eventId: string;
  readonly status: EventStatus;
  readonly body: string;
  /**
   * Epoch ms shown to readers, or `'now'` for an update posted live: shown at `now`, or just after
   * the newest update if the clock stepped back, so it always becomes the event's status.
   */
  readonly displayAt: number | 'now';
  /**
   * Whether the update happens as it is written, so its component changes are news to
   * subscribers: always for `'now'`; the scheduler's on-time step carries its planned time but is
   * live too. A backfilled past update is not.
   */
  readonly live?: boolean;
  readonly notify: boolean;
  readonly authorId: string | null;
  /** Components whose status this update sets; each is recorded in the status history at displayAt. */
  readonly changes: readonly { readonly componentId: string; readonly status: ComponentStatus }[];
}

/**
 * Inserts an event with its reference (`INC-`/`MNT-` + the page-zone day it starts + sequence),
 * recording the sequence in `reference_sequences` so it is never issued again, even once the
 * event is deleted. Call inside a transaction together with its first update.
 */
export function insertEvent(db: Db, input: NewEvent, timeZone: string, now: number): { id: string; reference: string } {
  const anchor = input.kind === 'incident' ? input.startedAt : input.scheduledFor;
  if (anchor === null) throw new RejectedError(input.kind === 'incident' ? 'An incident needs a start time.' : 'Maintenance needs a window.');
  if (input.kind === 'maintenance' && (input.scheduledUntil === null || input.scheduledUntil <= anchor)) {
    throw new RejectedError('The maintenance window must end after it starts.');
  }
  assertLeafComponents(db, input.componentIds);
  const prefix = input.kind === 'incident' ? 'INC' : 'MNT';
  const day = dayKeyOf(anchor, timeZone);
  const dayPrefix = referenceDayPrefix(prefix, day);
  const taken = db
    .select({ reference: events.reference })
    .from(events)
    .where(like(events.reference, `${dayPrefix}-%`))
    .all()
    .map((r) => r.reference);
  const issued = db.select({ lastSeq: referenceSequences.lastSeq }).from(referenceSequences).where(eq(referenceSequences.dayPrefix, dayPrefix)).get();
  const lastSeq = nextSequence(prefix, day, taken, issued?.lastSeq ?? 0);
  const reference = formatReference(prefix, day, lastSeq);
  db.insert(referenceSequences).values({ dayPrefix, lastSeq }).onConflictDoUpdate({ target: referenceSequences.dayPrefix, set: { lastSeq } }).run();
  const id = newPublicId();
  db.insert(events)
    .values({
      id,
      kind: input.kind,
      reference,
      title: input.title,
      severity: input.kind === 'incident' ? input.severity : null,
      impactOverride: input.impactOverride,
      startedAt: input.startedAt,
      scheduledFor: input.scheduledFor,
      scheduledUntil: input.scheduledUntil,
      autoStart: input.autoStart ?? true,
      autoComplete: input.autoComplete ?? true,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  linkComponents(db, id, input.componentIds);
  return { id, reference };
}

export function linkComponents(db: Db, eventId: string, componentIds: readonly string[]): void {
  for (const componentId of componentIds) {
    db.insert(eventComponents).values({ eventId, componentId }).onConflictDoNothing().run();
  }
}

/** Whether an update may carry `to`; `from` is null for an event's first update. */
function transitionFor(kind: EventKind, from: EventStatus | null, to: EventStatus): Transition {
  if (kind === 'incident') {
    if (!isIncidentStatus(to)) return { allowed: false, reason: `“${to}” is not an incident status.` };
    // Only publishing a postmortem leads there; an update saying so would show an empty one.
    if (to === 'postmortem') return { allowed: false, reason: 'Publish a postmortem to move a resolved incident to Postmortem.' };
    return from === null || !isIncidentStatus(from) ? { allowed: true } : incidentTransition(from, to);
  }
  if (!isMaintenanceStatus(to)) return { allowed: false, reason: `“${to}” is not a maintenance status.` };
  return from === null || !isMaintenanceStatus(from) ? { allowed: true } : maintenanceTransition(from, to);
}

/** Only existing leaf components carry a status; groups show their children's. */
export function assertLeafComponents(db: Db, componentIds: readonly string[]): void {
  if (componentIds.length === 0) return;
  const found = db
    .select({ id: components.id, isGroup: components.isGroup, name: components.name })
    .from(components)
    .where(inArray(components.id, [...componentIds]))
    .all();
  for (const id of componentIds) {
    const c = found.find((f) => f.id === id);
    if (!c) throw new RejectedError(`Component ${id} does not exist (it may have been removed).`);
    if (c.isGroup) throw new RejectedError(`“${c.name}” is a group; set the status of the components inside it instead.`);
  }
}

/** The status a component has right before `at` (latest change at or before it), operational if none. */
export function statusAt(db: Db, componentId: string, at: number): ComponentStatus {
  const row = db
    .select({ status: componentStatusChanges.status })
    .from(componentStatusChanges)
    .where(and(eq(componentStatusChanges.componentId, componentId), sql`${componentStatusChanges.at} <= ${at}`))
    .orderBy(desc(componentStatusChanges.at), desc(componentStatusChanges.id))
    .limit(1)
    .get();
  return row?.status ?? 'operational';
}

/**
 * Appends an update to an event's timeline, checking the lifecycle rule against the
 * current status, and records each component change both on the update (old → new)
 * and in the component's status history. Call inside a transaction.
 */
export function appendUpdate(db: Db, input: NewUpdate, now: number): { id: string } {
  const event = db
    .select({
      kind: events.kind,
      postmortemPublishedAt: events.postmortemPublishedAt,
      newest: newestUpdateStatus,
      newestAt: newestUpdateAt,
    })
    .from(events)
    .where(eq(events.id, input.eventId))
    .get();
  if (!event) throw new RejectedError('That incident does not exist (it may have been deleted).');
  const current =
    event.newest === null ? null : deriveEventStatus(event.kind, event.newest, event.postmortemPublishedAt !== null);
  const transition = transitionFor(event.kind, current, input.status);
  if (!transition.allowed) throw new RejectedError(transition.reason);
  assertLeafComponents(db, input.changes.map((c) => c.componentId));
  // Equal times are fine (the later post wins the tie); only an earlier clock needs moving.
  const displayAt = input.displayAt !== 'now' ? input.displayAt : event.newestAt === null || now >= event.newestAt ? now : event.newestAt + 1;
  const live = input.displayAt === 'now' || input.live === true;

  const id = newPublicId();
  db.insert(eventUpdates)
    .values({
      id,
      eventId: input.eventId,
      status: input.status,
      body: input.body,
      displayAt,
      notify: input.notify,
      authorId: input.authorId,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  for (const change of input.changes) {
    const oldStatus = statusAt(db, change.componentId, displayAt);
    db.insert(updateComponentChanges)
      .values({ updateId: id, componentId: change.componentId, oldStatus, newStatus: change.status })
      .run();
    if (oldStatus !== change.status) {
      recordStatusChange(
        db,
        { componentId: change.componentId, from: oldStatus, to: change.status, at: displayAt, cause: event.kind, eventId: input.eventId, updateId: id, actorId: input.authorId },
        // A backfilled past update is history, not news; subscribers hear of changes an update they are told of makes.
        { team: input.displayAt === 'now', subscribers: live && input.notify },
        now,
      );
    }
  }
  linkComponents(db, input.eventId, input.changes.map((c) => c.componentId));
  db.update(events).set({ updatedAt: now }).where(eq(events.id, input.eventId)).run();
  // After linking: the components this update names decide who hears about it.
  if (input.notify) enqueueEventDeliveries(db, { kind: 'update', eventId: input.eventId, updateId: id }, now);
  if (input.displayAt === 'now') announceUpdate(db, { eventId: input.eventId, updateId: id, status: input.status, body: input.body, notify: input.notify }, now);
  return { id };
}
