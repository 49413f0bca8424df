import { defineMiddleware } from 'astro:middleware';
import { recordRequest } from './server/metrics/request-recorder';

/**
 * Times every server-rendered request for /metrics, labelled with the route pattern.
 * /health and /metrics are timed too: scrapes are real traffic, they add only two label
 * values, and a /metrics made slow by its database gauges is worth seeing.
 * Static files under public/ are served before Astro runs and are not counted.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  const startedAt = performance.now();
  // What the visitor gets if rendering throws: Astro answers 500.
  let status = 500;
  try {
    const response = await next();
    status = response.status;
    return response;
  } finally {
    recordRequest(context.request, context.routePattern, status, startedAt);
  }
});
