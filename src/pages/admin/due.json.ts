import type { APIRoute } from 'astro';
import { database } from '../../server/db';
import { dueStatesView } from '../../server/views/admin/dashboard';

/** When each open incident's next update is due, for the dashboard and incident pages to stay current without a reload. */
export const GET: APIRoute = () =>
  new Response(JSON.stringify(dueStatesView(database().db, Date.now())), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
