import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit, type Actor } from '../audit.js';
import { reviseUpdate, type UpdateRevision } from '../write/update-revision.js';

export type EditOutcome = { readonly changed: false } | { readonly changed: true; readonly eventId: string };

/**
 * Corrects an update's text or display time (history rows move with it): one transaction,
 * audited with a short diff (the times, whether the text changed and its lengths; never the
 * text itself). Submitting what is already stored writes nothing. Subscribers are not notified again.
 */
export function editIncidentUpdate(db: Db, revision: UpdateRevision, actor: Actor, timeZone: string, now: number): EditOutcome {
  return writeTransaction(db, (tx): EditOutcome => {
    const revised = reviseUpdate(tx, revision, timeZone, now);
    if (!revised) return { changed: false };
    const timeChanged = revised.before.displayAt !== revision.displayAt;
    const textChanged = revised.before.body !== revision.body;
    recordAudit(
      tx,
      actor,
      {
        action: 'incident.update_edited',
        objectType: 'incident',
        objectId: revised.eventId,
        diff: {
          update: revision.updateId,
          ...(timeChanged && {
            displayAt: { from: new Date(revised.before.displayAt).toISOString(), to: new Date(revision.displayAt).toISOString() },
            historyRowsMoved: revised.movedHistoryRows,
          }),
          textChanged,
          length: { from: revised.before.body.length, to: revision.body.length },
        },
      },
      now,
    );
    return { changed: true, eventId: revised.eventId };
  });
}
