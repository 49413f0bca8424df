import type { APIRoute } from 'astro';
import { config } from '../server/config';
import { database } from '../server/db';
import { feedFormat, feedResponse, historyFeed } from '../server/feeds/history-feed';

/** /history.rss and /history.atom */
export const GET: APIRoute = ({ params }) => {
  const format = feedFormat(params.format);
  if (!format) return feedResponse({ kind: 'not_found', message: 'Feeds are at /history.rss and /history.atom.' });
  return feedResponse(historyFeed(database().db, { slug: null, format }, config, Date.now()));
};
