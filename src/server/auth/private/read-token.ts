import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { apiTokens } from '../../../../db/schema.js';
import { hashToken } from '../tokens.js';

/** The token a request carries: `Authorization: Bearer <t>`, else `?api_key=<t>` (for feed readers that cannot set headers). */
export function presentedToken(request: Request, url: URL): string | null {
  const header = request.headers.get('authorization');
  const bearer = header?.match(/^Bearer\s+(\S{1,200})$/i)?.[1];
  return bearer ?? url.searchParams.get('api_key')?.slice(0, 200) ?? null;
}

/** Whether a secret is a live API token that may read (scope read or write; never alerts-only). */
export function isReadToken(db: Db, secret: string): boolean {
  const row = db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(secret)), isNull(apiTokens.revokedAt), inArray(apiTokens.scope, ['read', 'write'])))
    .get();
  return row !== undefined;
}
