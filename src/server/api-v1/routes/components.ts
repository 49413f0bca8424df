import { z } from 'zod/v4';
import { archiveComponent, createComponent, editComponent, setComponentStatus } from '../../use-cases/components.js';
import type { ComponentDefinition } from '../../write/components.js';
import { defineRoute, type ApiRoute, type RouteContext } from '../route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE, ErrorEntity } from '../schemas/common.js';
import { Component, ComponentCreate, ComponentUpdate } from '../schemas/component.js';
import { componentContext, componentV1, loadComponent } from './component-json.js';
import { archiveGroupReleasing, checkedDefinition, definitionOf, statusChange, withComponentConflicts } from './component-writes.js';

const TAG = 'Components';
const CONFLICT = { 409: { description: 'The address (slug) is taken by another component.', schema: ErrorEntity } } as const;

/** Statuspage pages its lists: 1-based `page`, at most 100 per page. */
export const PagingQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: 'Page of results, from 1.' }),
  per_page: z.coerce.number().int().min(1).max(100).optional().meta({ description: 'Results per page (default and most: 100).' }),
});

export function pageOf<T>(rows: readonly T[], query: { page?: number | undefined; per_page?: number | undefined }): T[] {
  const size = query.per_page ?? 100;
  const start = ((query.page ?? 1) - 1) * size;
  return rows.slice(start, start + size);
}

/** A new component starts as the admin's "new component" form does: uptime bars shown. */
const NEW_COMPONENT: ComponentDefinition = { name: '', slug: '', description: null, groupId: null, startDate: null, showcase: true, onlyShowIfDegraded: false };

const DEFINITION_FIELDS = ['name', 'slug', 'description', 'group_id', 'showcase', 'only_show_if_degraded', 'start_date'] as const;

type UpdateCtx = RouteContext<z.output<typeof ComponentUpdate>, undefined>;

function update({ db, params, body, actor, page, now }: UpdateCtx): { status: 200; body: unknown } {
  const id = params.component_id!;
  const current = loadComponent(db, page, id).component;
  const c = body.component;
  // A status-only PATCH (the common scripted call) skips the definition's checks and read entirely.
  if (DEFINITION_FIELDS.some((f) => c[f] !== undefined)) {
    const definition = checkedDefinition(c, definitionOf(current), current.isGroup, 'component', page, now);
    withComponentConflicts('component', () => editComponent(db, id, definition, actor, now));
  }
  const status = statusChange(c.status, current);
  if (status !== null) setComponentStatus(db, id, status, actor, now);
  const after = loadComponent(db, page, id);
  return { status: 200, body: componentV1(after.ctx, after.component) };
}

const UPDATE_SUMMARY =
  'Update a component. A `status` is recorded in its history as a change set by hand (as the admin form does); the same status again changes nothing. Name, description, group, uptime bars, visibility and start date are checked as the admin form checks them.';

export const COMPONENT_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/components',
    operationId: 'getPagesPageIdComponents',
    summary: 'List the components and groups, in page order (archived ones are not listed)',
    tag: TAG,
    scope: 'read',
    query: PagingQuery,
    responses: { 200: { description: 'The components.', schema: Component, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      const ctx = componentContext(db, page);
      return { status: 200, body: pageOf([...ctx.components.values()], query).map((c) => componentV1(ctx, c)) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/components',
    operationId: 'postPagesPageIdComponents',
    summary: 'Create a component; `status` sets its first status (operational when absent). Its address is made from the name unless `slug` is given.',
    tag: TAG,
    scope: 'write',
    body: ComponentCreate,
    responses: { 201: { description: 'The component.', schema: Component }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
    handle: ({ db, body, actor, page, now }) => {
      const c = body.component;
      const definition = checkedDefinition(c, NEW_COMPONENT, false, 'component', page, now);
      const initial = c.status === undefined || c.status === '' ? 'operational' : c.status;
      const { id } = withComponentConflicts('component', () => createComponent(db, { ...definition, isGroup: false }, actor, now, initial));
      const created = loadComponent(db, page, id);
      return { status: 201, body: componentV1(created.ctx, created.component) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/components/{component_id}',
    operationId: 'getPagesPageIdComponentsComponentId',
    summary: 'Get a component (a deleted, that is archived, one is 404)',
    tag: TAG,
    scope: 'read',
    responses: { 200: { description: 'The component.', schema: Component }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, page, params }) => {
      const { ctx, component } = loadComponent(db, page, params.component_id!);
      return { status: 200, body: componentV1(ctx, component) };
    },
  }),
  ...(['PATCH', 'PUT'] as const).map((method) =>
    defineRoute({
      method,
      path: '/pages/{page_id}/components/{component_id}',
      operationId: `${method.toLowerCase()}PagesPageIdComponentsComponentId`,
      summary: method === 'PATCH' ? UPDATE_SUMMARY : `${UPDATE_SUMMARY} PUT is the same as PATCH, as on Statuspage: fields not sent keep their value.`,
      tag: TAG,
      scope: 'write',
      body: ComponentUpdate,
      responses: { 200: { description: 'The component.', schema: Component }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
      handle: update,
    }),
  ),
  defineRoute({
    method: 'DELETE',
    path: '/pages/{page_id}/components/{component_id}',
    operationId: 'deletePagesPageIdComponentsComponentId',
    summary:
      'Delete a component: it is archived, as the admin area does, so it leaves the page, feeds, badges and API while its history keeps past incidents and uptime true. An owner can restore it in the admin area. Deleting a group moves its components to the top level first.',
    tag: TAG,
    scope: 'write',
    responses: { 204: { description: 'Archived.' }, ...AUTH_ERRORS, ...NOT_FOUND, 422: UNPROCESSABLE[422] },
    handle: ({ db, page, params, actor, now }) => {
      const current = loadComponent(db, page, params.component_id!).component;
      if (current.isGroup) archiveGroupReleasing(db, current, actor, now);
      else archiveComponent(db, current.id, actor, now);
      return { status: 204 };
    },
  }),
];
