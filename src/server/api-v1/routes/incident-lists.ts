import { z } from 'zod/v4';
import { deriveEventStatus } from '../../../core/event-status.js';
import { searchEvents } from '../../read/event-search.js';
import { listOpenEvents, type EventRecord } from '../../read/events.js';
import { incidentsV1Json } from '../incidents/incident-json.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { Incident } from '../schemas/incident.js';

/** Statuspage's default and largest page size. */
export const MAX_PER_PAGE = 100;

const count = (what: string) => z.coerce.number().int().min(1).max(MAX_PER_PAGE).optional().meta({ description: `${what} (1–${MAX_PER_PAGE}, default ${MAX_PER_PAGE}).` });
const pageNumber = z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: 'Page of results, from 1.' });
const Paged = z.object({ page: pageNumber, per_page: count('Results per page') });
const Searched = z.object({
  q: z.string().max(200).optional().meta({ description: 'Text searched in the name, reference, status, published postmortem and updates.' }),
  page: pageNumber,
  limit: count('Results per page'),
  per_page: count('Results per page (as `limit`)'),
});

const slice = <T>(all: readonly T[], page: number | undefined, perPage: number | undefined): T[] => {
  const size = perPage ?? MAX_PER_PAGE;
  const start = ((page ?? 1) - 1) * size;
  return all.slice(start, start + size);
};

const statusOf = (r: EventRecord): string => deriveEventStatus(r.kind, r.latestUpdateStatus, r.postmortemPublishedAt !== null);

/** An open-events list (newest first), as Statuspage's named lists. */
function openList(path: string, operationId: string, summary: string, keep: (r: EventRecord) => boolean): ApiRoute {
  return defineRoute({
    method: 'GET',
    path: `/pages/{page_id}/incidents/${path}`,
    operationId,
    summary,
    tag: 'Incidents',
    scope: 'read',
    query: Paged,
    responses: { 200: { description: summary, schema: Incident, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      const open = [...listOpenEvents(db)].filter(keep).reverse();
      return { status: 200, body: incidentsV1Json(db, page, slice(open, query.page, query.per_page)) };
    },
  });
}

export const INCIDENT_LIST_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/incidents',
    operationId: 'getPagesPageIdIncidents',
    summary: 'List incidents and maintenance, newest first, optionally searched with q',
    tag: 'Incidents',
    scope: 'read',
    query: Searched,
    responses: { 200: { description: 'Incidents, newest first.', schema: Incident, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      const size = query.limit ?? query.per_page ?? MAX_PER_PAGE;
      const records = searchEvents(db, { q: query.q }, size, ((query.page ?? 1) - 1) * size);
      return { status: 200, body: incidentsV1Json(db, page, records) };
    },
  }),
  openList('unresolved', 'getPagesPageIdIncidentsUnresolved', 'List unresolved incidents', (r) => r.kind === 'incident'),
  openList('upcoming', 'getPagesPageIdIncidentsUpcoming', 'List upcoming maintenance (scheduled, not started)', (r) => r.kind === 'maintenance' && statusOf(r) === 'scheduled'),
  openList('active_maintenance', 'getPagesPageIdIncidentsActiveMaintenance', 'List maintenance in progress or verifying', (r) => r.kind === 'maintenance' && statusOf(r) !== 'scheduled'),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/incidents/scheduled',
    operationId: 'getPagesPageIdIncidentsScheduled',
    summary: 'List scheduled maintenance (all of it, completed included), newest first',
    tag: 'Incidents',
    scope: 'read',
    query: Paged,
    responses: { 200: { description: 'Maintenance, newest first.', schema: Incident, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      const size = query.per_page ?? MAX_PER_PAGE;
      return { status: 200, body: incidentsV1Json(db, page, searchEvents(db, { kind: 'maintenance' }, size, ((query.page ?? 1) - 1) * size)) };
    },
  }),
];
