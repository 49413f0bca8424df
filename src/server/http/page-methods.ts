/**
 * The methods each public page answers. An .astro page renders for any method unless told
 * otherwise, so a PUT or DELETE to the front page used to get the page and a 200; every method a
 * page does not list now gets 405 naming those it does (OPTIONS: 204 with the list). Endpoints
 * answer for themselves, admin routes are in route-policy.ts, and routes not listed here (the
 * 404 page) are left alone: a missing page stays a 404 whatever the method.
 */
const READ = ['GET', 'HEAD'] as const;
const FORM = ['GET', 'HEAD', 'POST'] as const;

export const PUBLIC_PAGE_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/': READ,
  '/history': READ,
  '/integrations': READ,
  '/api': READ,
  '/components/[slug]': READ,
  '/incidents/[id]': READ,
  '/subscribe': FORM,
  '/subscribe/confirm/[token]': FORM,
  '/subscriptions/[token]': FORM,
  // GET shows the page, POST is RFC 8058's one-click unsubscribe as well as the page's own button.
  '/unsubscribe/[token]': FORM,
};

/** The response to send instead of the page, or null when the page answers `method`. */
export function pageMethodRefusal(routePattern: string, method: string): Response | null {
  const allowed = PUBLIC_PAGE_METHODS[routePattern];
  if (allowed === undefined || allowed.includes(method)) return null;
  const allow = allowed.join(', ');
  if (method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } });
  return new Response(`This page does not answer ${method}; it answers ${allow}.\n`, {
    status: 405,
    headers: { allow, 'content-type': 'text/plain; charset=utf-8' },
  });
}
