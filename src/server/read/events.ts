import { and, asc, desc, eq, gte, inArray, lt, or, sql, count, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rememberedUntilEventsChange } from './content-memo.js';
import { eventComponents, events, openEvents } from '../../../db/schema.js';
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
