import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { apiTokens } from '../../../db/schema.js';
import { scopeAllows, type ApiScope } from '../../core/api-scope.js';
import type { Actor } from '../audit.js';
import { findLiveApiToken, type ApiTokenRecord } from '../read/api-tokens.js';
import { presentedToken } from '../auth/presented-token.js';
import { ApiError } from './errors.js';

/** Last-used times are kept to the minute: a token used many times a second writes once a minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** How an API write appears in the audit log: under the token's name (tokens are not people). */
export function tokenActor(token: Pick<ApiTokenRecord, 'name'>): Actor {
  return { id: null, label: `API token “${token.name}”` };
}

/**
 * The token behind a request, checked against the scope the route needs: 401 when none or an
 * unknown or revoked one is given, 403 when its scope does not cover the route.
 */
export function authenticateToken(db: Db, request: Request, url: URL, needed: ApiScope, now: number): ApiTokenRecord {
  const secret = presentedToken(request, url);
  if (secret === null) {
    throw new ApiError(401, 'This API needs a token: send “Authorization: OAuth <token>” (or Bearer), or ?api_key=<token>. Owners create tokens under Admin → API tokens.');
  }
  const token = findLiveApiToken(db, secret);
  if (!token) throw new ApiError(401, 'That token is not valid: it may have been revoked or mistyped.');
  if (!scopeAllows(token.scope, needed)) {
    throw new ApiError(403, `This token has the “${token.scope}” scope; this request needs “${needed}”.`);
  }
  if (token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id)).run();
  }
  return token;
}
