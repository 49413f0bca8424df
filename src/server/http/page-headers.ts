import { isAdminRoute } from '../auth/route-policy.js';
import { PUBLIC_PAGE_METHODS } from './page-methods.js';

/**
 * Pages that hold a form: every admin page (the layout's sign-out button, and most edit
 * something) and the public pages that take a POST. Their answers are never stored by a browser
 * or a proxy: a form may show what was typed, a person's subscription or a one-time link's page.
 */
export function holdsForm(routePattern: string): boolean {
  return isAdminRoute(routePattern) || (PUBLIC_PAGE_METHODS[routePattern]?.includes('POST') ?? false);
}

/**
 * Headers the site's pages get on their way out: HTML names its charset (Astro sends a bare
 * text/html, leaving browsers and validators to guess), and pages with a form say no-store.
 */
export function finishPageHeaders(routePattern: string, response: Response): void {
  const headers = response.headers;
  if (headers.get('content-type')?.trim().toLowerCase() === 'text/html') headers.set('content-type', 'text/html; charset=utf-8');
  if (holdsForm(routePattern)) headers.set('cache-control', 'no-store');
}
