/**
 * What an API token may do. `read`: GET only; `write`: everything an editor may do through the
 * API; `alerts`: only the alert intake (/api/v1/alerts/*, heartbeats). Ordered narrowest last.
 */
export const API_SCOPES = ['read', 'write', 'alerts'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);
}

/**
 * Whether a token of `held` scope may call a route that needs `needed`. `write` includes `read`
 * and the alert intake (an editor may post alerts by hand); `read` and `alerts` include nothing else.
 */
export function scopeAllows(held: ApiScope, needed: ApiScope): boolean {
  return held === needed || held === 'write';
}
