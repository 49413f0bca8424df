import type { APIRoute } from 'astro';
import { config } from '../server/config';
import { database } from '../server/db';
import { embedPageResponse } from '../server/embed/responses';
import { methodNotAllowed } from '../server/http/cacheable';

/** /embed: a one-line status page for an iframe on any site. */
export const GET: APIRoute = ({ request }) => embedPageResponse(request, database().db, config, Date.now());

// Astro would hand HEAD to ALL before falling back to GET, so HEAD is named explicitly.
export const HEAD: APIRoute = GET;

export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method, false);
