import type { Db } from '../../../db/client.js';
import { findComponentBySlug, listComponents } from '../read/components.js';
import { listEventsForComponent, listLatestEvents } from '../read/events.js';
import type { Config } from '../config.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { loadEventViews } from '../views/event-view.js';
import { feedEntries } from './feed-model.js';
import { FEED_CONTENT_TYPES, FEED_FORMATS, renderFeed, type FeedFormat } from './render.js';

/** Entries per feed: enough for any reader's catch-up, small enough to fetch often. */
export const FEED_ENTRIES = 50;

export type FeedResult =
  | { readonly kind: 'ok'; readonly body: string; readonly contentType: string }
  | { readonly kind: 'not_found'; readonly message: string };

export interface FeedRequest {
  /** A component's (or group's) slug, or null for the whole page. */
  readonly slug: string | null;
  readonly format: FeedFormat;
}

/** The incident history feed of the page or of one component. Depends on stored data and configuration only. */
export function historyFeed(db: Db, req: FeedRequest, cfg: Pick<Config, 'publicUrl' | 'listenUrl'>, now: number): FeedResult {
  const settings = readPageSettings(db, now);
  const base = publicBaseUrl(cfg.publicUrl, settings.url, cfg.listenUrl);
  let title = `${settings.name} status`;
  let pagePath = '/';
  let feedPath = '/history';
  let records;
  if (req.slug === null) {
    records = listLatestEvents(db, FEED_ENTRIES);
  } else {
    const component = findComponentBySlug(db, req.slug);
    if (!component) return { kind: 'not_found', message: `There is no component called “${req.slug}”.` };
    const ids = component.isGroup
      ? [component.id, ...listComponents(db).filter((c) => c.groupId === component.id).map((c) => c.id)]
      : [component.id];
    records = listEventsForComponent(db, ids, FEED_ENTRIES, 0);
    title = `${component.name} · ${settings.name} status`;
    pagePath = `/components/${encodeURIComponent(component.slug)}`;
    feedPath = `${pagePath}/history`;
  }
  const entries = feedEntries(loadEventViews(db, records, settings.timeZone, now, 'all'), base);
  const body = renderFeed(
    {
      title,
      author: settings.name,
      description: `Incidents and maintenance reported on ${title}.`,
      link: `${base}${pagePath}`,
      rssUrl: `${base}${feedPath}.rss`,
      atomUrl: `${base}${feedPath}.atom`,
      updated: Math.max(settings.updatedAt, ...entries.map((e) => e.updated)),
      entries,
    },
    req.format,
  );
  return { kind: 'ok', body, contentType: FEED_CONTENT_TYPES[req.format] };
}

/**
 * The HTTP answer for a feed result. Any site may read a feed (web feed readers and dashboards
 * fetch it from their own pages), as with the API and badges.
 */
export function feedResponse(result: FeedResult): Response {
  const cors = { 'access-control-allow-origin': '*' };
  if (result.kind === 'not_found') {
    return new Response(`${result.message}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...cors } });
  }
  return new Response(result.body, { headers: { 'content-type': result.contentType, ...cors } });
}

/** The format named by a route parameter, or null when it names none. */
export function feedFormat(param: string | undefined): FeedFormat | null {
  return (FEED_FORMATS as readonly string[]).includes(param ?? '') ? (param as FeedFormat) : null;
}
