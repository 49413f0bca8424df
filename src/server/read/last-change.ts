import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';

/** When anything public last changed: settings, a component, a status, an event or an update (epoch ms, 0 when empty). */
export function lastChangeAt(db: Db): number {
  const row = db
    .select({
      at: sql<number>`max(
        coalesce((select max(updated_at) from page_settings), 0),
        coalesce((select max(updated_at) from components), 0),
        coalesce((select max(at) from component_status_changes), 0),
        coalesce((select max(updated_at) from events), 0),
        coalesce((select max(updated_at) from event_updates), 0))`,
    })
    .from(sql`(select 1)`)
    .get();
  return row?.at ?? 0;
}
