import type { APIRoute } from 'astro';
import { database } from '../../server/db';
import { subscribersCsv } from '../../server/views/admin/subscribers';

/** Subscribers matching the page's filter as a CSV download (personal data: never cached). */
export const GET: APIRoute = ({ url }) =>
  new Response(subscribersCsv(database().db, url.searchParams), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="subscribers.csv"',
      'cache-control': 'no-store',
    },
  });
