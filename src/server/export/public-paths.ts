import type { Db } from '../../../db/client.js';
import { API_ENDPOINTS } from '../api/statuspage.js';
import { listComponents } from '../read/components.js';
import { listLatestEvents } from '../read/events.js';

/** Every public page and document a static copy of the site needs, first pages of lists only. */
export function publicPaths(db: Db): string[] {
  const paths = ['/', '/history', '/history.rss', '/history.atom', '/integrations', '/embed', '/embed.js', '/badge.svg', '/badge.json'];
  for (const endpoint of Object.keys(API_ENDPOINTS)) paths.push(`/api/${endpoint}`);
  for (const c of listComponents(db)) {
    const base = `/components/${encodeURIComponent(c.slug)}`;
    paths.push(base, `${base}/history.rss`, `${base}/history.atom`, `${base}/badge.svg`, `${base}/badge.json`);
  }
  for (const e of listLatestEvents(db, Number.MAX_SAFE_INTEGER)) paths.push(`/incidents/${encodeURIComponent(e.id)}`);
  return paths;
}
