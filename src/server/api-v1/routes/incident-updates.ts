import { affectedComponentsOf, findUpdate, updatesForEvents } from '../../read/event-updates.js';
import { editIncidentUpdate } from '../../use-cases/update-edits.js';
import { placeholderValues } from '../../views/admin/incident-editor.js';
import { FUTURE_TIME } from '../../write/update-revision.js';
import { ApiError } from '../errors.js';
import { eventOr404, incidentUpdateV1Json, mappingContext } from '../incidents/incident-json.js';
import { finalBody, instantOf } from '../incidents/input.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { IncidentUpdate, UpdateIncidentUpdateBody } from '../schemas/incident.js';

/** PATCH and PUT alike: corrects an update's text or display time as the admin edit does (subscribers are not told again). */
function editRoute(method: 'PATCH' | 'PUT'): ApiRoute {
  return defineRoute({
    method,
    path: '/pages/{page_id}/incidents/{incident_id}/incident_updates/{incident_update_id}',
    operationId: `${method.toLowerCase()}PagesPageIdIncidentsIncidentIdIncidentUpdatesIncidentUpdateId`,
    summary: 'Correct an incident update’s text or display time',
    tag: 'Incident updates',
    scope: 'write',
    body: UpdateIncidentUpdateBody,
    responses: { 200: { description: 'The update as it now is.', schema: IncidentUpdate }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
    handle: ({ db, page, params, body, actor, now }) => {
      const record = eventOr404(db, params.incident_id!);
      const stored = findUpdate(db, params.incident_update_id!);
      if (!stored || stored.eventId !== record.id) {
        throw new ApiError(404, `Incident ${record.id} has no update “${params.incident_update_id}”.`);
      }
      const input = body.incident_update;
      const at = input.display_at === undefined ? stored.displayAt : instantOf(input.display_at, 'incident_update.display_at', page, now);
      if (at > now) throw new ApiError(422, FUTURE_TIME);
      const affected = (affectedComponentsOf(db, [record.id]).get(record.id) ?? []).map((c) => c.name);
      // Placeholders are filled as of the update's display time, as the admin edit fills them.
      const text = finalBody(input.body ?? stored.body, placeholderValues(db, [], affected, record.severity, record.startedAt ?? at, at), 'incident_update.body');
      editIncidentUpdate(db, { updateId: stored.id, body: text, displayAt: at }, actor, page.settings.timeZone, now);
      const updated = updatesForEvents(db, [record.id]).get(record.id)!.find((u) => u.id === stored.id)!;
      return { status: 200, body: incidentUpdateV1Json(mappingContext(db, page), updated) };
    },
  });
}

export const INCIDENT_UPDATE_ROUTES: readonly ApiRoute[] = [editRoute('PATCH'), editRoute('PUT')];
