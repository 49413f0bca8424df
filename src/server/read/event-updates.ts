import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, eventComponents, eventUpdates, updateComponentChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { EventStatus } from '../../core/incident-status.js';

export interface UpdateRecord {
  readonly id: string;
  readonly eventId: string;
  readonly status: EventStatus;
  readonly body: string;
  readonly displayAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly notify: boolean;
  readonly changes: readonly ComponentChangeRecord[];
}

export interface ComponentChangeRecord {
  readonly componentId: string;
  readonly name: string;
  readonly slug: string;
  readonly oldStatus: ComponentStatus;
  readonly newStatus: ComponentStatus;
}

export interface AffectedComponent {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly groupId: string | null;
}

/** Updates of the given events, oldest first per event, each with its component changes. */
export function updatesForEvents(db: Db, eventIds: readonly string[]): Map<string, UpdateRecord[]> {
  const out = new Map<string, UpdateRecord[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return out;
  const ids = [...eventIds];
  const updates = db
    .select()
    .from(eventUpdates)
    .where(inArray(eventUpdates.eventId, ids))
    .orderBy(asc(eventUpdates.displayAt), asc(eventUpdates.createdAt), asc(sql`${eventUpdates}.rowid`))
    .all();
  const byUpdate = componentChangesWhere(db, inArray(eventUpdates.eventId, ids));
  for (const u of updates) out.get(u.eventId)?.push({ ...u, changes: byUpdate.get(u.id) ?? [] });
  return out;
}

/**
 * The newest update (by display time, as `newestUpdate`) of each of the given events that has
 * one, with its component changes: what a list of events shows, without loading whole timelines.
 */
export function latestUpdatesOf(db: Db, eventIds: readonly string[]): Map<string, UpdateRecord> {
  const out = new Map<string, UpdateRecord>();
  if (eventIds.length === 0) return out;
  const updates = db
    .select()
    .from(eventUpdates)
    .where(
      sql`${eventUpdates}.rowid in (
        select (select u.rowid from event_updates u where u.event_id = e.id
                order by u.display_at desc, u.created_at desc, u.rowid desc limit 1)
        from events e where e.id in ${[...eventIds]})`,
    )
    .all();
  const byUpdate = componentChangesWhere(
    db,
    inArray(
      updateComponentChanges.updateId,
      updates.map((u) => u.id),
    ),
  );
  for (const u of updates) out.set(u.eventId, { ...u, changes: byUpdate.get(u.id) ?? [] });
  return out;
}

/** The component statuses any update of each event announced (distinct, in no order): what its impact derives from. */
export function announcedStatusesOf(db: Db, eventIds: readonly string[]): Map<string, ComponentStatus[]> {
  const out = new Map<string, ComponentStatus[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return out;
  const rows = db
    .selectDistinct({ eventId: eventUpdates.eventId, status: updateComponentChanges.newStatus })
    .from(updateComponentChanges)
    .innerJoin(eventUpdates, eq(eventUpdates.id, updateComponentChanges.updateId))
    .where(inArray(eventUpdates.eventId, [...eventIds]))
    .all();
  for (const { eventId, status } of rows) out.get(eventId)?.push(status);
  return out;
}

/** Component changes of the updates `where` selects (over the changes joined to their update), by update id, in page order. */
function componentChangesWhere(db: Db, where: SQL): Map<string, ComponentChangeRecord[]> {
  const changes = db
    .select({
      updateId: updateComponentChanges.updateId,
      componentId: updateComponentChanges.componentId,
      name: components.name,
      slug: components.slug,
      oldStatus: updateComponentChanges.oldStatus,
      newStatus: updateComponentChanges.newStatus,
    })
    .from(updateComponentChanges)
    .innerJoin(eventUpdates, eq(eventUpdates.id, updateComponentChanges.updateId))
    .innerJoin(components, eq(components.id, updateComponentChanges.componentId))
    .where(where)
    .orderBy(asc(components.position), asc(components.name))
    .all();
  const byUpdate = new Map<string, ComponentChangeRecord[]>();
  for (const { updateId, ...change } of changes) {
    const list = byUpdate.get(updateId) ?? [];
    list.push(change);
    byUpdate.set(updateId, list);
  }
  return byUpdate;
}

/** The components each event affects, in page order. */
export function affectedComponentsOf(db: Db, eventIds: readonly string[]): Map<string, AffectedComponent[]> {
  const out = new Map<string, AffectedComponent[]>(eventIds.map((id) => [id, []]));
  if (eventIds.length === 0) return out;
  const rows = db
    .select({
      eventId: eventComponents.eventId,
      id: components.id,
      name: components.name,
      slug: components.slug,
      groupId: components.groupId,
    })
    .from(eventComponents)
    .innerJoin(components, eq(components.id, eventComponents.componentId))
    .where(inArray(eventComponents.eventId, [...eventIds]))
    .orderBy(asc(components.position), asc(components.name))
    .all();
  for (const { eventId, ...c } of rows) out.get(eventId)?.push(c);
  return out;
}

/** One update with its event id, or null; `eventId` lets a page check the update belongs to the event in its URL. */
export function findUpdate(db: Db, updateId: string): Omit<UpdateRecord, 'changes'> | null {
  return db.select().from(eventUpdates).where(eq(eventUpdates.id, updateId)).get() ?? null;
}
