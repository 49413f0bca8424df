import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { idempotencyKeys } from '../../../db/schema.js';
import { ApiError } from './errors.js';
import type { ApiResult } from './route.js';

/** How long a first answer is replayed, ms. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_KEY_MAX = 255;

export interface StoredAnswer {
  readonly status: number;
  readonly body: string;
}

/** What a key is bound to: the method, the path and a digest of the exact body. */
export function requestSignature(method: string, path: string, body: string): string {
  return `${method} ${path} ${createHash('sha256').update(body).digest('base64url')}`;
}

export function checkedIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  const key = header.trim();
  if (key === '' || key.length > IDEMPOTENCY_KEY_MAX) {
    throw new ApiError(400, `An Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} characters.`);
  }
  return key;
}

/**
 * The stored first answer for this token and key, or null if there is none within the window.
 * The same key with a different request is refused (422): replaying the other answer would lie.
 * Call inside the request's transaction, so a concurrent first use cannot slip in between.
 */
export function replayFor(db: Db, tokenId: string, key: string, signature: string, now: number): StoredAnswer | null {
  db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_WINDOW_MS)).run();
  const row = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)))
    .get();
  if (!row) return null;
  if (row.requestSignature !== signature) {
    throw new ApiError(422, 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
  }
  return { status: row.status, body: row.body };
}

/** Keeps the first answer; written in the same transaction as the change it reports. */
export function rememberAnswer(db: Db, tokenId: string, key: string, signature: string, result: ApiResult, body: string, now: number): void {
  db.insert(idempotencyKeys).values({ tokenId, key, requestSignature: signature, status: result.status, body, createdAt: now }).run();
}
