import type { z } from 'zod/v4';
import type { Db } from '../../../../db/client.js';
import type { ApiContext } from '../../api/mappers.js';
import type { Actor } from '../../audit.js';
import { createComponent, editComponent } from '../../use-cases/components.js';
import type { ComponentDefinition } from '../../write/components.js';
import { ApiError } from '../errors.js';
import { defineRoute, type ApiRoute, type PageContext, type RouteContext } from '../route.js';
import { AUTH_ERRORS, ErrorEntity, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { ComponentGroupCreate, ComponentGroupUpdate, GroupComponent } from '../schemas/component-group.js';
import { componentContext, groupV1, loadGroup } from './component-json.js';
import { archiveGroupReleasing, checkedDefinition, definitionOf, withComponentConflicts } from './component-writes.js';
import { PagingQuery, pageOf } from './components.js';

const TAG = 'Component groups';
const CONFLICT = { 409: { description: 'The address made from the name is taken by another component.', schema: ErrorEntity } } as const;

const NEW_GROUP: ComponentDefinition = { name: '', slug: '', description: null, groupId: null, startDate: null, showcase: true, onlyShowIfDegraded: false };

/**
 * Makes the group's members exactly `ids`, in that order: listed components move in (last, in
 * the order given), members not listed move to the top level. Every move is an owner's edit
 * through the same use-case as the admin form.
 */
function setMembers(db: Db, ctx: ApiContext, groupId: string, ids: readonly string[], actor: Actor, now: number): void {
  if (new Set(ids).size !== ids.length) throw new ApiError(422, 'The field “component_group.components” is not valid: it lists a component twice.');
  ids.forEach((id, i) => {
    const c = ctx.components.get(id);
    if (!c) throw new ApiError(422, `The field “component_group.components.${i}” is not valid: there is no component “${id}” on this page.`);
    if (c.isGroup) throw new ApiError(422, `The field “component_group.components.${i}” is not valid: “${c.name}” is a group, and groups are one level deep.`);
  });
  for (const c of ctx.components.values()) {
    if (c.groupId === groupId && !ids.includes(c.id)) editComponent(db, c.id, { ...definitionOf(c), groupId: null }, actor, now);
  }
  for (const id of ids) {
    const c = ctx.components.get(id)!;
    if (c.groupId !== groupId) editComponent(db, id, { ...definitionOf(c), groupId }, actor, now);
  }
}

type Body = z.output<typeof ComponentGroupUpdate>;

function writeGroup(db: Db, page: PageContext, id: string | null, body: Body, actor: Actor, now: number): { id: string } {
  const current = id === null ? null : loadGroup(db, page, id).component;
  const input = { name: body.component_group?.name, description: body.description };
  const definition = checkedDefinition(input, current ? definitionOf(current) : NEW_GROUP, true, 'component_group', page, now);
  const groupId = withComponentConflicts('component_group', () => {
    if (current === null) return createComponent(db, { ...definition, isGroup: true }, actor, now).id;
    editComponent(db, current.id, definition, actor, now);
    return current.id;
  });
  const members = body.component_group?.components;
  if (members !== undefined) setMembers(db, componentContext(db, page), groupId, members, actor, now);
  return { id: groupId };
}

function answer(db: Db, page: PageContext, id: string, status: 200 | 201): { status: 200 | 201; body: unknown } {
  const { ctx, component } = loadGroup(db, page, id);
  return { status, body: groupV1(ctx, component) };
}

const UPDATE_SUMMARY =
  'Update a component group: a new name or description, and with `components` its members become exactly those (others move to the top level). PUT is the same as PATCH, as on Statuspage.';

export const COMPONENT_GROUP_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/component-groups',
    operationId: 'getPagesPageIdComponentGroups',
    summary: 'List the component groups, in page order',
    tag: TAG,
    scope: 'read',
    query: PagingQuery,
    responses: { 200: { description: 'The groups.', schema: GroupComponent, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      const ctx = componentContext(db, page);
      const groups = [...ctx.components.values()].filter((c) => c.isGroup);
      return { status: 200, body: pageOf(groups, query).map((g) => groupV1(ctx, g)) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/component-groups',
    operationId: 'postPagesPageIdComponentGroups',
    summary: 'Create a component group and move the listed components into it',
    tag: TAG,
    scope: 'write',
    body: ComponentGroupCreate,
    responses: { 201: { description: 'The group.', schema: GroupComponent }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
    handle: ({ db, page, body, actor, now }) => answer(db, page, writeGroup(db, page, null, body, actor, now).id, 201),
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/component-groups/{id}',
    operationId: 'getPagesPageIdComponentGroupsId',
    summary: 'Get a component group',
    tag: TAG,
    scope: 'read',
    responses: { 200: { description: 'The group.', schema: GroupComponent }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, page, params }) => answer(db, page, params.id!, 200),
  }),
  ...(['PATCH', 'PUT'] as const).map((method) =>
    defineRoute({
      method,
      path: '/pages/{page_id}/component-groups/{id}',
      operationId: `${method.toLowerCase()}PagesPageIdComponentGroupsId`,
      summary: UPDATE_SUMMARY,
      tag: TAG,
      scope: 'write',
      body: ComponentGroupUpdate,
      responses: { 200: { description: 'The group.', schema: GroupComponent }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
      handle: ({ db, page, params, body, actor, now }: RouteContext<Body, undefined>) => answer(db, page, writeGroup(db, page, params.id!, body, actor, now).id, 200),
    }),
  ),
  defineRoute({
    method: 'DELETE',
    path: '/pages/{page_id}/component-groups/{id}',
    operationId: 'deletePagesPageIdComponentGroupsId',
    summary: 'Delete a component group: its components move to the top level and the group is archived (as the admin area archives), so past incidents keep their history',
    tag: TAG,
    scope: 'write',
    responses: { 200: { description: 'The group as it was.', schema: GroupComponent }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, page, params, actor, now }) => {
      const { ctx, component: group } = loadGroup(db, page, params.id!);
      const before = groupV1(ctx, group);
      archiveGroupReleasing(db, group, actor, now);
      return { status: 200, body: before };
    },
  }),
];
