/**
 * The page itself and what the whole installation shares: its settings, the content counters every
 * change bumps, the front page's kept pieces, and installation secrets.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, check, blob } from 'drizzle-orm/sqlite-core';
import { PAGE_VISIBILITIES } from '../../src/core/visibility.js';

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
 * The front page's rendered component rows and its past week, kept across restarts
 * (front-page/row-store.ts): a cache, never the record of anything. A piece is used only by the
 * build that rendered it and only under the key of the inputs it was rendered from (row-key.ts,
 * recent-section.ts), so one left behind by an older build or older content is never shown, just
 * replaced. One per slot (a top-level component's id, or `section:recent`).
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

/** Installation secrets (HMAC keys), created on first use; never shown or logged. */
export const secrets = sqliteTable('secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: integer('created_at').notNull(),
});
