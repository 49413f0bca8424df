import type { APIRoute } from 'astro';
import { badgeResponse } from '../../../server/badges/badge-endpoint';
import { database } from '../../../server/db';
import { methodNotAllowed } from '../../../server/http/cacheable';

/** /components/{slug}/badge.svg and .json: one component's (or group's) status. */
export const GET: APIRoute = ({ params, request, url }) =>
  badgeResponse(request, database().db, { slug: params.slug ?? '', format: params.format, query: url.searchParams });

// Astro would hand HEAD to ALL before falling back to GET, so HEAD is named explicitly.
export const HEAD: APIRoute = GET;

export const ALL: APIRoute = ({ request }) => methodNotAllowed(request.method);
