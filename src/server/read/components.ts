import { and, asc, desc, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alerts, components, componentStatusChanges, users } from '../../../db/schema.js';
import type { ComponentStatus, StatusCause } from '../../core/component-status.js';
import type { StatusChange } from '../../core/uptime.js';
import { readAll } from './prepared.js';

export interface ComponentRecord {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly isGroup: boolean;
  readonly groupId: string | null;
  readonly position: number;
  readonly showcase: boolean;
  readonly onlyShowIfDegraded: boolean;
  readonly startDate: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Latest status in the history; null for groups and for components with no history yet. */
  readonly latestStatus: ComponentStatus | null;
  readonly latestStatusAt: number | null;
}

/** The latest status change's column, from the component's head (component_heads: kept by triggers, one row per component). */
const latest = (column: 'status' | 'at'): ReturnType<typeof sql> =>
  sql.raw(`(select h.${column} from component_heads h where h.component_id = components.id)`);

const recordColumns = {
  id: components.id,
  slug: components.slug,
  name: components.name,
  description: components.description,
  isGroup: components.isGroup,
  groupId: components.groupId,
  position: components.position,
  showcase: components.showcase,
  onlyShowIfDegraded: components.onlyShowIfDegraded,
  startDate: components.startDate,
  createdAt: components.createdAt,
  updatedAt: components.updatedAt,
  latestStatus: sql<ComponentStatus | null>`${latest('status')}`,
  latestStatusAt: sql<number | null>`${latest('at')}`,
};

/**
 * Every live (not archived) component and group with its latest status, in page order: top-level
 * entries by position then name, each group directly followed by its children (by position, then
 * name). Statuspage's API lists components the same way.
 *
 * Plain SQL prepared once per connection (prepared.ts): every view of the front page reads this
 * list, and drizzle's builder and mapping cost a fresh process 9–12 ms for 500 components.
 */
const LIVE_COMPONENTS = `
  select c.id as id, c.slug as slug, c.name as name, c.description as description, c.is_group as isGroup,
    c.group_id as groupId, c.position as position, c.showcase as showcase, c.only_show_if_degraded as onlyShowIfDegraded,
    c.start_date as startDate, c.created_at as createdAt, c.updated_at as updatedAt, h.status as latestStatus, h.at as latestStatusAt
  from components c
    left join components g on g.id = c.group_id
    left join component_heads h on h.component_id = c.id
  where c.archived_at is null
  order by coalesce(g.position, c.position), coalesce(g.name, c.name), coalesce(c.group_id, c.id), c.group_id is not null, c.position, c.name`;

/** A row of LIVE_COMPONENTS as SQLite returns it: flags as 0 or 1. */
type LiveRow = Omit<ComponentRecord, 'isGroup' | 'showcase' | 'onlyShowIfDegraded'> & { isGroup: number; showcase: number; onlyShowIfDegraded: number };

/** Every live component and group with its latest status, in page order, in one query. */
export function listComponents(db: Db): ComponentRecord[] {
  return readAll<LiveRow>(db, LIVE_COMPONENTS).map((r) => ({ ...r, isGroup: r.isGroup === 1, showcase: r.showcase === 1, onlyShowIfDegraded: r.onlyShowIfDegraded === 1 }));
}

/** The live components of one group with their latest status, in page order (by position, then name). */
export function listGroupMembers(db: Db, groupId: string): ComponentRecord[] {
  return db
    .select(recordColumns)
    .from(components)
    .where(and(eq(components.groupId, groupId), isNull(components.archivedAt)))
    .orderBy(asc(components.position), asc(components.name))
    .all();
}

/** A component as the admin area sees it: archived ones included, with when they were archived. */
export interface AdminComponentRecord extends ComponentRecord {
  readonly archivedAt: number | null;
}

/** Any component by id, archived or not (the admin area edits and restores archived ones). */
export function findComponentById(db: Db, id: string): AdminComponentRecord | null {
  return db.select({ ...recordColumns, archivedAt: components.archivedAt }).from(components).where(eq(components.id, id)).get() ?? null;
}

