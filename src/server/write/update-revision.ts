import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, componentStatusChanges, events, eventUpdates } from '../../../db/schema.js';
import { formatDateTime } from '../../core/format.js';
import { RejectedError } from './events.js';
import { assertDatesInBounds } from './date-bounds.js';

const MINUTE = 60_000;

export const FUTURE_TIME = 'That time is in the future; an update can only be shown at a time it could have been posted.';

export interface UpdateRevision {
  readonly updateId: string;
  readonly body: string;
  /** Epoch ms shown to readers. */
  readonly displayAt: number;
}

export interface RevisedUpdate {
  readonly eventId: string;
  readonly before: { readonly body: string; readonly displayAt: number };
  /** Status history rows that moved with the display time. */
  readonly movedHistoryRows: number;
}

/**
 * Changes an update's text and/or display time. The status history rows the update wrote move
 * with it, so a component's history keeps saying when the change was announced. A new time is
 * refused when it is in the future, before the incident started, out of order with the
 * incident's other updates (the newest update carries the incident's status), or would carry a
 * history row past another change of the same component (which would change what that
 * component showed afterwards, possibly today). Subscribers are not told again.
 * `timeZone` is for the times quoted in refusals. Returns null, writing nothing, when the text
 * and time are what is stored already. Call inside a transaction.
 */
export function reviseUpdate(db: Db, revision: UpdateRevision, timeZone: string, now: number): RevisedUpdate | null {
  const update = db
    .select({ id: eventUpdates.id, eventId: eventUpdates.eventId, body: eventUpdates.body, displayAt: eventUpdates.displayAt, startedAt: events.startedAt })
    .from(eventUpdates)
    .innerJoin(events, eq(events.id, eventUpdates.eventId))
    .where(eq(eventUpdates.id, revision.updateId))
    .get();
  if (!update) throw new RejectedError('That update does not exist (it may have been deleted).');
  if (update.body === revision.body && update.displayAt === revision.displayAt) return null;
  const before = { body: update.body, displayAt: update.displayAt };
  let movedHistoryRows = 0;
  if (revision.displayAt !== update.displayAt) {
    // Only a new time is checked: a stored one, however old, stays editable.
    assertDatesInBounds(db, { instants: [revision.displayAt] }, now);
    assertTimeFits(db, update, revision.displayAt, timeZone, now);
    movedHistoryRows = db
      .update(componentStatusChanges)
      .set({ at: revision.displayAt })
      .where(eq(componentStatusChanges.updateId, update.id))
      .run().changes;
  }
  db.update(eventUpdates)
    .set({ body: revision.body, displayAt: revision.displayAt, updatedAt: now })
    .where(eq(eventUpdates.id, update.id))
    .run();
  db.update(events).set({ updatedAt: now }).where(eq(events.id, update.eventId)).run();
  return { eventId: update.eventId, before, movedHistoryRows };
}

function assertTimeFits(
  db: Db,
  update: { id: string; eventId: string; displayAt: number; startedAt: number | null },
  at: number,
  timeZone: string,
  now: number,
): void {
  const when = (ms: number): string => formatDateTime(ms, timeZone);
  if (at > now) throw new RejectedError(FUTURE_TIME);
  // The form edits whole minutes: the minute the incident started is allowed, though it began some seconds in.
  if (update.startedAt !== null && at < update.startedAt - (update.startedAt % MINUTE)) {
    throw new RejectedError(`That is before the incident started (${when(update.startedAt)}).`);
  }
  const timeline = db
    .select({ id: eventUpdates.id, displayAt: eventUpdates.displayAt })
    .from(eventUpdates)
    .where(eq(eventUpdates.eventId, update.eventId))
    .orderBy(asc(eventUpdates.displayAt), asc(eventUpdates.createdAt), asc(sql`${eventUpdates}.rowid`))
    .all();
  const i = timeline.findIndex((u) => u.id === update.id);
  const previous = timeline[i - 1];
  const next = timeline[i + 1];
  if (previous && at < previous.displayAt) {
    throw new RejectedError(`That is before the previous update (${when(previous.displayAt)}); the timeline must keep its order.`);
  }
  if (next && at > next.displayAt) {
    throw new RejectedError(`That is after the next update (${when(next.displayAt)}); the timeline must keep its order.`);
  }
  // Another change of the same component between the old and the new time (either end included on the far side).
  const own = db
    .select({ componentId: componentStatusChanges.componentId })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.updateId, update.id))
    .all()
    .map((r) => r.componentId);
  if (own.length === 0) return;
  const [from, to] = [update.displayAt, at];
  const crossed = db
    .select({ name: components.name, at: componentStatusChanges.at })
    .from(componentStatusChanges)
    .innerJoin(components, eq(components.id, componentStatusChanges.componentId))
    .where(
      and(
        inArray(componentStatusChanges.componentId, own),
        or(isNull(componentStatusChanges.updateId), ne(componentStatusChanges.updateId, update.id)),
        to > from
          ? sql`${componentStatusChanges.at} > ${from} and ${componentStatusChanges.at} <= ${to}`
          : sql`${componentStatusChanges.at} >= ${to} and ${componentStatusChanges.at} < ${from}`,
      ),
    )
    .orderBy(asc(componentStatusChanges.at))
    .limit(1)
    .get();
  if (crossed) {
    throw new RejectedError(
      `${crossed.name} changed status at ${when(crossed.at)}, between the old and the new time; moving this update past that change would rewrite what ${crossed.name} showed afterwards.`,
    );
  }
}
