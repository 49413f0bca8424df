/**
 * Beacon's data model. Times are integer epoch milliseconds; day keys are 'YYYY-MM-DD'.
 * Public ids are short random strings (Statuspage-style) so they can appear in URLs and
 * the JSON API without leaking row counts. Derived facts (a component's current status,
 * an incident's status and impact) are read from history, never stored beside it.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, sqliteTable, text, integer, index, uniqueIndex, primaryKey, check, blob } from 'drizzle-orm/sqlite-core';
import { COMPONENT_STATUSES, STATUS_CAUSES } from '../src/core/component-status.js';
import { EVENT_KINDS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../src/core/incident-status.js';
import { SEVERITIES } from '../src/core/severity.js';
import { ROLES } from '../src/core/policy.js';
import { IMPACTS } from '../src/core/impact.js';
import { SUBSCRIBER_STATES } from '../src/core/subscriber-state.js';
import { DELIVERY_KINDS, DELIVERY_STATES } from '../src/core/delivery.js';
import { CHANNEL_KINDS, ENDPOINT_KINDS } from '../src/core/channel-kind.js';
import { API_SCOPES } from '../src/core/api-scope.js';
import { ALERT_SOURCES, ALERT_STATES, PROPOSAL_KINDS, PROPOSAL_STATES } from '../src/core/alert.js';
import { PAGE_VISIBILITIES } from '../src/core/visibility.js';

const PENDING_SIGN_IN_KINDS = ['oidc', 'totp'] as const;

const EVENT_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;

/** SQL text `column in ('a', 'b')` for CHECK constraints; values come from our own tuples. */
const inList = (column: string, values: readonly string[]): string =>
  `${column} in (${values.map((v) => `'${v}'`).join(', ')})`;

