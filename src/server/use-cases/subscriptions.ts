import { and, eq, inArray, lt } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { components, deliveries, subscriberComponents, subscribers } from '../../../db/schema.js';
import { CONFIRM_TOKEN_HOURS, UNCONFIRMED_RETENTION_DAYS, type SubscriberState } from '../../core/subscriber-state.js';
import { recordAudit, SYSTEM, type Actor } from '../audit.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { newPublicId } from '../ids.js';
import { enqueueConfirmation } from '../outbox/enqueue.js';
import { RejectedError } from '../write/events.js';

const HOUR = 3_600_000;
/** A second confirmation mail to the same address is not sent sooner than this (a form resubmitted on a bad network). */
export const CONFIRM_RESEND_GAP_MS = 5 * 60_000;

export interface SubscriptionChoice {
  /** Every component, including ones created later. */
  readonly allComponents: boolean;
  /** When not all: the leaf component ids chosen (at least one; groups are not choices, their children are). */
  readonly componentIds: readonly string[];
}

export interface SubscriberRow {
  readonly id: string;
  readonly email: string;
  readonly state: SubscriberState;
  readonly allComponents: boolean;
  readonly linkGeneration: number;
}

/** What happened, for tests and logs only: the visitor always sees the same answer. */
export type SubscribeResult = 'confirmation_queued' | 'confirmation_recently_sent' | 'already_active' | 'quarantined';

export function setChoice(db: Db, subscriberId: string, choice: SubscriptionChoice): void {
  db.delete(subscriberComponents).where(eq(subscriberComponents.subscriberId, subscriberId)).run();
  if (choice.allComponents) return;
  const ids =
    choice.componentIds.length === 0
      ? []
      : db
          .select({ id: components.id })
          .from(components)
          .where(and(inArray(components.id, [...choice.componentIds]), eq(components.isGroup, false)))
          .all();
  if (ids.length === 0) throw new RejectedError('Choose at least one component, or all of them.');
  db.insert(subscriberComponents).values(ids.map((c) => ({ subscriberId, componentId: c.id }))).run();
}

/**
 * Starts (or restarts) a double opt-in. The outcome differs per address state, but the caller
 * must answer the visitor identically in every case: whether an address is subscribed is nobody's
 * business but its owner's. An active address keeps its choice; only its owner changes it, through
 * a manage link. One transaction: the confirmation mail is owed atomically with the token it carries.
 */
export function requestSubscription(db: Db, email: string, choice: SubscriptionChoice, now: number, actor: Actor | null = null): SubscribeResult {
  return writeTransaction(db, (tx) => {
    const address = email.trim().toLowerCase();
    const existing = tx.select().from(subscribers).where(and(eq(subscribers.email, address), eq(subscribers.channel, 'email'))).get();
    if (existing?.state === 'active') return 'already_active';
    if (existing?.state === 'quarantined') return 'quarantined';
    if (existing?.state === 'unconfirmed' && existing.confirmExpiresAt !== null && existing.updatedAt > now - CONFIRM_RESEND_GAP_MS) {
      return 'confirmation_recently_sent';
    }
    const token = generateToken();
    const fields = {
      state: 'unconfirmed' as const,
      allComponents: choice.allComponents,
      confirmTokenHash: hashToken(token),
      confirmExpiresAt: now + CONFIRM_TOKEN_HOURS * HOUR,
      updatedAt: now,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      tx.update(subscribers).set(fields).where(eq(subscribers.id, id)).run();
    } else {
      id = newPublicId();
      tx.insert(subscribers).values({ id, email: address, ...fields, createdAt: now }).run();
    }
    setChoice(tx, id, choice);
    replaceConfirmation(tx, id, token, now);
    // Visitors subscribing themselves are not audited; an address added on someone's behalf (the API) is.
    if (actor) recordAudit(tx, actor, { action: 'subscriber.requested', objectType: 'subscriber', objectId: id, diff: { allComponents: choice.allComponents } }, now);
    return 'confirmation_queued';
  });
}

