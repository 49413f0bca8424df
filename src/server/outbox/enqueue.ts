import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { CHAT_KINDS } from '../../core/channels/message.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { announce } from '../signals.js';

/**
 * Writes one pending delivery per active subscriber who asked to hear about `eventId`, on the
 * subscriber's channel (email, webhook, chat), each lane sending its own: every
 * subscriber to all components, and those who chose any component the event affects. An event
 * naming no component concerns the whole page, so it goes to every active subscriber.
 * One INSERT … SELECT: cost is one statement however many subscribers there are.
 * The dedupe key makes a second call for the same update a no-op. Call inside the use-case's
 * transaction, so the update and the mail it owes commit together or not at all.
 * Returns the number of rows written.
 */
export function enqueueEventDeliveries(
  db: Db,
  target: { readonly kind: 'update'; readonly eventId: string; readonly updateId: string } | { readonly kind: 'postmortem'; readonly eventId: string },
  now: number,
): number {
  const updateId = target.kind === 'update' ? target.updateId : null;
  // Postmortems are keyed per event and publication time, so republishing after an edit is announced once more.
  const keyHead = target.kind === 'update' ? `update:${target.updateId}:` : `postmortem:${target.eventId}:${now}:`;
  const result = db.run(sql`
    insert into deliveries (kind, channel, subscriber_id, event_id, update_id, dedupe_key, state, attempts, next_attempt_at, created_at, updated_at)
    select ${target.kind}, s.channel, s.id, ${target.eventId}, ${updateId}, ${keyHead} || s.id || ':' || s.channel, 'pending', 0, ${now}, ${now}, ${now}
    from subscribers s
    where ${audience(sql`select ec.component_id from event_components ec where ec.event_id = ${target.eventId}`)}
    on conflict (dedupe_key) do nothing
  `);
  // The worker wakes on a later tick, after this synchronous transaction has committed.
  if (result.changes > 0) announce('outbox');
  return result.changes;
}

/** What a `component_update` row keeps that the history row alone does not say: the status it replaced. */
export interface ComponentUpdatePayload {
  readonly from: ComponentStatus;
}

/**
 * Writes one pending `component_update` per active endpoint subscriber who follows the component
 * (all components, or this one chosen) for the status change `changeId`: webhook subscribers
 * always, chat subscribers when `chat` (a change no update of theirs carries). Email subscribers
 * hear of components through the updates. One INSERT … SELECT per change, however many subscribers;
 * the dedupe key (change, subscriber, channel) makes a second call a no-op. Call inside the
 * change's transaction. Returns the number of rows written.
 */
export function enqueueComponentUpdate(
  db: Db,
  change: { readonly changeId: number; readonly componentId: string; readonly from: ComponentStatus; readonly chat: boolean },
  now: number,
): number {
  const channels = JSON.stringify(change.chat ? ['webhook', ...CHAT_KINDS] : ['webhook']);
  const payload: ComponentUpdatePayload = { from: change.from };
  const result = db.run(sql`
    insert into deliveries (kind, channel, subscriber_id, component_change_id, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
    select 'component_update', s.channel, s.id, ${change.changeId}, ${`component:${change.changeId}:`} || s.id || ':' || s.channel, ${JSON.stringify(payload)}, 'pending', 0, ${now}, ${now}, ${now}
    from subscribers s
    where s.channel in (select value from json_each(${channels})) and ${audience(sql`select ${change.componentId}`)}
    on conflict (dedupe_key) do nothing
  `);
  if (result.changes > 0) announce('outbox');
  return result.changes;
}

/**
 * Who hears about an event touching the components `componentIds` selects (a SELECT of
 * component ids): active subscribers to all components or to any of those; none selected means
 * the whole page, so every active subscriber. Reads subscribers as `s`.
 */
function audience(componentIds: SQL): SQL {
  return sql`s.state = 'active' and (
    s.all_components = 1
    or not exists (${componentIds})
    or exists (select 1 from subscriber_components sc where sc.subscriber_id = s.id and sc.component_id in (${componentIds}))
  )`;
}

/**
 * How many mails an update would queue now: the same selection as `enqueueEventDeliveries`,
 * for an event (`eventId`, null for a new one) whose components will be its own plus `chosenIds`.
 */
export function countAudience(db: Db, eventId: string | null, chosenIds: readonly string[]): number {
  const ids = sql`select value from json_each(${JSON.stringify(chosenIds)}) union select component_id from event_components where event_id = ${eventId ?? ''}`;
  return db.get<{ n: number }>(sql`select count(*) as n from subscribers s where ${audience(ids)}`)?.n ?? 0;
}

/** Queues the confirmation mail for a new (or re-requested) subscription; the raw token rides in the payload until sent. */
export function enqueueConfirmation(db: Db, subscriberId: string, token: string, now: number): void {
  db.run(sql`
    insert into deliveries (kind, channel, subscriber_id, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
    values ('confirm', 'email', ${subscriberId}, ${`confirm:${subscriberId}:${now}:${token.slice(0, 8)}`}, ${JSON.stringify({ token })}, 'pending', 0, ${now}, ${now}, ${now})
    on conflict (dedupe_key) do nothing
  `);
  announce('outbox');
}
