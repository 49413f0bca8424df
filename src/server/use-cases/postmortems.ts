import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { recordAudit, type Actor } from '../audit.js';
import { publishPostmortem, savePostmortemDraft } from '../write/postmortem.js';
import { removePostmortem, unpublishPostmortem } from '../write/postmortem-withdrawal.js';

/** Saves a resolved incident's postmortem as a draft (not public): one transaction, audited with its length. */
export function draftPostmortem(db: Db, eventId: string, body: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    savePostmortemDraft(tx, eventId, body, now);
    recordAudit(tx, actor, { action: 'incident.postmortem_drafted', objectType: 'incident', objectId: eventId, diff: { length: body.length } }, now);
  });
}

/**
 * Publishes a resolved incident's postmortem (the incident moves to Postmortem and the text
 * shows on its public page), or republishes an edited one; with `notify`, subscribers get it
 * by mail. One transaction, audited.
 */
export function publishIncidentPostmortem(db: Db, eventId: string, input: { body: string; notify: boolean }, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const republished = (tx.select({ at: events.postmortemPublishedAt }).from(events).where(eq(events.id, eventId)).get()?.at ?? null) !== null;
    publishPostmortem(tx, eventId, input.body, now, input.notify);
    recordAudit(
      tx,
      actor,
      { action: 'incident.postmortem_published', objectType: 'incident', objectId: eventId, diff: { length: input.body.length, notify: input.notify, republished } },
      now,
    );
  });
}

/** Unpublishes a postmortem (its text stays as a draft): one transaction, audited. */
export function revertIncidentPostmortem(db: Db, eventId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    unpublishPostmortem(tx, eventId, now);
    recordAudit(tx, actor, { action: 'incident.postmortem_reverted', objectType: 'incident', objectId: eventId }, now);
  });
}

/** Deletes a postmortem, draft or published: one transaction, audited with the length it had. */
export function deleteIncidentPostmortem(db: Db, eventId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const length = removePostmortem(tx, eventId, now);
    recordAudit(tx, actor, { action: 'incident.postmortem_deleted', objectType: 'incident', objectId: eventId, diff: { length } }, now);
  });
}
