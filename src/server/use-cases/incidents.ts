import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit, type Actor } from '../audit.js';
import type { NewIncidentFields, UpdateFields } from '../forms/incident-form.js';
import { appendUpdate, insertEvent } from '../write/events.js';

/**
 * Opens an incident with its first update and component changes: one transaction, audited.
 * A rejection (RejectedError) leaves nothing behind.
 */
export function createIncident(db: Db, fields: NewIncidentFields, actor: Actor, timeZone: string, now: number): { id: string; reference: string } {
  return writeTransaction(db, (tx) => {
    const created = insertEvent(
      tx,
      {
        kind: 'incident',
        title: fields.title,
        severity: fields.severity,
        impactOverride: fields.impactOverride,
        startedAt: now,
        scheduledFor: null,
        scheduledUntil: null,
        componentIds: fields.changes.map((c) => c.componentId),
      },
      timeZone,
      now,
    );
    appendUpdate(
      tx,
      { eventId: created.id, status: fields.status, body: fields.message, displayAt: 'now', notify: fields.notify, authorId: actor.id, changes: fields.changes },
      now,
    );
    recordAudit(
      tx,
      actor,
      { action: 'incident.created', objectType: 'incident', objectId: created.id, diff: { title: fields.title, severity: fields.severity, status: fields.status, changes: fields.changes } },
      now,
    );
    return created;
  });
}

/** Posts the next update (lifecycle rules checked) with its component changes: one transaction, audited. */
export function postIncidentUpdate(db: Db, eventId: string, fields: UpdateFields, actor: Actor, now: number): { id: string } {
  return writeTransaction(db, (tx) => {
    const update = appendUpdate(
      tx,
      { eventId, status: fields.status, body: fields.message, displayAt: 'now', notify: fields.notify, authorId: actor.id, changes: fields.changes },
      now,
    );
    recordAudit(tx, actor, { action: 'incident.updated', objectType: 'incident', objectId: eventId, diff: { status: fields.status, changes: fields.changes } }, now);
    return update;
  });
}
