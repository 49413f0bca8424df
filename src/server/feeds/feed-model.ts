import { escapeHtml } from '../../core/escape-html.js';
import type { EventView } from '../views/event-view.js';

/** A feed as data: everything a renderer needs, links already absolute. */
export interface FeedDocument {
  readonly title: string;
  /** Who publishes the feed (Atom requires an author): the page's name. */
  readonly author: string;
  readonly description: string;
  /** The page the feed is about. */
  readonly link: string;
  readonly rssUrl: string;
  readonly atomUrl: string;
  /** Newest change among the entries, epoch ms; the page's last settings change when empty. */
  readonly updated: number;
  readonly entries: readonly FeedEntry[];
}

export interface FeedEntry {
  /** Stable: the incident's absolute address, whatever its title or status becomes. */
  readonly id: string;
  readonly title: string;
  readonly link: string;
  readonly published: number;
  readonly updated: number;
  /** The timeline as HTML, newest update first. */
  readonly contentHtml: string;
  /** The newest update's status, as plain text. */
  readonly summary: string;
}


const ms = (iso: string): number => Date.parse(iso);

/** One entry per event; `events` must carry their whole timeline ('all'). */
export function feedEntries(events: readonly EventView[], baseUrl: string): FeedEntry[] {
  return events.map((e) => {
    const link = `${baseUrl}${e.href}`;
    const times = e.updates.map((u) => ms(u.at.iso));
    // When it was published and last changed, not when it happens: a maintenance window ahead
    // would date the entry (and the feed) in the future, which validators flag and readers pin.
    // Every event has a first update; the start is only a fallback.
    const began = e.startedAt ?? e.scheduledFor;
    const published = times.length > 0 ? Math.min(...times) : began ? ms(began.iso) : 0;
    const changes = [...times, ...(e.postmortemPublishedAt ? [ms(e.postmortemPublishedAt.iso)] : [])];
    const updated = changes.length > 0 ? Math.max(...changes) : published;
    const timeline = e.updates
      .map(
        (u) =>
          `<p><small>${escapeHtml(u.at.text)}</small><br><strong>${escapeHtml(u.statusLabel)}</strong></p>${u.html}`,
      )
      .join('\n');
    const postmortem = e.postmortemHtml ? `<h3>Postmortem</h3>\n${e.postmortemHtml}\n` : '';
    return {
      id: link,
      title: e.title,
      link,
      published,
      updated,
      contentHtml: postmortem + timeline,
      summary: `${e.statusLabel}${e.affected.length ? ` · ${e.affected.map((c) => c.name).join(', ')}` : ''}`,
    };
  });
}
