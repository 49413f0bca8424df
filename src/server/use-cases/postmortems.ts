import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { recordAudit, type Actor } from '../audit.js';
import { publishPostmortem, savePostmortemDraft } from '../write/events.js';

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
