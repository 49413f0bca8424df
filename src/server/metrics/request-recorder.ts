import { appMetrics } from './registry.js';

/**
 * Requests already counted. When a route answers 404/500 without a body, Astro renders the
 * error page through the middleware again with the same Request; the first pass, labelled
 * with the route that was asked for, is the one that counts.
 */
const recorded = new WeakSet<Request>();
let warned = false;

/**
 * Counts and times one answered request (`startedAt` from performance.now()). Never throws:
 * metrics are worth less than the response they describe. The first failure is logged, the
 * rest are not, so a broken registry cannot flood the log at request rate.
 */
export function recordRequest(request: Request, routePattern: string | undefined, status: number, startedAt: number): void {
  try {
    if (recorded.has(request)) return;
    recorded.add(request);
    appMetrics().http.observe({ method: request.method, routePattern, status, seconds: (performance.now() - startedAt) / 1000 });
  } catch (e) {
    if (!warned) console.error(`metrics: cannot record a request: ${e instanceof Error ? e.message : String(e)}`);
    warned = true;
  }
}
