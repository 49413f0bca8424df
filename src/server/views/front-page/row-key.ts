import type { DayKey } from '../../../core/time.js';
import { UPTIME_DAYS } from '../../../core/uptime.js';
import type { ComponentRecord } from '../../read/components.js';

/** What shapes every row alike: the page's zone and today in it (the bars' days), and how many days. */
export interface RowContext {
  readonly timeZone: string;
  readonly today: DayKey;
}

/**
 * The key of one top-level row of the front page (a leaf, or a group with its members): the zone,
 * today, the number of bar days, then each record's id and stamp in page order, the entry first.
 * A row's HTML is a function of exactly these (row-stability.ts bounds the clock within the day):
 * its records, their status histories, and which members it has in which order. A stamp moves with
 * every write to a component's record or history and is never given twice (readRowStamps), so a
 * key can only repeat for the same inputs.
 *
 * Null when a record has no stamp (a component written before its head was kept should not exist,
 * but a row without a key is rendered afresh rather than trusted).
 *
 * Invariant: an input of ComponentRow.astro stored anywhere but a component's record or history
 * must join this key, or a row could outlive a change to it.
 */
export function rowKey(context: RowContext, entry: ComponentRecord, members: readonly ComponentRecord[], stamps: ReadonlyMap<string, number>): string | null {
  let key = `${context.timeZone}|${context.today}|${UPTIME_DAYS}`;
  for (const r of [entry, ...members]) {
    const stamp = stamps.get(r.id);
    if (stamp === undefined) return null;
    key += `|${r.id}:${stamp}`;
  }
  return key;
}
