import type { APIRoute } from 'astro';
import { embedScriptResponse } from '../server/embed/responses';
import { methodNotAllowed } from '../server/http/cacheable';

/** /embed.js: the status notice widget for other sites. */
export const GET: APIRoute = ({ request }) => embedScriptResponse(request);

// Astro would hand HEAD to ALL before falling back to GET, so HEAD is named explicitly.
export const HEAD: APIRoute = GET;

export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method);
