import type { Db } from '../../../../db/client.js';
import { componentJson, type ApiContext } from '../../api/mappers.js';
import { findComponentById, listComponents, listGroupMembers, type ComponentRecord } from '../../read/components.js';
import type { GroupComponentJson } from '../schemas/component-group.js';
import type { ComponentJsonV1 } from '../schemas/component.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';

/** v1's Component is v2's plus the fields Beacon has no use for. */
export function componentV1(ctx: ApiContext, c: ComponentRecord): ComponentJsonV1 {
  return { ...componentJson(ctx, c), automation_email: null };
}

function contextOf(page: PageContext, records: readonly ComponentRecord[]): ApiContext {
  return { pageId: page.settings.publicId, timeZone: page.settings.timeZone, baseUrl: page.baseUrl, components: new Map(records.map((c) => [c.id, c])) };
}

/** Every live component: for lists, and for checks that span components (a group's members). */
export function componentContext(db: Db, page: PageContext): ApiContext {
  return contextOf(page, listComponents(db));
}

export interface OneComponent {
  readonly component: ComponentRecord;
  /** Holds the component and, for a group, its members: all its mapping needs, read in two queries whatever the page's size. */
  readonly ctx: ApiContext;
}

/** A live component or group, or 404 (archived ones answer 404: the API does not show them). */
export function loadComponent(db: Db, page: PageContext, id: string): OneComponent {
  const found = findComponentById(db, id);
  if (!found || found.archivedAt !== null) throw new ApiError(404, `There is no component “${id}” on this page (it may have been deleted).`);
  return { component: found, ctx: contextOf(page, [found, ...(found.isGroup ? listGroupMembers(db, id) : [])]) };
}

export function loadGroup(db: Db, page: PageContext, id: string): OneComponent {
  const found = findComponentById(db, id);
  if (!found?.isGroup || found.archivedAt !== null) throw new ApiError(404, `There is no component group “${id}” on this page (it may have been deleted).`);
  return { component: found, ctx: contextOf(page, [found, ...listGroupMembers(db, id)]) };
}

export function groupV1(ctx: ApiContext, g: ComponentRecord): GroupComponentJson {
  const c = componentJson(ctx, g);
  return {
    id: c.id,
    page_id: c.page_id,
    name: c.name,
    description: c.description,
    components: c.components ?? [],
    position: c.position,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}
