import type { APIRoute } from 'astro';
import { config } from '../../server/config';
import { database } from '../../server/db';
import { apiPreflight, apiVersionOf } from '../../server/api/cors';
import { apiResponse } from '../../server/api/respond';
import { methodNotAllowed } from '../../server/http/cacheable';

/** The Statuspage-compatible public API: /api/v2/summary.json and friends. */
export const GET: APIRoute = ({ params, request }) => apiResponse(database().db, params.path ?? '', request, config, Date.now());
export const HEAD: APIRoute = GET;
export const OPTIONS: APIRoute = ({ params }) => apiPreflight(apiVersionOf(params.path ?? ''));
export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method);
