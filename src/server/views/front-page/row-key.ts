import { createHash } from 'node:crypto';
import type { DayKey } from '../../../core/time.js';
import { UPTIME_DAYS } from '../../../core/uptime.js';
import type { ComponentRecord } from '../../read/components.js';

/** What shapes every row alike: the page's zone and today in it (the bars' days), and how many days. */
export interface RowContext {
  readonly timeZone: string;
  readonly today: DayKey;
}

/**
 * The key of one top-level row of the front page (a leaf, or a group with its members): a digest
 * of every input its HTML is a function of, apart from the clock within the day (row-stability.ts
 * bounds that). Inputs: each record's printed and visibility-deciding fields, the members in page
 * order, each leaf's history marker (row-markers.ts), the zone, today, the number of bar days.
 * The rendering code is the process's own (fragments live in memory only).
 *
 * Invariant: any field of ComponentRecord read by buildComponentTree or ComponentRow.astro is
 * listed in `recordPart`; a field added there must be added here, or a row could outlive a change.
 */
export function rowKey(context: RowContext, entry: ComponentRecord, members: readonly ComponentRecord[], markers: ReadonlyMap<string, string>): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify([context.timeZone, context.today, UPTIME_DAYS]));
  for (const r of [entry, ...members]) {
    hash.update('\n');
    hash.update(JSON.stringify(recordPart(r)));
    if (!r.isGroup) hash.update(markers.get(r.id) ?? '');
  }
  return hash.digest('base64url');
}

function recordPart(r: ComponentRecord): readonly unknown[] {
  return [r.id, r.slug, r.name, r.description, r.isGroup, r.groupId, r.showcase, r.onlyShowIfDegraded, r.startDate, r.latestStatus, r.latestStatusAt];
}
