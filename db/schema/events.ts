/**
 * Incidents and maintenance: events, their updates, the components they affect and the statuses
 * they announce, their references, and the templates updates start from.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/sqlite-core';
import { COMPONENT_STATUSES } from '../../src/core/component-status.js';
import { IMPACTS } from '../../src/core/impact.js';
import { EVENT_KINDS, EVENT_STATUSES } from '../../src/core/incident-status.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { inList } from './sql-lists.js';
import { components } from './components.js';

/** Incidents and scheduled maintenance share one table: same page, same timeline, same URL space. */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    /** Incidents only. */
    severity: text('severity', { enum: SEVERITIES }),
    /** Set only when the comms lead overrides the impact derived from component statuses. */
    impactOverride: text('impact_override', { enum: IMPACTS }),
    /** When the problem began (incidents; may be backfilled) or the work actually began (maintenance). */
    startedAt: integer('started_at'),
    /** Maintenance window. */
    scheduledFor: integer('scheduled_for'),
    scheduledUntil: integer('scheduled_until'),
    /** When the event happens, for listing: an incident's start, a maintenance window's start. */
    sortAt: integer('sort_at').generatedAlwaysAs(sql`coalesce(started_at, scheduled_for)`, { mode: 'virtual' }),
    /** Maintenance: the scheduler starts and completes the window on time unless turned off. */
    autoStart: integer('auto_start', { mode: 'boolean' }).notNull().default(true),
    autoComplete: integer('auto_complete', { mode: 'boolean' }).notNull().default(true),
    postmortemBody: text('postmortem_body'),
    postmortemPublishedAt: integer('postmortem_published_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('events_reference_unique').on(t.reference),
    index('events_sort_idx').on(t.sortAt),
    check('events_kind', sql.raw(inList('kind', EVENT_KINDS))),
    check('events_severity', sql.raw(`severity is null or ${inList('severity', SEVERITIES)}`)),
    check('events_incident_started', sql`${t.kind} <> 'incident' or ${t.startedAt} is not null`),
    // `coalesce(…, 0)`: a CHECK that evaluates to NULL passes in SQLite, so a missing end must read as false.
    check(
      'events_maintenance_window',
      sql`${t.kind} <> 'maintenance' or coalesce(${t.scheduledUntil} > ${t.scheduledFor}, 0)`,
    ),
  ],
);

/** The public timeline of an event; the newest update carries the event's status. */
export const eventUpdates = sqliteTable(
  'event_updates',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    /** Markdown, sanitised when rendered. */
    body: text('body').notNull(),
    /** The time shown to readers; differs from created_at when backfilled or corrected. */
    displayAt: integer('display_at').notNull(),
    notify: integer('notify', { mode: 'boolean' }).notNull().default(true),
    authorId: text('author_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('event_updates_event_display_idx').on(t.eventId, t.displayAt, t.createdAt),
    check('event_updates_status', sql.raw(inList('status', EVENT_STATUSES))),
  ],
);

/**
 * The events whose newest update (by display time, then posting) does not close them, or that have
 * none yet: the open-incident search, answered by the database itself. Kept by triggers on events
 * and event_updates (migration 0010) in the same transaction as every write, whoever writes, so it
 * always agrees with the updates it is derived from (a test replays random writes against the
 * search it replaces). Never written by the application; an event's status is still its newest update's.
 */
export const openEvents = sqliteTable('open_events', {
  eventId: text('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
});

/** Component status changes announced by one update (old → new), as shown in the timeline and the API. */
export const updateComponentChanges = sqliteTable(
  'update_component_changes',
  {
    updateId: text('update_id')
      .notNull()
      .references(() => eventUpdates.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    oldStatus: text('old_status', { enum: COMPONENT_STATUSES }).notNull(),
    newStatus: text('new_status', { enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.updateId, t.componentId] }),
    index('update_component_changes_component_idx').on(t.componentId),
  ],
);

/** Components an event affects, as chosen by the comms lead (maintenance names them before any change). */
export const eventComponents = sqliteTable(
  'event_components',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.componentId] }), index('event_components_component_idx').on(t.componentId)],
);

/**
 * Every incident or maintenance reference ever issued, by prefix and day (`INC-20261204`), with
 * the highest sequence given out. Never decremented, never deleted with an event: a reference
 * that reached a subscriber's inbox must never name another event.
 */
export const referenceSequences = sqliteTable('reference_sequences', {
  /** `INC-YYYYMMDD` or `MNT-YYYYMMDD`. */
  dayPrefix: text('day_prefix').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

/** Message templates the comms lead starts updates from; the shipped set is copied in once. */
export const templates = sqliteTable(
  'templates',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    name: text('name').notNull(),
    /** The status an update written from this template moves the event to. */
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    /** Prefilled title for a new event; updates keep the event's own. */
    title: text('title').notNull(),
    body: text('body').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('templates_kind_position_idx').on(t.kind, t.position),
    check('templates_kind', sql.raw(inList('kind', EVENT_KINDS))),
    check('templates_status', sql.raw(inList('status', EVENT_STATUSES))),
  ],
);
