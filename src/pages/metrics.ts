import type { APIRoute } from 'astro';
import { methodNotAllowed } from '../server/http/cacheable';
import { metricsResponse } from '../server/metrics/exposition';
import { appMetrics } from '../server/metrics/registry';

/** /metrics: Prometheus text format. */
export const GET: APIRoute = () => metricsResponse(appMetrics().registry);
export const HEAD: APIRoute = GET;
export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method, false);