/** The page itself: exactly one row (id = 1). */
export const pageSettings = sqliteTable(
  'page_settings',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull(),
    name: text('name').notNull(),
    url: text('url'),
    timeZone: text('time_zone').notNull().default('UTC'),
    description: text('description'),
    supportUrl: text('support_url'),
    brandColor: text('brand_color'),
    logoUrl: text('logo_url'),
    /** JSON array of the alert label names that name a component, tried in order; null: the defaults. */
    alertComponentLabels: text('alert_component_labels'),
    /** JSON `{critical: status, …}`: an alert's `severity` label → component status; null: the defaults. */
    alertSeverityMap: text('alert_severity_map'),
    /** JSON `{SEV1: minutes|null, …}` overriding the default update cadence; null: the defaults. */
    updateCadence: text('update_cadence'),
    /** When the shipped templates were copied into `templates` (once; deleting them later is the owner's choice). */
    templatesSeededAt: integer('templates_seeded_at'),
    /** 'public' or 'private' (every public route needs a session or a read token); PAGE_VISIBILITY=private wins. */
    visibility: text('visibility', { enum: PAGE_VISIBILITIES }).notNull().default('public'),
    /** JSON `[[group, role], …]`: which provider group gives which role at single sign-on. */
    ssoRoleMap: text('sso_role_map'),
    /** False once the team signs in by single sign-on only; the break-glass owner keeps a password. */
    passwordSignIn: integer('password_sign_in', { mode: 'boolean' }).notNull().default(true),
    /** The one password account still allowed when password sign-in is off. */
    breakGlassUserId: text('break_glass_user_id'),
    /** Owners must have two-factor sign-in set up before they can do anything else. */
    ownersNeedTotp: integer('owners_need_totp', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [check('page_settings_singleton', sql`${t.id} = 1`)],
);

/** Components and groups (a group is a component with is_group = 1; one level deep). */
export const components = sqliteTable(
  'components',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    isGroup: integer('is_group', { mode: 'boolean' }).notNull().default(false),
    groupId: text('group_id').references((): AnySQLiteColumn => components.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    showcase: integer('showcase', { mode: 'boolean' }).notNull().default(true),
    onlyShowIfDegraded: integer('only_show_if_degraded', { mode: 'boolean' }).notNull().default(false),
    /** Day key from which uptime counts; null means from the first status record. */
    startDate: text('start_date'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    archivedAt: integer('archived_at'),
  },
  (t) => [
    uniqueIndex('components_slug_unique').on(t.slug),
    index('components_group_position_idx').on(t.groupId, t.position),
  ],
);

/**
 * Each component's head: its latest status change (by time, then id; null before its first) and a
 * stamp that moves whenever the component's record or any of its status changes is written,
 * edited or deleted. Kept by triggers on components and component_status_changes (migration 0011)
 * in the same transaction as every write, whoever writes; never written by the application.
 *
 * Stamps come from one counter (content_version.row_stamp) that only ever grows, so a component's
 * stamp never repeats: equal stamps mean an unchanged record and history (the front page keys its
 * rows on them, row-key.ts). The latest status is read here instead of searching the history of
 * every component on every list (a test replays random writes against that search).
 */
export const componentHeads = sqliteTable('component_heads', {
  componentId: text('component_id')
    .primaryKey()
    .references(() => components.id, { onDelete: 'cascade' }),
  status: text('status', { enum: COMPONENT_STATUSES }),
  at: integer('at'),
  stamp: integer('stamp').notNull(),
});

/** Every change of a leaf component's status; the latest row is its current status. */
export const componentStatusChanges = sqliteTable(
  'component_status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
    at: integer('at').notNull(),
    cause: text('cause', { enum: STATUS_CAUSES }).notNull(),
    eventId: text('event_id').references(() => events.id, { onDelete: 'set null' }),
    updateId: text('update_id').references(() => eventUpdates.id, { onDelete: 'set null' }),
    /** Who made the change (a user id once accounts exist); null for the system. */
    actorId: text('actor_id'),
    /** The alert that set this status (cause 'alert'). */
    alertId: text('alert_id'),
  },
  (t) => [
    // Status and incident too: the history a front-page row is drawn from (statusHistorySince) and
    // each component's latest change (component_heads' triggers) are then read from the index alone.
    index('status_changes_component_at_idx').on(t.componentId, t.at, t.id, t.status, t.eventId),
    check('status_changes_status', sql.raw(inList('status', COMPONENT_STATUSES))),
  ],
);

/** Incidents and scheduled maintenance share one table: same page, same timeline, same URL space. */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    /** Incidents only. */
    severity: text('severity', { enum: SEVERITIES }),
    /** Set only when the comms lead overrides the impact derived from component statuses. */
    impactOverride: text('impact_override', { enum: IMPACTS }),
    /** When the problem began (incidents; may be backfilled) or the work actually began (maintenance). */
    startedAt: integer('started_at'),
    /** Maintenance window. */
    scheduledFor: integer('scheduled_for'),
    scheduledUntil: integer('scheduled_until'),
    /** When the event happens, for listing: an incident's start, a maintenance window's start. */
    sortAt: integer('sort_at').generatedAlwaysAs(sql`coalesce(started_at, scheduled_for)`, { mode: 'virtual' }),
    /** Maintenance: the scheduler starts and completes the window on time unless turned off. */
    autoStart: integer('auto_start', { mode: 'boolean' }).notNull().default(true),
    autoComplete: integer('auto_complete', { mode: 'boolean' }).notNull().default(true),
    postmortemBody: text('postmortem_body'),
    postmortemPublishedAt: integer('postmortem_published_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('events_reference_unique').on(t.reference),
    index('events_sort_idx').on(t.sortAt),
    check('events_kind', sql.raw(inList('kind', EVENT_KINDS))),
    check('events_severity', sql.raw(`severity is null or ${inList('severity', SEVERITIES)}`)),
    check('events_incident_started', sql`${t.kind} <> 'incident' or ${t.startedAt} is not null`),
    // `coalesce(…, 0)`: a CHECK that evaluates to NULL passes in SQLite, so a missing end must read as false.
    check(
      'events_maintenance_window',
      sql`${t.kind} <> 'maintenance' or coalesce(${t.scheduledUntil} > ${t.scheduledFor}, 0)`,
    ),
  ],
);

