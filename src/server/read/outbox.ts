import { count, eq, min, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { deliveries } from '../../../db/schema.js';
import { DELIVERY_STATES, type DeliveryState } from '../../core/delivery.js';

export interface OutboxStatus {
  readonly byState: Readonly<Record<DeliveryState, number>>;
  /** When the oldest mail still owed was queued (epoch ms), null when none is. */
  readonly oldestPendingAt: number | null;
}

/** Delivery counts per state and the age of the backlog, in two indexed queries. */
export function outboxStatus(db: Db): OutboxStatus {
  const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of db.select({ state: deliveries.state, n: count() }).from(deliveries).groupBy(deliveries.state).all()) byState[row.state] = row.n;
  const oldest = db.select({ at: min(deliveries.createdAt) }).from(deliveries).where(eq(deliveries.state, 'pending')).get()?.at ?? null;
  return { byState, oldestPendingAt: oldest };
}

/** Pending rows whose next attempt is due by `now`: the backlog the worker has yet to reach. */
export function duePendingCount(db: Db, now: number): number {
  return db.select({ n: count() }).from(deliveries).where(sql`${deliveries.state} = 'pending' and ${deliveries.nextAttemptAt} <= ${now}`).get()?.n ?? 0;
}

/** Mail one update queued, per state (the update index makes this one short scan). */
export function deliveryCountsOfUpdate(db: Db, updateId: string): Record<DeliveryState, number> {
  const byState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const row of db.select({ state: deliveries.state, n: count() }).from(deliveries).where(eq(deliveries.updateId, updateId)).groupBy(deliveries.state).all()) byState[row.state] = row.n;
  return byState;
}
