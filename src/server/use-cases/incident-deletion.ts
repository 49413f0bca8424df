import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit, type Actor } from '../audit.js';
import { removeIncident } from '../write/incident-removal.js';

/**
 * Deletes an incident (see removeIncident for what happens to its status history): one
 * transaction, audited with the title and reference, since the row they lived in is gone.
 */
export function deleteIncident(db: Db, eventId: string, actor: Actor, now: number): { reference: string } {
  return writeTransaction(db, (tx) => {
    const removed = removeIncident(tx, eventId);
    recordAudit(tx, actor, { action: 'incident.deleted', objectType: 'incident', objectId: eventId, diff: { ...removed } }, now);
    return { reference: removed.reference };
  });
}
