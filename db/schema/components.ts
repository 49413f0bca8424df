/** Components and groups, and each leaf's status history with its head. */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core';
import { COMPONENT_STATUSES, STATUS_CAUSES } from '../../src/core/component-status.js';
import { inList } from './sql-lists.js';
import { eventUpdates, events } from './events.js';

/** Components and groups (a group is a component with is_group = 1; one level deep). */
export const components = sqliteTable(
  'components',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    isGroup: integer('is_group', { mode: 'boolean' }).notNull().default(false),
    groupId: text('group_id').references((): AnySQLiteColumn => components.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    showcase: integer('showcase', { mode: 'boolean' }).notNull().default(true),
    onlyShowIfDegraded: integer('only_show_if_degraded', { mode: 'boolean' }).notNull().default(false),
    /** Day key from which uptime counts; null means from the first status record. */
    startDate: text('start_date'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    archivedAt: integer('archived_at'),
  },
  (t) => [
    uniqueIndex('components_slug_unique').on(t.slug),
    index('components_group_position_idx').on(t.groupId, t.position),
  ],
);

/**
 * Each component's head: its latest status change (by time, then id; null before its first) and a
 * stamp that moves whenever the component's record or any of its status changes is written,
 * edited or deleted. Kept by triggers on components and component_status_changes (migration 0011)
 * in the same transaction as every write, whoever writes; never written by the application.
 *
 * Stamps come from one counter (content_version.row_stamp) that only ever grows, so a component's
 * stamp never repeats: equal stamps mean an unchanged record and history (the front page keys its
 * rows on them, row-key.ts). The latest status is read here instead of searching the history of
 * every component on every list (a test replays random writes against that search).
 */
export const componentHeads = sqliteTable('component_heads', {
  componentId: text('component_id')
    .primaryKey()
    .references(() => components.id, { onDelete: 'cascade' }),
  status: text('status', { enum: COMPONENT_STATUSES }),
  at: integer('at'),
  stamp: integer('stamp').notNull(),
});

/** Every change of a leaf component's status; the latest row is its current status. */
export const componentStatusChanges = sqliteTable(
  'component_status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
    at: integer('at').notNull(),
    cause: text('cause', { enum: STATUS_CAUSES }).notNull(),
    eventId: text('event_id').references(() => events.id, { onDelete: 'set null' }),
    updateId: text('update_id').references(() => eventUpdates.id, { onDelete: 'set null' }),
    /** Who made the change (a user id once accounts exist); null for the system. */
    actorId: text('actor_id'),
    /** The alert that set this status (cause 'alert'). */
    alertId: text('alert_id'),
  },
  (t) => [
    // Status and incident too: the history a front-page row is drawn from (statusHistorySince) and
    // each component's latest change (component_heads' triggers) are then read from the index alone.
    index('status_changes_component_at_idx').on(t.componentId, t.at, t.id, t.status, t.eventId),
    check('status_changes_status', sql.raw(inList('status', COMPONENT_STATUSES))),
  ],
);
