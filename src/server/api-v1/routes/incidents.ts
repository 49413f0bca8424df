import { deleteIncident } from '../../use-cases/incident-deletion.js';
import { ApiError } from '../errors.js';
import { createFromApi } from '../incidents/create.js';
import { eventOr404, incidentsV1Json, incidentV1Json } from '../incidents/incident-json.js';
import { updateFromApi } from '../incidents/update.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { INCIDENT_LIST_ROUTES } from './incident-lists.js';
import { INCIDENT_UPDATE_ROUTES } from './incident-updates.js';
import { POSTMORTEM_ROUTES } from './postmortems.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { CreateIncidentBody, Incident, UpdateIncidentBody } from '../schemas/incident.js';

const ONE = '/pages/{page_id}/incidents/{incident_id}';

/** PATCH and PUT do the same, as on Statuspage. */
function updateRoute(method: 'PATCH' | 'PUT'): ApiRoute {
  return defineRoute({
    method,
    path: ONE,
    operationId: method === 'PATCH' ? 'patchPagesPageIdIncidentsIncidentId' : 'putPagesPageIdIncidentsIncidentId',
    summary: 'Update an incident: a status and/or body posts the next update; name, impact_override, severity and components edit it',
    tag: 'Incidents',
    scope: 'write',
    body: UpdateIncidentBody,
    responses: { 200: { description: 'The incident as it now is.', schema: Incident }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
    handle: ({ db, page, params, body, actor, now }) => {
      const record = eventOr404(db, params.incident_id!);
      updateFromApi({ db, page, actor, now }, record, body.incident);
      return { status: 200, body: incidentV1Json(db, page, record.id) };
    },
  });
}

const ONE_INCIDENT_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/incidents',
    operationId: 'postPagesPageIdIncidents',
    summary: 'Create an incident, a maintenance (a maintenance status with scheduled_for/until) or a backfilled incident',
    tag: 'Incidents',
    scope: 'write',
    body: CreateIncidentBody,
    responses: { 201: { description: 'The incident created.', schema: Incident }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
    handle: ({ db, page, body, actor, now }) => {
      const id = createFromApi({ db, page, actor, now }, body.incident);
      return { status: 201, body: incidentV1Json(db, page, id) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: ONE,
    operationId: 'getPagesPageIdIncidentsIncidentId',
    summary: 'Get an incident (by id or reference)',
    tag: 'Incidents',
    scope: 'read',
    responses: { 200: { description: 'The incident.', schema: Incident }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, page, params }) => ({ status: 200, body: incidentV1Json(db, page, params.incident_id!) }),
  }),
  updateRoute('PATCH'),
  updateRoute('PUT'),
  defineRoute({
    method: 'DELETE',
    path: ONE,
    operationId: 'deletePagesPageIdIncidentsIncidentId',
    summary: 'Delete an incident (as the admin area does); answers the deleted incident',
    tag: 'Incidents',
    scope: 'write',
    responses: { 200: { description: 'The incident as it was before deletion.', schema: Incident }, ...AUTH_ERRORS, ...NOT_FOUND, 422: UNPROCESSABLE[422] },
    handle: ({ db, page, params, actor, now }) => {
      const record = eventOr404(db, params.incident_id!);
      if (record.kind !== 'incident') throw new ApiError(422, 'Beacon deletes incidents, not maintenance: complete this maintenance instead.');
      const [before] = incidentsV1Json(db, page, [record]);
      deleteIncident(db, record.id, actor, now);
      return { status: 200, body: before };
    },
  }),
];

/** Incidents with their lists, updates and postmortems: one entry in routes/index.ts. */
export const INCIDENT_ROUTES: readonly ApiRoute[] = [...INCIDENT_LIST_ROUTES, ...ONE_INCIDENT_ROUTES, ...INCIDENT_UPDATE_ROUTES, ...POSTMORTEM_ROUTES];