/** The public timeline of an event; the newest update carries the event's status. */
export const eventUpdates = sqliteTable(
  'event_updates',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    /** Markdown, sanitised when rendered. */
    body: text('body').notNull(),
    /** The time shown to readers; differs from created_at when backfilled or corrected. */
    displayAt: integer('display_at').notNull(),
    notify: integer('notify', { mode: 'boolean' }).notNull().default(true),
    authorId: text('author_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('event_updates_event_display_idx').on(t.eventId, t.displayAt, t.createdAt),
    check('event_updates_status', sql.raw(inList('status', EVENT_STATUSES))),
  ],
);

/**
 * The events whose newest update (by display time, then posting) does not close them, or that have
 * none yet: the open-incident search, answered by the database itself. Kept by triggers on events
 * and event_updates (migration 0010) in the same transaction as every write, whoever writes, so it
 * always agrees with the updates it is derived from (a test replays random writes against the
 * search it replaces). Never written by the application; an event's status is still its newest update's.
 */
export const openEvents = sqliteTable('open_events', {
  eventId: text('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
});

/** Component status changes announced by one update (old → new), as shown in the timeline and the API. */
export const updateComponentChanges = sqliteTable(
  'update_component_changes',
  {
    updateId: text('update_id')
      .notNull()
      .references(() => eventUpdates.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    oldStatus: text('old_status', { enum: COMPONENT_STATUSES }).notNull(),
    newStatus: text('new_status', { enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.updateId, t.componentId] }),
    index('update_component_changes_component_idx').on(t.componentId),
  ],
);

/** Components an event affects, as chosen by the comms lead (maintenance names them before any change). */
export const eventComponents = sqliteTable(
  'event_components',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.componentId] }), index('event_components_component_idx').on(t.componentId)],
);

/** People who sign in to the admin area. */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    /** Stored lower-cased; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** Argon2id PHC string; NO_PASSWORD for accounts that sign in only by single sign-on. */
    passwordHash: text('password_hash').notNull(),
    /** The provider's `sub` for accounts made or linked by single sign-on. */
    oidcSubject: text('oidc_subject'),
    /** Set when single sign-on found no group giving a role: no sign-in until a group does. */
    disabledAt: integer('disabled_at'),
    /** Base32 TOTP key (RFC 6238), set once the person confirmed a first code; null: no second factor. */
    totpKey: text('totp_key'),
    /** The last 30-second step a code was accepted for: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_oidc_subject_unique').on(t.oidcSubject),
    check('users_role', sql.raw(inList('role', ROLES))),
  ],
);

/** One-time codes for when the authenticator is lost; only their SHA-256 is stored. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_unique').on(t.userId, t.codeHash)],
);

/**
 * Sign-ins waiting on a second step: a single sign-on round trip (state, nonce and PKCE verifier
 * until the provider sends the browser back) or a password accepted but its code not yet given.
 * The id is the SHA-256 of a random value in a short-lived cookie, which binds the step to the browser.
 */
export const pendingSignIns = sqliteTable(
  'pending_sign_ins',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: PENDING_SIGN_IN_KINDS }).notNull(),
    /** Second factor: whose password was accepted. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Single sign-on: what the callback must see again. */
    state: text('state'),
    nonce: text('nonce'),
    codeVerifier: text('code_verifier'),
    next: text('next').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('pending_sign_ins_expires_idx').on(t.expiresAt)],
);

