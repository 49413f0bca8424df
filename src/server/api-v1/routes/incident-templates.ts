import { z } from 'zod/v4';
import type { Db } from '../../../../db/client.js';
import { EVENT_KINDS, MAINTENANCE_STATUSES, type EventKind } from '../../../core/incident-status.js';
import { parseTemplateForm } from '../../forms/template-form.js';
import { findTemplate, listTemplates, templateStatuses, TemplateNameTakenError, type TemplateFields, type TemplateRecord } from '../../templates/store.js';
import { createTemplate, deleteTemplate, updateTemplate } from '../../use-cases/templates.js';
import { ApiError } from '../errors.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { AUTH_ERRORS, ErrorEntity, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { IncidentTemplate, IncidentTemplateCreate, IncidentTemplateUpdate, type IncidentTemplateJson } from '../schemas/incident-template.js';
import { pageOf, PagingQuery } from './components.js';
import { formRefusal } from './form-refusal.js';

const TAG = 'Incident templates';
const CONFLICT = { 409: { description: 'Another template of the kind has that name.', schema: ErrorEntity } } as const;
const EXTRA = 'Beacon extra: Statuspage offers only list and create.';

function templateV1(t: TemplateRecord): IncidentTemplateJson {
  return {
    id: t.id,
    kind: t.kind,
    name: t.name,
    title: t.title,
    body: t.body,
    update_status: t.status as IncidentTemplateJson['update_status'],
    components: [],
    group_id: null,
    should_tweet: false,
    should_send_notifications: true,
  };
}

function templateOr404(db: Db, id: string, now: number): TemplateRecord {
  const found = findTemplate(db, id, now);
  if (!found) throw new ApiError(404, `There is no template “${id}” (it may have been deleted).`);
  return found;
}

type Input = z.output<typeof IncidentTemplateUpdate>['template'];

/** The fields after applying `input` to `base`, checked by the admin form's parser (lengths, status of the kind, known placeholders). */
function checkedFields(input: Input, base: TemplateFields | null): TemplateFields {
  if ((input.component_ids ?? []).length > 0) {
    throw new ApiError(422, 'The field “template.component_ids” is not valid: Beacon templates carry no components; choose them when you open the incident.');
  }
  const statusKind: EventKind | undefined =
    input.update_status === undefined ? undefined : (MAINTENANCE_STATUSES as readonly string[]).includes(input.update_status) ? 'maintenance' : 'incident';
  if (input.kind !== undefined && statusKind !== undefined && input.kind !== statusKind) {
    throw new ApiError(422, `The field “template.kind” is not valid: “${input.update_status}” is ${statusKind === 'incident' ? 'an incident' : 'a maintenance'} status, not ${input.kind === 'incident' ? 'an incident' : 'a maintenance'} one.`);
  }
  const kind = statusKind ?? input.kind ?? base?.kind ?? 'incident';
  const status = input.update_status ?? (base?.kind === kind ? base.status : templateStatuses(kind)[0]!);
  const parsed = parseTemplateForm({
    kind,
    status,
    name: input.name ?? base?.name ?? '',
    title: input.title ?? base?.title ?? '',
    body: input.body ?? base?.body ?? '',
  });
  if (!parsed.ok) throw formRefusal(parsed.errors, { kind: 'template.kind', status: 'template.update_status', name: 'template.name', title: 'template.title', body: 'template.body' });
  return parsed.value;
}

function withNameConflict<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof TemplateNameTakenError) throw new ApiError(409, e.message);
    throw e;
  }
}

export const INCIDENT_TEMPLATE_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/incident_templates',
    operationId: 'getPagesPageIdIncidentTemplates',
    summary: 'List the templates: incident ones, then maintenance ones, each in the order arranged in the admin area',
    tag: TAG,
    scope: 'read',
    query: PagingQuery,
    responses: { 200: { description: 'The templates.', schema: IncidentTemplate, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, query, now }) => ({ status: 200, body: pageOf(EVENT_KINDS.flatMap((k) => listTemplates(db, k, now)), query).map(templateV1) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/incident_templates',
    operationId: 'postPagesPageIdIncidentTemplates',
    summary: 'Create a template, last in its kind’s list; checked as the admin form checks it (placeholders included)',
    tag: TAG,
    scope: 'write',
    body: IncidentTemplateCreate,
    responses: { 201: { description: 'The template.', schema: IncidentTemplate }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
    handle: ({ db, body, actor, now }) => ({ status: 201, body: templateV1(withNameConflict(() => createTemplate(db, checkedFields(body.template, null), actor, now))) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/incident_templates/{template_id}',
    operationId: 'getPagesPageIdIncidentTemplatesTemplateId',
    summary: `Get a template. ${EXTRA}`,
    tag: TAG,
    scope: 'read',
    responses: { 200: { description: 'The template.', schema: IncidentTemplate }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, params, now }) => ({ status: 200, body: templateV1(templateOr404(db, params.template_id!, now)) }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/pages/{page_id}/incident_templates/{template_id}',
    operationId: 'patchPagesPageIdIncidentTemplatesTemplateId',
    summary: `Update a template; fields not sent keep their value (a status of the other kind moves it to that kind’s list). ${EXTRA}`,
    tag: TAG,
    scope: 'write',
    body: IncidentTemplateUpdate,
    responses: { 200: { description: 'The template.', schema: IncidentTemplate }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
    handle: ({ db, params, body, actor, now }) => {
      const current = templateOr404(db, params.template_id!, now);
      return { status: 200, body: templateV1(withNameConflict(() => updateTemplate(db, current.id, checkedFields(body.template, current), actor, now))) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/pages/{page_id}/incident_templates/{template_id}',
    operationId: 'deletePagesPageIdIncidentTemplatesTemplateId',
    summary: `Delete a template (events opened from it keep their text). ${EXTRA}`,
    tag: TAG,
    scope: 'write',
    responses: { 204: { description: 'Deleted.' }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, params, actor, now }) => {
      deleteTemplate(db, templateOr404(db, params.template_id!, now).id, actor, now);
      return { status: 204 };
    },
  }),
];
