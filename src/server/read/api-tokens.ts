import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { apiTokens } from '../../../db/schema.js';
import type { ApiScope } from '../../core/api-scope.js';
import { hashToken } from '../auth/tokens.js';

export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scope: ApiScope;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

const COLUMNS = {
  id: apiTokens.id,
  name: apiTokens.name,
  scope: apiTokens.scope,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** Every token, live ones first, newest first. */
export function listApiTokens(db: Db): ApiTokenRecord[] {
  return db
    .select(COLUMNS)
    .from(apiTokens)
    .orderBy(apiTokens.revokedAt, desc(apiTokens.createdAt))
    .all();
}

/**
 * The live token behind a secret, or null. One indexed lookup by SHA-256: a token is 160 random
 * bits, so a fast hash is as safe here as a slow password hash and costs microseconds per request.
 */
export function findLiveApiToken(db: Db, secret: string): ApiTokenRecord | null {
  return (
    db
      .select(COLUMNS)
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hashToken(secret)), isNull(apiTokens.revokedAt)))
      .get() ?? null
  );
}

/** One token by its id, live or revoked, or null. */
export function findApiToken(db: Db, id: string): ApiTokenRecord | null {
  return db.select(COLUMNS).from(apiTokens).where(eq(apiTokens.id, id)).get() ?? null;
}