/** Signed-in sessions. The id is the SHA-256 of the token the browser holds: a leaked table signs no one in. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed sign-ins, per key ("ip:…" or "email:…"), kept only as long as the limit window; survives restarts. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);

/** One-time links that create the first owner; stored as SHA-256 like sessions. */
export const setupTokens = sqliteTable('setup_tokens', {
  id: text('id').primaryKey(),
  expiresAt: integer('expires_at').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Who changed what, when. Never updated, only appended. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** Null for the system (CLI, scheduler). */
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    /** Short JSON of what changed (never secrets). */
    diff: text('diff'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_object_idx').on(t.objectType, t.objectId)],
);

/** Message templates the comms lead starts updates from; the shipped set is copied in once. */
export const templates = sqliteTable(
  'templates',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    name: text('name').notNull(),
    /** The status an update written from this template moves the event to. */
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    /** Prefilled title for a new event; updates keep the event's own. */
    title: text('title').notNull(),
    body: text('body').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('templates_kind_position_idx').on(t.kind, t.position),
    check('templates_kind', sql.raw(inList('kind', EVENT_KINDS))),
    check('templates_status', sql.raw(inList('status', EVENT_STATUSES))),
  ],
);

/** Installation secrets (HMAC keys), created on first use; never shown or logged. */
export const secrets = sqliteTable('secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
});

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

/**
 * A counter every change to public content bumps, through triggers on the content tables (see
 * migration 0003): any writer — the site, the scheduler, a CLI, another process — invalidates the
 * rendered-response cache without having to remember to. One row (id = 1).
 */
export const contentVersion = sqliteTable(
  'content_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull(),
    /**
     * Bumped, with `version`, by changes to what an event's view reads: events, their updates,
     * the components they affect and the changes they announce, and components themselves
     * (names, links) — never by status history (migration 0010). Event lists stay remembered
     * across a component's status change, which bumps `version` alone.
     */
    eventsVersion: integer('events_version').notNull().default(0),
    /** The last stamp given to a component head (component_heads): grows by one per write that moves one. */
    rowStamp: integer('row_stamp').notNull().default(0),
  },
  (t) => [check('content_version_singleton', sql`${t.id} = 1`)],
);

/**
 * The front page's rendered component rows, kept across restarts (front-page/row-store.ts): a
 * cache, never the record of anything. A row is used only by the build that rendered it and
 * only under the key of the inputs it was rendered from (row-key.ts), so one left behind by an
 * older build or older content is never shown, just replaced. One per slot (top-level component).
 */
export const frontRows = sqliteTable('front_rows', {
  slot: text('slot').primaryKey(),
  /** The build of the site that rendered it (row-store.ts). */
  build: text('build').notNull(),
  key: text('key').notNull(),
  /** UTF-8. */
  html: blob('html', { mode: 'buffer' }).notNull(),
  /** Epoch ms the HTML holds until (exclusive); null for as long as its key does. */
  validUntil: integer('valid_until'),
  /** Epoch ms it was written. */
  writtenAt: integer('written_at').notNull(),
});

/**
 * Every incident or maintenance reference ever issued, by prefix and day (`INC-20261204`), with
 * the highest sequence given out. Never decremented, never deleted with an event: a reference
 * that reached a subscriber's inbox must never name another event.
 */
export const referenceSequences = sqliteTable('reference_sequences', {
  /** `INC-YYYYMMDD` or `MNT-YYYYMMDD`. */
  dayPrefix: text('day_prefix').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

/**
 * Tokens for the write API. Like sessions, only the SHA-256 of the secret is stored; the
 * secret is shown once when created. Revoked tokens stay for the audit trail.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope', { enum: API_SCOPES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The owner who created it; null when created from the command line. */
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    /** Updated at most once a minute per token, so reads do not become writes. */
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), check('api_tokens_scope', sql.raw(inList('scope', API_SCOPES)))],
);

