import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alerts, components, upstreamFollows } from '../../../db/schema.js';

export type FollowRow = typeof upstreamFollows.$inferSelect;

/** A follow with its component, as the poller and the admin page need it. */
export interface FollowRecord extends FollowRow {
  readonly componentSlug: string;
  readonly componentName: string;
  /** Whether its alert is firing (the upstream component is not operational). */
  readonly firing: boolean;
}

function joined(db: Db) {
  return db
    .select({
      componentId: upstreamFollows.componentId,
      summaryUrl: upstreamFollows.summaryUrl,
      upstreamComponentId: upstreamFollows.upstreamComponentId,
      etag: upstreamFollows.etag,
      lastStatus: upstreamFollows.lastStatus,
      lastPolledAt: upstreamFollows.lastPolledAt,
      lastError: upstreamFollows.lastError,
      createdAt: upstreamFollows.createdAt,
      componentSlug: components.slug,
      componentName: components.name,
      alertState: alerts.state,
    })
    .from(upstreamFollows)
    .innerJoin(components, eq(components.id, upstreamFollows.componentId))
    .leftJoin(alerts, and(eq(alerts.source, 'upstream'), eq(alerts.key, upstreamFollows.componentId)));
}

type Joined = FollowRow & { componentSlug: string; componentName: string; alertState: string | null };
const toRecord = ({ alertState, ...row }: Joined): FollowRecord => ({ ...row, firing: alertState === 'firing' });

export function listFollows(db: Db): FollowRecord[] {
  return joined(db).orderBy(asc(components.name)).all().map(toRecord);
}

export function findFollow(db: Db, componentId: string): FollowRecord | null {
  const row = joined(db).where(eq(upstreamFollows.componentId, componentId)).get();
  return row ? toRecord(row) : null;
}
