import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';

/**
 * Each live leaf component's status history as the front page reads it from `from` on
 * (statusHistorySince): the change in force at `from` and every change since, future ones
 * included, each as id:at:status:event. A row of the page is a function of exactly these rows
 * (with its record, the day and the zone), so equal markers mean equal history, edits included:
 * a revised time moves `at`, a deleted incident nulls `event` or removes rows.
 *
 * One query over the (component_id, at, id) index: a bounded window (the bars' days), never the
 * full history. Must run in the same read transaction as the history it stands for, or a write
 * between the two could stamp newer rows with an older marker.
 */
export function readRowMarkers(db: Db, from: number): Map<string, string> {
  const rows = db.all<{ id: string; marker: string | null }>(sql`
    select c.id as id,
      coalesce((select s.id || ':' || s.at || ':' || s.status || ':' || coalesce(s.event_id, '')
                from component_status_changes s
                where s.component_id = c.id and s.at < ${from}
                order by s.at desc, s.id desc limit 1), '-')
      || '|' ||
      coalesce((select group_concat(w.line, ',') from (
                  select s.id || ':' || s.at || ':' || s.status || ':' || coalesce(s.event_id, '') as line
                  from component_status_changes s
                  where s.component_id = c.id and s.at >= ${from}
                  order by s.at, s.id) w), '') as marker
    from components c
    where c.archived_at is null and c.is_group = 0`);
  return new Map(rows.map((r) => [r.id, r.marker ?? '']));
}