/**
 * The first answer to a POST that carried an `Idempotency-Key`, replayed for 24 h to the same
 * token with the same key, so a retried request never creates twice.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tokenId: text('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** `POST /api/v1/…` the key was first used for; another request with the same key is a 409/422. */
    requestSignature: text('request_signature').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/**
 * One row per alert identity (source + fingerprint or key): deliveries of the same alert update
 * it, so resends are idempotent. `changedAt` is the alert's own time of its latest state (fired
 * or resolved, as the sender says), so an older delivery arriving late changes nothing.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    source: text('source', { enum: ALERT_SOURCES }).notNull(),
    key: text('key').notNull(),
    state: text('state', { enum: ALERT_STATES }).notNull(),
    name: text('name').notNull(),
    summary: text('summary'),
    /** JSON object of the alert's labels, as received. */
    labels: text('labels').notNull(),
    /** JSON array of component ids it was routed to; empty: unroutable (kept and listed). */
    componentIds: text('component_ids').notNull(),
    componentStatus: text('component_status', { enum: COMPONENT_STATUSES }),
    severity: text('severity', { enum: SEVERITIES }),
    ruleId: text('rule_id'),
    proposalId: text('proposal_id'),
    firedAt: integer('fired_at').notNull(),
    changedAt: integer('changed_at').notNull(),
    resolvedAt: integer('resolved_at'),
    receivedAt: integer('received_at').notNull(),
    receipts: integer('receipts').notNull().default(1),
    /** What the last change did that a person should know, e.g. a restore skipped because a person took over. */
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_source_key_unique').on(t.source, t.key),
    index('alerts_state_idx').on(t.state, t.receivedAt),
    check('alerts_source', sql.raw(inList('source', ALERT_SOURCES))),
    check('alerts_state', sql.raw(inList('state', ALERT_STATES))),
  ],
);

/**
 * A component's status before alerts took it over, and the first status change an alert wrote.
 * When the last alert on it resolves, it goes back to this status, unless a change other than an
 * alert's was recorded after `changeId` (a person took over: nothing is overridden).
 */
export const alertBaselines = sqliteTable('alert_baselines', {
  componentId: text('component_id')
    .primaryKey()
    .references(() => components.id, { onDelete: 'cascade' }),
  status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
  changeId: integer('change_id').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** An incident (or next update) prepared from alerts, waiting for a person to publish or dismiss it. */
export const alertProposals = sqliteTable(
  'alert_proposals',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: PROPOSAL_KINDS }).notNull(),
    state: text('state', { enum: PROPOSAL_STATES }).notNull(),
    /** The incident published from it, or (kind 'update') the incident it proposes an update for. */
    eventId: text('event_id').references(() => events.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    /** JSON `[{componentId, status}]`: what publishing sets. */
    changes: text('changes').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    decidedAt: integer('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [index('alert_proposals_state_idx').on(t.state, t.createdAt), check('alert_proposals_state', sql.raw(inList('state', PROPOSAL_STATES)))],
);

/**
 * Owner-written routing, tried in position order before the zero-config label match. Matchers
 * are JSON `[{label, op: '=' | '!=' | '=~', value}]`, all of which must hold.
 */
export const alertRules = sqliteTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  matchers: text('matchers').notNull(),
  componentIds: text('component_ids').notNull(),
  /** Null: from the alert's severity label. */
  componentStatus: text('component_status', { enum: COMPONENT_STATUSES }),
  severity: text('severity', { enum: SEVERITIES }),
  templateId: text('template_id').references(() => templates.id, { onDelete: 'set null' }),
  autoPublish: integer('auto_publish', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A component that must be pinged every period (+ grace); a missed ping fires an alert. Token stored as SHA-256. */
export const heartbeats = sqliteTable(
  'heartbeats',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    periodSeconds: integer('period_seconds').notNull(),
    graceSeconds: integer('grace_seconds').notNull(),
    /** What a missed heartbeat sets the component to. */
    componentStatus: text('component_status', { enum: COMPONENT_STATUSES }).notNull().default('major_outage'),
    lastPingAt: integer('last_ping_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('heartbeats_token_unique').on(t.tokenHash)],
);

/** A component that mirrors a component of another Statuspage-compatible page, polled with ETag. */
export const upstreamFollows = sqliteTable('upstream_follows', {
  componentId: text('component_id')
    .primaryKey()
    .references(() => components.id, { onDelete: 'cascade' }),
  summaryUrl: text('summary_url').notNull(),
  upstreamComponentId: text('upstream_component_id').notNull(),
  etag: text('etag'),
  lastStatus: text('last_status', { enum: COMPONENT_STATUSES }),
  lastPolledAt: integer('last_polled_at'),
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull(),
});