/**
 * Confirms the address holding `token`; the subscriber is active from now on. A new link
 * generation starts, so links from an earlier subscription of the same address stop working.
 * Returns the subscriber, or null when the token is unknown, used or expired.
 */
export function confirmSubscription(db: Db, token: string, now: number): SubscriberRow | null {
  return writeTransaction(db, (tx) => {
    const row = tx.select().from(subscribers).where(eq(subscribers.confirmTokenHash, hashToken(token))).get();
    if (!row || row.state !== 'unconfirmed' || row.confirmExpiresAt === null || row.confirmExpiresAt <= now) return null;
    tx.update(subscribers)
      .set({ state: 'active', confirmTokenHash: null, confirmExpiresAt: null, confirmedAt: now, linkGeneration: row.linkGeneration + 1, updatedAt: now })
      .where(eq(subscribers.id, row.id))
      .run();
    return { id: row.id, email: row.email, state: 'active', allComponents: row.allComponents, linkGeneration: row.linkGeneration + 1 };
  });
}

/** Changes which components an active subscriber hears about. */
export function changeSubscription(db: Db, subscriberId: string, choice: SubscriptionChoice, now: number): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: subscribers.state }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (row?.state !== 'active') throw new RejectedError('This subscription is no longer active; subscribe again to choose components.');
    tx.update(subscribers).set({ allComponents: choice.allComponents, updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    setChoice(tx, subscriberId, choice);
  });
}

/**
 * Stops all mail to the subscriber at once: pending deliveries are cancelled in the same
 * transaction, so nothing already queued goes out afterwards. Idempotent.
 */
export function unsubscribe(db: Db, subscriberId: string, now: number, actor: Actor | null = null): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: subscribers.state }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (!row || row.state === 'unsubscribed') return;
    tx.update(subscribers).set({ state: 'unsubscribed', unsubscribedAt: now, confirmTokenHash: null, confirmExpiresAt: null, updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    cancelPending(tx, subscriberId, now);
    // The holder of a link unsubscribing is not audited; an editor (the API) unsubscribing someone is.
    if (actor) recordAudit(tx, actor, { action: 'subscriber.unsubscribed', objectType: 'subscriber', objectId: subscriberId, diff: { from: row.state } }, now);
  });
}

/**
 * Adds an address as active without a confirmation mail: for an editor who already holds the
 * person's consent (Statuspage's `skip_confirmation_notification`). An unconfirmed or unsubscribed
 * address becomes active with the new choice; an active or quarantined one is refused (it is not
 * this call's to change). A new link generation starts, as on confirmation. Returns the id.
 */
export function addConfirmedSubscriber(db: Db, email: string, choice: SubscriptionChoice, actor: Actor, now: number): string {
  return writeTransaction(db, (tx) => {
    const address = email.trim().toLowerCase();
    const existing = tx.select().from(subscribers).where(and(eq(subscribers.email, address), eq(subscribers.channel, 'email'))).get();
    if (existing?.state === 'active') throw new RejectedError(`${address} is already subscribed.`);
    if (existing?.state === 'quarantined') throw new RejectedError(`${address} is quarantined after mail to it failed; reactivate it instead.`);
    const fields = { state: 'active' as const, allComponents: choice.allComponents, confirmTokenHash: null, confirmExpiresAt: null, confirmedAt: now, updatedAt: now };
    let id: string;
    if (existing) {
      id = existing.id;
      tx.update(subscribers).set({ ...fields, unsubscribedAt: null, linkGeneration: existing.linkGeneration + 1 }).where(eq(subscribers.id, id)).run();
      cancelPending(tx, id, now);
    } else {
      id = newPublicId();
      tx.insert(subscribers).values({ id, email: address, ...fields, linkGeneration: 1, createdAt: now }).run();
    }
    setChoice(tx, id, choice);
    recordAudit(tx, actor, { action: 'subscriber.added', objectType: 'subscriber', objectId: id, diff: { allComponents: choice.allComponents, confirmation: 'skipped' } }, now);
    return id;
  });
}

