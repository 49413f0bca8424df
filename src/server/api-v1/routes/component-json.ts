import type { Db } from '../../../../db/client.js';
import { componentJson, type ApiContext } from '../../api/mappers.js';
import { listComponents, type ComponentRecord } from '../../read/components.js';
import type { GroupComponentJson } from '../schemas/component-group.js';
import type { ComponentJsonV1 } from '../schemas/component.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';

/** The v2 mapping's context, read now: live components only (archived ones are gone from the API, as from the page). */
export function componentContext(db: Db, page: PageContext): ApiContext {
  return {
    pageId: page.settings.publicId,
    timeZone: page.settings.timeZone,
    baseUrl: page.baseUrl,
    components: new Map(listComponents(db).map((c) => [c.id, c])),
  };
}

/** v1's Component is v2's plus the fields Beacon has no use for. */
export function componentV1(ctx: ApiContext, c: ComponentRecord): ComponentJsonV1 {
  return { ...componentJson(ctx, c), automation_email: null };
}

/** A live component or group, or 404 (archived ones answer 404: the API does not show them). */
export function liveComponentOr404(ctx: ApiContext, id: string): ComponentRecord {
  const found = ctx.components.get(id);
  if (!found) throw new ApiError(404, `There is no component “${id}” on this page (it may have been deleted).`);
  return found;
}

export function liveGroupOr404(ctx: ApiContext, id: string): ComponentRecord {
  const found = ctx.components.get(id);
  if (!found?.isGroup) throw new ApiError(404, `There is no component group “${id}” on this page (it may have been deleted).`);
  return found;
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
