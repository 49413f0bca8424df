const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Whether a request is a form post from another site (CSRF): a state-changing method
 * whose body a plain HTML form could send, and whose Origin is missing or names a host
 * other than the one addressed. Browsers always send Origin on such posts and never let
 * a page forge Host, so comparing the two is sound; SameSite=Lax cookies add a second wall.
 * JSON bodies need a CORS preflight, which we never grant for writes, so they pass here.
 */
export function isCrossSiteFormPost(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const type = request.headers.get('content-type')?.toLowerCase() ?? null;
  if (type !== null && !FORM_TYPES.some((t) => type.includes(t))) return false;
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (!origin || !host) return true;
  try {
    return new URL(origin).host !== host.toLowerCase();
  } catch {
    return true;
  }
}

/**
 * Routes under /api/ authenticate by a token in the request (Authorization), or not at all,
 * and never by cookie: a request forged from another site carries nothing that authorises it,
 * so the cross-site form check does not apply there. API clients are servers and scripts that
 * send no Origin; they get the API's own answers (a JSON 405 for a write to the read-only API).
 */
export function isTokenAuthenticatedRoute(routePattern: string): boolean {
  return routePattern === '/api' || routePattern.startsWith('/api/');
}

/**
 * Posts authorised by a secret in the URL rather than by a session, which mail providers send
 * from their own servers (RFC 8058 one-click unsubscribe): no Origin, and nothing a forger could
 * gain, since the forger would need the secret link already.
 */
export const TOKEN_AUTHORISED_POSTS: readonly string[] = ['/unsubscribe/[token]'];

/** Whether the cross-site form check applies to a request for `routePattern`: everywhere a cookie may authorise it. */
export function needsFormCheck(routePattern: string): boolean {
  return !isTokenAuthenticatedRoute(routePattern) && !TOKEN_AUTHORISED_POSTS.includes(routePattern);
}