/** Archived components and groups, most recently archived first. */
export function listArchivedComponents(db: Db): AdminComponentRecord[] {
  return db
    .select({ ...recordColumns, archivedAt: components.archivedAt })
    .from(components)
    .where(isNotNull(components.archivedAt))
    .orderBy(desc(components.archivedAt), asc(components.name))
    .all();
}

export interface StatusChangeRecord {
  readonly status: ComponentStatus;
  readonly at: number;
  readonly cause: StatusCause;
  /** The alert that set it (cause 'alert'), by name. */
  readonly alertName: string | null;
  readonly eventId: string | null;
  /** Who made the change; null for the system or an account since removed. */
  readonly actorName: string | null;
}

/** A component's latest status changes, newest first, with the name of whoever made each. */
export function recentStatusChanges(db: Db, componentId: string, limit: number): StatusChangeRecord[] {
  return db
    .select({
      status: componentStatusChanges.status,
      at: componentStatusChanges.at,
      cause: componentStatusChanges.cause,
      eventId: componentStatusChanges.eventId,
      actorName: users.name,
      alertName: alerts.name,
    })
    .from(componentStatusChanges)
    .leftJoin(users, eq(users.id, componentStatusChanges.actorId))
    .leftJoin(alerts, eq(alerts.id, componentStatusChanges.alertId))
    .where(eq(componentStatusChanges.componentId, componentId))
    .orderBy(desc(componentStatusChanges.at), desc(componentStatusChanges.id))
    .limit(limit)
    .all();
}

export function findComponentBySlug(db: Db, slug: string): ComponentRecord | null {
  return (
    db
      .select(recordColumns)
      .from(components)
      .where(and(eq(components.slug, slug), isNull(components.archivedAt)))
      .get() ?? null
  );
}

/**
 * Status history of the given components from `from` on, each list sorted by time and
 * starting with the status in force at `from` (so a window opens with a known status).
 */
export function statusHistorySince(db: Db, componentIds: readonly string[], from: number): Map<string, StatusChange[]> {
  const out = new Map<string, StatusChange[]>(componentIds.map((id) => [id, []]));
  if (componentIds.length === 0) return out;
  // The ids travel as one JSON parameter, so the SQL is the same whatever their number: a front
  // page of hundreds of components would otherwise build and prepare statements of hundreds of
  // placeholders on every render.
  const ids = sql`json_each(${JSON.stringify(componentIds)})`;
  const columns = {
    componentId: componentStatusChanges.componentId,
    status: componentStatusChanges.status,
    at: componentStatusChanges.at,
    eventId: componentStatusChanges.eventId,
  };
  const before = db
    .select(columns)
    .from(componentStatusChanges)
    .where(
      sql`${componentStatusChanges.id} in (
        select (select s.id from component_status_changes s
                where s.component_id = c.value and s.at < ${from}
                order by s.at desc, s.id desc limit 1)
        from ${ids} c)`,
    )
    .all();
  const since = db
    .select(columns)
    .from(componentStatusChanges)
    .where(and(sql`${componentStatusChanges.componentId} in (select value from ${ids})`, gte(componentStatusChanges.at, from)))
    .orderBy(asc(componentStatusChanges.componentId), asc(componentStatusChanges.at), asc(componentStatusChanges.id))
    .all();
  for (const row of [...before, ...since]) out.get(row.componentId)?.push({ at: row.at, status: row.status, eventId: row.eventId });
  return out;
}

/** Incidents and maintenances that changed a component's status in [from, to), each once (by id). */
export function eventsAffecting(db: Db, componentId: string, from: number, to: number): string[] {
  return db
    .selectDistinct({ eventId: componentStatusChanges.eventId })
    .from(componentStatusChanges)
    .where(
      and(
        eq(componentStatusChanges.componentId, componentId),
        isNotNull(componentStatusChanges.eventId),
        gte(componentStatusChanges.at, from),
        sql`${componentStatusChanges.at} < ${to}`,
      ),
    )
    .orderBy(asc(componentStatusChanges.eventId))
    .all()
    .flatMap((r) => (r.eventId === null ? [] : [r.eventId]));
}
