import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { events } from '../../../db/schema.js';
import { MS_PER_DAY } from '../../core/time.js';
import { versionKey } from '../read/content-memo.js';
import { listEventsBetween } from '../read/events.js';
import { loadEventViews, type EventView } from './event-view.js';

/** How far back the front page lists closed incidents. */
export const RECENT_DAYS = 7;

const WINDOW_MS = RECENT_DAYS * MS_PER_DAY;

/** The past week's closed events as read at one events version, and the instants between which that list holds. */
export interface RecentList {
  /** The events version read before the list (content-memo.ts); null when the list must not be kept. */
  readonly version: number | null;
  readonly timeZone: string;
  /** Epoch ms: the list is right for renders at `from` ≤ now < `until`. */
  readonly from: number;
  readonly until: number;
  readonly views: readonly EventView[];
}

const kept = new WeakMap<object, RecentList>();

/**
 * Closed events happening in [now − RECENT_DAYS, now), newest first, as the front page lists
 * them. Building their views reads each one's newest update, announced statuses and components
 * (about 10 ms for a busy week); the list is kept per database handle until what it shows can
 * differ:
 * - an event or anything its view reads changes (the events version: not a component's status);
 * - the page's time zone changes;
 * - the window gains an event (the next one happening after the read starts) or loses one (the
 *   oldest listed leaves it RECENT_DAYS after it happened).
 * A closed event's view does not move with the clock (its duration ends when it closed).
 */
export function recentClosedEvents(db: Db, timeZone: string, now: number): readonly EventView[] {
  return recentList(db, timeZone, now).views;
}

/** As recentClosedEvents, with the version it was read at and how long it holds (the front page keeps its HTML as long). */
export function recentList(db: Db, timeZone: string, now: number): RecentList {
  // Before the content: a write in between stamps the list older than it is, never newer.
  const version = versionKey(db, 'events');
  const hit = kept.get(db);
  if (version !== null && hit && hit.version === version && hit.timeZone === timeZone && hit.from <= now && now < hit.until) return hit;
  const records = listEventsBetween(db, now - WINDOW_MS, now);
  const views = loadEventViews(db, records, timeZone, now, 'latest').filter((e) => e.closed);
  const list = { version, timeZone, from: now, until: windowChangesAt(db, records, now), views };
  if (version !== null) kept.set(db, list);
  return list;
}

/**
 * The first instant after `now` at which [t − RECENT_DAYS, t) holds other events than `listed`:
 * an event at `s` is in the window for s < t ≤ s + RECENT_DAYS.
 */
function windowChangesAt(db: Db, listed: readonly { readonly sortAt: number }[], now: number): number {
  const next = db.select({ at: sql<number | null>`min(${events.sortAt})` }).from(events).where(sql`${events.sortAt} >= ${now}`).get()?.at ?? null;
  const leaves = listed.length === 0 ? Infinity : Math.min(...listed.map((e) => e.sortAt)) + WINDOW_MS + 1;
  return Math.min(leaves, next === null ? Infinity : next + 1);
}
