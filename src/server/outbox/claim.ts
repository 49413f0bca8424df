import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { deliveries, subscribers } from '../../../db/schema.js';
import type { ChannelKind } from '../../core/channel-kind.js';
import { nextAttemptAt, type DeliveryKind, type RetryPolicy, type SendFailure } from '../../core/delivery.js';
import { perDatabase } from '../per-database.js';
import { cancelPending } from '../use-cases/subscriptions.js';

export interface ClaimedDelivery {
  readonly id: number;
  readonly kind: DeliveryKind;
  readonly channel: ChannelKind;
  /** Exactly one of the two is set. */
  readonly subscriberId: string | null;
  readonly teamChannelId: string | null;
  readonly eventId: string | null;
  readonly updateId: string | null;
  /** The status change a `component_update` announces. */
  readonly componentChangeId: number | null;
  readonly payload: string | null;
  readonly dedupeKey: string;
  /** Attempts including this one. */
  readonly attempts: number;
  /** Ours until then, ms since the epoch. */
  readonly leaseUntil: number;
}

/**
 * The worker's hot statements, prepared once per database handle: drizzle would otherwise build
 * the SQL and SQLite prepare it again for every mail, which cost more CPU than sending it.
 */
interface Statements {
  readonly claim: ReturnType<typeof prepareClaim>;
  readonly markSent: ReturnType<typeof prepareMarkSent>;
  readonly release: ReturnType<typeof prepareRelease>;
}

const statements: (db: Db) => Statements = perDatabase((db) => ({ claim: prepareClaim(db), markSent: prepareMarkSent(db), release: prepareRelease(db) }));

function prepareClaim(db: Db) {
  const now = sql.placeholder('now');
  const due = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.channel, sql.placeholder('channel')), eq(deliveries.state, 'pending'), lte(deliveries.nextAttemptAt, now), or(isNull(deliveries.leaseUntil), lte(deliveries.leaseUntil, now))))
    .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
    .limit(sql.placeholder('limit'));
  return db
    .update(deliveries)
    .set({ leaseUntil: sql`${sql.placeholder('leaseUntil')}`, attempts: sql`${deliveries.attempts} + 1`, updatedAt: sql`${now}` })
    .where(inArray(deliveries.id, due))
    .returning({
      id: deliveries.id,
      kind: deliveries.kind,
      channel: deliveries.channel,
      subscriberId: deliveries.subscriberId,
      teamChannelId: deliveries.teamChannelId,
      eventId: deliveries.eventId,
      updateId: deliveries.updateId,
      componentChangeId: deliveries.componentChangeId,
      payload: deliveries.payload,
      dedupeKey: deliveries.dedupeKey,
      attempts: deliveries.attempts,
      leaseUntil: deliveries.leaseUntil,
    })
    .prepare();
}

function prepareMarkSent(db: Db) {
  const now = sql.placeholder('now');
  return db
    .update(deliveries)
    .set({ state: 'sent', sentAt: sql`${now}`, messageId: sql`${sql.placeholder('messageId')}`, payload: null, leaseUntil: null, lastError: null, updatedAt: sql`${now}` })
    .where(and(eq(deliveries.id, sql.placeholder('id')), eq(deliveries.state, 'pending')))
    .prepare();
}

/** Gives back a lease that was never used: the attempt it counted did not happen. */
function prepareRelease(db: Db) {
  return db
    .update(deliveries)
    .set({ leaseUntil: null, attempts: sql`max(${deliveries.attempts} - 1, 0)`, updatedAt: sql`${sql.placeholder('now')}` })
    .where(and(eq(deliveries.id, sql.placeholder('id')), eq(deliveries.state, 'pending'), eq(deliveries.leaseUntil, sql.placeholder('leaseUntil'))))
    .prepare();
}

/**
 * Leases up to `limit` due rows of one channel to the caller until `now + leaseMs`, oldest first,
 * and counts the attempt. Each channel is claimed by its own lane, so a backlog on one never holds
 * another's rows. A row whose lease lapsed (its worker died mid-send) is due again: that is how
 * a crash loses nothing. One statement in one transaction, so two workers never lease the same row.
 */
export function claimDue(db: Db, channel: ChannelKind, now: number, limit: number, leaseMs: number): ClaimedDelivery[] {
  const { claim } = statements(db);
  return writeTransaction(db, () => claim.all({ channel, now, limit, leaseUntil: now + leaseMs }))
    .map((r) => ({ ...r, leaseUntil: r.leaseUntil ?? now + leaseMs }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Hands back leased rows that were not attempted (a worker stopping with mail still queued), so
 * they are due at once instead of after the lease. A row leased again by someone else meanwhile
 * (its lease differs) is left alone.
 */
export function releaseClaims(db: Db, rows: readonly Pick<ClaimedDelivery, 'id' | 'leaseUntil'>[], now: number): void {
  if (rows.length === 0) return;
  const { release } = statements(db);
  writeTransaction(db, () => {
    for (const r of rows) release.run({ id: r.id, leaseUntil: r.leaseUntil, now });
  });
}

/**
 * The outcome functions below change a row only while it is still pending: a row cancelled while
 * its mail was in flight (the subscriber left) stays cancelled whatever the send did.
 */

/** The mails went out; the confirmation tokens they carried are no longer kept. One transaction for the batch. */
export function markSent(db: Db, sent: readonly { readonly id: number; readonly messageId: string }[], now: number): void {
  if (sent.length === 0) return;
  const { markSent: statement } = statements(db);
  const record = (s: { readonly id: number; readonly messageId: string }): void => void statement.run({ id: s.id, messageId: s.messageId, now });
  // One statement is atomic on its own; BEGIN and COMMIT would double the cost of the common case.
  if (sent.length === 1) record(sent[0]!);
  else writeTransaction(db, () => sent.forEach(record));
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
      if (changed.changes === 0 || row.subscriberId === null) return 'failed';
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
