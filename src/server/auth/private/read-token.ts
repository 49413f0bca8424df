import type { Db } from '../../../../db/client.js';
import { scopeAllows } from '../../../core/api-scope.js';
import { findLiveApiToken } from '../../read/api-tokens.js';

/** Whether a secret is a live API token that may read (scope read or write; never alerts-only). */
export function isReadToken(db: Db, secret: string): boolean {
  const token = findLiveApiToken(db, secret);
  return token !== null && scopeAllows(token.scope, 'read');
}
