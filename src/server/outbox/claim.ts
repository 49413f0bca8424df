import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { deliveries, subscribers } from '../../../db/schema.js';
import { nextAttemptAt, type DeliveryKind, type RetryPolicy, type SendFailure } from '../../core/delivery.js';
import { cancelPending } from '../use-cases/subscriptions.js';

export interface ClaimedDelivery {
  readonly id: number;
  readonly kind: DeliveryKind;
  readonly subscriberId: string;
  readonly eventId: string | null;
  readonly updateId: string | null;
  readonly payload: string | null;
  readonly dedupeKey: string;
  /** Attempts including this one. */
  readonly attempts: number;
}

/**
 * Leases up to `limit` due rows to the caller until `now + leaseMs`, oldest first, and counts
 * the attempt. A row whose lease lapsed (its worker died mid-send) is due again: that is how
 * a crash loses nothing. One transaction, so two workers never lease the same row.
 */
export function claimDue(db: Db, now: number, limit: number, leaseMs: number): ClaimedDelivery[] {
  return writeTransaction(db, (tx) => {
    const due = tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.state, 'pending'),
          lte(deliveries.nextAttemptAt, now),
          or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, now)),
        ),
      )
      .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
      .limit(limit)
      .all()
      .map((r) => r.id);
    if (due.length === 0) return [];
    return tx
      .update(deliveries)
      .set({ leaseUntil: now + leaseMs, attempts: sql`${deliveries.attempts} + 1`, updatedAt: now })
      .where(inArray(deliveries.id, due))
      .returning({
        id: deliveries.id,
        kind: deliveries.kind,
        subscriberId: deliveries.subscriberId,
        eventId: deliveries.eventId,
        updateId: deliveries.updateId,
        payload: deliveries.payload,
        dedupeKey: deliveries.dedupeKey,
        attempts: deliveries.attempts,
      })
      .all()
      .sort((a, b) => a.id - b.id);
  });
}

/**
 * The outcome functions below change a row only while it is still pending: a row cancelled while
 * its mail was in flight (the subscriber left) stays cancelled whatever the send did.
 */

/** The mail went out; the confirmation token it carried is no longer kept. */
export function markSent(db: Db, id: number, messageId: string, now: number): void {
  db.update(deliveries)
    .set({ state: 'sent', sentAt: now, messageId, payload: null, leaseUntil: null, lastError: null, updatedAt: now })
    .where(and(eq(deliveries.id, id), eq(deliveries.state, 'pending')))
    .run();
}

/** Nothing to send any more (the subscriber left, the update was deleted…). */
export function markCancelled(db: Db, id: number, reason: string, now: number): void {
  db.update(deliveries)
    .set({ state: 'cancelled', payload: null, leaseUntil: null, lastError: reason, updatedAt: now })
    .where(and(eq(deliveries.id, id), eq(deliveries.state, 'pending')))
    .run();
}

/**
 * Records a failed attempt. Temporary: back to pending after a backoff, or failed once the
 * attempts are used up. Permanent (the recipient's server refused the address): the row fails,
 * the subscriber is quarantined and everything else owed to them is cancelled, in one transaction.
 * `random` in [0, 1) spreads retries (jitter).
 */
export function markFailed(
  db: Db,
  row: Pick<ClaimedDelivery, 'id' | 'subscriberId' | 'attempts'>,
  failure: SendFailure,
  error: string,
  now: number,
  random: number,
  policy: RetryPolicy,
): 'retry' | 'failed' | 'quarantined' {
  const lastError = error.slice(0, 500);
  return writeTransaction(db, (tx) => {
    if (failure === 'permanent') {
      const changed = tx.update(deliveries).set({ state: 'failed', leaseUntil: null, lastError, updatedAt: now }).where(and(eq(deliveries.id, row.id), eq(deliveries.state, 'pending'))).run();
      // Cancelled meanwhile: the subscriber left; their address's fate is no longer ours to decide.
      if (changed.changes === 0) return 'failed';
      tx.update(subscribers)
        .set({ state: 'quarantined', quarantinedAt: now, quarantineReason: lastError, updatedAt: now })
        .where(and(eq(subscribers.id, row.subscriberId), inArray(subscribers.state, ['active', 'unconfirmed'])))
        .run();
      cancelPending(tx, row.subscriberId, now);
      return 'quarantined';
    }
    const next = nextAttemptAt(row.attempts, now, random, policy);
    if (next === null) {
      tx.update(deliveries).set({ state: 'failed', leaseUntil: null, lastError, updatedAt: now }).where(and(eq(deliveries.id, row.id), eq(deliveries.state, 'pending'))).run();
      return 'failed';
    }
    tx.update(deliveries).set({ state: 'pending', nextAttemptAt: next, leaseUntil: null, lastError, updatedAt: now }).where(and(eq(deliveries.id, row.id), eq(deliveries.state, 'pending'))).run();
    return 'retry';
  });
}
