import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, componentStatusChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { StatusChange } from '../../core/uptime.js';

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

const latest = (column: 'status' | 'at'): ReturnType<typeof sql> =>
  sql.raw(
    `(select s.${column} from component_status_changes s where s.component_id = components.id order by s.at desc, s.id desc limit 1)`,
  );

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
 * Page order: top-level entries by position, each group directly followed by its children
 * (by position). Statuspage's API lists components the same way.
 */
const ofGroup = (column: 'position' | 'name'): ReturnType<typeof sql> =>
  sql.raw(`(select g.${column} from components g where g.id = components.group_id)`);
const pageOrder = [
  // The top-level entry each row belongs to (itself, or its group), by position then name...
  sql`coalesce(${ofGroup('position')}, ${components.position})`,
  sql`coalesce(${ofGroup('name')}, ${components.name})`,
  sql`coalesce(${components.groupId}, ${components.id})`,
  // ...then the group row before its children, children by position then name.
  sql`${components.groupId} is not null`,
  asc(components.position),
  asc(components.name),
];

/** Every live (not archived) component and group with its latest status, in page order, in one query. */
export function listComponents(db: Db): ComponentRecord[] {
  return db
    .select(recordColumns)
    .from(components)
    .where(isNull(components.archivedAt))
    .orderBy(...pageOrder)
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
  const ids = [...componentIds];
  const before = db
    .select({ componentId: componentStatusChanges.componentId, status: componentStatusChanges.status, at: componentStatusChanges.at })
    .from(componentStatusChanges)
    .where(
      sql`${componentStatusChanges.id} in (
        select (select s.id from component_status_changes s
                where s.component_id = c.id and s.at < ${from}
                order by s.at desc, s.id desc limit 1)
        from components c where c.id in ${ids})`,
    )
    .all();
  const since = db
    .select({ componentId: componentStatusChanges.componentId, status: componentStatusChanges.status, at: componentStatusChanges.at })
    .from(componentStatusChanges)
    .where(and(inArray(componentStatusChanges.componentId, ids), gte(componentStatusChanges.at, from)))
    .orderBy(asc(componentStatusChanges.componentId), asc(componentStatusChanges.at), asc(componentStatusChanges.id))
    .all();
  for (const row of [...before, ...since]) out.get(row.componentId)?.push({ at: row.at, status: row.status });
  return out;
}
