import type { Db } from '../../../../db/client.js';
import type { Fragments } from '../../cache/fragment-store.js';
import type { EventView } from '../event-view.js';
import { RECENT_DAYS, recentList } from '../recent-events.js';

/** The section's place among the front page's kept pieces (a component's id never holds a colon). */
export const RECENT_SLOT = 'section:recent';

/** The past week's section: its HTML from the store, or its events to render, with `keep` to store the HTML. */
export type RecentSection =
  | { readonly kind: 'cached'; readonly html: Uint8Array }
  | { readonly kind: 'render'; readonly views: readonly EventView[]; readonly keep: (html: string) => void };

/**
 * The front page's "past days" section, kept as HTML for as long as the list it shows holds
 * (recentList: the same events version, zone and window of days). A closed event's card does not
 * move with the clock, so the section is a function of exactly those; across a restart the HTML
 * comes back from the kept rows (kept-rows.ts) where the list would be read and its week of cards
 * drawn again.
 *
 * `version`: the events version the rest of the page (its open events) was read at, or null when
 * it cannot vouch for one (a write came between its reads): stored HTML is then neither used nor
 * kept, since it could show an event the open lists show too. `openIds` are those open events.
 */
export function recentSection(db: Db, timeZone: string, now: number, store: Fragments, version: number | null, openIds: ReadonlySet<string>): RecentSection {
  const key = `${RECENT_DAYS}|${timeZone}|${version}`;
  const html = version === null ? null : store.get(RECENT_SLOT, key, now);
  if (html !== null) return { kind: 'cached', html };
  const list = recentList(db, timeZone, now);
  const views = list.views.filter((e) => !openIds.has(e.id));
  // Kept only if the list was read at the page's version, so that it is what the key says.
  if (version === null || list.version !== version || views.length !== list.views.length) return { kind: 'render', views, keep: () => undefined };
  return { kind: 'render', views, keep: (rendered) => store.set(RECENT_SLOT, { key, html: Buffer.from(rendered), validUntil: list.until }) };
}
