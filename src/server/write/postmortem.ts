import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { isIncidentStatus, type EventStatus } from '../../core/incident-status.js';
import { incidentTransition } from '../../core/lifecycle.js';
import { enqueueEventDeliveries } from '../outbox/enqueue.js';
import { newestUpdate } from '../read/events.js';
import { RejectedError } from './events.js';

const newestUpdateStatus = newestUpdate<EventStatus | null>('status');

/** Refuses a postmortem for anything but a resolved incident; returns whether one is published already. */
function assertPostmortemAllowed(db: Db, eventId: string): { published: boolean } {
  const event = db
    .select({
      kind: events.kind,
      newest: newestUpdateStatus,
      publishedAt: events.postmortemPublishedAt,
    })
    .from(events)
    .where(eq(events.id, eventId))
    .get();
  if (!event) throw new RejectedError('That incident does not exist (it may have been deleted).');
  if (event.kind !== 'incident') throw new RejectedError('Postmortems are written for incidents, not maintenance.');
  const transition = incidentTransition(isIncidentStatus(event.newest) ? event.newest : 'investigating', 'postmortem');
  if (!transition.allowed) throw new RejectedError(transition.reason);
  return { published: event.publishedAt !== null };
}

/**
 * Publishes (or republishes) a postmortem; only a resolved incident can have one. With `notify`,
 * subscribers are told. Call inside a transaction.
 */
export function publishPostmortem(db: Db, eventId: string, body: string, at: number, notify = false): void {
  assertPostmortemAllowed(db, eventId);
  if (body.trim() === '') throw new RejectedError('The postmortem is empty.');
  db.update(events).set({ postmortemBody: body, postmortemPublishedAt: at, updatedAt: at }).where(eq(events.id, eventId)).run();
  if (notify) enqueueEventDeliveries(db, { kind: 'postmortem', eventId }, at);
}

/**
 * Saves a postmortem draft: stored, not public. A published postmortem has no separate draft
 * (the public page shows the stored text), so its edits are republished instead. Call inside a transaction.
 */
export function savePostmortemDraft(db: Db, eventId: string, body: string, at: number): void {
  if (assertPostmortemAllowed(db, eventId).published) {
    throw new RejectedError('This postmortem is published; saving a draft would take it off the public page. Publish your changes instead.');
  }
  if (body.trim() === '') throw new RejectedError('The postmortem is empty.');
  db.update(events).set({ postmortemBody: body, updatedAt: at }).where(eq(events.id, eventId)).run();
}
