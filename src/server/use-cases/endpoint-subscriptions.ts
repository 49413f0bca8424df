import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { subscribers } from '../../../db/schema.js';
import { CHANNEL_KIND_LABELS, type EndpointKind } from '../../core/channel-kind.js';
import { recordAudit, type Actor } from '../audit.js';
import { sealEndpoint } from '../channels/endpoint-seal.js';
import { seal } from '../channels/secret-box.js';
import { newSigningSecret } from '../channels/signing.js';
import { newPublicId } from '../ids.js';
import { checkOutboundUrl, OutboundError } from '../outbound/guarded-get.js';
import { announce } from '../signals.js';
import { RejectedError } from '../write/events.js';
import { cancelPending, setChoice, type SubscriptionChoice } from './subscriptions.js';

export interface EndpointSubscription {
  readonly kind: EndpointKind;
  readonly endpoint: string;
  /** Contact for notices about the endpoint (its quarantine); required, stored lower-cased. */
  readonly email: string;
  readonly choice: SubscriptionChoice;
}

export interface AddedEndpoint {
  readonly id: string;
  /** `whsec_…` for a webhook, shown once; null for chat kinds. */
  readonly signingSecret: string | null;
}

const MAX_ENDPOINT_LENGTH = 2_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The endpoint as it will be stored, or a RejectedError with a sentence: https only (unless OUTBOUND_ALLOW_PRIVATE), no private literal address. */
export function validEndpoint(raw: string, allowPrivate: boolean): string {
  const trimmed = raw.trim();
  if (trimmed.length === 0) throw new RejectedError('Enter the endpoint URL to send updates to.');
  if (trimmed.length > MAX_ENDPOINT_LENGTH) throw new RejectedError(`The endpoint URL is longer than ${MAX_ENDPOINT_LENGTH} characters.`);
  try {
    return checkOutboundUrl(trimmed, allowPrivate).toString();
  } catch (e) {
    if (e instanceof OutboundError) throw new RejectedError(e.message);
    throw e;
  }
}

/**
 * Subscribes a webhook or chat endpoint, active at once (no double opt-in: nobody reads a
 * confirmation link at a URL). What stands in for it: a contact email is required, and the
 * endpoint is owed one test call, so a stranger's endpoint entered by someone else hears one
 * message, unsubscribe link included, and a dead one soon fails into quarantine. Subscribing an
 * endpoint that already is subscribed is refused; one that unsubscribed starts again with a new
 * secret. One transaction: the subscriber and its test call commit together.
 */
export function addEndpointSubscriber(db: Db, input: EndpointSubscription, actor: Actor | null, allowPrivate: boolean, now: number): AddedEndpoint {
  const endpoint = validEndpoint(input.endpoint, allowPrivate);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new RejectedError('Enter a contact email address: we write to it if the endpoint keeps failing.');
  const secret = input.kind === 'webhook' ? newSigningSecret() : null;
  const sealed = secret === null ? null : seal(db, secret, now);
  // Sealed deterministically (channels/endpoint-seal.ts): the same URL gives the same value, so the lookup and the unique index still find it.
  const stored = sealEndpoint(db, endpoint, now);
  const label = CHANNEL_KIND_LABELS[input.kind];
  const id = writeTransaction(db, (tx) => {
    // The plain form too: a process of the previous release may have stored it during a rolling restart. The sealed row first.
    const existing = tx
      .select()
      .from(subscribers)
      .where(and(eq(subscribers.channel, input.kind), inArray(subscribers.endpoint, [stored, endpoint])))
      .orderBy(sql`${subscribers.endpoint} = ${stored} desc`)
      .get();
    if (existing && existing.state !== 'unsubscribed') throw new RejectedError(`That ${label} endpoint is already subscribed.`);
    const fields = { endpoint: stored, email, state: 'active' as const, signingSecret: sealed, allComponents: input.choice.allComponents, consecutiveFailures: 0, failingSince: null, confirmedAt: now, updatedAt: now };
    let subscriberId: string;
    if (existing) {
      subscriberId = existing.id;
      tx.update(subscribers).set({ ...fields, unsubscribedAt: null, quarantinedAt: null, quarantineReason: null, linkGeneration: existing.linkGeneration + 1 }).where(eq(subscribers.id, subscriberId)).run();
      cancelPending(tx, subscriberId, now);
    } else {
      subscriberId = newPublicId();
      tx.insert(subscribers).values({ id: subscriberId, channel: input.kind, ...fields, linkGeneration: 1, createdAt: now }).run();
    }
    setChoice(tx, subscriberId, input.choice);
    tx.run(sql`
      insert into deliveries (kind, channel, subscriber_id, dedupe_key, state, attempts, next_attempt_at, created_at, updated_at)
      values ('channel_test', ${input.kind}, ${subscriberId}, ${`test:${subscriberId}:${now}`}, 'pending', 0, ${now}, ${now}, ${now})
      on conflict (dedupe_key) do nothing
    `);
    if (actor) recordAudit(tx, actor, { action: 'subscriber.added', objectType: 'subscriber', objectId: subscriberId, diff: { channel: input.kind, allComponents: input.choice.allComponents } }, now);
    return subscriberId;
  });
  announce('outbox');
  return { id, signingSecret: secret };
}

/** Admin or API: a new signing secret for a webhook subscriber; the old one stops working at once. Returns it (shown once). */
export function rotateSigningSecret(db: Db, subscriberId: string, actor: Actor, now: number): string {
  const secret = newSigningSecret();
  const sealed = seal(db, secret, now);
  writeTransaction(db, (tx) => {
    const row = tx.select({ channel: subscribers.channel }).from(subscribers).where(eq(subscribers.id, subscriberId)).get();
    if (!row) throw new RejectedError('That subscriber does not exist (it may have been removed).');
    if (row.channel !== 'webhook') throw new RejectedError('Only webhook subscribers have a signing secret.');
    tx.update(subscribers).set({ signingSecret: sealed, updatedAt: now }).where(eq(subscribers.id, subscriberId)).run();
    recordAudit(tx, actor, { action: 'subscriber.secret_rotated', objectType: 'subscriber', objectId: subscriberId }, now);
  });
  return secret;
}
