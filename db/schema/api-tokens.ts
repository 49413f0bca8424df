/** The write API: its tokens and the answers it keeps for retried requests. */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/sqlite-core';
import { API_SCOPES } from '../../src/core/api-scope.js';
import { inList } from './sql-lists.js';
import { users } from './accounts.js';

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
