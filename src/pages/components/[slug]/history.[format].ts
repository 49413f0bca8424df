import type { APIRoute } from 'astro';
import { config } from '../../../server/config';
import { database } from '../../../server/db';
import { feedFormat, feedResponse, historyFeed } from '../../../server/feeds/history-feed';

/** /components/{slug}/history.rss and .atom */
export const GET: APIRoute = ({ params }) => {
  const format = feedFormat(params.format);
  if (!format) return feedResponse({ kind: 'not_found', message: 'Component feeds end in history.rss or history.atom.' });
  const slug = params.slug ?? '';
  return feedResponse(historyFeed(database().db, { slug, format }, config, Date.now()));
};
