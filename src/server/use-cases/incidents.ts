import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit, type Actor } from '../audit.js';
import type { NewIncidentFields, UpdateFields } from '../forms/incident-form.js';
import { reviseEventDetails, type EventDetails } from '../write/event-details.js';
import { appendUpdate, insertEvent } from '../write/events.js';

/**
 * Opens an incident with its first update and component changes: one transaction, audited.
 * A rejection (RejectedError) leaves nothing behind.
 */
export function createIncident(
  db: Db,
  fields: NewIncidentFields & { readonly alsoAffects?: readonly string[] },
  actor: Actor,
  timeZone: string,
  now: number,
): { id: string; reference: string } {
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
        // Components named as affected without a status change are linked too (the API's component_ids).
        componentIds: [...new Set([...fields.changes.map((c) => c.componentId), ...(fields.alsoAffects ?? [])])],
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

/**
 * Renames an incident or maintenance, sets or clears an incident's impact override or severity,
 * and links more affected components: one transaction, audited with what changed (nothing
 * changed: nothing written). Subscribers are not told; an update is what tells them.
 */
export function editIncidentDetails(db: Db, eventId: string, details: EventDetails, actor: Actor, now: number): { changed: boolean } {
  return writeTransaction(db, (tx) => {
    const diff = reviseEventDetails(tx, eventId, details, now);
    if (Object.keys(diff).length === 0) return { changed: false };
    recordAudit(tx, actor, { action: 'incident.details_edited', objectType: 'incident', objectId: eventId, diff }, now);
    return { changed: true };
  });
}
