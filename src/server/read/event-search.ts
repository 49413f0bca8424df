import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import type { EventKind } from '../../core/incident-status.js';
import { newestUpdate, pageOfEvents, type EventRecord } from './events.js';

/** `%text%` for LIKE, with the wildcards in the text taken literally (escape character `\`). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Events whose name, reference, status, published postmortem or any update's text contains `q`
 * (case-insensitive for ASCII, as SQLite's LIKE), as Statuspage's `q`. A scan: fine for an
 * API call on a page's history, not for something every visitor triggers. `events.id` is
 * written out: drizzle leaves columns unqualified in single-table selects (see newestUpdate).
 */
function matching(q: string): SQL {
  const pattern = containing(q.trim());
  return sql`(
    ${events.title} like ${pattern} escape '\\'
    or ${events.reference} like ${pattern} escape '\\'
    or ${newestUpdate('status')} like ${pattern} escape '\\'
    or (${events.postmortemPublishedAt} is not null and ${events.postmortemBody} like ${pattern} escape '\\')
    or exists (select 1 from event_updates u where u.event_id = events.id and u.body like ${pattern} escape '\\')
  )`;
}

/** `limit` events from the `offset`-th on, newest first, of one kind and/or matching a search, if given. */
export function searchEvents(db: Db, filter: { readonly q?: string; readonly kind?: EventKind }, limit: number, offset: number): EventRecord[] {
  const q = filter.q?.trim() ?? '';
  return pageOfEvents(db, and(filter.kind ? eq(events.kind, filter.kind) : undefined, q === '' ? undefined : matching(q)), limit, offset);
}
