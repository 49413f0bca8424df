import type { APIRoute } from 'astro';
import { healthResponse, liveHealth } from '../server/health/health';
import { methodNotAllowed } from '../server/http/cacheable';

/** /health: readiness as JSON, 200 when every check passes, 503 otherwise. */
export const GET: APIRoute = () => healthResponse(liveHealth());
export const HEAD: APIRoute = GET;
export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method, false);
