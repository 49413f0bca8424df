import type { Db } from '../../../../db/client.js';
import { API_SCOPE_DESCRIPTIONS, API_SCOPES, type ApiScope } from '../../../core/api-scope.js';
import { findApiToken, listApiTokens, type ApiTokenRecord } from '../../read/api-tokens.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';

export interface ApiTokenRowView {
  readonly id: string;
  readonly name: string;
  readonly scope: ApiScope;
  readonly created: TimeView;
  /** Null when it was never used. Kept to the minute. */
  readonly lastUsed: TimeView | null;
  /** Null while it is live. */
  readonly revoked: TimeView | null;
}

export interface ApiTokensView {
  readonly pageName: string;
  readonly scopes: readonly { readonly value: ApiScope; readonly description: string }[];
  readonly rows: readonly ApiTokenRowView[];
}

function rowView(token: ApiTokenRecord, timeZone: string): ApiTokenRowView {
  return {
    id: token.id,
    name: token.name,
    scope: token.scope,
    created: timeView(token.createdAt, timeZone),
    lastUsed: token.lastUsedAt === null ? null : timeView(token.lastUsedAt, timeZone),
    revoked: token.revokedAt === null ? null : timeView(token.revokedAt, timeZone),
  };
}

/** Every token, live ones first, with the choices the creation form offers. */
export function apiTokensView(db: Db, now: number): ApiTokensView {
  const settings = readPageSettings(db, now);
  return {
    pageName: settings.name,
    scopes: API_SCOPES.map((value) => ({ value, description: API_SCOPE_DESCRIPTIONS[value] })),
    rows: listApiTokens(db).map((t) => rowView(t, settings.timeZone)),
  };
}

/** One token for its revocation page, or null when there is no such token. */
export function apiTokenView(db: Db, id: string, now: number): ApiTokenRowView | null {
  const token = findApiToken(db, id);
  return token === null ? null : rowView(token, readPageSettings(db, now).timeZone);
}