/** Queues a confirmation with a new token; earlier unsent ones carry a dead link and are cancelled. */
function replaceConfirmation(db: Db, subscriberId: string, token: string, now: number): void {
  db.update(deliveries)
    .set({ state: 'cancelled', payload: null, leaseUntil: null, lastError: 'replaced by a newer confirmation', updatedAt: now })
    .where(and(eq(deliveries.subscriberId, subscriberId), eq(deliveries.kind, 'confirm'), eq(deliveries.state, 'pending')))
    .run();
  enqueueConfirmation(db, subscriberId, token, now);
}

export function cancelPending(db: Db, subscriberId: string, now: number): void {
  db.update(deliveries)
    .set({ state: 'cancelled', payload: null, leaseUntil: null, updatedAt: now })
    .where(and(eq(deliveries.subscriberId, subscriberId), eq(deliveries.state, 'pending')))
    .run();
}

/** Removes unconfirmed addresses older than the retention period (they never agreed to anything). Returns how many. */
export function purgeUnconfirmed(db: Db, now: number): number {
  return writeTransaction(db, (tx) => {
    const stale = tx
      .select({ id: subscribers.id })
      .from(subscribers)
      .where(and(eq(subscribers.state, 'unconfirmed'), lt(subscribers.updatedAt, now - UNCONFIRMED_RETENTION_DAYS * 24 * HOUR)))
      .all();
    if (stale.length === 0) return 0;
    tx.delete(subscribers).where(inArray(subscribers.id, stale.map((s) => s.id))).run();
    recordAudit(tx, SYSTEM, { action: 'subscribers.purged', objectType: 'subscriber', objectId: null, diff: { count: stale.length } }, now);
    return stale.length;
  });
}

/** Admin: puts a quarantined address or endpoint back to active, its run of failures forgotten (one that unsubscribed must opt in again itself). */
export function reactivateSubscriber(db: Db, subscriberId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: subscribers.state, email: subscribers.email }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (!row) throw new RejectedError('That subscriber does not exist (it may have been removed).');
    if (row.state !== 'quarantined') throw new RejectedError('Only quarantined addresses can be reactivated; others must subscribe again themselves.');
    tx.update(subscribers).set({ state: 'active', quarantinedAt: null, quarantineReason: null, consecutiveFailures: 0, failingSince: null, updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    recordAudit(tx, actor, { action: 'subscriber.reactivated', objectType: 'subscriber', objectId: subscriberId, diff: { from: row.state } }, now);
  });
}

/** Admin: deletes an address and everything owed to it. */
export function removeSubscriber(db: Db, subscriberId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: subscribers.state }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (!row) throw new RejectedError('That subscriber does not exist (it may have been removed already).');
    tx.delete(subscribers).where(eq(subscribers.id, subscriberId)).run();
    recordAudit(tx, actor, { action: 'subscriber.removed', objectType: 'subscriber', objectId: subscriberId, diff: { state: row.state } }, now);
  });
}

/** Admin: a fresh confirmation mail for an unconfirmed address (a new token; the old link stops working). */
export function resendConfirmation(db: Db, subscriberId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const row = tx.select({ state: subscribers.state }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (!row) throw new RejectedError('That subscriber does not exist (it may have been removed).');
    if (row.state !== 'unconfirmed') throw new RejectedError('Only unconfirmed addresses are sent a confirmation mail.');
    const token = generateToken();
    tx.update(subscribers).set({ confirmTokenHash: hashToken(token), confirmExpiresAt: now + CONFIRM_TOKEN_HOURS * HOUR, updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    replaceConfirmation(tx, subscriberId, token, now);
    recordAudit(tx, actor, { action: 'subscriber.confirmation_resent', objectType: 'subscriber', objectId: subscriberId }, now);
  });
}
