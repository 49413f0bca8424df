/**
 * Routes that stay open when the page is private: the admin area (which has its own rules),
 * probes, and links that carry their own secret (a subscriber's confirm, manage and unsubscribe
 * links, mailed only to that subscriber).
 */
const OPEN_WHEN_PRIVATE: readonly string[] = ['/health', '/metrics', '/subscribe/confirm/[token]', '/subscriptions/[token]', '/unsubscribe/[token]'];

export function needsSignInWhenPrivate(routePattern: string): boolean {
  if (routePattern === '/admin' || routePattern.startsWith('/admin/')) return false;
  // The write API (/api/v1) checks its own tokens.
  if (routePattern.startsWith('/api/v1')) return false;
  return !OPEN_WHEN_PRIVATE.includes(routePattern);
}

/** Documents a program fetches (feeds, API, badges, the embed script): a 401 it can act on, not a sign-in page. */
export function isMachineRoute(pathname: string): boolean {
  return /^\/api\//.test(pathname) || /\.(rss|atom|json|svg|js)$/.test(pathname) || pathname === '/embed';
}

/** `npm run export` on a private page: a copy on disk would be public to whoever serves it. */
export const PRIVATE_EXPORT_REFUSAL =
  'This status page is private (PAGE_VISIBILITY=private or Access → Only people signed in), so it is not exported: a copy on disk would be public to anyone who can reach it. Make the page public first.';

export const PRIVATE_REFUSAL = 'This status page is private. Sign in, or send a read token (Authorization: Bearer <token> or ?api_key=<token>).';
