/**
 * Team accounts and signing in: users, two-factor recovery codes, sign-ins half done, sessions,
 * failed attempts, set-up tokens, and the audit log.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../src/core/policy.js';
import { inList } from './sql-lists.js';

/** How a sign-in can be half done: waiting on the identity provider, or on a two-factor code. */
const PENDING_SIGN_IN_KINDS = ['oidc', 'totp'] as const;

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
