import { and, asc, desc, eq, gte, inArray, lt, or, sql, count, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rememberedUntilEventsChange } from './content-memo.js';
import { components, eventComponents, events, eventUpdates, openEvents, updateComponentChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { Impact } from '../../core/impact.js';
import type { EventKind, EventStatus } from '../../core/incident-status.js';
import type { Severity } from '../../core/severity.js';

export interface EventRecord {
  readonly id: string;
  readonly kind: EventKind;
  readonly reference: string;
  readonly title: string;
  readonly severity: Severity | null;
  readonly impactOverride: Impact | null;
  readonly startedAt: number | null;
  readonly scheduledFor: number | null;
  readonly scheduledUntil: number | null;
  readonly sortAt: number;
  readonly postmortemBody: string | null;
  readonly postmortemPublishedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Status of the newest update (by display time); the event's status is never stored apart from it. */
  readonly latestUpdateStatus: EventStatus | null;
  readonly latestUpdateAt: number | null;
  /** Display time of the first resolved/completed update. */
  readonly closedAt: number | null;
}

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

/**
 * A column of an event's newest update (by display time, then insertion), as a correlated
 * subquery. Written out in full because drizzle leaves `events.id` unqualified in
 * single-table selects, which would silently correlate against the update's own id.
 */
export function newestUpdate<T>(column: 'status' | 'display_at'): SQL<T> {
  return sql<T>`(${sql.raw(
    `select u.${column} from event_updates u where u.event_id = events.id order by u.display_at desc, u.created_at desc, u.rowid desc limit 1`,
  )})`;
}

/** Events whose newest update does not close them (or that have none yet): open_events, kept by triggers. */
const isOpen = sql`${events.id} in (select ${openEvents.eventId} from ${openEvents})`;

const eventColumns = {
  id: events.id,
  kind: events.kind,
  reference: events.reference,
  title: events.title,
  severity: events.severity,
  impactOverride: events.impactOverride,
  startedAt: events.startedAt,
  scheduledFor: events.scheduledFor,
  scheduledUntil: events.scheduledUntil,
  sortAt: sql<number>`${events.sortAt}`,
  postmortemBody: events.postmortemBody,
  postmortemPublishedAt: events.postmortemPublishedAt,
  createdAt: events.createdAt,
  updatedAt: events.updatedAt,
  latestUpdateStatus: newestUpdate<EventStatus | null>('status'),
  latestUpdateAt: newestUpdate<number | null>('display_at'),
  closedAt: sql<number | null>`(select min(u.display_at) from event_updates u where u.event_id = events.id and u.status in ('resolved', 'completed'))`,
};

function selectEvents(db: Db) {
  return db.select(eventColumns).from(events);
}

/**
 * Incidents not yet resolved and maintenance not yet completed (including scheduled), soonest
 * first, from the open_events table the database keeps (searching every event's newest update
 * took 22–106 ms at 20,000 events). Every public document needs them: remembered until an event
 * or an update changes (a component's status change leaves them as they are).
 */
export const listOpenEvents: (db: Db) => readonly EventRecord[] = rememberedUntilEventsChange((db) =>
  // Ties in the order they were posted: the plan over open_events no longer walks events in table order.
  selectEvents(db).where(isOpen).orderBy(asc(events.sortAt), asc(events.createdAt), sql`"events".rowid`).all(),
);

/** Events happening in [from, to), newest first. */
export function listEventsBetween(db: Db, from: number, to: number): EventRecord[] {
  return selectEvents(db)
    .where(and(gte(events.sortAt, from), lt(events.sortAt, to)))
    .orderBy(desc(events.sortAt), desc(events.createdAt))
    .all();
}

/** A slice of `listEventsBetween`: `limit` events from the `offset`-th on, newest first. */
export function pageOfEventsBetween(db: Db, from: number, to: number, limit: number, offset: number): EventRecord[] {
  return pageOfEvents(db, and(gte(events.sortAt, from), lt(events.sortAt, to)), limit, offset);
}

export function countEventsBetween(db: Db, from: number, to: number): number {
  return db.select({ n: count() }).from(events).where(and(gte(events.sortAt, from), lt(events.sortAt, to))).get()?.n ?? 0;
}

/**
 * `limit` events matching `where` from the `offset`-th on, newest first (ties by posting order,
 * then id, so consecutive slices neither repeat nor skip one). Chooses the slice on the bare rows
 * first: sorting full records would compute the newest-update subqueries of every match.
 */
export function pageOfEvents(db: Db, where: SQL | undefined, limit: number, offset: number): EventRecord[] {
  const ids = db
    .select({ id: events.id })
    .from(events)
    .where(where)
    .orderBy(desc(events.sortAt), desc(events.createdAt), desc(events.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = new Map(selectEvents(db).where(inArray(events.id, ids)).all().map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The `limit` latest events (of one kind, if given) by when they happen, upcoming maintenance included, newest first. */
export function listLatestEvents(db: Db, limit: number, kind?: EventKind): EventRecord[] {
  return selectEvents(db)
    .where(kind ? eq(events.kind, kind) : undefined)
    .orderBy(desc(events.sortAt), desc(events.createdAt))
    .limit(limit)
    .all();
}

/** When the latest event happening before `before` (epoch ms) happens, or null with none. */
export function latestEventBefore(db: Db, before: number): number | null {
  return db.select({ at: sql<number | null>`max(${events.sortAt})` }).from(events).where(lt(events.sortAt, before)).get()?.at ?? null;
}

/** When the earliest event happened, or null with none. */
export function earliestEventAt(db: Db): number | null {
  return db.select({ at: sql<number | null>`min(${events.sortAt})` }).from(events).get()?.at ?? null;
}

export function findEvent(db: Db, idOrReference: string): EventRecord | null {
  return (
    selectEvents(db)
      .where(or(eq(events.id, idOrReference), eq(events.reference, idOrReference.toUpperCase())))
      .get() ?? null
  );
}

export function countEventsForComponent(db: Db, componentIds: readonly string[]): number {
  if (componentIds.length === 0) return 0;
  return (
    db
      .select({ n: count(sql`distinct ${eventComponents.eventId}`) })
      .from(eventComponents)
      .where(inArray(eventComponents.componentId, [...componentIds]))
      .get()?.n ?? 0
  );
}

/** Events affecting any of the components (a component, or a group's children), newest first. */
export function listEventsForComponent(
  db: Db,
  componentIds: readonly string[],
  limit: number,
  offset: number,
): EventRecord[] {
  if (componentIds.length === 0) return [];
  return pageOfEvents(
    db,
    sql`${events.id} in (select ec.event_id from event_components ec where ec.component_id in ${[...componentIds]})`,
    limit,
    offset,
  );
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
