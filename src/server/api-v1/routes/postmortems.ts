import type { Db } from '../../../../db/client.js';
import { formatIsoInZone } from '../../../core/format.js';
import { eventExtrasOf } from '../../read/event-extras.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import {
  deleteIncidentPostmortem,
  draftPostmortem,
  publishIncidentPostmortem,
  revertIncidentPostmortem,
} from '../../use-cases/postmortems.js';
import { ApiError } from '../errors.js';
import { eventOr404 } from '../incidents/incident-json.js';
import { defineRoute, type ApiRoute, type PageContext } from '../route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { Postmortem, PublishPostmortemBody, SavePostmortemBody, type PostmortemJson } from '../schemas/incident.js';
import { MESSAGE_MAX } from '../../forms/incident-form.js';

const PATH = '/pages/{page_id}/incidents/{incident_id}/postmortem';

function incidentOr404(db: Db, id: string): EventRecord {
  const record = eventOr404(db, id);
  if (record.kind !== 'incident') throw new ApiError(404, 'Maintenance has no postmortem; postmortems are written for incidents.');
  return record;
}

/**
 * Statuspage's Postmortem from what Beacon keeps: one text, public once published. Beacon does
 * not date drafts apart from the incident, so those times are null.
 */
function postmortemJson(db: Db, page: PageContext, id: string): PostmortemJson {
  const e = findEvent(db, id)!;
  const at = (ms: number | null): string | null => (ms === null ? null : formatIsoInZone(ms, page.settings.timeZone));
  const published = e.postmortemPublishedAt !== null;
  return {
    preview_key: null,
    body: published ? e.postmortemBody : null,
    body_updated_at: at(e.postmortemPublishedAt),
    body_draft: e.postmortemBody,
    body_draft_updated_at: null,
    published_at: at(e.postmortemPublishedAt),
    notify_subscribers: eventExtrasOf(db, [e.id]).get(e.id)?.postmortemMailed ?? false,
    notify_twitter: false,
    custom_tweet: null,
    created_at: null,
    updated_at: at(e.updatedAt),
  };
}

const common = { tag: 'Postmortems' } as const;
const ANSWER = { 200: { description: 'The postmortem.', schema: Postmortem }, ...AUTH_ERRORS, ...NOT_FOUND } as const;

export const POSTMORTEM_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    ...common,
    method: 'GET',
    path: PATH,
    operationId: 'getPagesPageIdIncidentsIncidentIdPostmortem',
    summary: 'Get an incident’s postmortem (draft and published text)',
    scope: 'read',
    responses: ANSWER,
    handle: ({ db, page, params }) => ({ status: 200, body: postmortemJson(db, page, incidentOr404(db, params.incident_id!).id) }),
  }),
  defineRoute({
    ...common,
    method: 'PUT',
    path: PATH,
    operationId: 'putPagesPageIdIncidentsIncidentIdPostmortem',
    summary: 'Save a resolved incident’s postmortem as a draft (not public)',
    scope: 'write',
    body: SavePostmortemBody,
    responses: { ...ANSWER, ...UNPROCESSABLE },
    handle: ({ db, page, params, body, actor, now }) => {
      const id = incidentOr404(db, params.incident_id!).id;
      const text = body.postmortem.body_draft;
      if (text.length > MESSAGE_MAX) throw new ApiError(422, `The field “postmortem.body_draft” is too long: keep it under ${MESSAGE_MAX} characters.`);
      draftPostmortem(db, id, text, actor, now);
      return { status: 200, body: postmortemJson(db, page, id) };
    },
  }),
  defineRoute({
    ...common,
    method: 'PUT',
    path: `${PATH}/publish`,
    operationId: 'putPagesPageIdIncidentsIncidentIdPostmortemPublish',
    summary: 'Publish the saved postmortem (the incident moves to Postmortem); notify_subscribers mails it',
    scope: 'write',
    body: PublishPostmortemBody,
    responses: { ...ANSWER, ...UNPROCESSABLE },
    handle: ({ db, page, params, body, actor, now }) => {
      const record = incidentOr404(db, params.incident_id!);
      if (record.postmortemBody === null) throw new ApiError(422, 'There is no postmortem to publish: save one first with PUT …/postmortem.');
      publishIncidentPostmortem(db, record.id, { body: record.postmortemBody, notify: body.postmortem.notify_subscribers ?? false }, actor, now);
      return { status: 200, body: postmortemJson(db, page, record.id) };
    },
  }),
  defineRoute({
    ...common,
    method: 'PUT',
    path: `${PATH}/revert`,
    operationId: 'putPagesPageIdIncidentsIncidentIdPostmortemRevert',
    summary: 'Unpublish the postmortem; its text stays as a draft',
    scope: 'write',
    responses: { ...ANSWER, 422: UNPROCESSABLE[422] },
    handle: ({ db, page, params, actor, now }) => {
      const id = incidentOr404(db, params.incident_id!).id;
      revertIncidentPostmortem(db, id, actor, now);
      return { status: 200, body: postmortemJson(db, page, id) };
    },
  }),
  defineRoute({
    ...common,
    method: 'DELETE',
    path: PATH,
    operationId: 'deletePagesPageIdIncidentsIncidentIdPostmortem',
    summary: 'Delete the postmortem, draft or published',
    scope: 'write',
    responses: { 204: { description: 'Deleted.' }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, params, actor, now }) => {
      const record = incidentOr404(db, params.incident_id!);
      if (record.postmortemBody === null) throw new ApiError(404, 'This incident has no postmortem.');
      deleteIncidentPostmortem(db, record.id, actor, now);
      return { status: 204 };
    },
  }),
];
