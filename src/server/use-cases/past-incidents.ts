import { type Db, writeTransaction } from '../../../db/client.js';
import { pastTimelineProblems } from '../../core/backfill.js';
import { recordAudit, type Actor } from '../audit.js';
import type { BackfillFields } from '../forms/backfill-form.js';
import { assertDatesInBounds } from '../write/date-bounds.js';
import { appendUpdate, insertEvent, RejectedError, statusAt } from '../write/events.js';

/**
 * Records an incident that happened in the past, with the times given: one transaction,
 * audited, no subscriber told (it is history, not news).
 *
 * The affected components take their incident status at the first update and, at the
 * resolution, go back to the status their history had then without this incident (not
 * simply "operational"): a component whose history has later rows keeps its current status,
 * and one changed by hand during the incident keeps that change. A backfill therefore
 * changes history and uptime only, never what the page shows now.
 */
export function backfillIncident(db: Db, fields: BackfillFields, actor: Actor, timeZone: string, now: number): { id: string; reference: string } {
  assertDatesInBounds(db, { instants: [fields.startedAt, ...fields.updates.map((u) => u.at)] }, now);
  const problem = pastTimelineProblems(fields.startedAt, fields.updates, now, timeZone)[0];
  if (problem) throw new RejectedError(problem.message);
  const resolvedIndex = fields.updates.findIndex((u) => u.status === 'resolved');
  if (fields.changes.length > 0 && resolvedIndex === 0) {
    throw new RejectedError('To record how components were affected, add the first update customers saw as well as the one that resolved it.');
  }
  const resolvedAt = fields.updates[resolvedIndex]!.at;
  return writeTransaction(db, (tx) => {
    // Read before anything is written: the history as it is without this incident.
    const restore = fields.changes.map((c) => ({ componentId: c.componentId, status: statusAt(tx, c.componentId, resolvedAt) }));
    const created = insertEvent(
      tx,
      {
        kind: 'incident',
        title: fields.title,
        severity: fields.severity,
        impactOverride: null,
        startedAt: fields.startedAt,
        scheduledFor: null,
        scheduledUntil: null,
        componentIds: fields.changes.map((c) => c.componentId),
      },
      timeZone,
      now,
    );
    fields.updates.forEach((u, i) => {
      const changes = i === 0 ? fields.changes : i === resolvedIndex ? restore : [];
      appendUpdate(tx, { eventId: created.id, status: u.status, body: u.message, displayAt: u.at, notify: false, authorId: actor.id, changes }, now);
    });
    recordAudit(
      tx,
      actor,
      {
        action: 'incident.backfilled',
        objectType: 'incident',
        objectId: created.id,
        diff: {
          title: fields.title,
          severity: fields.severity,
          startedAt: new Date(fields.startedAt).toISOString(),
          resolvedAt: new Date(resolvedAt).toISOString(),
          updates: fields.updates.length,
          changes: fields.changes,
        },
      },
      now,
    );
    return created;
  });
}
