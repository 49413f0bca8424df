import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';

/** What an event record leaves out and the write API shows: the scheduler's switches and whether a postmortem was mailed. */
export interface EventExtras {
  readonly autoStart: boolean;
  readonly autoComplete: boolean;
  /** A postmortem of this event was queued for subscribers at least once. */
  readonly postmortemMailed: boolean;
}

/** Extras of the given events, by id, in one query (`events.id` written out, as in newestUpdate). */
export function eventExtrasOf(db: Db, eventIds: readonly string[]): Map<string, EventExtras> {
  if (eventIds.length === 0) return new Map();
  const rows = db
    .select({
      id: events.id,
      autoStart: events.autoStart,
      autoComplete: events.autoComplete,
      postmortemMailed: sql<number>`exists (select 1 from deliveries d where d.event_id = events.id and d.kind = 'postmortem')`,
    })
    .from(events)
    .where(inArray(events.id, [...eventIds]))
    .all();
  return new Map(rows.map((r) => [r.id, { autoStart: r.autoStart, autoComplete: r.autoComplete, postmortemMailed: r.postmortemMailed === 1 }]));
}
