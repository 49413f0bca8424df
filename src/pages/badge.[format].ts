import type { APIRoute } from 'astro';
import { badgeResponse } from '../server/badges/badge-endpoint';
import { database } from '../server/db';
import { methodNotAllowed } from '../server/http/cacheable';

/** /badge.svg and /badge.json (shields.io endpoint schema): the whole page's status. */
export const GET: APIRoute = ({ params, request, url }) =>
  badgeResponse(request, database().db, { slug: null, format: params.format, query: url.searchParams });

// Astro would hand HEAD to ALL before falling back to GET, so HEAD is named explicitly.
export const HEAD: APIRoute = GET;

export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method);
