import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { deliveries, subscribers } from '../../../db/schema.js';
import { recordAudit, type Actor } from '../audit.js';
import { announce } from '../signals.js';

/**
 * Admin: gives every failed delivery a fresh set of attempts, now. Only mail still owed is retried:
 * updates to active subscribers and confirmations to unconfirmed ones (a quarantined address must be
 * reactivated first). Returns how many rows went back to pending.
 */
export function retryFailedDeliveries(db: Db, actor: Actor, now: number): number {
  const retried = writeTransaction(db, (tx) => {
    const eligible = tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .innerJoin(subscribers, eq(subscribers.id, deliveries.subscriberId))
      .where(
        and(
          eq(deliveries.state, 'failed'),
          // Parenthesised as a whole: and() does not wrap raw SQL, and a bare `or` would escape it.
          sql`((${deliveries.kind} = 'confirm' and ${subscribers.state} = 'unconfirmed') or (${deliveries.kind} <> 'confirm' and ${subscribers.state} = 'active'))`,
        ),
      )
      .all()
      .map((r) => r.id);
    if (eligible.length === 0) return 0;
    tx.update(deliveries)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, updatedAt: now })
      .where(inArray(deliveries.id, eligible))
      .run();
    recordAudit(tx, actor, { action: 'deliveries.retried', objectType: 'delivery', objectId: null, diff: { count: eligible.length } }, now);
    return eligible.length;
  });
  if (retried > 0) announce('outbox');
  return retried;
}
