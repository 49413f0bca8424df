/**
 * Alerts coming in: alerts and their baselines, proposals for the comms lead, routing rules,
 * heartbeats, and followed upstream status pages.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core';
import { ALERT_SOURCES, ALERT_STATES, PROPOSAL_KINDS, PROPOSAL_STATES } from '../../src/core/alert.js';
import { COMPONENT_STATUSES } from '../../src/core/component-status.js';
import { INCIDENT_STATUSES } from '../../src/core/incident-status.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { inList } from './sql-lists.js';
import { components } from './components.js';
import { events, templates } from './events.js';

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
