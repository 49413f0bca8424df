/**
 * What an API token may do. `read`: GET only; `write`: everything an editor may do through the
 * API; `alerts`: only the alert intake (/api/v1/alerts/*, heartbeats). Ordered narrowest last.
 */
export const API_SCOPES = ['read', 'write', 'alerts'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope lets a token do, as the admin form and the /api page say it. */
export const API_SCOPE_DESCRIPTIONS: Readonly<Record<ApiScope, string>> = {
  read: 'Read only: GET requests; nothing changes.',
  write: 'Everything an editor may do: open and update incidents, set component status, manage subscribers and templates.',
  alerts: 'Only the alert intake, for monitoring tools that open incidents from alerts.',
};

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
