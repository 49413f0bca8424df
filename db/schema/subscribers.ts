/**
 * Who hears about updates and how: subscribers on their channels, the team's own channels, what
 * each follows, and every delivery.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/sqlite-core';
import { CHANNEL_KINDS, ENDPOINT_KINDS } from '../../src/core/channel-kind.js';
import { DELIVERY_KINDS, DELIVERY_STATES } from '../../src/core/delivery.js';
import { SUBSCRIBER_STATES } from '../../src/core/subscriber-state.js';
import { inList } from './sql-lists.js';
import { componentStatusChanges, components } from './components.js';
import { eventUpdates, events } from './events.js';

/**
 * People (or their automation) who asked to hear about incidents and maintenance, on one channel
 * each: email, a signed webhook, or a chat platform's incoming webhook.
 *
 * The channel columns were added to an existing table (migration 0008): SQLite can only add a
 * table CHECK by rebuilding the table, and rebuilding a parent table inside the migration's
 * transaction would cascade-delete its children (foreign_keys cannot be switched off there). So the
 * channel rules are enforced by the triggers `subscribers_channel_insert/update` of that migration.
 */
export const subscribers = sqliteTable(
  'subscribers',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased. The address mail goes to; for an endpoint subscriber, the contact for notices. Unique among email subscribers. */
    email: text('email').notNull(),
    state: text('state', { enum: SUBSCRIBER_STATES }).notNull(),
    /** One of CHANNEL_KINDS. */
    channel: text('channel', { enum: CHANNEL_KINDS }).notNull().default('email'),
    /** The URL we POST to; null exactly for email subscribers. Unique per channel. */
    endpoint: text('endpoint'),
    /** Webhook subscribers only: the Standard Webhooks `whsec_…` secret, encrypted (see server/channels/secret-box.ts). */
    signingSecret: text('signing_secret'),
    /** Failed attempts in a row across deliveries to the endpoint; reset by any success. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** When the current run of failures began, ms; null while the endpoint answers. */
    failingSince: integer('failing_since'),
    /** Every component, including ones created later; otherwise the rows in subscriber_components. */
    allComponents: integer('all_components', { mode: 'boolean' }).notNull().default(true),
    /** SHA-256 of the pending confirmation token; null once confirmed. */
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: integer('confirm_expires_at'),
    /** Bumped to invalidate every manage and unsubscribe link sent before (they are HMACs over it). */
    linkGeneration: integer('link_generation').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    unsubscribedAt: integer('unsubscribed_at'),
    quarantinedAt: integer('quarantined_at'),
    /** The SMTP reply or HTTP failure that quarantined the subscriber, for admins. */
    quarantineReason: text('quarantine_reason'),
  },
  (t) => [
    uniqueIndex('subscribers_email_unique').on(t.email).where(sql`channel = 'email'`),
    uniqueIndex('subscribers_endpoint_unique').on(t.channel, t.endpoint).where(sql`endpoint is not null`),
    uniqueIndex('subscribers_confirm_token_unique').on(t.confirmTokenHash),
    index('subscribers_state_created_idx').on(t.state, t.createdAt),
    check('subscribers_state', sql.raw(inList('state', SUBSCRIBER_STATES))),
  ],
);

/**
 * The team's own channels (the incident room in Slack, an automation endpoint…), chosen by an
 * owner with the events each one hears about. The URL of a chat webhook is a credential in itself,
 * so it is stored encrypted like a signing secret.
 */
export const teamChannels = sqliteTable(
  'team_channels',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** One of ENDPOINT_KINDS. */
    kind: text('kind', { enum: ENDPOINT_KINDS }).notNull(),
    /** The endpoint URL, encrypted (server/channels/secret-box.ts). */
    urlEncrypted: text('url_encrypted').notNull(),
    /** Webhook channels: the `whsec_…` signing secret, encrypted; null for chat kinds. */
    signingSecret: text('signing_secret'),
    /** JSON array of TEAM_EVENTS (src/core/channels/message.ts) this channel hears about. */
    events: text('events').notNull().default('[]'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    failingSince: integer('failing_since'),
    quarantinedAt: integer('quarantined_at'),
    quarantineReason: text('quarantine_reason'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('team_channels_kind', sql.raw(inList('kind', ENDPOINT_KINDS))),
    check('team_channels_events', sql.raw(`json_valid(events) and json_type(events) = 'array'`)),
    check('team_channels_secret', sql.raw(`(kind = 'webhook') = (signing_secret is not null)`)),
  ],
);

/** The components a subscriber chose when not subscribed to all. */
export const subscriberComponents = sqliteTable(
  'subscriber_components',
  {
    subscriberId: text('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.componentId] }), index('subscriber_components_component_idx').on(t.componentId)],
);

/**
 * The transactional outbox: one row per message owed to one subscriber or one team channel, on one
 * channel, written in the same transaction as the update it announces. `dedupe_key` makes enqueuing
 * twice a no-op. A worker claims due rows of its channel by setting `lease_until`; a crash lets the
 * lease lapse and the row is retried.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: DELIVERY_KINDS }).notNull(),
    /** How this row goes out (CHANNEL_KINDS); each channel is claimed and sent by its own lane. A webhook subscriber's quarantine notice is an `email` row. */
    channel: text('channel', { enum: CHANNEL_KINDS }).notNull().default('email'),
    /** Exactly one of subscriber_id and team_channel_id is set. */
    subscriberId: text('subscriber_id').references(() => subscribers.id, { onDelete: 'cascade' }),
    teamChannelId: text('team_channel_id').references(() => teamChannels.id, { onDelete: 'cascade' }),
    eventId: text('event_id').references(() => events.id, { onDelete: 'cascade' }),
    updateId: text('update_id').references(() => eventUpdates.id, { onDelete: 'cascade' }),
    /** The status change a `component_update` announces; removed with it (e.g. when its incident is deleted). */
    componentChangeId: integer('component_change_id').references(() => componentStatusChanges.id, { onDelete: 'cascade' }),
    /** e.g. `update:<updateId>:<subscriberId>:email`. Endpoint channels derive the `webhook-id` header from it, so a retry carries the same id. */
    dedupeKey: text('dedupe_key').notNull(),
    /** Kind-specific data the message needs and the database cannot recompute (a confirmation token, a team event); cleared once sent. */
    payload: text('payload'),
    state: text('state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('deliveries_dedupe_unique').on(t.dedupeKey),
    index('deliveries_due_idx').on(t.channel, t.state, t.nextAttemptAt),
    index('deliveries_subscriber_idx').on(t.subscriberId),
    index('deliveries_team_channel_idx').on(t.teamChannelId),
    index('deliveries_update_idx').on(t.updateId),
    index('deliveries_component_change_idx').on(t.componentChangeId),
    check('deliveries_kind', sql.raw(inList('kind', DELIVERY_KINDS))),
    check('deliveries_state', sql.raw(inList('state', DELIVERY_STATES))),
    check('deliveries_channel', sql.raw(inList('channel', CHANNEL_KINDS))),
    check('deliveries_recipient', sql.raw('(subscriber_id is null) <> (team_channel_id is null)')),
  ],
);
