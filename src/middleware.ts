import { defineMiddleware, sequence } from 'astro:middleware';
import { authenticate } from './server/auth/request-auth';
import { database } from './server/db';
import { busyResponse, isDatabaseBusy } from './server/http/busy';
import { finishPageHeaders } from './server/http/page-headers';
import { pageMethodRefusal } from './server/http/page-methods';
import { withReasonPhrase } from './server/http/reason-phrase';
import { recordRequest } from './server/metrics/request-recorder';

/**
 * Times every server-rendered request for /metrics, labelled with the route pattern.
 * /health and /metrics are timed too: scrapes are real traffic, they add only two label
 * values, and a /metrics made slow by its database gauges is worth seeing.
 * Static files under public/ are served before Astro runs and are not counted.
 */
const metrics = defineMiddleware(async (context, next) => {
  const startedAt = performance.now();
  // What the visitor gets if rendering throws: Astro answers 500.
  let status = 500;
  try {
    const response = await next();
    status = response.status;
    return withReasonPhrase(response);
  } catch (e) {
    // A write that waited out the busy timeout: the transaction rolled back whole; ask for a retry.
    if (!isDatabaseBusy(e)) throw e;
    status = 503;
    return busyResponse();
  } finally {
    recordRequest(context.request, context.routePattern, status, startedAt);
  }
});

/** A method a public page does not answer gets 405 (see page-methods.ts), before anything else runs. */
const methods = defineMiddleware((context, next) => pageMethodRefusal(context.routePattern, context.request.method) ?? next());

/** Cross-site form posts refused; on admin routes the session validated once and the role checked. */
const auth = defineMiddleware(async (context, next) => {
  const refusal = authenticate(context, Date.now());
  if (refusal) return refusal;
  const response = await next();
  // Signed-in pages are personal: never stored by a browser or a proxy.
  // So are the answers of a private page, whoever was let in: never kept by the fast path either.
  if (context.locals.user || context.locals.privateAccess) response.headers.set('cache-control', 'no-store');
  return response;
});

/** Charset on HTML, no-store on pages with a form (page-headers.ts). */
const headers = defineMiddleware(async (context, next) => {
  const response = await next();
  finishPageHeaders(context.routePattern, response);
  return response;
});

export const onRequest = sequence(metrics, headers, methods, auth);

// Opened when the site loads (site.ts loads this module before the site answers anyone), not by
// the first visitor after a restart. A database that cannot be opened now is reported by each
// request that needs it, as before.
try {
  database();
} catch {
  // left for the requests to report
}
