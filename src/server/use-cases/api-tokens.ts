import { and, eq, isNull } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { apiTokens } from '../../../db/schema.js';
import type { ApiScope } from '../../core/api-scope.js';
import { recordAudit, type Actor } from '../audit.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { newPublicId } from '../ids.js';
import { RejectedError } from '../write/events.js';

/** Recognisable in logs and by secret scanners; the rest is 160 random bits. */
export const API_TOKEN_PREFIX = 'bcn_';
export const TOKEN_NAME_MAX = 80;

export interface CreatedApiToken {
  readonly id: string;
  /** The secret: shown once, never stored. */
  readonly token: string;
}

/** Creates a named, scoped token; only its hash is kept. One transaction, audited. */
export function createApiToken(db: Db, input: { name: string; scope: ApiScope }, actor: Actor, now: number): CreatedApiToken {
  const name = input.name.trim();
  if (name === '') throw new RejectedError('Give the token a name that says what uses it, e.g. “deploy pipeline”.');
  if (name.length > TOKEN_NAME_MAX) throw new RejectedError(`Keep the token's name under ${TOKEN_NAME_MAX} characters.`);
  const token = `${API_TOKEN_PREFIX}${generateToken()}`;
  const id = newPublicId();
  return writeTransaction(db, (tx) => {
    tx.insert(apiTokens)
      .values({ id, name, scope: input.scope, tokenHash: hashToken(token), createdBy: actor.id, createdAt: now })
      .run();
    recordAudit(tx, actor, { action: 'api_token.created', objectType: 'api_token', objectId: id, diff: { name, scope: input.scope } }, now);
    return { id, token };
  });
}

/** Revokes a token at once; it stays listed (and in the audit log) as revoked. */
export function revokeApiToken(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const revoked = tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name })
      .get();
    if (!revoked) throw new RejectedError('That token does not exist or is already revoked.');
    recordAudit(tx, actor, { action: 'api_token.revoked', objectType: 'api_token', objectId: id, diff: { name: revoked.name } }, now);
  });
}
