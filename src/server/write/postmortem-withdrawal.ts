import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { RejectedError } from './events.js';

function postmortemOf(db: Db, eventId: string): { body: string | null; publishedAt: number | null } {
  const row = db.select({ kind: events.kind, body: events.postmortemBody, publishedAt: events.postmortemPublishedAt }).from(events).where(eq(events.id, eventId)).get();
  if (!row || row.kind !== 'incident') throw new RejectedError('That incident does not exist (it may have been deleted).');
  return row;
}

/**
 * Takes a published postmortem off the public page; its text stays as a draft and the incident
 * reads as resolved again. Mail already sent stays sent. Call inside a transaction.
 */
export function unpublishPostmortem(db: Db, eventId: string, now: number): void {
  if (postmortemOf(db, eventId).publishedAt === null) throw new RejectedError('This postmortem is not published; there is nothing to revert.');
  db.update(events).set({ postmortemPublishedAt: null, updatedAt: now }).where(eq(events.id, eventId)).run();
}

/** Deletes a postmortem, draft or published, with its text. Returns its length. Call inside a transaction. */
export function removePostmortem(db: Db, eventId: string, now: number): number {
  const { body } = postmortemOf(db, eventId);
  if (body === null) throw new RejectedError('This incident has no postmortem to delete.');
  db.update(events).set({ postmortemBody: null, postmortemPublishedAt: null, updatedAt: now }).where(eq(events.id, eventId)).run();
  return body.length;
}
