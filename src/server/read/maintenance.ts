import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { isMaintenanceStatus, type EventStatus, type MaintenanceStatus } from '../../core/incident-status.js';
import { newestUpdate } from './events.js';

/** What the scheduler needs to decide about one maintenance. Times in epoch ms. */
export interface MaintenanceState {
  readonly id: string;
  readonly status: MaintenanceStatus;
  readonly autoStart: boolean;
  readonly autoComplete: boolean;
  readonly scheduledFor: number;
  readonly scheduledUntil: number;
  readonly startedAt: number | null;
  /** Display time of the newest update; new updates go at or after it. */
  readonly latestUpdateAt: number;
  /** The first update's choice about telling subscribers; automatic updates follow it. */
  readonly notify: boolean;
}

const firstUpdateNotify = sql<number | null>`(${sql.raw(
  'select u.notify from event_updates u where u.event_id = events.id order by u.display_at asc, u.created_at asc, u.rowid asc limit 1',
)})`;

export function maintenanceState(db: Db, id: string): MaintenanceState | null {
  const row = db
    .select({
      id: events.id,
      kind: events.kind,
      autoStart: events.autoStart,
      autoComplete: events.autoComplete,
      scheduledFor: events.scheduledFor,
      scheduledUntil: events.scheduledUntil,
      startedAt: events.startedAt,
      newest: newestUpdate<EventStatus | null>('status'),
      latestUpdateAt: newestUpdate<number | null>('display_at'),
      notify: firstUpdateNotify,
    })
    .from(events)
    .where(eq(events.id, id))
    .get();
  if (!row || row.kind !== 'maintenance' || row.scheduledFor === null || row.scheduledUntil === null) return null;
  const status = deriveEventStatus('maintenance', row.newest, false);
  if (!isMaintenanceStatus(status)) return null;
  return {
    id: row.id,
    status,
    autoStart: row.autoStart,
    autoComplete: row.autoComplete,
    scheduledFor: row.scheduledFor,
    scheduledUntil: row.scheduledUntil,
    startedAt: row.startedAt,
    latestUpdateAt: row.latestUpdateAt ?? row.scheduledFor,
    // No update yet cannot happen outside a half-written event; notifying is the default then.
    notify: row.notify === null ? true : row.notify === 1,
  };
}

/**
 * Maintenance the scheduler has something to do for at `now`: scheduled with automatic start and
 * a start that has come, or in progress / verifying with automatic completion and an end that
 * has come. Read from the database each time, so work that fell due while Beacon was stopped
 * is found on the first tick after it starts again.
 */
export function dueMaintenanceIds(db: Db, now: number): string[] {
  const status = newestUpdate<EventStatus | null>('status');
  return db
    .select({ id: events.id })
    .from(events)
    .where(
      sql`${events.kind} = 'maintenance' and (
        (${status} = 'scheduled' and ${events.autoStart} = 1 and ${events.scheduledFor} <= ${now})
        or (${status} in ('in_progress', 'verifying') and ${events.autoComplete} = 1 and ${events.scheduledUntil} <= ${now})
      )`,
    )
    .orderBy(asc(events.scheduledFor), asc(events.id))
    .all()
    .map((r) => r.id);
}

/**
 * The components to hand back when the maintenance ends, each with the status it had just
 * before this maintenance put it under maintenance. A component is left out when its newest
 * status is no longer that change of this maintenance: someone (an incident, a person, another
 * maintenance) has set it since, and their word stands.
 */
export function restorePlan(db: Db, eventId: string): { componentId: string; status: ComponentStatus }[] {
  const rows = db.all<{ componentId: string; status: ComponentStatus }>(sql`
    select c.component_id as componentId, c.old_status as status
    from update_component_changes c
    join event_updates u on u.id = c.update_id
    where u.event_id = ${eventId}
      and c.new_status = 'under_maintenance' and c.old_status <> 'under_maintenance'
      -- the first time this maintenance took the component over
      and u.rowid = (
        select u2.rowid from update_component_changes c2 join event_updates u2 on u2.id = c2.update_id
        where u2.event_id = ${eventId} and c2.component_id = c.component_id
          and c2.new_status = 'under_maintenance' and c2.old_status <> 'under_maintenance'
        order by u2.display_at asc, u2.created_at asc, u2.rowid asc limit 1
      )
      and (
        select s.event_id = ${eventId} and s.status = 'under_maintenance'
        from component_status_changes s where s.component_id = c.component_id
        order by s.at desc, s.id desc limit 1
      )
    order by u.display_at, c.component_id
  `);
  return rows.map((r) => ({ componentId: r.componentId, status: r.status }));
}
