import { and, asc, count, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { componentStatusChanges, events, eventUpdates } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { RejectedError } from './events.js';

export interface RemovedIncident {
  readonly title: string;
  readonly reference: string;
  readonly updates: number;
  /** Status history rows deleted with the incident. */
  readonly historyRemoved: number;
  /** Rows kept (detached: no incident, no update) so the page keeps showing what it shows now. */
  readonly historyKept: number;
}

/**
 * Deletes an incident with its updates (and, by foreign keys, their component changes, links
 * and any mail not yet sent about it). Call inside a transaction.
 *
 * The status history it wrote is removed too: customers' uptime bars should not show an
 * outage that no incident on the page explains any more, and deletion is for incidents that
 * should never have been posted (a mistake, a duplicate, a test). One row per component may
 * stay: the incident's last change of that component, when the history without the incident
 * would say otherwise from that moment on. Keeping it means deleting never changes what a
 * component shows now, nor anything after the incident (for example a component someone set
 * by hand while the incident was open and the incident then resolved). An open incident's
 * outage therefore stays until someone changes the component: resolve an incident before
 * deleting it to return its components. Kept rows are detached by the foreign keys
 * (event_id and update_id become null).
 */
export function removeIncident(db: Db, eventId: string): RemovedIncident {
  const event = db.select({ kind: events.kind, title: events.title, reference: events.reference }).from(events).where(eq(events.id, eventId)).get();
  if (!event || event.kind !== 'incident') throw new RejectedError('That incident does not exist (it may have been deleted already).');
  const updates = db.select({ n: count() }).from(eventUpdates).where(eq(eventUpdates.eventId, eventId)).get()!.n;

  const own = db
    .select({ id: componentStatusChanges.id, componentId: componentStatusChanges.componentId, status: componentStatusChanges.status, at: componentStatusChanges.at })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.eventId, eventId))
    .orderBy(asc(componentStatusChanges.at), asc(componentStatusChanges.id))
    .all();
  const lastByComponent = new Map<string, (typeof own)[number]>();
  for (const row of own) lastByComponent.set(row.componentId, row);
  const keep = new Set<number>();
  for (const last of lastByComponent.values()) {
    if (statusWithout(db, eventId, last) !== last.status) keep.add(last.id);
  }
  const remove = own.filter((r) => !keep.has(r.id)).map((r) => r.id);
  if (remove.length > 0) db.delete(componentStatusChanges).where(inArray(componentStatusChanges.id, remove)).run();
  db.delete(events).where(eq(events.id, eventId)).run();
  return { title: event.title, reference: event.reference, updates, historyRemoved: remove.length, historyKept: keep.size };
}

/** What the component's history says just before `row` (in history order) once the incident's rows are gone. */
function statusWithout(db: Db, eventId: string, row: { id: number; componentId: string; at: number }): ComponentStatus {
  const before = db
    .select({ status: componentStatusChanges.status })
    .from(componentStatusChanges)
    .where(
      and(
        eq(componentStatusChanges.componentId, row.componentId),
        or(isNull(componentStatusChanges.eventId), ne(componentStatusChanges.eventId, eventId)),
        sql`(${componentStatusChanges.at} < ${row.at} or (${componentStatusChanges.at} = ${row.at} and ${componentStatusChanges.id} < ${row.id}))`,
      ),
    )
    .orderBy(desc(componentStatusChanges.at), desc(componentStatusChanges.id))
    .limit(1)
    .get();
  // As everywhere: a component with no history reads as operational.
  return before?.status ?? 'operational';
}
