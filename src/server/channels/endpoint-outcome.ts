import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { deliveries, subscribers, teamChannels } from '../../../db/schema.js';
import { nextAttemptAt } from '../../core/delivery.js';
import { shouldQuarantine, type EndpointFailure } from '../../core/endpoint-failure.js';
import { perDatabase } from '../per-database.js';
import { announce } from '../signals.js';
import { cancelPending } from '../use-cases/subscriptions.js';
import type { ClaimedDelivery } from '../outbox/claim.js';
import type { FailureOutcome } from '../outbox/worker.js';
import type { LanePolicy } from './lane-policy.js';

type Row = Pick<ClaimedDelivery, 'id' | 'subscriberId' | 'teamChannelId' | 'attempts'>;

/**
 * Records a failed POST, in one transaction: the row goes back to pending after a backoff (a
 * temporary failure with attempts left) or fails; the recipient's run of failures grows; and a
 * recipient whose endpoint is gone, or has failed for long enough (QuarantinePolicy), is
 * quarantined with everything else owed to it cancelled. A quarantined subscriber's contact
 * address is owed one notice mail, keyed by the quarantine so it is never sent twice.
 */
export function recordEndpointFailure(db: Db, row: Row, failure: EndpointFailure, error: string, now: number, random: number, policy: LanePolicy): FailureOutcome {
  const lastError = error.slice(0, 500);
  return writeTransaction(db, (tx) => {
    const next = failure === 'temporary' ? nextAttemptAt(row.attempts, now, random, policy.retry) : null;
    const pendingRow = and(eq(deliveries.id, row.id), eq(deliveries.state, 'pending'));
    const changed =
      next === null
        ? tx.update(deliveries).set({ state: 'failed', leaseUntil: null, lastError, updatedAt: now }).where(pendingRow).run()
        : tx.update(deliveries).set({ nextAttemptAt: next, leaseUntil: null, lastError, updatedAt: now }).where(pendingRow).run();
    // Cancelled meanwhile (the subscriber left, an admin quarantined it): no longer ours to count.
    if (changed.changes === 0) return 'failed';
    const outcome: FailureOutcome = next === null ? 'failed' : 'retry';
    if (row.subscriberId !== null) {
      const run = tx
        .update(subscribers)
        .set({ consecutiveFailures: sql`${subscribers.consecutiveFailures} + 1`, failingSince: sql`coalesce(${subscribers.failingSince}, ${now})` })
        .where(eq(subscribers.id, row.subscriberId))
        .returning({ failures: subscribers.consecutiveFailures, since: subscribers.failingSince })
        .get();
      if (!run || (failure !== 'gone' && !shouldQuarantine(run.failures, run.since ?? now, now, policy.quarantine))) return outcome;
      const quarantined = tx
        .update(subscribers)
        .set({ state: 'quarantined', quarantinedAt: now, quarantineReason: lastError, updatedAt: now })
        .where(and(eq(subscribers.id, row.subscriberId), inArray(subscribers.state, ['active', 'unconfirmed'])))
        .run();
      if (quarantined.changes === 0) return outcome;
      cancelPending(tx, row.subscriberId, now);
      tx.run(sql`
        insert into deliveries (kind, channel, subscriber_id, dedupe_key, state, attempts, next_attempt_at, created_at, updated_at)
        values ('quarantine_notice', 'email', ${row.subscriberId}, ${`quarantine:${row.subscriberId}:${now}`}, 'pending', 0, ${now}, ${now}, ${now})
        on conflict (dedupe_key) do nothing
      `);
      announce('outbox');
      return 'quarantined';
    }
    if (row.teamChannelId === null) return outcome;
    const run = tx
      .update(teamChannels)
      .set({ consecutiveFailures: sql`${teamChannels.consecutiveFailures} + 1`, failingSince: sql`coalesce(${teamChannels.failingSince}, ${now})` })
      .where(eq(teamChannels.id, row.teamChannelId))
      .returning({ failures: teamChannels.consecutiveFailures, since: teamChannels.failingSince })
      .get();
    if (!run || (failure !== 'gone' && !shouldQuarantine(run.failures, run.since ?? now, now, policy.quarantine))) return outcome;
    const quarantined = tx
      .update(teamChannels)
      .set({ quarantinedAt: now, quarantineReason: lastError, updatedAt: now })
      .where(and(eq(teamChannels.id, row.teamChannelId), isNull(teamChannels.quarantinedAt)))
      .run();
    if (quarantined.changes === 0) return outcome;
    tx.update(deliveries)
      .set({ state: 'cancelled', payload: null, leaseUntil: null, lastError: 'team channel quarantined', updatedAt: now })
      .where(and(eq(deliveries.teamChannelId, row.teamChannelId), eq(deliveries.state, 'pending')))
      .run();
    return 'quarantined';
  });
}

/** The success path's writes, prepared once per database handle: they run for every row sent. */
const successStatements = perDatabase((db) => ({
  subscriber: db
    .update(subscribers)
    .set({ consecutiveFailures: 0, failingSince: null })
    .where(and(eq(subscribers.id, sql.placeholder('id')), sql`${subscribers.consecutiveFailures} > 0`))
    .prepare(),
  teamChannel: db
    .update(teamChannels)
    .set({ consecutiveFailures: 0, failingSince: null })
    .where(and(eq(teamChannels.id, sql.placeholder('id')), sql`${teamChannels.consecutiveFailures} > 0`))
    .prepare(),
}));

/** A POST went through: the recipient's run of failures ends. Writes only when there was one. */
export function recordEndpointSuccess(db: Db, row: Pick<ClaimedDelivery, 'subscriberId' | 'teamChannelId'>): void {
  const statements = successStatements(db);
  if (row.subscriberId !== null) statements.subscriber.run({ id: row.subscriberId });
  else if (row.teamChannelId !== null) statements.teamChannel.run({ id: row.teamChannelId });
}
